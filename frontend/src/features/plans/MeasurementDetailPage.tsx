import { Alert, Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { UnitName } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { useIndicators, useMeasurement, useMeasurementCheck, type Measurement } from './api';
import { figure, useIndicatorName } from './TargetsSection';

const route = getRouteApi('/measurements/$measurementId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

function dateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = new Date(v);
  return `${formatDate(d)} ${d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' })}`;
}

/** /measurements/:id — one figure, its evidence, a recheck, and the second person's decision. */
export function MeasurementDetailPage() {
  const { t } = useTranslation('plans');
  const { measurementId } = route.useParams();
  const id = Number(measurementId);
  const m = useMeasurement(id);
  const perms = usePermissions();
  const indicators = useIndicators();
  const nameOf = useIndicatorName();
  const [checking, setChecking] = useState(false);
  const check = useMeasurementCheck(id, checking);
  const [reason, setReason] = useState('');
  const decide = useApiMutation<{ approve: boolean; reason: string | null }, Measurement>({
    mutationFn: (body) => call(api.POST('/api/v1/measurements/{measurement_id}/decision', { params: { path: { measurement_id: id } }, body })),
    invalidate: [queryKeys.plans.all],
  });
  const d = m.data;
  const ind = d ? indicators.byCode(d.indicator_code) : undefined;
  const name = d ? nameOf(ind, d.indicator_code) : '';
  useDocumentTitle(`${t('measurements.detail')} · ${t('common:appName')}`);
  if (m.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (m.error || !d) return <ProblemAlert error={m.error} onRetry={() => void m.refetch()} />;
  const mine = perms.me?.subject !== undefined && perms.me.subject === d.created_by;
  const canDecide = perms.can('actions:approve') && d.status === 'submitted';
  const c = check.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/measurements" search={{} as never} size="sm">← {t('measurements.title')}</Anchor>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">{name}</Title>
        <StatusBadge status={d.status} label={t(`measurementStatus.${d.status}`)} />
      </Group>
      <Card withBorder padding="md">
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" m={0}>
          <Field label={t('fields.unit')}><UnitName id={d.scope_unit_id} /></Field>
          <Field label={t('measurements.asOf')}>{formatDate(d.as_of)}{d.period_start ? ` (${t('measurements.since', { date: formatDate(d.period_start) })})` : ''}</Field>
          <Field label={t('measurements.value')}>
            <b>{figure(d.value, ind)}</b>
            {d.denominator ? ` (${d.numerator ?? 0}/${d.denominator})` : ''}
          </Field>
          <Field label={t('measurements.enteredBy')}>{d.created_by ?? '—'} · {dateTime(d.created_at)}</Field>
          <Field label={t('measurements.decidedBy')}>{d.decided_by ? `${d.decided_by} · ${dateTime(d.decided_at)}` : '—'}</Field>
          <Field label={t('measurements.version')}>{d.indicator_version}</Field>
        </SimpleGrid>
      </Card>
      {d.status !== 'computed' && (
        <Card withBorder padding="md" component="section" aria-labelledby="evidence-title">
          <Title order={2} size="h4" id="evidence-title" mb="xs">{t('measurements.evidence')}</Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.evidence_text || '—'}</Text>
          {d.attachment_id && <Text size="sm" mt="xs">{t('measurements.attached', { id: d.attachment_id })}</Text>}
        </Card>
      )}
      <Card withBorder padding="md" component="section" aria-labelledby="check-title">
        <Group justify="space-between">
          <Title order={2} size="h4" id="check-title">{t('measurements.check')}</Title>
          <Button variant="default" size="compact-sm" onClick={() => (checking ? void check.refetch() : setChecking(true))} loading={check.isFetching}>
            {t('measurements.recheck')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">{t('measurements.checkExplain')}</Text>
        {check.error && <ProblemAlert error={check.error} />}
        {c && (
          <Alert mt="xs" color={c.same ? 'green' : 'orange'} variant="light" title={c.same ? t('measurements.same') : t('measurements.different')}>
            <Text size="sm">{t('measurements.recomputed', { value: figure(c.recomputed_value, ind), stored: figure(d.value, ind) })}</Text>
          </Alert>
        )}
      </Card>
      {d.status === 'submitted' && (
        <Card withBorder padding="md" component="section" aria-labelledby="decision-title">
          <Title order={2} size="h4" id="decision-title" mb="xs">{t('measurements.decision')}</Title>
          <Text size="sm" mb="xs">{t('measurements.fourEyes')}</Text>
          {mine && <Alert color="yellow" variant="light" mb="xs">{t('measurements.yours')}</Alert>}
          {canDecide ? (
            <Stack gap="xs">
              <Textarea label={t('measurements.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
              <Group gap="xs">
                <Button color="green.9" loading={decide.isPending && decide.variables?.approve} onClick={() => decide.mutate({ approve: true, reason: reason.trim() || null })}>
                  {t('measurements.approve')}
                </Button>
                <Button color="red" variant="light" loading={decide.isPending && !decide.variables?.approve} onClick={() => decide.mutate({ approve: false, reason: reason.trim() || null })}>
                  {t('measurements.reject')}
                </Button>
              </Group>
            </Stack>
          ) : (
            !mine && <Text size="sm" c="dimmed">{t('measurements.waiting')}</Text>
          )}
          {decide.error !== null && <ProblemAlert error={decide.error} />}
        </Card>
      )}
    </Stack>
  );
}
