import { Button, Card, Grid, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { useUnitTypes } from '../../api/queries/reference';
import type { CadreStatistics } from '../../api/types';
import { DateField } from '../../components/DateField';
import { UnitSelect } from '../../components/EntitySelect';
import { JobProgress } from '../../components/JobProgress';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, todayIso } from '../../lib/dates';
import { useLabel } from '../../lib/labels';
import { useCadreStatistics, useStartReview, useStatisticsFile, type StatisticsFileVars } from './api';

const route = getRouteApi('/reports');
const GROUPS = ['full_time', 'part_time'] as const;
const FORMATS: [StatisticsFileVars['format'], string][] = [['xlsx', 'Excel (.xlsx)'], ['docx', 'Word (.docx)'], ['pdf', 'PDF']];
const fmt = new Intl.NumberFormat('vi-VN');

function n(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : fmt.format(v);
}

function StaffTable({ stats }: { stats: CadreStatistics }) {
  const { t } = useTranslation('ops');
  const label = useLabel();
  const staff = stats.staff as Record<string, CadreStatistics['staff'][string] | undefined>;
  const row = (key: string, get: (g: (typeof GROUPS)[number]) => number | null | undefined, heading?: boolean) => (
    <Table.Tr key={key}>
      <Table.Th scope="row" fw={heading ? 700 : 400} pl={heading ? undefined : 'lg'}>{t(`reports.row.${key}`, { defaultValue: key })}</Table.Th>
      {GROUPS.map((g) => <Table.Td key={g} ta="right">{n(get(g))}</Table.Td>)}
    </Table.Tr>
  );
  const codes = (field: 'education_level' | 'political_theory') =>
    [...new Set(GROUPS.flatMap((g) => Object.keys(staff[g]?.[field] ?? {})))];
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped withTableBorder aria-labelledby="staff-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.staffItem')}</Table.Th>
            {GROUPS.map((g) => <Table.Th key={g} ta="right">{label('employment', g)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row('total', (g) => staff[g]?.total, true)}
          {row('female', (g) => staff[g]?.female)}
          {row('ethnic_minority', (g) => staff[g]?.ethnic_minority)}
          {row('party_member', (g) => staff[g]?.party_member)}
          {row('under_40', (g) => (staff[g]?.age_band as Record<string, number> | undefined)?.under_40)}
          {row('from_40_to_50', (g) => (staff[g]?.age_band as Record<string, number> | undefined)?.from_40_to_50)}
          {row('over_50', (g) => (staff[g]?.age_band as Record<string, number> | undefined)?.over_50)}
          <Table.Tr><Table.Th scope="rowgroup" colSpan={3}>{t('reports.education')}</Table.Th></Table.Tr>
          {codes('education_level').map((c) => (
            <Table.Tr key={`edu-${c}`}>
              <Table.Th scope="row" fw={400} pl="lg">{label('education_level', c)}</Table.Th>
              {GROUPS.map((g) => <Table.Td key={g} ta="right">{n((staff[g]?.education_level as Record<string, number> | undefined)?.[c] ?? 0)}</Table.Td>)}
            </Table.Tr>
          ))}
          <Table.Tr><Table.Th scope="rowgroup" colSpan={3}>{t('reports.politicalTheory')}</Table.Th></Table.Tr>
          {codes('political_theory').map((c) => (
            <Table.Tr key={`pt-${c}`}>
              <Table.Th scope="row" fw={400} pl="lg">{label('political_theory', c)}</Table.Th>
              {GROUPS.map((g) => <Table.Td key={g} ta="right">{n((staff[g]?.political_theory as Record<string, number> | undefined)?.[c] ?? 0)}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /reports: the statistics report of a unit's subtree as of a date (table + xlsx/docx/pdf) and the review report. */
export function ReportsPage() {
  const { t } = useTranslation('ops');
  useDocumentTitle(`${t('reports.title')} · ${t('common:appName')}`);
  const perms = usePermissions();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const unitId = search.unit ?? perms.grantUnitIds[0];
  const asOf = search.as_of ?? todayIso();
  const [draftAsOf, setDraftAsOf] = useState(asOf);
  const stats = useCadreStatistics(unitId, asOf);
  const types = useUnitTypes();
  const [periodStart, setPeriodStart] = useState(`${Number(asOf.slice(0, 4)) - 1}-01-01`);
  const [periodEnd, setPeriodEnd] = useState(asOf);
  const review = useStartReview();
  // The files are made by the worker (a job): its progress shows below the buttons, and the file downloads when ready.
  const files = useStatisticsFile();

  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('reports.title')}</Title>
      <Card withBorder padding="md" component="form" aria-label={t('reports.parameters')} onSubmit={(e) => {
        e.preventDefault();
        void navigate({ search: (prev) => ({ ...prev, as_of: draftAsOf || undefined }) });
      }}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <UnitSelect label={t('reports.unit')} value={unitId} onChange={(id) => void navigate({ search: (prev) => ({ ...prev, unit: id }) })} miw={280} />
          <DateField label={t('reports.asOf')} value={draftAsOf} onChange={(v) => setDraftAsOf(v ?? '')} w={160} />
          <Button type="submit">{t('reports.show')}</Button>
        </Group>
      </Card>
      {stats.isFetching && <Loader size="sm" aria-label={t('common:loading')} />}
      {stats.error && <ProblemAlert error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.data && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card withBorder padding="md" component="section" aria-labelledby="units-title">
              <Title order={2} size="h4" id="units-title" mb="xs">{t('reports.units', { date: formatDate(stats.data.as_of) })}</Title>
              <Table withTableBorder striped>
                <Table.Tbody>
                  {Object.entries(stats.data.units.by_type).map(([code, count]) => (
                    <Table.Tr key={code}><Table.Th scope="row" fw={400}>{types.label(code)}</Table.Th><Table.Td ta="right">{n(count)}</Table.Td></Table.Tr>
                  ))}
                  <Table.Tr><Table.Th scope="row">{t('reports.grassroots')}</Table.Th><Table.Td ta="right" fw={700}>{n(stats.data.units.grassroots)}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th scope="row">{t('reports.members')}</Table.Th><Table.Td ta="right" fw={700} data-testid="members">{n(stats.data.members)}</Table.Td></Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder padding="md" component="section" aria-labelledby="staff-title">
              <Title order={2} size="h4" id="staff-title" mb="xs">{t('reports.staff')}</Title>
              <StaffTable stats={stats.data} />
            </Card>
          </Grid.Col>
        </Grid>
      )}
      {unitId !== undefined && (
        <Card withBorder padding="md" component="section" aria-labelledby="downloads-title">
          <Title order={2} size="h4" id="downloads-title" mb="xs">{t('reports.download')}</Title>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            {FORMATS.map(([format, label]) => (
              <Button
                key={format}
                variant="default"
                leftSection={<IconDownload aria-hidden size={18} />}
                loading={files.busy && files.variables?.format === format}
                disabled={files.busy && files.variables?.format !== format}
                onClick={() => files.start({ unit_id: unitId, as_of: asOf, format })}
              >
                {label}
              </Button>
            ))}
          </SimpleGrid>
          {files.error !== null && <ProblemAlert error={files.error} />}
          {files.jobId !== undefined && (
            <Stack mt="sm">
              <JobProgress jobId={files.jobId} fileLabel={t('reports.downloadAgain')} />
            </Stack>
          )}
        </Card>
      )}
      {unitId !== undefined && (
        <Card withBorder padding="md" component="section" aria-labelledby="review-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="review-title">{t('reports.review.title')}</Title>
            <Text size="sm" c="dimmed">{t('reports.review.help')}</Text>
            <Group align="flex-end" gap="sm">
              <DateField label={t('reports.review.start')} value={periodStart} onChange={(v) => setPeriodStart(v ?? '')} w={160} />
              <DateField label={t('reports.review.end')} value={periodEnd} onChange={(v) => setPeriodEnd(v ?? '')} w={160} />
              <Button onClick={() => review.mutate({ unit_id: unitId, period_start: periodStart, period_end: periodEnd })} loading={review.isPending}>
                {t('reports.review.start_button')}
              </Button>
            </Group>
            {review.error !== null && <ProblemAlert error={review.error} />}
            {review.data && <JobProgress jobId={review.data.id} fileLabel={t('reports.review.download')} />}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
