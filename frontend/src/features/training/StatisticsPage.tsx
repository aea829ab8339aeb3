import { Alert, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { useTrainingStatistics, type TrainingStatistics } from './api';
import { formatVnd } from './ProgrammesPage';

const TrainingChart = lazy(() => import('./TrainingChart'));
type Breakdown = 'programme' | 'level' | 'tag';

/**
 * Thống kê đào tạo, bồi dưỡng of a subtree in a year: lượt (places) and lớp (classes) by programme, by the
 * organiser's level and by subject, and the training budget's share of regular funds (indicator #19, 10–15 %).
 */
export function StatisticsPage() {
  const { t, i18n } = useTranslation('training');
  const perms = usePermissions();
  const [picked, setUnitId] = useState<number | undefined>();
  const unitId = picked ?? perms.grantUnitIds[0]; // the top of the user's grants until they pick one
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [by, setBy] = useState<Breakdown>('programme');
  const stats = useTrainingStatistics(unitId, `${year}-01-01`, `${year}-12-31`);
  const s = stats.data;
  const rows = s ? breakdown(s, by, (key) => (by === 'tag' ? t(`tag.${key}`) : t(`unitLevel.${key}`, { defaultValue: key })), t('stats.noProgramme')) : [];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">{t('stats.title')}</Title>
        <Text c="dimmed" size="sm">{t('stats.intro')}</Text>
      </div>
      <Group wrap="wrap" align="flex-end">
        <UnitSelect label={t('stats.unit')} value={unitId} onChange={setUnitId} w={340} />
        <NumberInput label={t('stats.year')} w={120} min={1990} max={2200} value={year}
          onChange={(v) => typeof v === 'number' && setYear(v)} />
      </Group>
      {unitId === undefined && <Text c="dimmed">{t('gaps.chooseUnit')}</Text>}
      {stats.isLoading && unitId !== undefined && <PageLoader />}
      {stats.error !== null && <ProblemAlert error={stats.error} />}
      {s && (
        <>
          <Text size="sm" c="dimmed">{t('stats.period', { from: formatDate(s.period_start), to: formatDate(s.period_end) })}</Text>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
            <Figure label={t('stats.classes')} value={String(s.classes)} />
            <Figure label={t('stats.enrolments')} value={String(s.enrolments)} />
            <Figure label={t('stats.completed')} value={String(s.completed)} />
            <Figure label={t('stats.passed')} value={String(s.passed)} />
            <Figure label={t('stats.budget')} value={formatVnd(s.budget, i18n.language)} />
          </SimpleGrid>
          <ShareCard s={s} />
          <Card withBorder>
            <Group justify="space-between" wrap="wrap" mb="sm">
              <Title order={2} size="h5">{t('stats.breakdown')}</Title>
              <SegmentedControl value={by} onChange={(v) => setBy(v as Breakdown)} aria-label={t('stats.breakdown')}
                data={[{ value: 'programme', label: t('stats.byProgramme') }, { value: 'level', label: t('stats.byLevel') },
                  { value: 'tag', label: t('stats.byTag') }]} />
            </Group>
            {rows.length === 0 ? <Text c="dimmed">{t('stats.empty')}</Text> : (
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <ScrollTable minWidth={360}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t(`stats.by_${by}`)}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('stats.classes')}</Table.Th>
                        <Table.Th style={{ textAlign: 'right' }}>{t('stats.enrolments')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r) => (
                        <Table.Tr key={r.key}>
                          <Table.Td>{r.label}</Table.Td>
                          <Table.Td style={{ textAlign: 'right' }}>{r.classes}</Table.Td>
                          <Table.Td style={{ textAlign: 'right' }}>{r.enrolments}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
                <Suspense fallback={null}>
                  <TrainingChart rows={rows} label={t('stats.chart', { by: t(`stats.by_${by}`) })}
                    classesLabel={t('stats.classes')} enrolmentsLabel={t('stats.enrolments')} />
                </Suspense>
              </SimpleGrid>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}

function breakdown(s: TrainingStatistics, by: Breakdown, label: (key: string) => string, none: string) {
  if (by === 'programme') {
    return s.by_programme.map((p) => ({ key: String(p.programme_id ?? 'none'), label: p.programme_id === null ? none : p.name,
      classes: p.classes, enrolments: p.enrolments }));
  }
  return (by === 'level' ? s.by_level : s.by_tag).map((r) => ({ key: r.key, label: label(r.key), classes: r.classes, enrolments: r.enrolments }));
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder p="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="lg">{value}</Text>
    </Card>
  );
}

function ShareCard({ s }: { s: TrainingStatistics }) {
  const { t, i18n } = useTranslation('training');
  const share = s.budget_share ?? null;
  const inRange = share !== null && share >= 10 && share <= 15;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('stats.share')}</Title>
      {share === null ? (
        <Alert color="gray" p="xs">{t('stats.noFunds')}</Alert>
      ) : (
        <Stack gap={4}>
          <Text fw={700} size="xl">{share.toLocaleString(i18n.language.startsWith('en') ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 })}%</Text>
          <Text size="sm">{t('stats.shareDetail', { spent: formatVnd(s.training_spent, i18n.language), funds: formatVnd(s.regular_funds, i18n.language) })}</Text>
          <Text size="sm" c={inRange ? 'teal.9' : 'orange.9'}>{inRange ? t('stats.inRange') : t('stats.outOfRange')}</Text>
        </Stack>
      )}
    </Card>
  );
}
