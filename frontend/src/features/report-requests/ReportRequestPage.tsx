import { Button, Card, Group, Loader, NumberInput, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { useUnitNames } from '../../api/queries/units';
import type { ReportRequest, Tracking } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { useIndicators, useRemind, useReportRequest, useSubmit, useTracking } from './api';

const route = getRouteApi('/report-requests/$requestId');

/** Reporting rate like DHIS2's view: on time, late, missing, and the share that has reported. */
function TrackingView({ tracking, requestId, canRemind }: { tracking: Tracking; requestId: number; canRemind: boolean }) {
  const { t } = useTranslation('ops');
  const [filter, setFilter] = useState<'all' | 'submitted' | 'late' | 'missing'>('all');
  const remind = useRemind(requestId);
  const counts = tracking.counts as Record<string, number>;
  const total = tracking.items.length;
  const reported = tracking.items.filter((r) => r.status === 'submitted' || r.submitted_at).length;
  const rate = total ? Math.round((100 * reported) / total) : 0;
  const rows = tracking.items.filter((r) => filter === 'all' || r.status === filter);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="tracking-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="tracking-title">{t('requests.tracking.title')}</Title>
          {canRemind && (
            <Button size="sm" variant="light" onClick={() => remind.mutate()} loading={remind.isPending}
              disabled={(counts.missing ?? 0) + (counts.late ?? 0) === 0}>
              {t('requests.tracking.remind')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="tracking-counts">
          <div><Text size="xs" c="dimmed">{t('requests.tracking.rate')}</Text><Text fw={700} size="lg">{rate}%</Text></div>
          <div><Text size="xs" c="dimmed">{t('requests.status.submitted')}</Text><Text fw={700} size="lg" data-testid="count-submitted">{counts.submitted ?? 0}</Text></div>
          <div><Text size="xs" c="dimmed">{t('requests.status.late')}</Text><Text fw={700} size="lg" data-testid="count-late">{counts.late ?? 0}</Text></div>
          <div><Text size="xs" c="dimmed">{t('requests.status.missing')}</Text><Text fw={700} size="lg" data-testid="count-missing">{counts.missing ?? 0}</Text></div>
        </SimpleGrid>
        <Progress value={rate} aria-label={t('requests.tracking.rate')} />
        {remind.isSuccess && <Text size="sm" c="#1e5a2b" role="status">{t('requests.tracking.reminded')}</Text>}
        {remind.error !== null && <ProblemAlert error={remind.error} />}
        <SegmentedControl value={filter} onChange={(v) => setFilter(v as typeof filter)} aria-label={t('requests.tracking.filter')}
          data={(['all', 'submitted', 'late', 'missing'] as const).map((v) => ({ value: v, label: t(`requests.status.${v}`) }))} />
        <Table.ScrollContainer minWidth={520}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('requests.field.unit')}</Table.Th>
                <Table.Th>{t('requests.tracking.state')}</Table.Th>
                <Table.Th>{t('requests.tracking.submittedAt')}</Table.Th>
                <Table.Th>{t('requests.tracking.revision')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.unit_id} data-status={r.status}>
                  <Table.Td>{r.unit_name}</Table.Td>
                  <Table.Td><StatusBadge status={r.status} label={t(`requests.status.${r.status}`)} /></Table.Td>
                  <Table.Td>{r.submitted_at ? formatDate(r.submitted_at) : '—'}</Table.Td>
                  <Table.Td>{r.revision ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

/** The answer form for a unit that received the request. */
function SubmitForm({ request, unitIds, unitNames }: { request: ReportRequest; unitIds: number[]; unitNames?: Map<number, string> }) {
  const { t, i18n } = useTranslation('ops');
  const indicators = useIndicators();
  const [unit, setUnit] = useState<string | null>(unitIds.length === 1 ? String(unitIds[0]) : null);
  // undefined while the tracking table (which carries the names) is still loading
  const looked = useUnitNames(unitNames ? unitIds.filter((id) => !unitNames.has(id)) : []);
  const label = (id: number) => unitNames?.get(id) ?? looked.get(id) ?? '…';
  const [figures, setFigures] = useState<Record<string, number | string>>({});
  const [note, setNote] = useState('');
  const submit = useSubmit(request.id);
  const en = (i18n.resolvedLanguage ?? 'vi') === 'en';
  const name = (code: string) => {
    const ind = indicators.data?.items.find((i) => i.code === code);
    return ind ? (en ? ind.name_en : ind.name_vi) : code;
  };
  return (
    <Card withBorder padding="md" component="form" aria-labelledby="submit-title" onSubmit={(e) => {
      e.preventDefault();
      if (!unit) return;
      const numbers = Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== '' && v !== undefined).map(([k, v]) => [k, Number(v)]));
      submit.mutate({ unit_id: Number(unit), figures: numbers, note: note || undefined });
    }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="submit-title">{t('requests.answer.title')}</Title>
        <Select label={t('requests.field.unit')} value={unit} onChange={setUnit} required
          // names from the tracking table when the caller sees it (not ~100 lookups, which the per-user rate
          // limit would refuse); a recipient answering for its own few units looks them up
          data={unitIds.map((id) => ({ value: String(id), label: label(id) }))} searchable />
        {request.indicator_codes.map((code) => (
          <NumberInput key={code} label={name(code)} value={figures[code] ?? ''} onChange={(v) => setFigures((f) => ({ ...f, [code]: v }))} min={0} decimalSeparator="," thousandSeparator="." />
        ))}
        <Textarea label={t('requests.field.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        {submit.error !== null && <ProblemAlert error={submit.error} />}
        {submit.isSuccess && <Text size="sm" c="#1e5a2b" role="status">{t('requests.answer.done')}</Text>}
        <Group><Button type="submit" loading={submit.isPending} disabled={!unit}>{t('requests.answer.send')}</Button></Group>
      </Stack>
    </Card>
  );
}

/** /report-requests/:id — the request, its tracking (for the issuer) and the answer form (for recipients). */
export function ReportRequestPage() {
  const { t } = useTranslation('ops');
  const { requestId } = route.useParams();
  const id = Number(requestId);
  const request = useReportRequest(id);
  const perms = usePermissions();
  const tracking = useTracking(id, request.isSuccess);
  useDocumentTitle(`${request.data?.title ?? t('requests.title')} · ${t('common:appName')}`);
  const myUnits = useMemo(
    () => (request.data?.recipient_unit_ids ?? []).filter((u) => perms.grantUnitIds.includes(u)),
    [request.data, perms.grantUnitIds],
  );
  const unitNames = useMemo(
    () => (tracking.isFetching ? undefined : new Map((tracking.data?.items ?? []).map((row) => [row.unit_id, row.unit_name] as const))),
    [tracking.data, tracking.isFetching],
  );
  if (request.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (request.error || !request.data) return <ProblemAlert error={request.error} />;
  const r = request.data;
  return (
    <Stack gap="md">
      <AnchorLink to="/report-requests" size="sm">← {t('requests.title')}</AnchorLink>
      <Title order={1} size="h2">{r.title}</Title>
      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <div><Text size="xs" c="dimmed">{t('requests.field.issuer')}</Text><Text size="sm"><UnitName id={r.issuer_unit_id} /></Text></div>
          <div><Text size="xs" c="dimmed">{t('requests.field.deadline')}</Text><Text size="sm">{formatDate(r.deadline)}</Text></div>
          <div><Text size="xs" c="dimmed">{t('requests.field.audience')}</Text><Text size="sm">{t(`requests.audience.${r.audience}`)}</Text></div>
        </SimpleGrid>
        {r.note && <Text size="sm" mt="sm">{r.note}</Text>}
      </Card>
      {tracking.data && <TrackingView tracking={tracking.data} requestId={id} canRemind={perms.can('units:write')} />}
      {perms.can('cadres:write') && (
        <SubmitForm request={r} unitIds={myUnits.length > 0 ? myUnits : r.recipient_unit_ids} unitNames={unitNames} />
      )}
    </Stack>
  );
}
