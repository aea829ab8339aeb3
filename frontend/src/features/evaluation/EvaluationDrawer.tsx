/**
 * One cadre's evaluation on the cycle board: the steps after the self-assessment, each by its principal —
 * collective comment and the unit's proposal (`cadres:write`), peer and subordinate comments (anonymous where the
 * cycle says so); the decision and publication stay on the row (`actions:approve`).
 */
import { Alert, Badge, Button, Divider, Drawer, Group, NumberInput, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePermissions } from '../../api/queries/me';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import { evaluationKeys, LEVELS, useEvaluationComments, useLevelLabel, type Cycle, type Evaluation, type EvaluationComment, type Level } from './api';
import { UnitRatingNote } from './UnitRatingNote';

type CommentKind = EvaluationComment['kind'];

export function EvaluationDrawer({ cycle, e, opened, onClose }: { cycle: Cycle; e: Evaluation; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('evaluation');
  const perms = usePermissions();
  const open = cycle.status === 'open';
  const canWrite = open && perms.can('cadres:write');
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={<Title order={2} size="h4">{e.cadre_name}</Title>}
      closeButtonProps={{ 'aria-label': t('drawer.close') }}>
      <Stack gap="md">
        <Group gap="xs">
          <Badge c="dark.8" variant="light" tt="none">{t(`steps.${e.status}`)}</Badge>
          {e.self_score !== null && <Text size="sm">{t('drawer.self', { score: e.self_score, date: formatDate(e.self_assessed_at) })}</Text>}
        </Group>
        {e.self_text && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{e.self_text}</Text>}
        {e.self_assessed_at === null && <Alert color="gray" p="xs">{t('drawer.waitingSelf')}</Alert>}
        <Divider />
        <CollectiveStep e={e} canWrite={canWrite} />
        <Divider />
        <ProposalStep cycle={cycle} e={e} canWrite={canWrite} />
        <Divider />
        <PeerComments cycle={cycle} e={e} canWrite={canWrite} />
      </Stack>
    </Drawer>
  );
}

function CollectiveStep({ e, canWrite }: { e: Evaluation; canWrite: boolean }) {
  const { t } = useTranslation('evaluation');
  const form = useForm({ initialValues: { text: e.collective_comment ?? '' } });
  const save = useApiMutation({
    mutationFn: (v: { text: string }) =>
      call(api.POST('/api/v1/evaluations/{evaluation_id}/collective-comment', { params: { path: { evaluation_id: e.id } }, body: v })),
    invalidate: [evaluationKeys.all],
    form,
    formFields: ['text'],
  });
  const allowed = canWrite && (e.status === 'self_assessed' || e.status === 'commented');
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">{t('drawer.collective')}</Title>
      {e.collective_comment && !allowed && <Text size="sm">{e.collective_comment}</Text>}
      {e.commented_at && <Text size="xs" c="dimmed">{t('drawer.on', { date: formatDate(e.commented_at) })}</Text>}
      {allowed && (
        <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
          <Stack gap="xs">
            <Textarea label={t('drawer.collectiveText')} required autosize minRows={3} {...form.getInputProps('text')} />
            {save.error !== null && <ProblemAlert error={save.error} />}
            <Group justify="flex-end"><Button type="submit" size="sm" loading={save.isPending}>{t('drawer.saveCollective')}</Button></Group>
          </Stack>
        </form>
      )}
      {!allowed && !e.collective_comment && <Text size="sm" c="dimmed">—</Text>}
    </Stack>
  );
}

function ProposalStep({ cycle, e, canWrite }: { cycle: Cycle; e: Evaluation; canWrite: boolean }) {
  const { t } = useTranslation('evaluation');
  const levelLabel = useLevelLabel(cycle);
  const form = useForm<{ score: number | undefined; level: Level | null }>({
    initialValues: { score: e.proposed_score ?? undefined, level: null },
  });
  const save = useApiMutation({
    mutationFn: (v: { score: number | undefined; level: Level | null }) =>
      call(api.POST('/api/v1/evaluations/{evaluation_id}/proposal', {
        params: { path: { evaluation_id: e.id } }, body: { score: v.score ?? null, level: v.level },
      })),
    invalidate: [evaluationKeys.all],
    form,
    formFields: ['score', 'level'],
  });
  const allowed = canWrite && ['self_assessed', 'commented', 'proposed'].includes(e.status);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">{t('drawer.proposal')}</Title>
      {e.proposed_at && e.proposed_level && (
        <Text size="sm">{t('drawer.proposed', { level: levelLabel(e.proposed_level), score: e.proposed_score ?? '—', date: formatDate(e.proposed_at) })}</Text>
      )}
      <UnitRatingNote fact={e.unit_rating} />
      {e.monthly_average != null && <Text size="xs" c="dimmed">{t('drawer.monthly', { score: e.monthly_average })}</Text>}
      {allowed && (
        <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
          <Stack gap="xs">
            <Group grow align="flex-start">
              <NumberInput label={t('drawer.proposalScore')} description={t('drawer.proposalScoreHint')} min={0} max={100} decimalScale={1}
                {...form.getInputProps('score')} />
              <Select label={t('drawer.proposalLevel')} description={t('drawer.proposalLevelHint')} clearable
                data={LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} {...form.getInputProps('level')} />
            </Group>
            {save.error !== null && <ProblemAlert error={save.error} />}
            <Group justify="flex-end"><Button type="submit" size="sm" loading={save.isPending}>{t('drawer.saveProposal')}</Button></Group>
          </Stack>
        </form>
      )}
      {!allowed && !e.proposed_at && <Text size="sm" c="dimmed">—</Text>}
    </Stack>
  );
}

function PeerComments({ cycle, e, canWrite }: { cycle: Cycle; e: Evaluation; canWrite: boolean }) {
  const { t } = useTranslation('evaluation');
  const comments = useEvaluationComments(e.id);
  const form = useForm<{ kind: CommentKind; text: string; score: number | undefined }>({
    initialValues: { kind: 'peer', text: '', score: undefined },
  });
  const add = useApiMutation({
    mutationFn: (v: { kind: CommentKind; text: string; score: number | undefined }) =>
      call(api.POST('/api/v1/evaluations/{evaluation_id}/comments', {
        params: { path: { evaluation_id: e.id } }, body: { kind: v.kind, text: v.text, score: v.score ?? null },
      })),
    invalidate: [evaluationKeys.comments(e.id)],
    form,
    formFields: ['kind', 'text', 'score'],
    onSuccess: () => form.reset(),
  });
  const items = comments.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">{t('drawer.comments')}</Title>
      <Text size="xs" c="dimmed">{cycle.anonymous_comments ? t('drawer.anonymous') : t('drawer.named')}</Text>
      {comments.error !== null && <ProblemAlert error={comments.error} />}
      {items.length === 0 && <Text size="sm" c="dimmed">{t('drawer.noComments')}</Text>}
      {items.map((c) => (
        <Stack key={c.id} gap={0}>
          <Group gap="xs">
            <Badge c="dark.8" size="sm" variant="light" tt="none">{t(`commentKind.${c.kind}`)}</Badge>
            {c.score !== null && <Text size="xs">{t('drawer.commentScore', { score: c.score })}</Text>}
            <Text size="xs" c="dimmed">{c.author ?? t('drawer.anonymousAuthor')} · {formatDate(c.created_at)}</Text>
          </Group>
          <Text size="sm">{c.text}</Text>
        </Stack>
      ))}
      {canWrite && (
        <form onSubmit={form.onSubmit((v) => add.mutate(v))}>
          <Stack gap="xs">
            <Group grow align="flex-start">
              <Select label={t('drawer.commentKind')} allowDeselect={false}
                data={(['peer', 'subordinate'] as const).map((k) => ({ value: k, label: t(`commentKind.${k}`) }))} {...form.getInputProps('kind')} />
              <NumberInput label={t('drawer.commentScoreLabel')} min={0} max={100} decimalScale={1} {...form.getInputProps('score')} />
            </Group>
            <Textarea label={t('drawer.commentText')} required autosize minRows={2} {...form.getInputProps('text')} />
            {add.error !== null && <ProblemAlert error={add.error} />}
            <Group justify="flex-end"><Button type="submit" size="sm" variant="light" loading={add.isPending}>{t('drawer.addComment')}</Button></Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
