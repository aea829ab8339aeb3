import { ActionIcon, Alert, Anchor, Button, Card, Grid, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { isProblemError } from '../../api/problem';
import { queryKeys } from '../../api/queries/keys';
import { usePositions } from '../../api/queries/reference';
import type { ActionCreate, ActionType, components } from '../../api/types';
import { DateField } from '../../components/DateField';
import { CadreName, CadreSelect, UnitSelect } from '../../components/EntitySelect';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusBadge } from '../../components/StatusBadge';
import { todayIso } from '../../lib/dates';
import { ACTION_TYPES } from './labels';

type BatchRead = components['schemas']['BatchRead'];

interface Row {
  key: number;
  cadre: number | undefined;
  post: string | null;
  decision: string;
}

let nextKey = 1;
const emptyRow = (post: string | null = null): Row => ({ key: nextKey++, cadre: undefined, post, decision: '' });

/** Row index → the server's message for it (errors[] fields look like `actions.2` or `body.actions.2.position_code`). */
export function rowErrors(error: unknown): Map<number, string> {
  const out = new Map<number, string>();
  if (!isProblemError(error)) return out;
  for (const e of error.problem.errors) {
    const m = /(?:^|\.)actions\.(\d+)/.exec(e.field);
    if (m) out.set(Number(m[1]), e.message || e.code);
  }
  return out;
}

/** /actions/batch — several actions of one kind at once (e.g. appointments after a congress), all or nothing. */
export function ActionBatchPage() {
  const { t } = useTranslation('actionBatch');
  const ta = useTranslation('actions').t;
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  const positions = usePositions();
  const [type, setType] = useState<ActionType>('appointment');
  const [unit, setUnit] = useState<number | undefined>(undefined);
  const [date, setDate] = useState<string | undefined>(todayIso());
  const [rows, setRows] = useState<Row[]>([emptyRow(), emptyRow()]);
  const [result, setResult] = useState<BatchRead | null>(null);
  const create = useApiMutation<ActionCreate[], BatchRead>({
    mutationFn: (actions) => call(api.POST('/api/v1/personnel-actions/batch', { body: { actions } })),
    invalidate: [queryKeys.actions.all],
    onSuccess: setResult,
  });
  const filled = rows.filter((r) => r.cadre && r.post);
  const errs = rowErrors(create.error);
  const set = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const postData = positions.positions.map((p) => ({ value: p.code, label: positions.label(p.code) }));

  if (result) {
    return (
      <Stack gap="md">
        <Anchor component={Link} to="/actions" size="sm">← {ta('title')}</Anchor>
        <Title order={1} size="h2">{t('title')}</Title>
        <Alert color="green" variant="light" title={t('done', { count: result.items.length })}>{t('doneHint')}</Alert>
        <ScrollTable minWidth={560} label={t('results')}>
          <Table striped data-testid="batch-results">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">{t('cadre')}</Table.Th>
                <Table.Th scope="col">{t('post')}</Table.Th>
                <Table.Th scope="col">{t('status')}</Table.Th>
                <Table.Th scope="col">{t('eligibility')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.items.map((a, i) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to="/actions/$actionId" params={{ actionId: String(a.id) } as never} size="sm"><CadreName id={a.cadre_id} /></Anchor>
                  </Table.Td>
                  <Table.Td>{positions.label(a.position_code)}</Table.Td>
                  <Table.Td><StatusBadge status={a.status} label={ta(`status.${a.status}`)} /></Table.Td>
                  <Table.Td>{a.eligibility.every((r) => r.passed || !r.blocking) ? t('eligible') : t('notEligible')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Group gap="xs">
          <Button onClick={() => { setResult(null); setRows([emptyRow(), emptyRow()]); create.reset(); }}>{t('again')}</Button>
          <Button component={Link} to="/actions" variant="default">{ta('title')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/actions" size="sm">← {ta('title')}</Anchor>
      <Title order={1} size="h2">{t('title')}</Title>
      <Text size="sm" c="dimmed">{t('explain')}</Text>
      <Card
        withBorder
        padding="md"
        component="form"
        aria-label={t('title')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!unit || !date || filled.length === 0) return;
          create.mutate(filled.map((r) => ({ type, cadre_id: r.cadre!, unit_id: unit, position_code: r.post!, effective_date: date, decision_no: r.decision.trim() || null })));
        }}
      >
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Select label={t('type')} data={ACTION_TYPES.map((x) => ({ value: x, label: ta(`type.${x}`) }))} value={type} onChange={(v) => v && setType(v as ActionType)} allowDeselect={false} required />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <UnitSelect label={t('unit')} value={unit} onChange={setUnit} required />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <DateField label={t('effective')} value={date} onChange={setDate} required />
          </Grid.Col>
        </Grid>
        <Title order={2} size="h5" mt="md" mb="xs">{t('rows')}</Title>
        <Stack gap="xs">
          {rows.map((r, i) => (
            <Card key={r.key} withBorder padding="xs" bg={errs.has(i) ? 'red.0' : undefined} aria-label={t('row', { n: i + 1 })} component="fieldset" style={{ margin: 0 }}>
              <Grid gap="xs" align="flex-end">
                <Grid.Col span={{ base: 12, md: 5 }}>
                  <CadreSelect label={t('rowCadre', { n: i + 1 })} value={r.cadre} onChange={(v) => set(r.key, { cadre: v })} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 3 }}>
                  <Select label={t('post')} searchable data={postData} value={r.post} onChange={(v) => set(r.key, { post: v })} />
                </Grid.Col>
                <Grid.Col span={{ base: 10, md: 3 }}>
                  <TextInput label={t('decisionNo')} value={r.decision} onChange={(e) => set(r.key, { decision: e.currentTarget.value })} />
                </Grid.Col>
                <Grid.Col span={{ base: 2, md: 1 }}>
                  <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('removeRow', { n: i + 1 })} disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                    <IconTrash aria-hidden size={18} />
                  </ActionIcon>
                </Grid.Col>
              </Grid>
              {errs.has(i) && <Text size="sm" c="red.8" mt={4} role="alert">{t('rowError', { n: i + 1, message: errs.get(i) })}</Text>}
            </Card>
          ))}
        </Stack>
        <Group gap="xs" mt="sm">
          <Button variant="default" leftSection={<IconPlus aria-hidden size={16} />} onClick={() => setRows((rs) => [...rs, emptyRow(rs[rs.length - 1]?.post ?? null)])}>{t('addRow')}</Button>
          <Button type="submit" loading={create.isPending} disabled={!unit || !date || filled.length === 0}>{t('submit', { count: filled.length })}</Button>
        </Group>
        {create.error !== null && <ProblemAlert error={create.error} />}
      </Card>
    </Stack>
  );
}
