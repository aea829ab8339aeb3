/**
 * Editing a unit's structure (cơ cấu tổ chức): a term's details, a new body (BCH/BTV/UBKT…) for a term,
 * assigning a cadre to a post in a body, and ending an assignment with a date and reason.
 */
import { Anchor, Button, Card, Checkbox, Grid, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { usePositions } from '../../api/queries/reference';
import type { components } from '../../api/types';
import { DateField } from '../../components/DateField';
import { CadreSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatDate, todayIso } from '../../lib/dates';
import { useLabel } from '../../lib/labels';

type S = components['schemas'];
type BodyKind = S['BodyKind'];
type Basis = S['Basis'];
type EndReason = S['EndReason'];
type Member = S['CompositionMember'];

const BODY_KINDS: BodyKind[] = ['bch', 'btv', 'ubkt', 'doan_chu_tich', 'apparatus'];
const BASES: Basis[] = ['elected', 'designated', 'appointed'];
const END_REASONS: EndReason[] = ['term_ended', 'dismissal', 'resignation', 'removal', 'retirement', 'transfer', 'rotation', 'secondment', 'appointment', 'reappointment', 'unit_ended', 'death'];
/** Everything a change here can alter: terms, compositions, the unit's summary and cadres' post histories. */
const INVALIDATE = [['units'], ['cadres']] as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

function EndAssignment({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation('unitEdit');
  const label = useLabel();
  const [toDate, setToDate] = useState<string | undefined>(todayIso());
  const [reason, setReason] = useState<EndReason | null>(null);
  const [decision, setDecision] = useState('');
  const end = useApiMutation<S['AssignmentEnd'], S['AssignmentRead']>({
    mutationFn: (body) => call(api.POST('/api/v1/assignments/{assignment_id}/end', { params: { path: { assignment_id: member.assignment_id } }, body })),
    invalidate: INVALIDATE,
    onSuccess: onClose,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (toDate && reason) end.mutate({ to_date: toDate, end_reason: reason, decision_no: decision.trim() || null });
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('end.explain', { name: member.full_name })}</Text>
        <DateField label={t('end.toDate')} value={toDate} onChange={setToDate} required />
        <Select label={t('end.reason')} data={END_REASONS.map((r) => ({ value: r, label: label('end_reason', r) }))} value={reason} onChange={(v) => setReason(v as EndReason | null)} required />
        <TextInput label={t('decisionNo')} value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
        {end.error !== null && <ProblemAlert error={end.error} />}
        <Group gap="xs">
          <Button type="submit" color="red" loading={end.isPending} disabled={!toDate || !reason}>{t('end.confirm')}</Button>
          <Button variant="default" onClick={onClose}>{t('cancel')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function AssignForm({ unitId, bodies }: { unitId: number; bodies: S['BodyRead'][] }) {
  const { t } = useTranslation('unitEdit');
  const label = useLabel();
  const positions = usePositions();
  const [body, setBody] = useState<string | null>(bodies[0] ? String(bodies[0].id) : null);
  const [cadre, setCadre] = useState<number | undefined>(undefined);
  const [post, setPost] = useState<string | null>(null);
  const [basis, setBasis] = useState<Basis>('elected');
  const [fullTime, setFullTime] = useState(false);
  const [from, setFrom] = useState<string | undefined>(todayIso());
  const [decision, setDecision] = useState('');
  const assign = useApiMutation<S['AssignmentCreate'], S['AssignmentRead']>({
    mutationFn: (b) => call(api.POST('/api/v1/assignments', { body: b })),
    invalidate: INVALIDATE,
    onSuccess: () => {
      setCadre(undefined);
      setPost(null);
      setDecision('');
    },
  });
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-labelledby={`assign-${unitId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!body || !cadre || !post || !from) return;
        assign.mutate({ body_id: Number(body), cadre_id: cadre, position_code: post, basis, full_time: fullTime, from_date: from, decision_no: decision.trim() || null, carried_over: false });
      }}
    >
      <Title order={3} size="h5" id={`assign-${unitId}`} mb="xs">{t('assign.title')}</Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select label={t('assign.body')} data={bodies.map((b) => ({ value: String(b.id), label: label('body', b.kind) }))} value={body} onChange={setBody} allowDeselect={false} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <CadreSelect label={t('assign.cadre')} value={cadre} onChange={setCadre} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select label={t('assign.post')} searchable data={positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }))} value={post} onChange={setPost} required />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select label={t('assign.basis')} data={BASES.map((b) => ({ value: b, label: label('basis', b) }))} value={basis} onChange={(v) => v && setBasis(v as Basis)} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <DateField label={t('assign.from')} value={from} onChange={setFrom} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <TextInput label={t('decisionNo')} value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Checkbox label={t('assign.fullTime')} checked={fullTime} onChange={(e) => setFullTime(e.currentTarget.checked)} mb={8} />
        </Grid.Col>
      </Grid>
      <Button type="submit" mt="sm" loading={assign.isPending} disabled={!body || !cadre || !post || !from}>{t('assign.submit')}</Button>
      {assign.error !== null && <ProblemAlert error={assign.error} />}
    </Card>
  );
}

function AddBodyForm({ unitId, termId, existing }: { unitId: number; termId: number; existing: BodyKind[] }) {
  const { t } = useTranslation('unitEdit');
  const label = useLabel();
  const free = BODY_KINDS.filter((k) => !existing.includes(k));
  const [kind, setKind] = useState<BodyKind | null>(free[0] ?? null);
  const [seats, setSeats] = useState<number | string>('');
  const add = useApiMutation<S['BodyCreate'], S['BodyRead']>({
    mutationFn: (body) => call(api.POST('/api/v1/bodies', { body })),
    invalidate: INVALIDATE,
    onSuccess: () => setSeats(''),
  });
  if (free.length === 0) return null;
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      aria-labelledby={`add-body-${termId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (kind) add.mutate({ unit_id: unitId, term_id: termId, kind, seats: seats === '' ? null : Number(seats) });
      }}
    >
      <Title order={3} size="h5" id={`add-body-${termId}`} mb="xs">{t('body.title')}</Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <Select label={t('body.kind')} data={free.map((k) => ({ value: k, label: label('body', k) }))} value={kind} onChange={(v) => setKind(v as BodyKind | null)} allowDeselect={false} required />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <NumberInput label={t('body.seats')} min={1} max={500} value={seats} onChange={setSeats} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <Button type="submit" loading={add.isPending} fullWidth>{t('body.submit')}</Button>
        </Grid.Col>
      </Grid>
      {add.error !== null && <ProblemAlert error={add.error} />}
    </Card>
  );
}

/** The structure editor of a unit page (users with units:write). */
export function UnitStructureEditor({ unitId }: { unitId: number }) {
  const { t } = useTranslation('unitEdit');
  const label = useLabel();
  const positions = usePositions();
  const terms = useQuery({
    queryKey: ['units', 'terms', unitId],
    queryFn: ({ signal }) => call(api.GET('/api/v1/terms', { params: { query: { unit_id: unitId, limit: 50 } }, signal })),
  });
  const items = [...(terms.data?.items ?? [])].sort((a, b) => (a.start_date < b.start_date ? 1 : -1));
  const [picked, setPicked] = useState<string | null>(null);
  const termId = picked ? Number(picked) : items[0]?.id;
  const term = useQuery({
    queryKey: ['units', 'term', termId ?? -1],
    queryFn: ({ signal }) => call(api.GET('/api/v1/terms/{term_id}', { params: { path: { term_id: termId! } }, signal })),
    enabled: termId !== undefined,
  });
  const bodies = term.data?.bodies ?? [];
  const compositions = useQueries({
    queries: bodies.map((b) => ({
      queryKey: ['units', 'composition', b.id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(api.GET('/api/v1/bodies/{body_id}/composition', { params: { path: { body_id: b.id } }, signal })),
    })),
  });
  const [ending, setEnding] = useState<Member | null>(null);
  if (terms.error) return <ProblemAlert error={terms.error} />;
  if (!terms.data || items.length === 0) return null;
  const tm = term.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby={`structure-${unitId}`}>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4" id={`structure-${unitId}`}>{t('title')}</Title>
        <Select
          label={t('term')}
          w={260}
          data={items.map((x) => ({ value: String(x.id), label: `${x.name} (${formatDate(x.start_date)} – ${formatDate(x.end_date) || '…'})` }))}
          value={termId ? String(termId) : null}
          onChange={setPicked}
          allowDeselect={false}
        />
      </Group>
      {term.error && <ProblemAlert error={term.error} />}
      {tm && (
        <SimpleGrid component="dl" cols={{ base: 2, md: 4 }} spacing="sm" m={0}>
          <Field label={t('congressDate')}>{formatDate(tm.congress_date) || '—'}</Field>
          <Field label={t('period')}>{formatDate(tm.start_date)} – {formatDate(tm.end_date) || '…'}</Field>
          <Field label={t('decisionNo')}>{tm.decision_no ?? '—'}</Field>
          <Field label={t('bodies')}>{bodies.length ? bodies.map((b) => label('body', b.kind)).join(', ') : '—'}</Field>
        </SimpleGrid>
      )}
      {bodies.map((b, i) => {
        const c = compositions[i]?.data;
        return (
          <div key={b.id}>
            <Text fw={600} size="sm">{label('body', b.kind)}{b.seats ? ` · ${t('seats', { filled: c?.filled ?? '…', seats: b.seats })}` : ''}</Text>
            {c && c.members.length > 0 ? (
              <ScrollTable minWidth={520} label={label('body', b.kind)}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('member')}</Table.Th>
                      <Table.Th scope="col">{t('assign.post')}</Table.Th>
                      <Table.Th scope="col">{t('age')}</Table.Th>
                      <Table.Th scope="col"><VisuallyHidden>{t('actions')}</VisuallyHidden></Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.members.map((m) => (
                      <Table.Tr key={m.assignment_id}>
                        <Table.Td>
                          <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: m.cadre_id } as never} size="sm">{m.full_name}</Anchor>
                        </Table.Td>
                        <Table.Td>{positions.label(m.position_code)}</Table.Td>
                        <Table.Td>{m.age}</Table.Td>
                        <Table.Td>
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setEnding(m)} aria-label={t('end.open', { name: m.full_name })}>
                            {t('end.button')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            ) : (
              c && <Text size="sm" c="dimmed">{t('noMembers')}</Text>
            )}
          </div>
        );
      })}
      {tm && bodies.length > 0 && <AssignForm key={tm.id} unitId={unitId} bodies={bodies} />}
      {tm && <AddBodyForm key={`b-${tm.id}`} unitId={unitId} termId={tm.id} existing={bodies.map((b) => b.kind)} />}
      <Modal opened={ending !== null} onClose={() => setEnding(null)} title={t('end.title')} closeButtonProps={{ 'aria-label': t('common:close') }}>
        {ending && <EndAssignment member={ending} onClose={() => setEnding(null)} />}
      </Modal>
    </Stack>
  );
}
