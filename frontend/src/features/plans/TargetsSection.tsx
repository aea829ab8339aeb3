import { Anchor, Button, Card, Grid, Group, Loader, NumberInput, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { TargetProgress } from '../../api/types';
import { DateField } from '../../components/DateField';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import { COMPARATORS, isPercent, useIndicators, useTargetProgress, type Comparator, type Indicator, type PlanDetail, type Target, type TargetCreate } from './api';

const num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** A figure with its unit: "85 %", "12 CĐCS", "—". */
export function figure(v: number | null | undefined, ind: Indicator | undefined): string {
  if (v === null || v === undefined) return '—';
  const unit = ind?.unit_label ?? '';
  return isPercent(ind) ? `${num.format(v)} %` : unit ? `${num.format(v)} ${unit}` : num.format(v);
}

/** The indicator's name in the user's language. */
export function useIndicatorName() {
  const { i18n } = useTranslation();
  const en = (i18n.resolvedLanguage ?? 'vi') === 'en';
  return (ind: Indicator | undefined, code: string) => (ind ? (en ? ind.name_en : ind.name_vi) : code);
}

function Trend({ p, name }: { p: TargetProgress; name: string }) {
  const { t } = useTranslation('plans');
  const data = (p.trend ?? []).map((x) => ({ when: formatDate(x.period_end), value: x.value }));
  if (data.length < 2) return <Text size="xs" c="dimmed">{t('progress.noTrend')}</Text>;
  return (
    <figure style={{ margin: 0 }}>
      <VisuallyHidden component="figcaption">
        {t('progress.trendOf', { name })}: {data.map((d) => `${d.when} ${d.value ?? '—'}`).join('; ')}
      </VisuallyHidden>
      <div role="img" aria-label={t('progress.trendOf', { name })}>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="when" fontSize={11} />
            <YAxis fontSize={11} width={44} />
            <Tooltip />
            <ReferenceLine y={p.target} stroke="#c92a2a" strokeDasharray="4 4" />
            <Line type="monotone" dataKey="value" stroke="#1864ab" strokeWidth={2} dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function Records({ targetId, unitId, asOf }: { targetId: number; unitId: number; asOf: string }) {
  const { t } = useTranslation('plans');
  const records = useQuery({
    queryKey: queryKeys.plans.records(targetId, unitId, asOf),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/targets/{target_id}/records', { params: { path: { target_id: targetId }, query: { as_of: asOf, unit_id: unitId, limit: 100 } }, signal })),
    retry: false,
  });
  if (records.isPending) return <Loader size="xs" aria-label={t('common:loading')} />;
  if (records.error) return <ProblemAlert error={records.error} />;
  const r = records.data;
  if (r.suppressed) return <Text size="sm" c="dimmed">{t('progress.suppressed', { k: r.k_min })}</Text>;
  return (
    <ScrollTable minWidth={420} label={t('progress.records')}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('progress.record')}</Table.Th>
            <Table.Th scope="col">{t('fields.unit')}</Table.Th>
            <Table.Th scope="col">{t('progress.counted')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.items.map((i) => (
            <Table.Tr key={`${i.subject_type}-${i.subject_id}`}>
              <Table.Td>
                {i.cadre_id ? <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: i.cadre_id } as never} size="sm">{i.name}</Anchor> : i.name}
              </Table.Td>
              <Table.Td>{i.unit_name}</Table.Td>
              <Table.Td>{i.in_numerator ? t('yes') : t('no')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** One target: its progress (GET /targets/:id/progress) with the status colour, trend and drill-down. */
function TargetCard({ target, asOf, canEnter }: { target: Target; asOf: string; canEnter: boolean }) {
  const { t } = useTranslation('plans');
  const indicators = useIndicators();
  const nameOf = useIndicatorName();
  const ind = indicators.byCode(target.indicator_code);
  const progress = useTargetProgress(target.id, asOf);
  const [drill, setDrill] = useState(false);
  const name = nameOf(ind, target.indicator_code);
  const p = progress.data;
  const manual = ind?.kind === 'manual';
  return (
    <Card withBorder padding="sm" component="article" aria-label={name} data-testid={`target-${target.id}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{name}</Text>
        {p && <StatusBadge status={p.status} label={t(`progressStatus.${p.status}`)} />}
      </Group>
      <Text size="sm" c="dimmed">
        {t(`comparator.${target.comparator}`)} {figure(target.target_value, ind)} · {t('fields.due')} {formatDate(target.period_end)} · <UnitName id={target.scope_unit_id} />
      </Text>
      {target.note && <Text size="sm">{target.note}</Text>}
      {progress.isPending && <Loader size="xs" aria-label={t('common:loading')} />}
      {progress.error && <ProblemAlert error={progress.error} />}
      {p && (
        <>
          <Text size="sm" mt={4}>
            {t('progress.value')}: <b>{figure(p.value, ind)}</b>
            {p.denominator ? ` (${num.format(p.numerator ?? 0)}/${num.format(p.denominator)})` : ''} · {t(`source.${p.source}`)}
          </Text>
          <Trend p={p} name={name} />
        </>
      )}
      <Group gap="xs" mt={4}>
        {manual && canEnter && (
          <Button
            component={Link}
            to="/measurements"
            search={{ new: true, indicator: target.indicator_code, unit: target.scope_unit_id } as never}
            size="compact-sm"
            variant="light"
          >
            {t('progress.enterFigure')}
          </Button>
        )}
        {manual && (
          <Button component={Link} to="/measurements" search={{ indicator: target.indicator_code, unit: target.scope_unit_id } as never} size="compact-sm" variant="subtle">
            {t('progress.figures')}
          </Button>
        )}
        {p && p.source === 'computed' && (
          <Button size="compact-sm" variant="subtle" onClick={() => setDrill((d) => !d)} aria-expanded={drill}>
            {drill ? t('progress.hideRecords') : t('progress.showRecords')}
          </Button>
        )}
      </Group>
      {drill && p && <Records targetId={target.id} unitId={p.unit_id} asOf={asOf} />}
    </Card>
  );
}

function AddTargetForm({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation('plans');
  const indicators = useIndicators();
  const nameOf = useIndicatorName();
  const [code, setCode] = useState<string | null>(null);
  const [comparator, setComparator] = useState<Comparator>('ge');
  const [value, setValue] = useState<number | string>('');
  const [scope, setScope] = useState<number | undefined>(undefined);
  const [due, setDue] = useState<string | undefined>(plan.period_end);
  const [note, setNote] = useState('');
  const ind = code ? indicators.byCode(code) : undefined;
  const add = useApiMutation<TargetCreate, Target>({
    mutationFn: (body) => call(api.POST('/api/v1/plans/{plan_id}/targets', { params: { path: { plan_id: plan.id } }, body })),
    invalidate: [queryKeys.plans.all],
    onSuccess: () => {
      setCode(null);
      setValue('');
      setNote('');
    },
  });
  const groups = (['manual', 'computed'] as const).map((g) => ({
    group: t(`indicatorGroup.${g}`),
    items: indicators.items
      .filter((i) => (g === 'manual' ? i.kind === 'manual' : i.kind !== 'manual'))
      .map((i) => ({ value: i.code, label: `${i.number}. ${nameOf(i, i.code)}` })),
  }));
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-labelledby="add-target"
      onSubmit={(e) => {
        e.preventDefault();
        if (!code || value === '') return;
        add.mutate({
          indicator_code: code,
          comparator,
          target_value: Number(value),
          scope_unit_id: scope ?? null,
          period_end: due ?? null,
          note: note.trim() || null,
        });
      }}
    >
      <Title order={3} size="h5" id="add-target" mb="xs">{t('targets.add')}</Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Select label={t('fields.indicator')} searchable data={groups} value={code} onChange={setCode} required />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select
            label={t('fields.comparator')}
            data={COMPARATORS.map((c) => ({ value: c, label: t(`comparatorShort.${c}`) }))}
            value={comparator}
            onChange={(v) => v && setComparator(v as Comparator)}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <NumberInput
            label={t('fields.targetValue')}
            value={value}
            onChange={setValue}
            decimalSeparator=","
            suffix={isPercent(ind) ? ' %' : undefined}
            min={0}
            max={isPercent(ind) ? 100 : undefined}
            description={ind?.unit_label && !isPercent(ind) ? ind.unit_label : undefined}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <DateField label={t('fields.due')} value={due} onChange={setDue} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <UnitSelect label={t('fields.scope')} placeholder={t('fields.scopeHint')} value={scope} onChange={setScope} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TextInput label={t('fields.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Button type="submit" loading={add.isPending} fullWidth>{t('targets.addButton')}</Button>
        </Grid.Col>
      </Grid>
      {ind?.kind === 'manual' && <Text size="xs" c="dimmed" mt="xs">{t('targets.manualHint')}</Text>}
      {add.error !== null && <ProblemAlert error={add.error} />}
    </Card>
  );
}

/** The plan's targets with their progress as of a date, and the form to add one. */
export function TargetsSection({ plan, canWrite, canEnter }: { plan: PlanDetail; canWrite: boolean; canEnter: boolean }) {
  const { t } = useTranslation('plans');
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const on = asOf ?? todayIso();
  return (
    <Stack gap="sm" component="section" aria-labelledby="targets-title">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4" id="targets-title">{t('targets.title')}</Title>
        <DateField label={t('progress.asOf')} value={on} onChange={setAsOf} w={170} />
      </Group>
      {plan.targets.length === 0 && <Text size="sm" c="dimmed">{t('targets.none')}</Text>}
      <Stack gap="sm">
        {plan.targets.map((tg) => <TargetCard key={tg.id} target={tg} asOf={on} canEnter={canEnter} />)}
      </Stack>
      {canWrite && <AddTargetForm plan={plan} />}
    </Stack>
  );
}
