import { Alert, Button, Card, Group, List, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate, todayIso } from '../lib/dates';
import { overviewKey, type CachedOverview } from './data';
import { enqueue, useOutbox } from './outbox';
import { StateBadge } from './StateBadge';

const RULES = ['part_time_skills', 'key_cadres_briefed', 'grassroots_chairs_briefed', 'nonstate_chairs_law', 'nonstate_chairs_trained'] as const;
type Rule = (typeof RULES)[number];

/** Courses the upper level offers (this year, not yet over) and who of the union still needs training. Enrolling
 *  goes through the outbox: offline it waits and is sent once. */
export default function TrainingScreen() {
  const { t } = useTranslation('chair');
  const data = useQueryClient().getQueryData<CachedOverview>(overviewKey)?.data;
  const outbox = useOutbox();
  const [rule, setRule] = useState<Rule>('part_time_skills');
  const [picked, setPicked] = useState<Record<number, string>>({});
  const today = todayIso();
  const courses = useQuery({
    queryKey: ['chair', 'courses', today.slice(0, 4)],
    queryFn: () => call(api.GET('/api/v1/training-courses', { params: { query: { year: Number(today.slice(0, 4)), limit: 200 } } })),
    enabled: !!data,
    staleTime: 600_000,
  });
  const gaps = useQuery({
    queryKey: ['chair', 'gaps', data?.unit.id, rule],
    queryFn: () => call(api.GET('/api/v1/training/coverage-gaps', { params: { query: { unit_id: data!.unit.id, rule } } })),
    enabled: !!data,
    staleTime: 600_000,
  });
  if (!data) return <Alert color="yellow">{t('home.offlineNoData')}</Alert>;
  const open = (courses.data?.items ?? []).filter((c) => c.ends_on >= today);
  const people = data.people;
  const nameOf = (id: number) => people.find((p) => p.id === id)?.full_name ?? '';

  const enrol = async (courseId: number, courseName: string) => {
    const cadreId = Number(picked[courseId] ?? '');
    if (!cadreId) return;
    await enqueue({ kind: 'enrol', courseId, cadreId, label: `${nameOf(cadreId)} → ${courseName}` });
    setPicked((p) => ({ ...p, [courseId]: '' }));
  };

  return (
    <Stack gap="lg">
      <Title order={1} size="h3">
        {t('training.title')}
      </Title>

      <Stack gap="sm" component="section" aria-labelledby="training-gaps">
        <Title order={2} size="h4" id="training-gaps">
          {t('training.gaps')}
        </Title>
        <NativeSelect
          label={t('training.rule')}
          value={rule}
          onChange={(e) => setRule(e.currentTarget.value as Rule)}
          data={RULES.map((r) => ({ value: r, label: t(`training.rules.${r}`) }))}
          size="md"
        />
        {gaps.isPending && gaps.fetchStatus !== 'idle' ? (
          <Loader size="sm" aria-label={t('home.loading')} />
        ) : gaps.error ? (
          <ProblemAlert error={gaps.error} onRetry={() => void gaps.refetch()} />
        ) : gaps.data ? (
          <>
            <Text size="sm" data-testid="training-coverage">
              {t('training.covered', { covered: gaps.data.covered, population: gaps.data.population })}
            </Text>
            {gaps.data.items.length === 0 ? (
              <Text size="sm">{t('training.noGaps')}</Text>
            ) : (
              <List size="sm" spacing={2} data-testid="training-gap-list">
                {gaps.data.items.map((g) => (
                  <List.Item key={g.cadre_id}>{g.full_name}</List.Item>
                ))}
              </List>
            )}
          </>
        ) : (
          <Text size="sm">{t('training.offline')}</Text>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="training-courses">
        <Title order={2} size="h4" id="training-courses">
          {t('training.courses')}
        </Title>
        {courses.isPending && courses.fetchStatus !== 'idle' && <Loader size="sm" aria-label={t('home.loading')} />}
        {courses.error && <ProblemAlert error={courses.error} onRetry={() => void courses.refetch()} />}
        {courses.data && open.length === 0 && <Text size="sm">{t('training.noCourses')}</Text>}
        {open.map((c) => {
          const mine = outbox.filter((r) => r.change.kind === 'enrol' && r.change.courseId === c.id);
          return (
            <Card key={c.id} withBorder padding="sm" data-testid="training-course">
              <Text fw={600}>{c.name}</Text>
              <Text size="xs">
                {t('training.when', { from: formatDate(c.starts_on), to: formatDate(c.ends_on), organiser: c.organiser_name })}
              </Text>
              <Group align="end" gap="xs" mt="xs" wrap="nowrap">
                <NativeSelect
                  label={t('training.person')}
                  value={picked[c.id] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setPicked((p) => ({ ...p, [c.id]: v }));
                  }}
                  data={[{ value: '', label: t('committee.choose') }, ...people.map((p) => ({ value: String(p.id), label: p.full_name }))]}
                  size="md"
                  style={{ flex: 1 }}
                />
                <Button size="md" onClick={() => void enrol(c.id, c.name)} disabled={!picked[c.id]}>
                  {t('training.enrol')}
                </Button>
              </Group>
              {mine.map((r) => (
                <Group key={r.id} gap="xs" mt={4} data-testid="enrolment-local">
                  <Text size="sm">{r.change.kind === 'enrol' ? nameOf(r.change.cadreId) : ''}</Text>
                  <StateBadge state={r.state} />
                  {r.error && <Text size="xs" c="red.9">{r.error}</Text>}
                </Group>
              ))}
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
