/**
 * Discipline (kỷ luật) lists with their effective periods: a cadre's (khiển trách, cảnh cáo, cách chức…) on the
 * profile, an organisation's (khiển trách, cảnh cáo, giải tán) on the unit page; each records a new decision.
 */
import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { queryKeys } from '../../api/queries/keys';
import type { components } from '../../api/schema';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate, todayIso } from '../../lib/dates';

type CadreForm = components['schemas']['DisciplineCreate']['form'];
type UnitForm = components['schemas']['UnitDisciplineCreate']['form'];
const CADRE_FORMS: CadreForm[] = ['khien_trach', 'canh_cao', 'cach_chuc'];
const UNIT_FORMS: UnitForm[] = ['khien_trach', 'canh_cao', 'giai_tan'];

export const disciplineKeys = {
  cadre: (id: number) => ['conduct', 'disciplines', 'cadre', id] as const,
  unit: (id: number) => ['conduct', 'disciplines', 'unit', id] as const,
};

interface Row {
  id: number;
  form: string;
  decision_no?: string | null;
  issuer?: string | null;
  effective_from: string;
  effective_to?: string | null;
  reason?: string | null;
}

interface DisciplineValues {
  form: string | null;
  decision_no: string;
  issuer: string;
  effective_from: string | undefined;
  effective_to: string | undefined;
  reason: string;
}

function active(r: Row, today: string): boolean {
  return r.effective_from <= today && (!r.effective_to || r.effective_to > today);
}

export function CadreDisciplines({ cadreId }: { cadreId: number }) {
  const perms = usePermissions();
  const list = useQuery({
    queryKey: disciplineKeys.cadre(cadreId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/cadres/{cadre_id}/disciplines', { params: { path: { cadre_id: cadreId } }, signal })),
  });
  return (
    <DisciplineCard rows={list.data?.items ?? []} error={list.error} forms={CADRE_FORMS} canWrite={perms.can('cadres:write')}
      invalidate={[disciplineKeys.cadre(cadreId), queryKeys.cadres.detail(cadreId)]}
      create={(v) => call(api.POST('/api/v1/cadres/{cadre_id}/disciplines', {
        params: { path: { cadre_id: cadreId } }, body: { ...body(v), form: (v.form ?? 'khien_trach') as CadreForm },
      }))} />
  );
}

export function UnitDisciplinesSection({ unitId }: { unitId: number }) {
  const perms = usePermissions();
  const list = useQuery({
    queryKey: disciplineKeys.unit(unitId),
    queryFn: ({ signal }) => call(api.GET('/api/v1/units/{unit_id}/disciplines', { params: { path: { unit_id: unitId } }, signal })),
  });
  return (
    <DisciplineCard rows={list.data?.items ?? []} error={list.error} forms={UNIT_FORMS} canWrite={perms.can('units:write')} unit
      invalidate={[disciplineKeys.unit(unitId)]}
      create={(v) => call(api.POST('/api/v1/units/{unit_id}/disciplines', {
        params: { path: { unit_id: unitId } }, body: { ...body(v), form: (v.form ?? 'khien_trach') as UnitForm },
      }))} />
  );
}

function body(v: DisciplineValues) {
  return { decision_no: v.decision_no || null, issuer: v.issuer || null, effective_from: v.effective_from ?? '',
    effective_to: v.effective_to ?? null, reason: v.reason || null };
}

function DisciplineCard({ rows, error, forms, canWrite, unit = false, invalidate, create }: {
  rows: Row[]; error: unknown; forms: string[]; canWrite: boolean; unit?: boolean;
  invalidate: readonly (readonly unknown[])[]; create: (v: DisciplineValues) => Promise<unknown>;
}) {
  const { t } = useTranslation('conduct');
  const [adding, setAdding] = useState(false);
  const form = useForm<DisciplineValues>({
    initialValues: { form: null, decision_no: '', issuer: '', effective_from: undefined, effective_to: undefined, reason: '' },
  });
  const add = useApiMutation({
    mutationFn: (v: DisciplineValues) => create(v),
    invalidate,
    form,
    formFields: ['form', 'decision_no', 'issuer', 'effective_from', 'effective_to', 'reason'],
    onSuccess: () => {
      setAdding(false);
      form.reset();
    },
  });
  const today = todayIso();
  const sorted = [...rows].sort((a, b) => b.effective_from.localeCompare(a.effective_from));
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{unit ? t('discipline.unitTitle') : t('discipline.title')}</Title>
        {canWrite && !adding && <Button size="compact-sm" variant="light" onClick={() => setAdding(true)}>{t('discipline.add')}</Button>}
      </Group>
      {error !== null && <ProblemAlert error={error} />}
      {sorted.length === 0 ? <Text size="sm" c="dimmed">{t('discipline.empty')}</Text> : (
        <ScrollTable minWidth={520}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('discipline.form')}</Table.Th>
                <Table.Th>{t('section.decisionNo')}</Table.Th>
                <Table.Th>{t('discipline.period')}</Table.Th>
                <Table.Th>{t('discipline.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    {t(`disciplineForm.${d.form}`)}
                    {active(d, today) && <Badge c="dark.8" ml={6} size="xs" color="red" variant="light" tt="none">{t('discipline.active')}</Badge>}
                  </Table.Td>
                  <Table.Td>{d.decision_no ?? '—'}{d.issuer ? ` · ${d.issuer}` : ''}</Table.Td>
                  <Table.Td>{formatDate(d.effective_from)} – {d.effective_to ? formatDate(d.effective_to) : '…'}</Table.Td>
                  <Table.Td>{d.reason ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {adding && (
        <form onSubmit={form.onSubmit((v) => add.mutate(v))}>
          <Stack mt="sm" maw={480}>
            <Select label={t('discipline.form')} required data={forms.map((f) => ({ value: f, label: t(`disciplineForm.${f}`) }))}
              {...form.getInputProps('form')} />
            <TextInput label={t('section.decisionNo')} {...form.getInputProps('decision_no')} />
            <TextInput label={t('section.issuer')} {...form.getInputProps('issuer')} />
            <Group grow align="flex-start">
              <DateField label={t('discipline.from')} required value={form.values.effective_from}
                onChange={(v) => form.setFieldValue('effective_from', v)} error={form.errors.effective_from} />
              <DateField label={t('discipline.to')} value={form.values.effective_to}
                onChange={(v) => form.setFieldValue('effective_to', v)} error={form.errors.effective_to} />
            </Group>
            <TextInput label={t('discipline.reason')} {...form.getInputProps('reason')} />
            {add.error !== null && <ProblemAlert error={add.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>{t('section.cancel')}</Button>
              <Button type="submit" loading={add.isPending}>{t('section.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
