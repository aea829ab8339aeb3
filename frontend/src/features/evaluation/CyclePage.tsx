import { Alert, Anchor, Badge, Button, Card, Group, Progress, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconCheck, IconLock, IconSpeakerphone } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { useCadreList } from '../../api/queries/cadres';
import { usePermissions } from '../../api/queries/me';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate } from '../../lib/dates';
import { PageLoader } from '../../routes/root';
import { evaluationKeys, LEVELS, STEPS, useCycle, useCycleEvaluations, useLevelLabel, type Cycle, type Evaluation, type Level } from './api';
import { EvaluationDrawer } from './EvaluationDrawer';
import { UnitRatingNote } from './UnitRatingNote';
import { evaluationCycleRoute } from './routes';

const STEP_COLORS: Record<(typeof STEPS)[number], string> = {
  pending: 'gray', self_assessed: 'blue', commented: 'cyan', proposed: 'indigo', decided: 'teal', published: 'green',
};

export function CyclePage() {
  const { cycleId } = evaluationCycleRoute.useParams();
  const { t } = useTranslation('evaluation');
  const cycle = useCycle(cycleId);
  const evaluations = useCycleEvaluations(cycleId);
  const perms = usePermissions();
  const finalize = useApiMutation({
    mutationFn: () => call(api.POST('/api/v1/evaluation-cycles/{cycle_id}/finalize', { params: { path: { cycle_id: cycleId } } })),
    invalidate: [evaluationKeys.all],
  });
  if (cycle.isLoading) return <PageLoader />;
  if (cycle.error !== null || !cycle.data) return <ProblemAlert error={cycle.error} />;
  const c = cycle.data;
  const open = c.status === 'open';
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/evaluation" size="sm">
        <Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('cycle.back')}</Group>
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">{t(`kind.${c.kind}`)} — {c.period}</Title>
        <Badge c="dark.8" size="lg" color={open ? 'blue' : 'gray'} variant="light">
          {open ? t('status.open') : t('cycle.finalized', { date: formatDate(c.finalized_at) })}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <StepProgress cycle={c} />
        <CapMeter cycle={c} />
      </SimpleGrid>
      {open && perms.can('actions:approve') && (
        <Group>
          <Button leftSection={<IconLock size={16} aria-hidden />} loading={finalize.isPending}
            onClick={() => finalize.mutate(undefined)}>{t('cycle.finalize')}</Button>
        </Group>
      )}
      {finalize.error !== null && <ProblemAlert error={finalize.error} />}
      {open && perms.can('cadres:write') && <AddCadre cycle={c} />}
      {evaluations.error !== null && <ProblemAlert error={evaluations.error} />}
      <EvaluationTable cycle={c} items={evaluations.data?.items ?? []} />
    </Stack>
  );
}

function StepProgress({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('evaluation');
  const total = cycle.progress.total || 1;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('cycle.steps')}</Title>
      <Progress.Root size={20}>
        {STEPS.map((s) => (
          <Progress.Section key={s} value={(100 * cycle.progress[s]) / total} color={STEP_COLORS[s]} aria-label={t(`steps.${s}`)} />
        ))}
      </Progress.Root>
      <Group gap="xs" mt="xs">
        {STEPS.map((s) => (
          <Badge c="dark.8" key={s} color={STEP_COLORS[s]} variant="light" tt="none">{t(`steps.${s}`)}: {cycle.progress[s]}</Badge>
        ))}
      </Group>
    </Card>
  );
}

function CapMeter({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('evaluation');
  const over = cycle.top_share > cycle.max_top_share;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('cycle.cap')}</Title>
      <Progress.Root size={20}>
        <Progress.Section value={Math.min(100, cycle.max_top_share ? (100 * cycle.top_share) / cycle.max_top_share : 0)}
          color={over ? 'red' : 'teal'} aria-label={t('cycle.cap')} />
      </Progress.Root>
      <Text size="sm" mt="xs" fw={600}>{t('cycle.capValue', { share: cycle.top_share, cap: cycle.max_top_share })}</Text>
      {over && <Alert color="red" mt="xs" p="xs">{t('cycle.capExceeded')}</Alert>}
    </Card>
  );
}

function AddCadre({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('evaluation');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 300);
  const results = useCadreList({ within: cycle.unit_id, q: debounced || undefined }, 8, debounced.trim().length >= 2);
  const add = useApiMutation({
    mutationFn: (cadreId: number) =>
      call(api.POST('/api/v1/evaluation-cycles/{cycle_id}/evaluations', { params: { path: { cycle_id: cycle.id } }, body: { cadre_id: cadreId } })),
    invalidate: [evaluationKeys.all],
    onSuccess: () => setQ(''),
  });
  const found = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">{t('cycle.addCadre')}</Title>
      <TextInput label={t('cycle.searchCadre')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} />
      {debounced.trim().length >= 2 && (
        <Stack gap={4} mt="xs">
          {found.map((p) => (
            <Group key={p.id} justify="space-between" maw={520}>
              <Text size="sm">{p.full_name} · {formatDate(p.birth_date)}</Text>
              <Button size="compact-sm" variant="light" onClick={() => add.mutate(p.id)} aria-label={`${t('cycle.add')} ${p.full_name}`}>
                {t('cycle.add')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {add.error !== null && <ProblemAlert error={add.error} />}
    </Card>
  );
}

function EvaluationTable({ cycle, items }: { cycle: Cycle; items: Evaluation[] }) {
  const { t } = useTranslation('evaluation');
  if (items.length === 0) return <Text c="dimmed">{t('cycle.empty')}</Text>;
  return (
    <ScrollTable minWidth={720}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cycle.cadre')}</Table.Th>
            <Table.Th>{t('board.status')}</Table.Th>
            <Table.Th>{t('cycle.selfScore')}</Table.Th>
            <Table.Th>{t('cycle.proposed')}</Table.Th>
            <Table.Th>{t('cycle.decision')}</Table.Th>
            <Table.Th>{t('cycle.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => <EvaluationRow key={e.id} cycle={cycle} e={e} />)}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function EvaluationRow({ cycle, e }: { cycle: Cycle; e: Evaluation }) {
  const { t } = useTranslation('evaluation');
  const perms = usePermissions();
  const [level, setLevel] = useState<Level | null>(e.proposed_level ?? null);
  const [details, setDetails] = useState(false);
  const levelLabel = useLevelLabel(cycle);
  const decide = useApiMutation({
    mutationFn: (lv: Level) =>
      call(api.POST('/api/v1/evaluations/{evaluation_id}/decision', { params: { path: { evaluation_id: e.id } }, body: { level: lv } })),
    invalidate: [evaluationKeys.all],
  });
  const publish = useApiMutation({
    mutationFn: () => call(api.POST('/api/v1/evaluations/{evaluation_id}/publish', { params: { path: { evaluation_id: e.id } } })),
    invalidate: [evaluationKeys.all],
  });
  const open = cycle.status === 'open';
  const canSelf = open && perms.can('cadres:write') && (e.status === 'pending' || e.status === 'self_assessed');
  const canDecide = open && perms.can('actions:approve') && e.self_assessed_at !== null && e.status !== 'published';
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: e.cadre_id } as never}>{e.cadre_name}</Anchor>
      </Table.Td>
      <Table.Td><Badge c="dark.8" color={STEP_COLORS[e.status]} variant="light" tt="none">{t(`steps.${e.status}`)}</Badge></Table.Td>
      <Table.Td>{e.self_score ?? '—'}</Table.Td>
      <Table.Td>
        {e.proposed_level ? levelLabel(e.proposed_level) : '—'}
        <UnitRatingNote fact={e.unit_rating} compact />
      </Table.Td>
      <Table.Td>
        {e.level ? levelLabel(e.level) : '—'}
        {e.published_at && <Text size="xs" c="dimmed">{t('cycle.publishedOn', { date: formatDate(e.published_at) })}</Text>}
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Button size="compact-sm" variant="subtle" onClick={() => setDetails(true)} aria-label={`${t('cycle.details')} — ${e.cadre_name}`}>
            {t('cycle.details')}
          </Button>
          {details && <EvaluationDrawer cycle={cycle} e={e} opened={details} onClose={() => setDetails(false)} />}
          {canSelf && (
            <Anchor component={Link} to="/evaluation/self-assessment/$evaluationId" params={{ evaluationId: e.id } as never} size="sm">
              {t('cycle.selfAssess')}
            </Anchor>
          )}
          {canDecide && (
            <Group gap={4} wrap="nowrap">
              <Select size="xs" w={210} aria-label={`${t('cycle.chooseLevel')} — ${e.cadre_name}`} placeholder={t('cycle.chooseLevel')} allowDeselect={false}
                data={LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} value={level}
                onChange={(v) => setLevel(v as Level | null)} />
              <Button size="compact-sm" leftSection={<IconCheck size={14} aria-hidden />} disabled={!level}
                loading={decide.isPending} onClick={() => level && decide.mutate(level)}>{t('cycle.decide')}</Button>
            </Group>
          )}
          {perms.can('actions:approve') && e.status === 'decided' && (
            <Button size="compact-sm" variant="light" leftSection={<IconSpeakerphone size={14} aria-hidden />}
              loading={publish.isPending} onClick={() => publish.mutate(undefined)}>{t('cycle.publish')}</Button>
          )}
          {decide.error !== null && <ProblemAlert error={decide.error} />}
          {publish.error !== null && <ProblemAlert error={publish.error} />}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
