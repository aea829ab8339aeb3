import { Anchor, Button, Card, Checkbox, Grid, Group, List, Loader, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import { usePermissions } from '../../api/queries/me';
import { useChildUnits } from '../../api/queries/units';
import { ConflictPanel } from '../../components/ConflictPanel';
import { DateField } from '../../components/DateField';
import { UnitName, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import {
  TASK_STATUSES,
  useChildPlans,
  usePlan,
  useUpdatePlan,
  type CascadeResult,
  type PlanDetail,
  type PlanTask,
  type TaskCreate,
  type TaskStatus,
} from './api';
import { TargetsSection } from './TargetsSection';

const route = getRouteApi('/plans/$planId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

interface EditValues {
  number: string;
  title: string;
  issued_on: string | undefined;
}

function EditPlan({ plan, onDone }: { plan: PlanDetail; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const initial: EditValues = { number: plan.number ?? '', title: plan.title, issued_on: plan.issued_on ?? undefined };
  const form = useForm<EditValues>({ initialValues: initial });
  const [version, setVersion] = useState(plan.version);
  const update = useUpdatePlan(plan.id, form);
  const toBody = (v: EditValues) => ({ number: v.number.trim() || null, title: v.title, issued_on: v.issued_on ?? null });
  return (
    <form
      onSubmit={form.onSubmit((v) => update.mutate({ body: toBody(v), version }, { onSuccess: onDone }))}
      aria-labelledby="edit-plan"
      noValidate
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="edit-plan">{t('edit.title')}</Title>
        {update.conflict && (
          <ConflictPanel
            conflict={{ theirs: update.conflict.theirs, mine: update.conflict.mine.body }}
            fields={[
              { key: 'number', label: t('fields.number') },
              { key: 'title', label: t('fields.title') },
              { key: 'issued_on', label: t('fields.issuedOn'), format: (v) => formatDate(v as string) || '—' },
            ]}
            onKeepMine={() => {
              const theirs = update.conflict!.theirs as PlanDetail | null;
              if (!theirs) return;
              setVersion(theirs.version);
              const mine = update.conflict!.mine.body;
              update.clearConflict();
              update.mutate({ body: mine, version: theirs.version }, { onSuccess: onDone });
            }}
            onUseTheirs={() => {
              const theirs = update.conflict!.theirs as PlanDetail | null;
              if (theirs) {
                form.setValues({ number: theirs.number ?? '', title: theirs.title, issued_on: theirs.issued_on ?? undefined });
                setVersion(theirs.version);
              }
              update.clearConflict();
              update.reset();
            }}
          />
        )}
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, sm: 3 }}><TextInput label={t('fields.number')} {...form.getInputProps('number')} /></Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}><TextInput label={t('fields.title')} required {...form.getInputProps('title')} /></Grid.Col>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <DateField label={t('fields.issuedOn')} value={form.values.issued_on} onChange={(v) => form.setFieldValue('issued_on', v)} error={form.errors.issued_on} />
          </Grid.Col>
        </Grid>
        <Group gap="xs">
          <Button type="submit" loading={update.isPending}>{t('edit.save')}</Button>
          <Button variant="default" onClick={onDone}>{t('edit.cancel')}</Button>
        </Group>
        {update.error !== null && !update.conflict && <ProblemAlert error={update.error} />}
      </Stack>
    </form>
  );
}

function Tasks({ plan, canWrite }: { plan: PlanDetail; canWrite: boolean }) {
  const { t } = useTranslation('plans');
  const [title, setTitle] = useState('');
  const [unit, setUnit] = useState<number | undefined>(undefined);
  const [deadline, setDeadline] = useState<string | undefined>(undefined);
  const add = useApiMutation<TaskCreate, PlanTask>({
    mutationFn: (body) => call(api.POST('/api/v1/plans/{plan_id}/tasks', { params: { path: { plan_id: plan.id } }, body })),
    invalidate: [queryKeys.plans.all],
    onSuccess: () => {
      setTitle('');
      setDeadline(undefined);
    },
  });
  const status = useApiMutation<{ id: number; status: TaskStatus }, PlanTask>({
    mutationFn: ({ id, status: s }) => call(api.PATCH('/api/v1/plan-tasks/{task_id}', { params: { path: { task_id: id } }, body: { status: s } })),
    invalidate: [queryKeys.plans.all],
  });
  const today = todayIso();
  return (
    <Stack gap="sm" component="section" aria-labelledby="tasks-title">
      <Title order={2} size="h4" id="tasks-title">{t('tasks.title')}</Title>
      {plan.tasks.length === 0 ? (
        <Text size="sm" c="dimmed">{t('tasks.none')}</Text>
      ) : (
        <ScrollTable minWidth={620} label={t('tasks.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tasks.task')}</Table.Th>
                <Table.Th scope="col">{t('tasks.responsible')}</Table.Th>
                <Table.Th scope="col">{t('tasks.deadline')}</Table.Th>
                <Table.Th scope="col">{t('fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.tasks.map((task) => {
                const late = task.deadline && task.deadline < today && (task.status === 'open' || task.status === 'in_progress');
                return (
                  <Table.Tr key={task.id}>
                    <Table.Td>{task.title}</Table.Td>
                    <Table.Td><UnitName id={task.responsible_unit_id} /></Table.Td>
                    <Table.Td>
                      {formatDate(task.deadline) || '—'}
                      {late && <Text span size="xs" c="red.8" fw={600}> · {t('tasks.late')}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {canWrite ? (
                        <Select
                          aria-label={t('tasks.statusOf', { name: task.title })}
                          size="xs"
                          w={160}
                          data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
                          value={task.status}
                          allowDeselect={false}
                          onChange={(v) => v && v !== task.status && status.mutate({ id: task.id, status: v as TaskStatus })}
                        />
                      ) : (
                        t(`taskStatus.${task.status}`)
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {status.error !== null && <ProblemAlert error={status.error} />}
      {canWrite && (
        <Card
          withBorder
          padding="md"
          component="form"
          aria-labelledby="add-task"
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) add.mutate({ title, responsible_unit_id: unit ?? null, deadline: deadline ?? null });
          }}
        >
          <Title order={3} size="h5" id="add-task" mb="xs">{t('tasks.add')}</Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, md: 5 }}><TextInput label={t('tasks.task')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}><UnitSelect label={t('tasks.responsible')} value={unit} onChange={setUnit} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 2 }}><DateField label={t('tasks.deadline')} value={deadline} onChange={setDeadline} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 2 }}><Button type="submit" loading={add.isPending} fullWidth>{t('tasks.addButton')}</Button></Grid.Col>
          </Grid>
          {add.error !== null && <ProblemAlert error={add.error} />}
        </Card>
      )}
    </Stack>
  );
}

/** Triển khai xuống đơn vị trực thuộc: pick the subordinate units, see what will be made, confirm. */
function Cascade({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation('plans');
  const [opened, { open, close }] = useDisclosure(false);
  const children = useChildUnits(plan.issuer_unit_id, undefined, opened);
  const existing = useChildPlans(plan.id);
  const [chosen, setChosen] = useState<number[]>([]);
  const [result, setResult] = useState<CascadeResult | null>(null);
  const run = useApiMutation<number[], CascadeResult>({
    mutationFn: (ids) => call(api.POST('/api/v1/plans/{plan_id}/cascade', { params: { path: { plan_id: plan.id } }, body: { unit_ids: ids, all_children: false } })),
    invalidate: [queryKeys.plans.all],
    onSuccess: (r) => {
      setResult(r);
      setChosen([]);
    },
  });
  const done = new Map((existing.data?.items ?? []).map((p) => [p.issuer_unit_id, p.id]));
  const units = children.data ?? [];
  const fresh = units.filter((u) => !done.has(u.id));
  return (
    <Stack gap="sm" component="section" aria-labelledby="cascade-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="cascade-title">{t('cascade.title')}</Title>
        <Button variant="default" onClick={() => { setResult(null); open(); }}>{t('cascade.open')}</Button>
      </Group>
      {(existing.data?.items.length ?? 0) > 0 ? (
        <List size="sm">
          {existing.data!.items.map((p) => (
            <List.Item key={p.id}>
              <Anchor component={Link} to="/plans/$planId" params={{ planId: String(p.id) } as never} size="sm"><UnitName id={p.issuer_unit_id} /></Anchor>{' '}
              <StatusBadge status={p.status} label={t(`status.${p.status}`)} />
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">{t('cascade.none')}</Text>
      )}
      <Modal opened={opened} onClose={close} title={t('cascade.title')} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
        {result ? (
          <Stack gap="sm">
            <Text size="sm">{t('cascade.done', { count: result.items.filter((i) => i.created).length })}</Text>
            <List size="sm">
              {result.items.map((i) => (
                <List.Item key={i.unit_id}>
                  <Anchor component={Link} to="/plans/$planId" params={{ planId: String(i.plan_id) } as never} onClick={close}><UnitName id={i.unit_id} /></Anchor>
                  {' · '}{i.created ? t('cascade.created') : t('cascade.already')}
                </List.Item>
              ))}
            </List>
            <Button onClick={close} w="fit-content">{t('cascade.close')}</Button>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm">{t('cascade.explain')}</Text>
            {children.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
            {children.error && <ProblemAlert error={children.error} />}
            {children.data && units.length === 0 && <Text size="sm" c="dimmed">{t('cascade.noChildren')}</Text>}
            {fresh.length > 1 && (
              <Checkbox
                label={t('cascade.all')}
                checked={chosen.length === fresh.length}
                indeterminate={chosen.length > 0 && chosen.length < fresh.length}
                onChange={(e) => setChosen(e.currentTarget.checked ? fresh.map((u) => u.id) : [])}
              />
            )}
            <Stack gap={6} mah={320} style={{ overflowY: 'auto' }} tabIndex={0} role="group" aria-label={t('cascade.units')}>
              {units.map((u) => (
                <Checkbox
                  key={u.id}
                  label={done.has(u.id) ? `${u.name} — ${t('cascade.already')}` : u.name}
                  disabled={done.has(u.id)}
                  checked={chosen.includes(u.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChosen((c) => (on ? [...c, u.id] : c.filter((x) => x !== u.id)));
                  }}
                />
              ))}
            </Stack>
            <Card withBorder padding="xs" bg="gray.0" aria-live="polite">
              <Text size="sm" fw={600}>{t('cascade.preview')}</Text>
              <Text size="sm">{t('cascade.previewText', { units: chosen.length, targets: plan.targets.length })}</Text>
            </Card>
            {run.error !== null && <ProblemAlert error={run.error} />}
            <Group gap="xs">
              <Button onClick={() => run.mutate(chosen)} disabled={chosen.length === 0} loading={run.isPending}>{t('cascade.confirm', { count: chosen.length })}</Button>
              <Button variant="default" onClick={close}>{t('edit.cancel')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** /plans/:id — a plan or resolution: its facts (edit, issue), targets with progress, tasks, cascade. */
export function PlanDetailPage() {
  const { t } = useTranslation('plans');
  const { planId } = route.useParams();
  const id = Number(planId);
  const plan = usePlan(id);
  const perms = usePermissions();
  const [editing, setEditing] = useState(false);
  const issue = useUpdatePlan(id);
  const p = plan.data;
  useDocumentTitle(`${p?.title ?? t('title')} · ${t('common:appName')}`);
  if (plan.isPending) return <Loader size="sm" aria-label={t('common:loading')} />;
  if (plan.error || !p) return <ProblemAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  const canWrite = perms.can('units:write');
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/plans" size="sm">← {t('title')}</Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">{t(`kind.${p.kind}`)}{p.number ? ` ${p.number}` : ''}: {p.title}</Title>
          <StatusBadge status={p.status} label={t(`status.${p.status}`)} />
        </Group>
        {canWrite && (
          <Group gap="xs">
            {!editing && <Button variant="default" onClick={() => setEditing(true)}>{t('edit.open')}</Button>}
            {p.status === 'draft' && (
              <Button loading={issue.isPending} onClick={() => issue.mutate({ body: { status: 'issued' }, version: p.version })}>
                {t('edit.issue')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {issue.error !== null && <ProblemAlert error={issue.error} />}
      <Card withBorder padding="md">
        {editing ? (
          <EditPlan plan={p} onDone={() => setEditing(false)} />
        ) : (
          <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" m={0}>
            <Field label={t('fields.issuer')}><UnitName id={p.issuer_unit_id} /></Field>
            <Field label={t('fields.period')}>{formatDate(p.period_start)} – {formatDate(p.period_end)}</Field>
            <Field label={t('fields.issuedOn')}>{formatDate(p.issued_on) || '—'}</Field>
            <Field label={t('fields.parent')}>
              {p.parent_plan_id ? <Anchor component={Link} to="/plans/$planId" params={{ planId: String(p.parent_plan_id) } as never} size="sm">{t('fields.parentLink')}</Anchor> : '—'}
            </Field>
          </SimpleGrid>
        )}
      </Card>
      <TargetsSection plan={p} canWrite={canWrite} canEnter={perms.can('cadres:write')} />
      <Tasks plan={p} canWrite={canWrite} />
      {canWrite && <Cascade plan={p} />}
    </Stack>
  );
}
