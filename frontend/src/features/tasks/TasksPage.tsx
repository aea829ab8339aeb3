import { Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { AnchorLink } from '../../components/AnchorLink';
import { CadreName, UnitName, UnitSelect } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import { TASK_KINDS, TASK_STATUSES, useTasks } from './api';
import { useTaskLabels } from './labels';

const route = getRouteApi('/tasks');

/** /tasks: "Việc cần xử lý" — the work the rules raised in the caller's units, soonest due first. */
export function TasksPage() {
  const { t } = useTranslation('tasks');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const labels = useTaskLabels();
  const status = search.status ?? 'open';
  const list = useTasks({ status: status === 'all' ? undefined : status, kind: search.kind, within: search.unit });
  const items = list.data?.items ?? [];
  const today = todayIso();
  const set = (patch: Partial<typeof search>) => void navigate({ search: { ...search, ...patch } });

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">{t('title')}</Title>
        <Text size="sm" c="dimmed">{t('intro')}</Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('field.status')}
          data={[...TASK_STATUSES.map((s) => ({ value: s, label: labels.status(s) })), { value: 'all', label: t('anyStatus') }]}
          value={status}
          onChange={(v) => set({ status: (v as typeof status | null) ?? undefined })}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label={t('field.kind')}
          clearable
          placeholder={t('anyKind')}
          data={TASK_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))}
          value={search.kind ?? null}
          onChange={(v) => set({ kind: v ?? undefined })}
          w={{ base: '100%', xs: 300 }}
        />
        <UnitSelect
          label={t('field.unit')}
          placeholder={t('anyUnit')}
          value={search.unit}
          onChange={(id) => set({ unit: id })}
          w={{ base: '100%', xs: 300 }}
        />
      </Group>
      {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <Text size="sm" c="dimmed">{t('empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={860} label={t('title')}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="tasks-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('field.title')}</Table.Th>
                <Table.Th scope="col">{t('field.kind')}</Table.Th>
                <Table.Th scope="col">{t('field.unit')}</Table.Th>
                <Table.Th scope="col">{t('field.cadre')}</Table.Th>
                <Table.Th scope="col">{t('field.due')}</Table.Th>
                <Table.Th scope="col" style={{ minWidth: 140 }}>{t('field.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>
                    <AnchorLink to="/tasks/$taskId" params={{ taskId: String(task.id) }}>{task.title}</AnchorLink>
                  </Table.Td>
                  <Table.Td>{labels.kind(task.kind)}</Table.Td>
                  <Table.Td><UnitName id={task.unit_id} /></Table.Td>
                  <Table.Td>{task.cadre_id ? <CadreName id={task.cadre_id} /> : '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(task.due_on)}
                    {task.status === 'open' && task.due_on < today && (
                      <Text span size="xs" c="red.8" ml={6}>{t('overdue')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}><StatusBadge status={task.status} label={labels.status(task.status)} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {list.data?.next_cursor && <Text size="sm" c="dimmed">{t('more')}</Text>}
    </Stack>
  );
}
