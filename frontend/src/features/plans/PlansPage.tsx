import { Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { TargetProgress } from '../../api/types';
import { DateField } from '../../components/DateField';
import { UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';

const route = getRouteApi('/plans');
const num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

function fmt(v: number | null | undefined, percentage = false): string {
  if (v === null || v === undefined) return '—';
  return percentage ? `${num.format(v)} %` : num.format(v);
}

function Trend({ p }: { p: TargetProgress }) {
  const { t } = useTranslation('planning');
  const data = (p.trend ?? []).map((x) => ({ when: formatDate(x.period_end), value: x.value }));
  if (data.length < 2) return null;
  return (
    <figure style={{ margin: 0 }} aria-label={t('plans.trendOf', { name: p.label_vi })}>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="when" fontSize={11} />
          <YAxis fontSize={11} width={40} />
          <Tooltip />
          <Line type="monotone" dataKey="value" stroke="#1864ab" strokeWidth={2} dot />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function Records({ targetId, unitId, asOf }: { targetId: number; unitId: number; asOf: string }) {
  const { t } = useTranslation('planning');
  const records = useQuery({
    queryKey: queryKeys.plans.records(targetId, unitId, asOf),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/targets/{target_id}/records', { params: { path: { target_id: targetId }, query: { as_of: asOf, unit_id: unitId, limit: 100 } }, signal })),
    retry: false,
  });
  if (records.isPending) return <Loader size="xs" aria-label={t('common:loading')} />;
  if (records.error) return <ProblemAlert error={records.error} />;
  const r = records.data;
  if (r.suppressed) return <Text size="sm" c="dimmed">{t('plans.suppressed', { k: r.k_min })}</Text>;
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table striped>
        <Table.Thead><Table.Tr><Table.Th>{t('plans.record')}</Table.Th><Table.Th>{t('unit')}</Table.Th><Table.Th>{t('plans.counted')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.items.map((i) => (
            <Table.Tr key={`${i.subject_type}-${i.subject_id}`}>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.unit_name}</Table.Td>
              <Table.Td>{i.in_numerator ? t('plans.yes') : t('plans.no')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /plans: plans and resolutions with their targets' progress (status colours, trend, drill-down). */
export function PlansPage() {
  const { t, i18n } = useTranslation('planning');
  useDocumentTitle(`${t('plans.title')} · ${t('common:appName')}`);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [asOf, setAsOf] = useState(todayIso());
  const plans = useQuery({
    queryKey: queryKeys.plans.list({}),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans', { params: { query: { limit: 100 } }, signal })),
  });
  const planId = search.plan;
  const progress = useQuery({
    queryKey: queryKeys.plans.progress(planId ?? -1, asOf),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans/{plan_id}/progress', { params: { path: { plan_id: planId! }, query: { as_of: asOf } }, signal })),
    enabled: planId !== undefined && asOf !== '',
  });
  const [drill, setDrill] = useState<TargetProgress | null>(null);
  const en = (i18n.resolvedLanguage ?? 'vi') === 'en';
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('plans.title')}</Title>
      {plans.error && <ProblemAlert error={plans.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover>
          <Table.Thead><Table.Tr><Table.Th>{t('plans.plan')}</Table.Th><Table.Th>{t('plans.issuer')}</Table.Th><Table.Th>{t('period')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(plans.data?.items ?? []).map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.number ? `${p.number} · ` : ''}{p.title}</Table.Td>
                <Table.Td><UnitName id={p.issuer_unit_id} /></Table.Td>
                <Table.Td>{formatDate(p.period_start)} – {formatDate(p.period_end)}</Table.Td>
                <Table.Td><Button size="compact-sm" variant="default" onClick={() => { setDrill(null); void navigate({ search: { plan: p.id } }); }} aria-label={t('plans.open', { name: p.title })}>{t('open')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {plans.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('plans.none')}</Text>}
      {planId !== undefined && (
        <Card withBorder padding="md" component="section" aria-labelledby="progress-title">
          <Group justify="space-between" align="flex-end" mb="sm">
            <Title order={2} size="h4" id="progress-title">{t('plans.progress')}</Title>
            <DateField label={t('plans.asOf')} value={asOf} onChange={(v) => setAsOf(v ?? '')} w={160} />
          </Group>
          {progress.isFetching && <Loader size="sm" aria-label={t('common:loading')} />}
          {progress.error && <ProblemAlert error={progress.error} />}
          <Stack gap="sm">
            {(progress.data?.items ?? []).map((p) => (
              <Card key={`${p.target_id}-${p.unit_id}`} withBorder padding="sm">
                <Group justify="space-between" wrap="wrap">
                  <Text fw={600}>{en ? p.label_en : p.label_vi}</Text>
                  <StatusBadge status={p.status} label={t(`plans.status.${p.status}`)} />
                </Group>
                <Text size="sm">
                  {t('plans.value')}: <b>{fmt(p.value, p.percentage)}</b> · {t(`plans.comparator.${p.comparator}`)} {fmt(p.target, p.percentage)}
                  {p.denominator ? ` (${fmt(p.numerator)}/${fmt(p.denominator)})` : ''}
                </Text>
                <Trend p={p} />
                {p.source === 'computed' && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setDrill(drill?.target_id === p.target_id ? null : p)}>
                    {drill?.target_id === p.target_id ? t('plans.hideRecords') : t('plans.showRecords')}
                  </Button>
                )}
                {drill?.target_id === p.target_id && <Records targetId={p.target_id} unitId={p.unit_id} asOf={asOf} />}
              </Card>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
