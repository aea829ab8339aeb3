import { Button, Card, Group, Loader, Radio, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Task, TaskResolve } from '../../api/types';
import { AnchorLink } from '../../components/AnchorLink';
import { ConflictPanel, type ConflictField } from '../../components/ConflictPanel';
import { CadreName, UnitName } from '../../components/EntitySelect';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../lib/dates';
import { useResolveTask, useTask } from './api';
import { useTaskLabels } from './labels';

const route = getRouteApi('/tasks/$taskId');

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

/** What raised the task: a link to the planning cycle, the person, the report request… where the SPA has a screen. */
function Source({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const id = task.source_id;
  if (task.source_type === 'planning_cycle' && id) {
    return <AnchorLink to="/planning" search={{ cycle: id }}>{t('source.planning_cycle', { id })}</AnchorLink>;
  }
  if (task.source_type === 'report_request' && id) {
    return <AnchorLink to="/report-requests/$requestId" params={{ requestId: String(id) }}>{t('source.report_request', { id })}</AnchorLink>;
  }
  if ((task.source_type === 'cadre' || task.source_type === 'rotation') && task.cadre_id) {
    return (
      <AnchorLink to="/cadres/$cadreId" params={{ cadreId: task.cadre_id }}>
        {t(`source.${task.source_type}`)}: <CadreName id={task.cadre_id} />
      </AnchorLink>
    );
  }
  if (task.source_type) return <>{t(`source.${task.source_type}`, { defaultValue: t('source.other'), id })}</>;
  return <>—</>;
}

function ResolveForm({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const labels = useTaskLabels();
  const form = useForm<TaskResolve>({
    initialValues: { status: 'done', note: '' },
    validate: { note: (v) => (v && v.trim().length > 0 ? null : t('resolve.noteRequired')) },
  });
  const resolve = useResolveTask(task.id, form);
  const conflictFields: ConflictField[] = [
    { key: 'status', label: t('field.status'), format: (v) => (v ? labels.status(String(v)) : '—') },
    { key: 'note', label: t('resolve.note'), format: (v) => (v ? String(v) : '—') },
  ];
  return (
    <Card withBorder component="section" aria-labelledby="resolve-title">
      <Title order={2} size="h4" id="resolve-title" mb="sm">{t('resolve.title')}</Title>
      {resolve.conflict ? (
        <ConflictPanel
          conflict={{
            theirs: { ...(resolve.conflict.theirs as Task | null), note: (resolve.conflict.theirs as Task | null)?.resolution_note },
            mine: resolve.conflict.mine.body,
          }}
          fields={conflictFields}
          onKeepMine={() => {
            const theirs = resolve.conflict!.theirs as Task | null;
            const mine = resolve.conflict!.mine;
            resolve.clearConflict();
            if (theirs && theirs.status === 'open') resolve.mutate({ ...mine, version: theirs.version });
          }}
          onUseTheirs={() => resolve.clearConflict()}
        />
      ) : (
        <form onSubmit={form.onSubmit((values) => resolve.mutate({ body: { ...values, note: values.note?.trim() }, version: task.version }))} noValidate>
          <Stack gap="sm">
            <Radio.Group label={t('resolve.decision')} {...form.getInputProps('status')}>
              <Group gap="lg" mt={4}>
                <Radio value="done" label={t('resolve.done')} />
                <Radio value="dismissed" label={t('resolve.dismissed')} />
              </Group>
            </Radio.Group>
            <Textarea label={t('resolve.note')} description={t('resolve.noteHint')} autosize minRows={3} maxLength={4000} withAsterisk
              {...form.getInputProps('note')} />
            {resolve.error ? <ProblemAlert error={resolve.error} /> : null}
            <Group>
              <Button type="submit" loading={resolve.isPending}>{t('resolve.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

/** /tasks/$taskId: a task, what raised it, and its resolution (or the form to resolve it). */
export function TaskDetailPage() {
  const { t } = useTranslation('tasks');
  const { taskId } = route.useParams();
  const task = useTask(Number(taskId));
  const labels = useTaskLabels();
  useDocumentTitle(`${task.data?.title ?? t('detail.title')} · ${t('common:appName')}`);
  if (task.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (task.error) return <ProblemAlert error={task.error} onRetry={() => void task.refetch()} />;
  const x = task.data;
  return (
    <Stack gap="md">
      <AnchorLink to="/tasks" size="sm">← {t('back')}</AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1} size="h2">{x.title}</Title>
        <StatusBadge status={x.status} label={labels.status(x.status)} />
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Fact label={t('field.kind')}>{labels.kind(x.kind)}</Fact>
          <Fact label={t('field.unit')}><UnitName id={x.unit_id} /></Fact>
          <Fact label={t('field.due')}>{formatDate(x.due_on)}</Fact>
          <Fact label={t('field.cadre')}>
            {x.cadre_id ? <AnchorLink to="/cadres/$cadreId" params={{ cadreId: x.cadre_id }}><CadreName id={x.cadre_id} /></AnchorLink> : '—'}
          </Fact>
          <Fact label={t('field.source')}><Source task={x} /></Fact>
          <Fact label={t('field.raised')}>{formatDate(x.created_at.slice(0, 10))}</Fact>
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt="md">{t(`explain.${x.kind}`, { defaultValue: t('explain.other') })}</Text>
      </Card>
      {x.status === 'open' ? (
        <ResolveForm task={x} />
      ) : (
        <Card withBorder component="section" aria-labelledby="resolution-title">
          <Title order={2} size="h4" id="resolution-title" mb="sm">{t('resolution.title')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <Fact label={t('resolution.by')}>{x.resolved_by ?? '—'}</Fact>
            <Fact label={t('resolution.on')}>{x.resolved_at ? formatDate(x.resolved_at.slice(0, 10)) : '—'}</Fact>
            <Fact label={t('resolve.note')}>{x.resolution_note || '—'}</Fact>
          </SimpleGrid>
        </Card>
      )}
    </Stack>
  );
}
