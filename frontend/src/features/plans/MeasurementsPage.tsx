import { Anchor, Button, Card, FileInput, Grid, Group, Loader, NumberInput, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { DateField } from '../../components/DateField';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import { fileToUpload, isPercent, useIndicators, useMeasurements, type Measurement, type MeasurementCreate } from './api';
import { figure, useIndicatorName } from './TargetsSection';

const route = getRouteApi('/measurements');

interface FigureValues {
  indicator_code: string;
  unit_id: number | undefined;
  as_of: string | undefined;
  period_start: string | undefined;
  value: number | string;
  numerator: number | string;
  denominator: number | string;
  evidence_text: string;
  file: File | null;
}

const n = (v: number | string): number | null => (v === '' || v === null || v === undefined ? null : Number(v));

/** Nhập số liệu: a manual figure with its evidence (text and/or a file), waiting for someone else's approval. */
function NewFigureForm({ indicator, unit, onCancel }: { indicator?: string; unit?: number; onCancel: () => void }) {
  const { t } = useTranslation('plans');
  const navigate = useNavigate();
  const indicators = useIndicators();
  const nameOf = useIndicatorName();
  const form = useForm<FigureValues>({
    initialValues: {
      indicator_code: indicator ?? '',
      unit_id: unit,
      as_of: todayIso(),
      period_start: undefined,
      value: '',
      numerator: '',
      denominator: '',
      evidence_text: '',
      file: null,
    },
  });
  const ind = indicators.byCode(form.values.indicator_code);
  const manual = ind ? ind.kind === 'manual' : true;
  const percent = isPercent(ind);
  const create = useApiMutation<MeasurementCreate, Measurement>({
    mutationFn: (body) => call(api.POST('/api/v1/measurements', { body })),
    invalidate: [queryKeys.plans.all],
    form,
    formFields: ['indicator_code', 'unit_id', 'as_of', 'period_start', 'value', 'numerator', 'denominator', 'evidence_text', 'file'],
    onSuccess: (m) => void navigate({ to: '/measurements/$measurementId', params: { measurementId: String(m.id) } }),
  });
  // a percentage from its parts: 45 of 60 → 75 %
  const num = n(form.values.numerator);
  const den = n(form.values.denominator);
  const derived = percent && num !== null && den ? Math.round((10000 * num) / den) / 100 : null;
  const submit = form.onSubmit(async (v) => {
    if (!v.unit_id || !v.as_of || !v.indicator_code) return;
    const body: MeasurementCreate = { indicator_code: v.indicator_code, unit_id: v.unit_id, as_of: v.as_of, period_start: v.period_start ?? null };
    if (manual) {
      body.value = n(v.value) ?? derived;
      body.numerator = n(v.numerator);
      body.denominator = n(v.denominator);
      body.evidence_text = v.evidence_text.trim() || null;
      body.file = v.file ? await fileToUpload(v.file) : null;
    }
    create.mutate(body);
  });
  const groups = (['manual', 'computed'] as const).map((g) => ({
    group: t(`indicatorGroup.${g}`),
    items: indicators.items
      .filter((i) => (g === 'manual' ? i.kind === 'manual' : i.kind !== 'manual'))
      .map((i) => ({ value: i.code, label: `${i.number}. ${nameOf(i, i.code)}` })),
  }));
  return (
    <Card withBorder padding="md" component="form" aria-labelledby="new-figure" onSubmit={submit} noValidate>
      <Title order={2} size="h4" id="new-figure" mb="xs">{t('measurements.new')}</Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Select label={t('fields.indicator')} searchable required data={groups} {...form.getInputProps('indicator_code')} onChange={(v) => form.setFieldValue('indicator_code', v ?? '')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UnitSelect label={t('fields.unit')} required value={form.values.unit_id} onChange={(v) => form.setFieldValue('unit_id', v)} error={form.errors.unit_id} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <DateField label={t('measurements.asOf')} required value={form.values.as_of} onChange={(v) => form.setFieldValue('as_of', v)} error={form.errors.as_of} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <DateField label={t('measurements.periodStart')} value={form.values.period_start} onChange={(v) => form.setFieldValue('period_start', v)} error={form.errors.period_start} />
        </Grid.Col>
        {manual && (
          <>
            <Grid.Col span={{ base: 12, md: 2 }}>
              <NumberInput
                label={percent ? t('measurements.valuePercent') : t('measurements.value')}
                description={percent ? t('measurements.percentHint') : ind?.unit_label || undefined}
                suffix={percent ? ' %' : undefined}
                decimalSeparator=","
                min={0}
                max={percent ? 100 : undefined}
                placeholder={derived !== null ? String(derived).replace('.', ',') : undefined}
                required={derived === null}
                {...form.getInputProps('value')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}>
              <NumberInput label={t('measurements.numerator')} min={0} {...form.getInputProps('numerator')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}>
              <NumberInput label={t('measurements.denominator')} min={0} {...form.getInputProps('denominator')} />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea label={t('measurements.evidence')} description={t('measurements.evidenceHint')} autosize minRows={2} {...form.getInputProps('evidence_text')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <FileInput label={t('measurements.file')} placeholder={t('measurements.filePlaceholder')} clearable accept="application/pdf,image/*,.docx,.xlsx" {...form.getInputProps('file')} />
            </Grid.Col>
          </>
        )}
      </Grid>
      {!manual && <Text size="sm" c="dimmed" mt="xs">{t('measurements.computedHint')}</Text>}
      {derived !== null && form.values.value === '' && <Text size="sm" mt="xs">{t('measurements.derived', { value: figure(derived, ind) })}</Text>}
      <Group gap="xs" mt="sm">
        <Button type="submit" loading={create.isPending}>{manual ? t('measurements.submit') : t('measurements.compute')}</Button>
        <Button variant="default" onClick={onCancel}>{t('edit.cancel')}</Button>
      </Group>
      {create.error !== null && <ProblemAlert error={create.error} />}
    </Card>
  );
}

/** /measurements: indicator figures (computed and entered by hand) with their approval state. */
export function MeasurementsPage() {
  const { t } = useTranslation('plans');
  useDocumentTitle(`${t('measurements.title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const perms = usePermissions();
  const indicators = useIndicators();
  const nameOf = useIndicatorName();
  const [unit, setUnit] = useState<number | undefined>(search.unit);
  useEffect(() => setUnit(search.unit), [search.unit]);
  const list = useMeasurements({ indicator_code: search.indicator, unit_id: search.unit });
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.id - a.id);
  const setSearch = (patch: Partial<typeof search>) => void navigate({ search: (s) => ({ ...s, ...patch }) });
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/plans" size="sm">← {t('title')}</Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">{t('measurements.title')}</Title>
        {perms.can('cadres:write') && !search.new && <Button onClick={() => setSearch({ new: true })}>{t('measurements.new')}</Button>}
      </Group>
      <Text size="sm" c="dimmed">{t('measurements.explain')}</Text>
      {search.new && perms.can('cadres:write') && (
        <NewFigureForm key={`${search.indicator}-${search.unit}`} indicator={search.indicator} unit={search.unit} onCancel={() => setSearch({ new: undefined })} />
      )}
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label={t('fields.indicator')}
            searchable
            clearable
            placeholder={t('measurements.allIndicators')}
            data={indicators.items.map((i) => ({ value: i.code, label: `${i.number}. ${nameOf(i, i.code)}` }))}
            value={search.indicator ?? null}
            onChange={(v) => setSearch({ indicator: v ?? undefined })}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <UnitSelect label={t('fields.unit')} placeholder={t('measurements.allUnits')} value={unit} onChange={(v) => setSearch({ unit: v })} />
        </Grid.Col>
      </Grid>
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {list.data && items.length === 0 && <Text size="sm" c="dimmed">{t('measurements.none')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={720} label={t('measurements.title')}>
          <Table striped highlightOnHover data-testid="measurements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.indicator')}</Table.Th>
                <Table.Th scope="col">{t('fields.unit')}</Table.Th>
                <Table.Th scope="col">{t('measurements.asOf')}</Table.Th>
                <Table.Th scope="col">{t('measurements.value')}</Table.Th>
                <Table.Th scope="col">{t('fields.status')}</Table.Th>
                <Table.Th scope="col">{t('measurements.enteredBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => {
                const ind = indicators.byCode(m.indicator_code);
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Anchor component={Link} to="/measurements/$measurementId" params={{ measurementId: String(m.id) } as never} size="sm">
                        {nameOf(ind, m.indicator_code)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td><UnitName id={m.scope_unit_id} /></Table.Td>
                    <Table.Td>{formatDate(m.as_of)}</Table.Td>
                    <Table.Td>{figure(m.value, ind)}</Table.Td>
                    <Table.Td><StatusBadge status={m.status} label={t(`measurementStatus.${m.status}`)} /></Table.Td>
                    <Table.Td>{m.created_by ?? '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
