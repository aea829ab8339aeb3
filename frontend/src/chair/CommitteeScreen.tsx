import { Alert, Badge, Button, Card, Group, NativeSelect, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDate, parseViDate, todayIso } from '../lib/dates';
import { useOverview } from './data';
import { positionKey } from './HomeScreen';
import { enqueue, useOutbox } from './outbox';
import { navigate } from './route';
import { StateBadge } from './StateBadge';

/** Posts the phone offers per body (the server checks every post rule when the upper level confirms). */
const POSTS: Record<string, string[]> = {
  bch: ['chu_tich', 'pho_chu_tich', 'uy_vien_bch'],
  btv: ['chu_tich', 'pho_chu_tich', 'uy_vien_btv'],
  ubkt: ['chu_nhiem_ubkt', 'pho_chu_nhiem_ubkt', 'uy_vien_ubkt'],
};
const END_REASONS = ['resignation', 'retirement', 'transfer', 'dismissal', 'death'] as const;
const STATUS_COLOR = { pending: 'orange', confirmed: 'green', rejected: 'red' } as const;

/** The chair proposes a committee change (seat someone, or end a post); the upper level confirms it. Offline: the
 *  request waits in the outbox and is sent once when the network is back. */
export default function CommitteeScreen() {
  const { t } = useTranslation('chair');
  // Subscribe (and revalidate on open): the upper level's decision must show here without a visit to home first.
  const data = useOverview(useQueryClient(), true).data?.data;
  const outbox = useOutbox();
  const [kind, setKind] = useState<'appoint' | 'end'>('appoint');
  const [bodyId, setBodyId] = useState('');
  const [cadreId, setCadreId] = useState('');
  const [post, setPost] = useState('');
  const [assignmentId, setAssignmentId] = useState('');
  const [endReason, setEndReason] = useState<string>('resignation');
  const [date, setDate] = useState(formatDate(todayIso()));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!data) return <Alert color="yellow">{t('home.offlineNoData')}</Alert>;
  const bodies = data.committee;
  const body = bodies.find((b) => String(b.body_id) === bodyId) ?? bodies[0];
  const posts = body ? (POSTS[body.kind] ?? []) : [];
  const members = bodies.flatMap((b) =>
    b.members.map((m) => ({ ...m, kind: b.kind, body_id: b.body_id })),
  );
  const iso = parseViDate(date);
  const postLabel = (code: string) => t(positionKey(code), { defaultValue: t('position.other') });
  const bodyLabel = (k: string) => t(`body.${k}`, { defaultValue: t('position.other') });
  const unsent = outbox.filter((r) => r.change.kind === 'committee' && r.state !== 'sent');

  const missing = {
    body: kind === 'appoint' && !body,
    cadre: kind === 'appoint' && !cadreId,
    post: kind === 'appoint' && !(post || posts[0]),
    assignment: kind === 'end' && !assignmentId,
    date: !iso,
  };
  const invalid = Object.values(missing).some(Boolean);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid || !iso) return;
    setBusy(true);
    if (kind === 'appoint' && body) {
      const code = post || posts[0]!;
      const person = data.people.find((p) => String(p.id) === cadreId);
      await enqueue({
        kind: 'committee',
        label: `${person?.full_name ?? ''} — ${postLabel(code)} (${bodyLabel(body.kind)})`,
        body: { kind: 'appoint', unit_id: data.unit.id, body_id: body.body_id, cadre_id: Number(cadreId), position_code: code, basis: 'elected', effective_date: iso, reason: reason || null },
      });
    } else {
      const m = members.find((x) => String(x.assignment_id) === assignmentId)!;
      await enqueue({
        kind: 'committee',
        label: `${m.full_name} — ${postLabel(m.position_code)}: ${t(`endReason.${endReason}`)}`,
        body: { kind: 'end', unit_id: data.unit.id, assignment_id: m.assignment_id, end_reason: endReason as (typeof END_REASONS)[number], effective_date: iso, reason: reason || null },
      });
    }
    setBusy(false);
    navigate('/chair/sync');
  };

  return (
    <Stack gap="lg">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack gap="md">
          <Title order={1} size="h3">
            {t('committee.title')}
          </Title>
          <Text size="sm">{t('committee.intro')}</Text>
          <Radio.Group value={kind} onChange={(v) => setKind(v as 'appoint' | 'end')} label={t('committee.kind')} name="kind">
            <Group gap="lg" mt={6}>
              <Radio value="appoint" label={t('committee.appoint')} size="md" />
              <Radio value="end" label={t('committee.end')} size="md" />
            </Group>
          </Radio.Group>
          {kind === 'appoint' ? (
            <>
              {bodies.length === 0 && <Alert color="yellow">{t('home.noCommittee')}</Alert>}
              <NativeSelect
                label={t('committee.body')}
                value={body ? String(body.body_id) : ''}
                onChange={(e) => {
                  setBodyId(e.currentTarget.value);
                  setPost('');
                }}
                data={bodies.map((b) => ({ value: String(b.body_id), label: bodyLabel(b.kind) }))}
                size="md"
                name="body_id"
              />
              <NativeSelect
                label={t('committee.person')}
                value={cadreId}
                onChange={(e) => setCadreId(e.currentTarget.value)}
                data={[{ value: '', label: t('committee.choose') }, ...data.people.map((p) => ({ value: String(p.id), label: p.full_name }))]}
                error={tried && missing.cadre ? t('committee.required') : undefined}
                size="md"
                name="cadre_id"
              />
              <NativeSelect
                label={t('committee.post')}
                value={post || posts[0] || ''}
                onChange={(e) => setPost(e.currentTarget.value)}
                data={posts.map((p) => ({ value: p, label: postLabel(p) }))}
                size="md"
                name="position_code"
              />
            </>
          ) : (
            <>
              <NativeSelect
                label={t('committee.member')}
                value={assignmentId}
                onChange={(e) => setAssignmentId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('committee.choose') },
                  ...members.map((m) => ({ value: String(m.assignment_id), label: `${m.full_name} — ${postLabel(m.position_code)} (${bodyLabel(m.kind)})` })),
                ]}
                error={tried && missing.assignment ? t('committee.required') : undefined}
                size="md"
                name="assignment_id"
              />
              <NativeSelect
                label={t('committee.endReason')}
                value={endReason}
                onChange={(e) => setEndReason(e.currentTarget.value)}
                data={END_REASONS.map((r) => ({ value: r, label: t(`endReason.${r}`) }))}
                size="md"
                name="end_reason"
              />
            </>
          )}
          <TextInput
            label={kind === 'appoint' ? t('committee.from') : t('committee.to')}
            description={t('committee.dateHint')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={tried && missing.date ? t('committee.invalidDate') : undefined}
            inputMode="numeric"
            size="md"
            name="effective_date"
          />
          <Textarea label={t('committee.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={1000} autosize minRows={2} size="md" name="reason" />
          <Button type="submit" size="md" loading={busy}>
            {t('committee.send')}
          </Button>
        </Stack>
      </form>

      <Stack gap="sm" component="section" aria-labelledby="committee-requests">
        <Title order={2} size="h4" id="committee-requests">
          {t('committee.requests')}
        </Title>
        {unsent.map((r) => (
          <Card key={r.id} withBorder padding="sm" data-testid="committee-local">
            <Text size="sm">{r.change.kind === 'committee' ? r.change.label : ''}</Text>
            <StateBadge state={r.state} />
          </Card>
        ))}
        {data.committee_requests.length === 0 && unsent.length === 0 && <Text size="sm">{t('committee.none')}</Text>}
        {data.committee_requests.map((q) => (
          <Card key={q.id} withBorder padding="sm" data-testid="committee-request">
            <Text size="sm" fw={600}>
              {q.kind === 'appoint' ? t('committee.appoint') : t('committee.end')}: {q.full_name} — {postLabel(q.position_code)} ({bodyLabel(q.body_kind)})
            </Text>
            <Text size="xs">{formatDate(q.effective_date)}</Text>
            <Badge color={STATUS_COLOR[q.status]} variant="light" c="dark.9" data-status={q.status}>
              {t(`committee.status.${q.status}`)}
            </Badge>
            {q.decision_note && <Text size="sm">{t('committee.note', { note: q.decision_note })}</Text>}
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
