import { Button, Card, Group, NumberInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import type { components } from '../../api/schema';
import { ConflictPanel } from '../../components/ConflictPanel';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';

type Finance = components['schemas']['UnitFinanceRead'];
interface FinanceValues {
  year: number | string;
  regular_funds: number | string;
  decision_no: string;
}

const financeKeys = { unit: (unitId: number) => ['units', 'finances', unitId] as const };
const vnd = new Intl.NumberFormat('vi-VN');

/**
 * Regular operating funds (kinh phí hoạt động thường xuyên) of a unit, one figure per fiscal year: the denominator of
 * indicator #19, the share of funds spent on training (decision 021). The unit's own funds, never its subtree's.
 */
export function UnitFinancesSection({ unitId }: { unitId: number }) {
  const { t } = useTranslation('units');
  const perms = usePermissions();
  const canWrite = perms.can('units:write') || perms.can('units:facts');
  const finances = useQuery({
    queryKey: financeKeys.unit(unitId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/units/{unit_id}/finances', { params: { path: { unit_id: unitId } }, signal })),
  });
  const [editing, setEditing] = useState<Finance | 'new' | null>(null);
  const items = [...(finances.data?.items ?? [])].sort((a, b) => b.year - a.year);
  return (
    <Card withBorder component="section" aria-labelledby={`finances-${unitId}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id={`finances-${unitId}`}>{t('finances.title')}</Title>
        {canWrite && editing === null && (
          <Button size="compact-sm" variant="light" onClick={() => setEditing('new')}>{t('finances.add')}</Button>
        )}
      </Group>
      {finances.error !== null && <ProblemAlert error={finances.error} />}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">{t('finances.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('finances.year')}</Table.Th>
                <Table.Th ta="right">{t('finances.amount')}</Table.Th>
                <Table.Th>{t('finances.decision')}</Table.Th>
                {canWrite && <Table.Th><VisuallyHidden>{t('finances.actions')}</VisuallyHidden></Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((f) => (
                <Table.Tr key={f.year}>
                  <Table.Td>{f.year}</Table.Td>
                  <Table.Td ta="right">{t('finances.vnd', { amount: vnd.format(f.regular_funds) })}</Table.Td>
                  <Table.Td>
                    {f.decision_no ?? '—'}
                    <Text size="xs" c="dimmed">{t('finances.recorded', { date: formatDate(f.recorded_at.slice(0, 10)) })}</Text>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing(f)} aria-label={t('finances.editYear', { year: f.year })}>
                        {t('finances.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing !== null && (
        <FinanceForm unitId={unitId} current={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
    </Card>
  );
}

function FinanceForm({ unitId, current, onDone }: { unitId: number; current: Finance | null; onDone: () => void }) {
  const { t } = useTranslation('units');
  const form = useForm<FinanceValues>({
    initialValues: {
      year: current?.year ?? new Date().getFullYear(),
      regular_funds: current?.regular_funds ?? '',
      decision_no: current?.decision_no ?? '',
    },
  });
  const [version, setVersion] = useState(current?.version);
  const body = (v: FinanceValues) => ({ regular_funds: Number(v.regular_funds), decision_no: v.decision_no.trim() || null });
  const save = useApiMutation<{ values: FinanceValues; version: number | undefined }, Finance>({
    mutationFn: ({ values }, { headers }) =>
      current
        ? call(api.PATCH('/api/v1/units/{unit_id}/finances/{year}', {
            params: { path: { unit_id: unitId, year: current.year } }, body: body(values), headers,
          }))
        : call(api.POST('/api/v1/units/{unit_id}/finances', {
            params: { path: { unit_id: unitId } }, body: { year: Number(values.year), ...body(values) },
          })),
    versionOf: (vars) => vars.version,
    loadCurrent: () =>
      call(api.GET('/api/v1/units/{unit_id}/finances/{year}', { params: { path: { unit_id: unitId, year: current!.year } } })),
    invalidate: [financeKeys.unit(unitId)],
    form,
    formFields: ['year', 'regular_funds', 'decision_no'],
    onSuccess: onDone,
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate({ values, version }))} noValidate>
      <Stack mt="sm" maw={420} gap="sm">
        {save.conflict && (
          <ConflictPanel
            conflict={{ theirs: save.conflict.theirs, mine: body(save.conflict.mine.values) }}
            fields={[
              { key: 'regular_funds', label: t('finances.amount'), format: (v) => t('finances.vnd', { amount: vnd.format(Number(v)) }) },
              { key: 'decision_no', label: t('finances.decision'), format: (v) => (v as string | null) ?? '—' },
            ]}
            onKeepMine={() => {
              const theirs = save.conflict!.theirs as Finance | null;
              if (!theirs) return;
              const mine = save.conflict!.mine.values;
              setVersion(theirs.version);
              save.clearConflict();
              save.mutate({ values: mine, version: theirs.version });
            }}
            onUseTheirs={() => {
              const theirs = save.conflict!.theirs as Finance | null;
              if (theirs) {
                form.setValues({ year: theirs.year, regular_funds: theirs.regular_funds, decision_no: theirs.decision_no ?? '' });
                setVersion(theirs.version);
              }
              save.clearConflict();
              save.reset();
            }}
          />
        )}
        <NumberInput label={t('finances.year')} min={2000} max={2100} required disabled={current !== null} {...form.getInputProps('year')} />
        <NumberInput label={t('finances.amountInput')} min={0} required thousandSeparator="." decimalSeparator="," {...form.getInputProps('regular_funds')} />
        <TextInput label={t('finances.decision')} {...form.getInputProps('decision_no')} />
        {save.error !== null && !save.conflict && <ProblemAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>{t('finances.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{t('finances.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
