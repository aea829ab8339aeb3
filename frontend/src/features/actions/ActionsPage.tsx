import { Alert, Button, Checkbox, Group, Loader, Select, Stack, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import type { Action, ActionStatus } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { CadreName, UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { useActions, useBatchTransition } from './api';
import { blockingFailures } from './EligibilityPanel';
import { ACTION_STATUSES } from './labels';

const route = getRouteApi('/actions');

export function ActionTable({ items, selectable, selected, onSelect }: {
  items: Action[];
  selectable?: boolean;
  selected?: ReadonlySet<number>;
  onSelect?: (id: number, on: boolean) => void;
}) {
  const { t } = useTranslation('actions');
  const positions = usePositions();
  if (items.length === 0) return <Text c="dimmed" size="sm">{t('list.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {selectable && <Table.Th w={40}><VisuallyHidden>{t('list.select')}</VisuallyHidden></Table.Th>}
            <Table.Th>{t('field.cadre')}</Table.Th>
            <Table.Th>{t('field.type')}</Table.Th>
            <Table.Th>{t('field.position')}</Table.Th>
            <Table.Th>{t('field.unit')}</Table.Th>
            <Table.Th>{t('field.effectiveDate')}</Table.Th>
            <Table.Th>{t('field.status')}</Table.Th>
            <Table.Th>{t('field.rules')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => {
            const failed = blockingFailures(a.eligibility).length;
            return (
              <Table.Tr key={a.id}>
                {selectable && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('list.selectOne', { id: a.id })}
                      checked={selected?.has(a.id) ?? false}
                      onChange={(e) => onSelect?.(a.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  <AnchorLink to="/actions/$actionId" params={{ actionId: String(a.id) }}>
                    <CadreName id={a.cadre_id} />
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`type.${a.type}`)}</Table.Td>
                <Table.Td>{positions.label(a.position_code)}</Table.Td>
                <Table.Td><UnitName id={a.unit_id} /></Table.Td>
                <Table.Td>{formatDate(a.effective_date)}</Table.Td>
                <Table.Td><StatusBadge status={a.status} label={t(`status.${a.status}`)} /></Table.Td>
                <Table.Td>{failed === 0 ? t('list.allPassed') : t('list.failedCount', { count: failed })}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /actions: the approver's inbox and every action in the caller's units, with batch submit/approve/reject. */
export function ActionsPage() {
  const { t } = useTranslation('actions');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const perms = usePermissions();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canApprove = perms.can('actions:approve');
  const tab = search.tab ?? (canApprove ? 'inbox' : 'all');
  const list = useActions(tab === 'inbox' ? { awaiting_me: true } : { status: search.status });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const batch = useBatchTransition();
  const items = list.data?.items ?? [];
  const chosen = items.filter((a) => selected.has(a.id));
  const onSelect = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const run = (transition: 'submit' | 'approve' | 'reject') =>
    batch.mutate(chosen.map((a) => ({ id: a.id, transition })), { onSuccess: () => setSelected(new Set()) });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">{t('title')}</Title>
        <Group gap="xs">
          <Button component={Link} to="/actions/batch" variant="default">
            {t('actionBatch:open')}
          </Button>
          <Button component={Link} to="/actions/new" leftSection={<IconPlus aria-hidden size={18} />}>
            {t('create.title')}
          </Button>
        </Group>
      </Group>
      <Tabs value={tab} onChange={(v) => { setSelected(new Set()); void navigate({ search: { tab: (v as 'inbox' | 'all') ?? 'all' } }); }}>
        <Tabs.List>
          {canApprove && <Tabs.Tab value="inbox">{t('tabs.inbox')}</Tabs.Tab>}
          <Tabs.Tab value="all">{t('tabs.all')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'all' && (
        <Select
          label={t('field.status')}
          clearable
          placeholder={t('list.anyStatus')}
          data={ACTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={search.status ?? null}
          onChange={(v) => void navigate({ search: { tab: 'all', status: (v as ActionStatus) ?? undefined } })}
          maw={260}
        />
      )}
      {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <ActionTable items={items} selectable selected={selected} onSelect={onSelect} />
      )}
      {chosen.length > 0 && (
        <Group gap="sm" aria-label={t('batch.label')} role="group">
          <Text size="sm">{t('batch.selected', { count: chosen.length })}</Text>
          {chosen.every((a) => a.status === 'draft') && (
            <Button size="sm" onClick={() => run('submit')} loading={batch.isPending}>{t('actions.submit')}</Button>
          )}
          {tab === 'inbox' && (
            <>
              <Button size="sm" color="green" onClick={() => run('approve')} loading={batch.isPending}
                disabled={chosen.some((a) => blockingFailures(a.eligibility).length > 0)}>
                {t('actions.approve')}
              </Button>
              <Button size="sm" color="red" variant="light" onClick={() => run('reject')} loading={batch.isPending}>
                {t('actions.reject')}
              </Button>
            </>
          )}
        </Group>
      )}
      {chosen.some((a) => blockingFailures(a.eligibility).length > 0) && tab === 'inbox' && (
        <Alert color="yellow" variant="light">{t('batch.failuresNeedOneByOne')}</Alert>
      )}
      {batch.error !== null && <ProblemAlert error={batch.error} />}
    </Stack>
  );
}
