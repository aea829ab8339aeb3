import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import { DateField } from '../../components/DateField';
import { CadreSelect, UnitName } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate, todayIso } from '../../lib/dates';
import { isOverdue, KINDS, rotationKeys, useRotations, useRotationStatistics, type RotationKind } from './api';

interface RotationForm {
  cadre_id: number | undefined;
  kind: RotationKind;
  from_unit_id: number | undefined;
  to_unit_id: number | undefined;
  position_code: string | null;
  head_of_unit: boolean;
  starts_on: string | undefined;
  planned_months: number | undefined;
  decision_no: string;
  note: string;
}

/**
 * Luân chuyển cán bộ: the programme's movements in the user's subtree (origin, destination, planned duration and
 * return), a new movement, and the counts of rotations and transfers of heads over a period (the review report).
 */
export function RotationsPage() {
  const { t } = useTranslation('rotations');
  const perms = usePermissions();
  const navigate = useNavigate();
  const [picked, setWithin] = useState<number | undefined>();
  const within = picked ?? perms.grantUnitIds[0]; // the top of the user's grants until they pick one
  const rotations = useRotations({ within });
  const positions = usePositions();
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<RotationForm>({
    initialValues: { cadre_id: undefined, kind: 'rotation', from_unit_id: undefined, to_unit_id: undefined, position_code: null,
      head_of_unit: false, starts_on: undefined, planned_months: 24, decision_no: '', note: '' },
  });
  const create = useApiMutation({
    mutationFn: (v: RotationForm) =>
      call(api.POST('/api/v1/rotations', {
        body: { cadre_id: v.cadre_id ?? 0, kind: v.kind, from_unit_id: v.from_unit_id ?? 0, to_unit_id: v.to_unit_id ?? 0,
          position_code: v.position_code, head_of_unit: v.head_of_unit, starts_on: v.starts_on ?? '',
          planned_months: v.kind === 'transfer' ? null : v.planned_months ?? null, decision_no: v.decision_no || null, note: v.note || null },
      })),
    invalidate: [rotationKeys.all],
    form,
    formFields: ['cadre_id', 'kind', 'from_unit_id', 'to_unit_id', 'position_code', 'starts_on', 'planned_months', 'decision_no', 'note'],
    onSuccess: (r) => {
      close();
      void navigate({ to: '/rotations/$rotationId', params: { rotationId: r.id } });
    },
  });
  const today = todayIso();
  const items = rotations.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">{t('list.title')}</Title>
          <Text c="dimmed" size="sm">{t('list.intro')}</Text>
        </div>
        {perms.can('actions:write') && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>{t('list.new')}</Button>}
      </Group>
      <UnitSelect label={t('list.within')} value={within} onChange={setWithin} w={340} />
      {perms.can('reports:read') && within !== undefined && <Statistics unitId={within} />}
      {rotations.error !== null && <ProblemAlert error={rotations.error} />}
      {!rotations.isLoading && items.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={820}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('field.cadre')}</Table.Th>
                <Table.Th>{t('field.kind')}</Table.Th>
                <Table.Th>{t('field.from')}</Table.Th>
                <Table.Th>{t('field.to')}</Table.Th>
                <Table.Th>{t('field.startsOn')}</Table.Th>
                <Table.Th>{t('field.plannedEnd')}</Table.Th>
                <Table.Th>{t('field.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to="/rotations/$rotationId" params={{ rotationId: r.id } as never}>{r.cadre_name}</Anchor>
                    {r.position_code && <Text size="xs" c="dimmed">{positions.label(r.position_code)}{r.head_of_unit ? ` · ${t('field.head')}` : ''}</Text>}
                  </Table.Td>
                  <Table.Td>{t(`kind.${r.kind}`)}</Table.Td>
                  <Table.Td><UnitName id={r.from_unit_id} /></Table.Td>
                  <Table.Td><UnitName id={r.to_unit_id} /></Table.Td>
                  <Table.Td>{formatDate(r.starts_on)}</Table.Td>
                  <Table.Td>{r.planned_end_on ? formatDate(r.planned_end_on) : '—'}</Table.Td>
                  <Table.Td>
                    {r.returned_on ? (
                      <Badge c="dark.8" color="green" variant="light" tt="none">{t('status.returned', { date: formatDate(r.returned_on) })}</Badge>
                    ) : isOverdue(r, today) ? (
                      <Badge c="dark.8" color="red" variant="light" tt="none">{t('status.overdue')}</Badge>
                    ) : (
                      <Badge c="dark.8" color="blue" variant="light" tt="none">{r.kind === 'transfer' ? t('status.moved') : t('status.away')}</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal opened={opened} onClose={close} title={t('list.new')} centered size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
          <Stack>
            <CadreSelect label={t('field.cadre')} required value={form.values.cadre_id} onChange={(v) => form.setFieldValue('cadre_id', v)}
              error={form.errors.cadre_id} />
            <Select label={t('field.kind')} allowDeselect={false} data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              {...form.getInputProps('kind')} />
            <UnitSelect label={t('field.from')} required value={form.values.from_unit_id}
              onChange={(v) => form.setFieldValue('from_unit_id', v)} error={form.errors.from_unit_id} />
            <UnitSelect label={t('field.to')} required value={form.values.to_unit_id}
              onChange={(v) => form.setFieldValue('to_unit_id', v)} error={form.errors.to_unit_id} />
            <Group grow align="flex-start">
              <Select label={t('field.position')} clearable searchable
                data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))} {...form.getInputProps('position_code')} />
              <Checkbox mt="xl" label={t('field.headOfUnit')} {...form.getInputProps('head_of_unit', { type: 'checkbox' })} />
            </Group>
            <Group grow align="flex-start">
              <DateField label={t('field.startsOn')} required value={form.values.starts_on}
                onChange={(v) => form.setFieldValue('starts_on', v)} error={form.errors.starts_on} />
              {form.values.kind !== 'transfer' && (
                <NumberInput label={t('field.plannedMonths')} description={t('field.plannedMonthsHint')} required min={1} max={120}
                  {...form.getInputProps('planned_months')} />
              )}
            </Group>
            <TextInput label={t('field.decisionNo')} {...form.getInputProps('decision_no')} />
            <TextInput label={t('field.note')} {...form.getInputProps('note')} />
            {create.error !== null && <ProblemAlert error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('form.cancel')}</Button>
              <Button type="submit" loading={create.isPending}>{t('form.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function Statistics({ unitId }: { unitId: number }) {
  const { t } = useTranslation('rotations');
  const year = new Date().getFullYear();
  const [from, setFrom] = useState<string | undefined>(`${year - 5}-01-01`);
  const [to, setTo] = useState<string | undefined>(todayIso());
  const stats = useRotationStatistics(from && to ? unitId : undefined, from ?? '', to ?? '');
  const s = stats.data;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('stats.title')}</Title>
      <Group wrap="wrap" align="flex-end" mb="sm">
        <DateField label={t('stats.from')} value={from} onChange={setFrom} w={170} />
        <DateField label={t('stats.to')} value={to} onChange={setTo} w={170} />
      </Group>
      {stats.error !== null && <ProblemAlert error={stats.error} />}
      {s && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
            <Figure label={t('stats.rotations')} value={s.rotations} />
            <Figure label={t('stats.transfers')} value={s.transfers} />
            <Figure label={t('stats.secondments')} value={s.secondments} />
            <Figure label={t('stats.headRotations')} value={s.head_rotations} />
            <Figure label={t('stats.headTransfers')} value={s.head_transfers} />
          </SimpleGrid>
          <Text size="sm" mt="xs">{t('stats.sentence', { from: formatDate(s.period_start), to: formatDate(s.period_end), rotations: s.head_rotations, transfers: s.head_transfers })}</Text>
        </>
      )}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="lg">{value}</Text>
    </div>
  );
}
