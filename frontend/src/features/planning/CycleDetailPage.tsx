import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, List, Loader, Modal, Progress, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { usePositions } from '../../api/queries/reference';
import type { CycleStructure, PlanningCycle } from '../../api/types';
import { DownloadButton } from '../../components/DownloadButton';
import { CadreSelect, UnitName } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { acknowledged, emptyStep, figuresOf, isShareCheck, percent, REASON_MIN, shortfalls, stepBody, validateStep, type Shortfall, type Step, type StepBody, type StepValues } from './shortfall';

const route = getRouteApi('/planning/$cycleId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

function dateTime(v: string | null | undefined): string {
  return v ? formatDate(new Date(v)) : '—';
}

/** The women/young shares below target: live figure against the target, in the user's words. */
function ShortfallList({ short }: { short: readonly Shortfall[] }) {
  const { t, i18n } = useTranslation('planning');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (
    <List size="sm" spacing={4} data-testid="shortfall-list">
      {short.map((x) => (
        <List.Item key={x.check}>
          {t('ack.figure', {
            name: t(`structure.check.${x.check}`),
            share: percent(x.share, lang),
            count: x.count,
            total: x.total,
            target: x.target === undefined ? '—' : `${x.target.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN')} %`,
          })}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * Submit or approve: below the women/young targets the user must tick the acknowledgement and give a reason
 * (D8); the API's 422 `planning_shortfall_unacknowledged` lands on the same fields through the mutation helper.
 * Approval also takes the decision number (the API has no decision date).
 */
function StepModal({ step, cycleId, structure, onClose }: { step: Step | null; cycleId: number; structure: CycleStructure | undefined; onClose: () => void }) {
  const { t } = useTranslation('planning');
  const short = shortfalls(structure);
  const form = useForm<StepValues>({
    initialValues: emptyStep,
    validate: (values) => Object.fromEntries(Object.entries(validateStep(values, short)).map(([k, key]) => [k, key ? t(key, { min: REASON_MIN }) : null])),
  });
  const send = useApiMutation<{ step: Step; body: StepBody }, PlanningCycle>({
    mutationFn: ({ step: s, body }) => {
      const path = { params: { path: { cycle_id: cycleId } } };
      return s === 'submit'
        ? call(api.POST('/api/v1/planning-cycles/{cycle_id}/submit', { ...path, body }))
        : call(api.POST('/api/v1/planning-cycles/{cycle_id}/approve', { ...path, body }));
    },
    invalidate: [queryKeys.planning.all],
    form,
    formFields: ['acknowledge_shortfall', 'shortfall_reason', 'decision_no'],
    onSuccess: () => {
      form.reset();
      onClose();
    },
  });
  const close = () => {
    form.reset();
    send.reset();
    onClose();
  };
  const title = step === 'approve' ? t('ack.approveTitle') : t('ack.submitTitle');
  return (
    <Modal opened={step !== null} onClose={close} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
      <form onSubmit={form.onSubmit((v) => { if (step) send.mutate({ step, body: stepBody(step, v) }); })} noValidate>
        <Stack gap="sm">
          {short.length > 0 ? (
            <Alert color="yellow" variant="light" title={t('ack.belowTarget')} styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}>
              <ShortfallList short={short} />
              <Text size="sm" mt="xs">{t('ack.explain')}</Text>
            </Alert>
          ) : (
            <Text size="sm">{t('ack.allMet')}</Text>
          )}
          {short.length > 0 && (
            <>
              <Checkbox label={t('ack.checkbox')} {...form.getInputProps('acknowledge_shortfall', { type: 'checkbox' })} />
              <Textarea label={t('ack.reason')} description={t('ack.reasonHint', { min: REASON_MIN })} autosize minRows={2} withAsterisk {...form.getInputProps('shortfall_reason')} />
            </>
          )}
          {step === 'approve' && <TextInput label={t('ack.decisionNo')} placeholder="15/QĐ-LĐLĐ" {...form.getInputProps('decision_no')} />}
          {send.error !== null && <ProblemAlert error={send.error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>{t('common:cancel')}</Button>
            <Button type="submit" color={step === 'approve' ? 'green.9' : undefined} loading={send.isPending}>
              {step === 'approve' ? t('ack.confirmApprove') : t('ack.confirmSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** What was frozen: the acknowledgements given at submission/approval (figures, reason, who, when) and, once
 * approved, the shares of the approved list. */
function Frozen({ cycle, structure }: { cycle: PlanningCycle; structure: CycleStructure | undefined }) {
  const { t, i18n } = useTranslation('planning');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const snap = structure?.snapshot as { as_of?: string; overall?: CycleStructure['overall'] } | null | undefined;
  const acks = cycle.acknowledgements ?? [];
  if (acks.length === 0 && !snap?.overall) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="frozen-title" data-testid="frozen-snapshot">
      <Title order={2} size="h4" id="frozen-title" mb="xs">{t('frozen.title')}</Title>
      {snap?.overall && (
        <>
          <Text size="sm" c="dimmed" mb={4}>{t('frozen.approvedShares', { date: snap.as_of ? formatDate(snap.as_of) : '—' })}</Text>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mb="sm">
            <div><Text size="xs" c="dimmed">{t('structure.candidates')}</Text><Text fw={700}>{snap.overall.candidates}</Text></div>
            <div><Text size="xs" c="dimmed">{t('structure.women')}</Text><Text fw={700}>{percent(snap.overall.women_share, lang)} ({snap.overall.women}/{snap.overall.candidates})</Text></div>
            <div><Text size="xs" c="dimmed">{t('structure.young')}</Text><Text fw={700}>{percent(snap.overall.young_share, lang)} ({snap.overall.young}/{snap.overall.candidates})</Text></div>
          </SimpleGrid>
        </>
      )}
      {acks.length === 0 ? (
        <Text size="sm" c="dimmed">{t('frozen.noAck')}</Text>
      ) : (
        <Stack gap="xs">
          {acks.map((a, i) => (
            <Alert key={i} color="yellow" variant="light" p="sm" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
              title={t('frozen.ackTitle', { stage: t(`frozen.stage.${a.stage}`), by: a.by, date: dateTime(a.at) })}>
              <ShortfallList short={acknowledged(a.checks, a.messages)} />
              <Text size="sm"><Text span fw={600}>{t('frozen.reason')}:</Text> {a.reason}</Text>
            </Alert>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Board({ cycle }: { cycle: PlanningCycle }) {
  const { t, i18n } = useTranslation('planning');
  const positions = usePositions();
  const perms = usePermissions();
  const id = cycle.id;
  const candidates = useQuery({
    queryKey: queryKeys.planning.candidates(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/planning-cycles/{cycle_id}/candidates', { params: { path: { cycle_id: id } }, signal })),
  });
  const structure = useQuery({
    queryKey: queryKeys.planning.structure(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/planning-cycles/{cycle_id}/structure', { params: { path: { cycle_id: id } }, signal })),
  });
  const invalidate = [queryKeys.planning.all];
  const add = useApiMutation<{ cadre_id: number; position_code: string; reason: string; source: 'inside' | 'outside' }, unknown>({
    mutationFn: (body) => call(api.POST('/api/v1/planning-cycles/{cycle_id}/candidates', { params: { path: { cycle_id: id } }, body })),
    invalidate,
  });
  const remove = useApiMutation<{ entry: number; reason: string }, unknown>({
    mutationFn: ({ entry, reason }) => call(api.POST('/api/v1/planning-candidates/{entry_id}/remove', { params: { path: { entry_id: entry } }, body: { reason } })),
    invalidate,
  });
  const revise = useApiMutation<void, unknown>({
    mutationFn: () => call(api.POST('/api/v1/planning-cycles/{cycle_id}/revisions', { params: { path: { cycle_id: id } } })),
    invalidate,
  });
  const [stepOpen, setStepOpen] = useState<Step | null>(null);
  const [cadre, setCadre] = useState<number | undefined>(undefined);
  const [post, setPost] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const byPost = new Map<string, NonNullable<typeof candidates.data>['items']>();
  for (const c of candidates.data?.items ?? []) byPost.set(c.position_code, [...(byPost.get(c.position_code) ?? []), c]);
  const s = structure.data;
  const editable = cycle.status === 'draft';
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={1} size="h2">{cycle.name}</Title>
          <StatusBadge status={cycle.status} label={t(`status.${cycle.status}`)} />
        </Group>
        <Group gap="xs">
          {cycle.status === 'draft' && <Button onClick={() => setStepOpen('submit')}>{t('submit')}</Button>}
          {cycle.status === 'submitted' && perms.can('actions:approve') && <Button color="green.9" onClick={() => setStepOpen('approve')}>{t('approve')}</Button>}
          {cycle.status === 'approved' && <Button variant="default" onClick={() => revise.mutate()} loading={revise.isPending}>{t('revise')}</Button>}
          <DownloadButton url={`/api/v1/planning-cycles/${id}/list.xlsx`} fileName={`quy-hoach-${id}.xlsx`}>{t('listXlsx')}</DownloadButton>
          <DownloadButton url={`/api/v1/planning-cycles/${id}/list.docx`} fileName={`quy-hoach-${id}.docx`}>{t('listDocx')}</DownloadButton>
          <Text size="xs" c="dimmed" w="100%" ta="right">{t('detail.listHint')}</Text>
        </Group>
      </Group>
      {revise.error !== null && <ProblemAlert error={revise.error} />}
      <StepModal step={stepOpen} cycleId={id} structure={s} onClose={() => setStepOpen(null)} />
      {cycle.status !== 'draft' && <Frozen cycle={cycle} structure={s} />}
      {s && (
        <Card withBorder padding="md" component="section" aria-labelledby="structure-title">
          <Title order={3} size="h4" id="structure-title" mb="xs">{t('structure.title')}</Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="sm">
            <div><Text size="xs" c="dimmed">{t('structure.candidates')}</Text><Text fw={700} size="lg">{s.overall.candidates}</Text></div>
            <div><Text size="xs" c="dimmed">{t('structure.women')}</Text><Text fw={700} size="lg">{percent(s.overall.women_share, i18n.resolvedLanguage)}</Text></div>
            <div><Text size="xs" c="dimmed">{t('structure.young')}</Text><Text fw={700} size="lg">{percent(s.overall.young_share, i18n.resolvedLanguage)}</Text></div>
            <div><Text size="xs" c="dimmed">{t('structure.ageBands')}</Text><Text size="sm">{Object.entries(s.overall.age_bands as Record<string, number>).map(([k, v]) => `${t(`structure.band.${k}`, { defaultValue: k })}: ${v}`).join(' · ')}</Text></div>
          </SimpleGrid>
          <Stack gap={4}>
            {s.checks.map((c) => {
              const post = c.check.startsWith('max_per_post:') ? s.posts.find((p) => `max_per_post:${p.position_code}` === c.check) : undefined;
              const share = isShareCheck(c.check) ? figuresOf(c.message) : undefined;
              const title = post ? t('structure.check.maxPerPost', { post: positions.label(post.position_code) }) : t(`structure.check.${c.check}`, { defaultValue: t('structure.check.other') });
              const text = post
                ? t('structure.postFill', { n: post.candidates, max: post.max_candidates })
                : share
                  ? t('structure.shareFigure', { count: share.count, total: share.total, target: share.target ?? '—' })
                  : c.check === 'three_age_bands'
                    ? t(c.passed ? 'structure.bandsOk' : 'structure.bandsMissing')
                    : c.message;
              return (
                <Alert key={c.check} color={c.passed ? 'green' : 'yellow'} variant="light" p="xs" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }} title={title}>
                  <Text size="sm">{text}</Text>
                </Alert>
              );
            })}
          </Stack>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {[...byPost.entries()].map(([code, list]) => {
          const ps = s?.posts.find((p) => p.position_code === code);
          return (
            <Card key={code} withBorder padding="sm" component="section" aria-label={positions.label(code)}>
              <Group justify="space-between" mb="xs">
                <Text fw={700}>{positions.label(code)}</Text>
                {ps && <Badge variant="outline" color="gray" tt="none">{ps.candidates}/{ps.max_candidates}</Badge>}
              </Group>
              {ps && <Progress value={ps.max_candidates ? (100 * ps.candidates) / ps.max_candidates : 0} aria-label={t('structure.fill', { post: positions.label(code) })} mb="xs" />}
              <Stack gap={6}>
                {list!.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
                    <div>
                      <Text size="sm" fw={600} td={c.removed_on ? 'line-through' : undefined}>{c.full_name}</Text>
                      <Text size="xs" c="dimmed">{formatDate(c.birth_date)} · {t(`gender.${c.gender}`, { defaultValue: '' })}</Text>
                    </div>
                    {editable && !c.removed_on && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate({ entry: c.id, reason: t('removeReason') })}>{t('remove')}</Button>
                    )}
                  </Group>
                ))}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      {candidates.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('noCandidates')}</Text>}
      {remove.error !== null && <ProblemAlert error={remove.error} />}
      {editable && (
        <Card withBorder padding="md" component="form" aria-labelledby="add-candidate" onSubmit={(e) => {
          e.preventDefault();
          if (cadre && post) add.mutate({ cadre_id: cadre, position_code: post, reason, source: 'inside' }, { onSuccess: () => setCadre(undefined) });
        }}>
          <Title order={3} size="h4" id="add-candidate" mb="xs">{t('add')}</Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 4 }}><CadreSelect label={t('cadre')} value={cadre} onChange={setCadre} required /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}><Select label={t('post')} searchable data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))} value={post} onChange={setPost} required /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}><TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 2 }}><Button type="submit" loading={add.isPending} fullWidth>{t('addButton')}</Button></Grid.Col>
          </Grid>
          {add.error !== null && <ProblemAlert error={add.error} />}
        </Card>
      )}
    </Stack>
  );
}


/** /planning/:id — one planning cycle: its facts, the list downloads, the board per post, submit/approve/revise. */
export function CycleDetailPage() {
  const { t } = useTranslation('planning');
  const { cycleId } = route.useParams();
  const id = Number(cycleId);
  const cycle = useQuery({
    queryKey: queryKeys.planning.cycle(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/planning-cycles/{cycle_id}', { params: { path: { cycle_id: id } }, signal })),
  });
  const c = cycle.data;
  useDocumentTitle(`${c?.name ?? t('title')} · ${t('common:appName')}`);
  if (cycle.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (cycle.error || !c) return <ProblemAlert error={cycle.error} onRetry={() => void cycle.refetch()} />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/planning" size="sm">← {t('title')}</Anchor>
      <Card withBorder padding="md">
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" m={0}>
          <Field label={t('unit')}><UnitName id={c.unit_id} /></Field>
          <Field label={t('period')}>{c.start_year}–{c.end_year}</Field>
          <Field label={t('detail.submittedAt')}>{dateTime(c.submitted_at)}</Field>
          <Field label={t('detail.approved')}>{c.approved_at ? `${dateTime(c.approved_at)} · ${c.approved_by ?? ''}` : '—'}</Field>
          <Field label={t('detail.decisionNo')}>{c.decision_no ?? '—'}</Field>
          <Field label={t('detail.revisionOf')}>
            {c.revision_of ? <Anchor component={Link} to="/planning/$cycleId" params={{ cycleId: String(c.revision_of) } as never} size="sm">{t('detail.previous')}</Anchor> : '—'}
          </Field>
        </SimpleGrid>
      </Card>
      <Board cycle={c} />
    </Stack>
  );
}
