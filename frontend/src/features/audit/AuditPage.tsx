import { Button, Code, Group, Loader, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';

const route = getRouteApi('/audit');
const CATEGORIES = ['detail', 'sensitive', 'export', 'list'] as const;

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh',
});

function when(iso: string): string {
  return timeFormat.format(new Date(iso));
}

function AuditLogTab() {
  const { t } = useTranslation('ops');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const [filters] = useDebouncedValue({ actor: actor || undefined, action: action || undefined, entity_type: entityType || undefined }, 300);
  const log = useInfiniteQuery({
    queryKey: queryKeys.audit.log(filters),
    queryFn: ({ pageParam, signal }) =>
      call(api.GET('/api/v1/audit-log', { params: { query: { ...filters, limit: 50, cursor: pageParam ?? undefined } }, signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput label={t('audit.actor')} value={actor} onChange={(e) => setActor(e.currentTarget.value)} placeholder="user:12" />
        <TextInput label={t('audit.action')} value={action} onChange={(e) => setAction(e.currentTarget.value)} placeholder="user.create" />
        <TextInput label={t('audit.entityType')} value={entityType} onChange={(e) => setEntityType(e.currentTarget.value)} placeholder="cadre" />
      </Group>
      {log.error && <ProblemAlert error={log.error} />}
      <Table.ScrollContainer minWidth={760}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.object')}</Table.Th>
              <Table.Th>{t('audit.unit')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.seq}>
                <Table.Td>{when(r.occurred_at)}</Table.Td>
                <Table.Td>{r.actor}</Table.Td>
                <Table.Td>{t(`audit.actions.${r.action.replaceAll('.', '_')}`, { defaultValue: r.action })}</Table.Td>
                <Table.Td>{r.entity_type} #{r.entity_id}{r.decision_no ? ` · ${r.decision_no}` : ''}</Table.Td>
                <Table.Td>{r.unit_id ? <UnitName id={r.unit_id} /> : '—'}</Table.Td>
                <Table.Td><Code block fz="xs" maw={360} tabIndex={0} style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.changes)}</Code></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {log.isFetching && <Loader size="sm" aria-label={t('common:loading')} />}
      {!log.isFetching && rows.length === 0 && <Text size="sm" c="dimmed">{t('audit.empty')}</Text>}
      {log.hasNextPage && <Button variant="default" onClick={() => void log.fetchNextPage()}>{t('audit.more')}</Button>}
    </Stack>
  );
}

function AccessLogTab() {
  const { t } = useTranslation('ops');
  const [subjectId, setSubjectId] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [filters] = useDebouncedValue({
    subject_type: subjectId ? 'cadre' : undefined, subject_id: subjectId || undefined,
    category: (category as (typeof CATEGORIES)[number] | null) ?? undefined,
  }, 300);
  const log = useInfiniteQuery({
    queryKey: queryKeys.audit.access(filters),
    queryFn: ({ pageParam, signal }) =>
      call(api.GET('/api/v1/access-log', { params: { query: { ...filters, limit: 50, cursor: pageParam ?? undefined } }, signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput label={t('audit.subjectId')} value={subjectId} onChange={(e) => setSubjectId(e.currentTarget.value.replace(/\D/g, ''))} inputMode="numeric" />
        <Select label={t('audit.category')} clearable value={category} onChange={setCategory}
          data={CATEGORIES.map((c) => ({ value: c, label: t(`audit.categories.${c}`) }))} placeholder={t('audit.any')} />
      </Group>
      {log.error && <ProblemAlert error={log.error} />}
      <Table.ScrollContainer minWidth={680}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.category')}</Table.Th>
              <Table.Th>{t('audit.subjects')}</Table.Th>
              <Table.Th>{t('audit.purpose')}</Table.Th>
              <Table.Th>{t('audit.unit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{when(r.occurred_at)}</Table.Td>
                <Table.Td>{r.actor}</Table.Td>
                <Table.Td>{t(`audit.categories.${r.category}`, { defaultValue: t('common:unknownCode') })}</Table.Td>
                <Table.Td>{t(`audit.subjectType.${r.subject_type}`, { defaultValue: r.subject_type })} {r.subject_ids.slice(0, 8).join(', ')}{r.subject_ids.length > 8 ? '…' : ''}</Table.Td>
                <Table.Td>{r.purpose ?? '—'}</Table.Td>
                <Table.Td>{r.unit_id ? <UnitName id={r.unit_id} /> : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {log.isFetching && <Loader size="sm" aria-label={t('common:loading')} />}
      {!log.isFetching && rows.length === 0 && <Text size="sm" c="dimmed">{t('audit.empty')}</Text>}
      {log.hasNextPage && <Button variant="default" onClick={() => void log.fetchNextPage()}>{t('audit.more')}</Button>}
    </Stack>
  );
}

/** /audit: the audit trail (audit:read) and the access log of personal data (access_log:read). */
export function AuditPage() {
  const { t } = useTranslation('ops');
  useDocumentTitle(`${t('audit.title')} · ${t('common:appName')}`);
  const perms = usePermissions();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canAccess = perms.can('access_log:read');
  const tab = search.tab === 'access' && canAccess ? 'access' : 'audit';
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('audit.title')}</Title>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: v === 'access' ? 'access' : 'audit' } })}>
        <Tabs.List>
          <Tabs.Tab value="audit">{t('audit.auditTab')}</Tabs.Tab>
          {canAccess && <Tabs.Tab value="access">{t('audit.accessTab')}</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
      {tab === 'audit' ? <AuditLogTab /> : <AccessLogTab />}
    </Stack>
  );
}
