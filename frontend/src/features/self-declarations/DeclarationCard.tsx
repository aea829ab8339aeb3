import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConflictPanel } from '../../components/ConflictPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../lib/dates';
import { useDecideDeclaration, type Declaration, type DeclarationStatus } from './api';

const STATUS_COLOR: Record<DeclarationStatus, string> = { pending: 'orange', confirmed: 'green', rejected: 'red', superseded: 'gray' };
/** Values shown as labels, never as codes. */
const ENUM_OF: Record<string, string> = { relation: 'relationship', kind: 'qualification_kind', contract_type: 'contract_type' };
const DATE_FIELDS = new Set(['awarded_on', 'from_date', 'to_date']);

function useFormat() {
  const { t } = useTranslation('selfDeclarations');
  const { t: te } = useTranslation('enums');
  return (section: string, key: string, value: unknown, all: Record<string, unknown>): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return te(`boolean.${String(value)}`, { defaultValue: String(value) });
    if (DATE_FIELDS.has(key)) return formatDate(String(value));
    if (key === 'level' && section === 'qualifications') {
      const group = all.kind === 'education' ? 'education_level' : all.kind === 'political_theory' ? 'political_theory' : null;
      return group ? te(`${group}.${String(value)}`, { defaultValue: String(value) }) : String(value);
    }
    if (ENUM_OF[key]) return te(`${ENUM_OF[key]}.${String(value)}`, { defaultValue: t(`value.${String(value)}`, { defaultValue: String(value) }) });
    return String(value);
  };
}

function Decide({ declaration }: { declaration: Declaration }) {
  const { t } = useTranslation('selfDeclarations');
  const [note, setNote] = useState('');
  const decide = useDecideDeclaration();
  const send = (decision: 'confirm' | 'reject') =>
    decide.mutate({ id: declaration.id, version: declaration.version, decision, note: note.trim() || null });
  return (
    <Stack gap="xs" mt="sm">
      <Textarea label={t('note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={1000} autosize minRows={1} />
      {decide.conflict ? (
        <ConflictPanel
          conflict={{ theirs: decide.conflict.theirs, mine: { status: decide.conflict.mine.decision } }}
          fields={[{ key: 'status', label: t('status.label'), format: (v) => (v ? t(`status.${String(v)}`, { defaultValue: String(v) }) : '—') }]}
          onKeepMine={() => decide.clearConflict()}
          onUseTheirs={() => decide.clearConflict()}
        />
      ) : decide.error ? (
        <ProblemAlert error={decide.error} />
      ) : null}
      <Group gap="xs">
        <Button onClick={() => send('confirm')} loading={decide.isPending && decide.variables?.decision === 'confirm'} data-testid="confirm-declaration">
          {t('confirm')}
        </Button>
        <Button variant="light" color="red" onClick={() => send('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'}>
          {t('reject')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One declared section: the proposed values (beside the record's current ones for contact details), its state,
 *  and — while pending — confirm / reject. */
export function DeclarationCard({ declaration: d, showName = true }: { declaration: Declaration; showName?: boolean }) {
  const { t } = useTranslation('selfDeclarations');
  const format = useFormat();
  const values = d.values ?? null;
  const keys = values ? Object.keys(values).filter((k) => values[k] !== null && values[k] !== undefined && k !== 'document_id') : [];
  const headingId = `declaration-${d.id}`;
  return (
    <Card withBorder component="article" aria-labelledby={headingId} data-testid="self-declaration">
      <Group justify="space-between" align="start" wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {t(`section.${d.section}`)}
          {showName && (
            <>
              {' — '}
              <Anchor component={Link} to="/cadres/$cadreId" params={{ cadreId: d.cadre_id } as never}>
                {d.full_name}
              </Anchor>
            </>
          )}
        </Title>
        <Badge color={STATUS_COLOR[d.status]} variant="light" c="dark.9">
          {t(`status.${d.status}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {d.unit_name} · {t('declaredAt', { when: formatDateTime(d.requested_at) })}
      </Text>
      {values === null ? (
        <Text size="sm" c="dimmed">
          {t('sensitive')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table withTableBorder striped mt="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('column.field')}</Table.Th>
                {d.current && <Table.Th scope="col">{t('column.current')}</Table.Th>}
                <Table.Th scope="col">{t('column.proposed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((k) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row">{t(`field.${k}`, { defaultValue: k })}</Table.Th>
                  {d.current && <Table.Td>{format(d.section, k, d.current[k], d.current)}</Table.Td>}
                  <Table.Td>{format(d.section, k, values[k], values)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {d.decision_note && <Text size="sm" mt="xs">{t('decisionNote', { note: d.decision_note })}</Text>}
      {d.status === 'pending' && <Decide declaration={d} />}
    </Card>
  );
}
