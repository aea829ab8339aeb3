import { Badge, Button, Card, Group, Loader, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePositions } from '../../api/queries/reference';
import { ConflictPanel } from '../../components/ConflictPanel';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, formatDateTime } from '../../lib/dates';
import { useChangeRequests, useDecideChange, type ChangeRequest, type ChangeStatus } from './committeeChangesApi';

const STATUS_COLOR: Record<ChangeStatus, string> = { pending: 'orange', confirmed: 'green', rejected: 'red' };

function Decide({ request }: { request: ChangeRequest }) {
  const { t } = useTranslation('committeeChanges');
  const [note, setNote] = useState('');
  const decide = useDecideChange();
  const send = (decision: 'confirm' | 'reject') =>
    decide.mutate({ id: request.id, version: request.version, decision, note: note.trim() || null });
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
      ) : (
        decide.error ? <ProblemAlert error={decide.error} /> : null
      )}
      <Group gap="xs">
        <Button onClick={() => send('confirm')} loading={decide.isPending && decide.variables?.decision === 'confirm'} data-testid="confirm-change">
          {t('confirm')}
        </Button>
        <Button variant="light" color="red" onClick={() => send('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'}>
          {t('reject')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The upper level's inbox of committee changes proposed by grassroots chairs (from their phones). Confirming
 *  writes the assignment through the terms rules; a refusal by those rules is shown and the request stays. */
export function CommitteeChangesPage() {
  const { t } = useTranslation('committeeChanges');
  const { t: te } = useTranslation('enums');
  useDocumentTitle(t('title'));
  const [status, setStatus] = useState<ChangeStatus | 'all'>('pending');
  const list = useChangeRequests(status);
  const positions = usePositions();
  const items = [...(list.data?.items ?? [])].reverse();
  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text size="sm">{t('intro')}</Text>
      <NativeSelect
        label={t('status.label')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as ChangeStatus | 'all')}
        data={(['pending', 'confirmed', 'rejected', 'all'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        maw={320}
      />
      {list.isLoading && <Loader aria-label={t('loading')} />}
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <Text>{t('empty')}</Text>}
      {items.map((r) => (
        <Card key={r.id} withBorder component="article" aria-labelledby={`change-${r.id}`} data-testid="change-request">
          <Group justify="space-between" align="start" wrap="wrap">
            <Title order={2} size="h4" id={`change-${r.id}`}>
              {t(`kind.${r.kind}`)}: {r.full_name} — {positions.label(r.position_code)}
            </Title>
            <Badge color={STATUS_COLOR[r.status]} variant="light" c="dark.9">
              {t(`status.${r.status}`)}
            </Badge>
          </Group>
          <Text size="sm">
            {r.unit_name} · {te(`body.${r.body_kind}`, { defaultValue: r.body_kind })} ·{' '}
            {r.kind === 'appoint' ? t('from', { date: formatDate(r.effective_date) }) : t('to', { date: formatDate(r.effective_date) })}
            {r.end_reason && ` · ${te(`end_reason.${r.end_reason}`, { defaultValue: r.end_reason })}`}
          </Text>
          {r.reason && <Text size="sm">{t('reason', { reason: r.reason })}</Text>}
          <Text size="xs" c="dimmed">
            {t('requested', { when: formatDateTime(r.requested_at) })}
          </Text>
          {r.decision_note && <Text size="sm">{t('decisionNote', { note: r.decision_note })}</Text>}
          {r.status === 'pending' && <Decide request={r} />}
        </Card>
      ))}
    </Stack>
  );
}
