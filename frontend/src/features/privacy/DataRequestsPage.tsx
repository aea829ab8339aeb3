import { Badge, Button, Checkbox, Group, Loader, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AnchorLink } from '../../components/AnchorLink';
import { DateField } from '../../components/DateField';
import { CadreSelect } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import {
  dueUrgency,
  KINDS,
  STATUSES,
  useCreateRequest,
  useDataSubjectRequests,
  urgency,
  type DataSubjectRequest,
  type RequestKind,
  type RequestStatus,
  type Urgency,
} from './api';

const route = getRouteApi('/data-requests');

export const STATUS_BADGE: Record<RequestStatus, string> = {
  received: 'submitted',
  acknowledged: 'running',
  completed: 'effective',
  rejected: 'rejected',
};

/** The deadline cell: red when overdue, orange when due within two days. */
export function DueDate({ value, urgency: u }: { value: string; urgency: Exclude<Urgency, 'closed'> }) {
  const { t } = useTranslation('privacy');
  if (u === 'overdue')
    return (
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="#a61e1e" fw={700}>{formatDate(value)}</Text>
        <Badge color="red" variant="light" tt="none" style={{ color: '#8a1c1c' }}>{t('urgency.overdue')}</Badge>
      </Group>
    );
  if (u === 'soon')
    return (
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="#8a3b00" fw={600}>{formatDate(value)}</Text>
        <Badge color="orange" variant="light" tt="none" style={{ color: '#7a3b00' }}>{t('urgency.soon')}</Badge>
      </Group>
    );
  return <Text size="sm">{formatDate(value)}</Text>;
}

interface NewRequest {
  cadre_id: number | undefined;
  kind: RequestKind;
  received_on: string;
  note: string;
}

function CreateRequestForm({ onDone }: { onDone: (r: DataSubjectRequest) => void }) {
  const { t } = useTranslation('privacy');
  const form = useForm<NewRequest>({
    initialValues: { cadre_id: undefined, kind: 'access', received_on: todayIso(), note: '' },
    validate: {
      cadre_id: (v) => (v ? null : t('form.cadreRequired')),
      received_on: (v) => (v ? null : t('form.receivedRequired')),
    },
  });
  const create = useCreateRequest(form);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        create.mutate(
          { cadre_id: v.cadre_id!, kind: v.kind, received_on: v.received_on, note: v.note || null },
          { onSuccess: onDone },
        ),
      )}
    >
      <Stack gap="sm">
        <CadreSelect
          label={t('form.cadre')}
          description={t('form.cadreHelp')}
          required
          value={form.values.cadre_id}
          onChange={(v) => form.setFieldValue('cadre_id', v)}
          error={form.errors.cadre_id}
        />
        <Select
          label={t('form.kind')}
          required
          allowDeselect={false}
          data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          {...form.getInputProps('kind')}
        />
        <Text size="xs" c="dimmed">{t(`kindHelp.${form.values.kind}`)}</Text>
        <DateField
          label={t('form.receivedOn')}
          description={t('form.receivedHelp')}
          required
          value={form.values.received_on}
          onChange={(d) => form.setFieldValue('received_on', d ?? '')}
          error={form.errors.received_on}
        />
        <Textarea label={t('form.note')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
        {create.error !== null && <ProblemAlert error={create.error} />}
        <Group>
          <Button type="submit" loading={create.isPending}>{t('form.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

type StatusFilter = 'open' | 'all' | RequestStatus;

/** /data-requests: the register of data-subject requests with their statutory deadlines. */
export function DataRequestsPage() {
  const { t } = useTranslation('privacy');
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = useNavigate();
  const status: StatusFilter = search.status ?? 'open';
  const overdue = search.overdue === true;
  const list = useDataSubjectRequests({
    ...(status !== 'open' && status !== 'all' ? { status } : {}),
    ...(overdue ? { overdue: true } : {}),
  });
  const [creating, setCreating] = useState(false);
  const items = (list.data?.items ?? [])
    .filter((r) => status !== 'open' || r.status === 'received' || r.status === 'acknowledged')
    .sort((a, b) => (a.complete_due < b.complete_due ? -1 : a.complete_due > b.complete_due ? 1 : b.id - a.id));
  const setSearch = (next: { status?: StatusFilter; overdue?: boolean }) =>
    void navigate({ to: '/data-requests', search: { status, overdue: overdue || undefined, ...next } });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('title')}</Title>
          <Text size="sm" c="dimmed" maw={760}>{t('intro')}</Text>
        </div>
        <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setCreating(true)}>{t('new')}</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('filter.status')}
          allowDeselect={false}
          value={status}
          onChange={(v) => v && setSearch({ status: v as StatusFilter })}
          data={[
            { value: 'open', label: t('filter.open') },
            { value: 'all', label: t('filter.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <Checkbox
          label={t('filter.overdue')}
          checked={overdue}
          onChange={(e) => setSearch({ overdue: e.currentTarget.checked || undefined })}
          mb={8}
        />
      </Group>
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={880} label={t('title')}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('col.received')}</Table.Th>
                <Table.Th scope="col">{t('col.subject')}</Table.Th>
                <Table.Th scope="col">{t('col.kind')}</Table.Th>
                <Table.Th scope="col">{t('col.ackDue')}</Table.Th>
                <Table.Th scope="col">{t('col.completeDue')}</Table.Th>
                <Table.Th scope="col">{t('col.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => {
                const u = urgency(r);
                return (
                  <Table.Tr key={r.id} data-testid="dsr-row" data-urgency={u}>
                    <Table.Td>{formatDate(r.received_on)}</Table.Td>
                    <Table.Td>
                      <AnchorLink to="/data-requests/$requestId" params={{ requestId: String(r.id) }}>
                        {r.cadre_name ?? t('subjectNo', { id: r.cadre_id })}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{t(`kind.${r.kind}`)}</Table.Td>
                    <Table.Td>
                      {r.status === 'received' ? <DueDate value={r.ack_due} urgency={dueUrgency(r, r.ack_due)} /> : formatDate(r.ack_due)}
                    </Table.Td>
                    <Table.Td><DueDate value={r.complete_due} urgency={dueUrgency(r, r.complete_due)} /></Table.Td>
                    <Table.Td><StatusBadge status={STATUS_BADGE[r.status]} label={t(`status.${r.status}`)} /></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('new')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        <CreateRequestForm
          onDone={(r) => {
            setCreating(false);
            void navigate({ to: '/data-requests/$requestId', params: { requestId: String(r.id) } });
          }}
        />
      </Modal>
    </Stack>
  );
}
