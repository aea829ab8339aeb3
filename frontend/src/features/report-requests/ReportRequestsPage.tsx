import { Button, Card, Checkbox, Group, Loader, MultiSelect, Select, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import type { ReportRequest } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { DateField } from '../../components/DateField';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, todayIso } from '../../lib/dates';
import { useCreateReportRequest, useIndicators, useReportRequests } from './api';

const route = getRouteApi('/report-requests');
const AUDIENCES = ['direct_children', 'grassroots', 'explicit'] as const;

function RequestTable({ items }: { items: ReportRequest[] }) {
  const { t } = useTranslation('ops');
  if (items.length === 0) return <Text size="sm" c="dimmed">{t('requests.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('requests.field.title')}</Table.Th>
            <Table.Th>{t('requests.field.issuer')}</Table.Th>
            <Table.Th>{t('requests.field.deadline')}</Table.Th>
            <Table.Th>{t('requests.field.recipients')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <AnchorLink to="/report-requests/$requestId" params={{ requestId: String(r.id) }}>{r.title}</AnchorLink>
              </Table.Td>
              <Table.Td><UnitName id={r.issuer_unit_id} /></Table.Td>
              <Table.Td>{formatDate(r.deadline)}</Table.Td>
              <Table.Td>{r.recipient_unit_ids.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CreateRequest() {
  const { t, i18n } = useTranslation('ops');
  const perms = usePermissions();
  const navigate = useNavigate();
  const indicators = useIndicators();
  const [title, setTitle] = useState('');
  const [pickedIssuer, setIssuer] = useState<number | undefined>();
  const issuer = pickedIssuer ?? perms.grantUnitIds[0]; // the top of the user's grants (known once /me answered)
  const [audience, setAudience] = useState<(typeof AUDIENCES)[number]>('direct_children');
  const [units, setUnits] = useState<number | undefined>(undefined);
  const [deadline, setDeadline] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [requiresFile, setRequiresFile] = useState(false);
  const [note, setNote] = useState('');
  const create = useCreateReportRequest();
  const en = (i18n.resolvedLanguage ?? 'vi') === 'en';
  return (
    <Card withBorder padding="md" component="form" aria-labelledby="new-request-title" onSubmit={(e) => {
      e.preventDefault();
      if (!issuer) return;
      create.mutate(
        {
          title, issuer_unit_id: issuer, audience, deadline, indicator_codes: codes, requires_file: requiresFile,
          note: note || null, ...(audience === 'explicit' && units ? { unit_ids: [units] } : {}),
        },
        { onSuccess: (r) => void navigate({ to: '/report-requests/$requestId', params: { requestId: String(r.id) } }) },
      );
    }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="new-request-title">{t('requests.new')}</Title>
        <TextInput label={t('requests.field.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        <UnitSelect label={t('requests.field.issuer')} value={issuer} onChange={setIssuer} required />
        <Select label={t('requests.field.audience')} data={AUDIENCES.map((a) => ({ value: a, label: t(`requests.audience.${a}`) }))}
          value={audience} onChange={(v) => v && setAudience(v as typeof audience)} allowDeselect={false} />
        {audience === 'explicit' && <UnitSelect label={t('requests.field.unit')} value={units} onChange={setUnits} />}
        <DateField label={t('requests.field.deadline')} value={deadline} onChange={(v) => setDeadline(v ?? '')} required description={t('requests.deadlineHelp', { today: formatDate(todayIso()) })} />
        <MultiSelect label={t('requests.field.indicators')} searchable clearable description={t('requests.askSomething')}
          data={(indicators.data?.items ?? []).filter((i) => i.kind === 'manual').map((i) => ({ value: i.code, label: en ? i.name_en : i.name_vi }))}
          value={codes} onChange={setCodes} />
        <Checkbox label={t('requests.field.requiresFile')} checked={requiresFile} onChange={(e) => setRequiresFile(e.currentTarget.checked)} />
        <Textarea label={t('requests.field.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        {create.error !== null && <ProblemAlert error={create.error} />}
        <Group><Button type="submit" loading={create.isPending} disabled={codes.length === 0 && !requiresFile}>{t('requests.send')}</Button></Group>
      </Stack>
    </Card>
  );
}

/** /report-requests: requests my unit must answer (inbox), those I sent with their tracking, a new request. */
export function ReportRequestsPage() {
  const { t } = useTranslation('ops');
  useDocumentTitle(`${t('requests.title')} · ${t('common:appName')}`);
  const perms = usePermissions();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canSend = perms.can('units:write');
  const tab = search.box ?? 'inbox';
  const list = useReportRequests(tab === 'new' ? 'sent' : tab);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('requests.title')}</Title>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { box: (v as 'inbox' | 'sent' | 'new') ?? 'inbox' } })}>
        <Tabs.List>
          <Tabs.Tab value="inbox">{t('requests.inbox')}</Tabs.Tab>
          <Tabs.Tab value="sent">{t('requests.sent')}</Tabs.Tab>
          {canSend && <Tabs.Tab value="new">{t('requests.new')}</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
      {tab === 'new' ? (
        <CreateRequest />
      ) : (
        <>
          {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
          {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && <RequestTable items={list.data.items} />}
        </>
      )}
    </Stack>
  );
}
