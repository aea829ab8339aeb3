import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { formatBytes, formatTime, useSyncEstimate } from './data';
import { discard, flush, useOutbox, type OutboxRecord } from './outbox';
import { ChairLink } from './route';
import { StateBadge } from './StateBadge';

function describe(r: OutboxRecord, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (r.change.kind === 'return') return t('sync.returnChange', { title: r.change.title });
  if (r.change.kind === 'committee') return t('sync.committeeChange', { label: r.change.label });
  if (r.change.kind === 'enrol') return t('sync.enrolChange', { label: r.change.label });
  if (r.change.kind === 'declaration') return t('sync.declarationChange', { label: r.change.label });
  const fields = Object.entries(r.change.values)
    .map(([k, v]) => `${t(k === 'member_count' ? 'memberCount' : 'workforce')} ${v ?? '—'}`)
    .join(', ');
  return t('sync.factsChange', { fields });
}

/** Every change made on this phone with its sync state (pending, sending, sent, conflict, error). */
export default function SyncScreen() {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const outbox = useOutbox();
  const estimate = useSyncEstimate(navigator.onLine);
  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        {t('sync.title')}
      </Title>
      {estimate.data && <Text size="sm">{t('sync.estimate', { size: formatBytes(estimate.data.total_bytes_gzip, lang) })}</Text>}
      {outbox.length === 0 && <Text>{t('sync.empty')}</Text>}
      {[...outbox].reverse().map((r) => (
        <Card key={r.id} withBorder padding="sm" radius="sm" data-testid="outbox-record">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600}>{describe(r, t)}</Text>
            <StateBadge state={r.state} />
          </Group>
          <Text size="xs" c="dimmed">
            {r.sentAt ? t('sync.sentAt', { time: formatTime(r.sentAt, lang) }) : t('sync.createdAt', { time: formatTime(r.createdAt, lang) })}
          </Text>
          {r.merged && <Text size="sm">{t('sync.merged')}</Text>}
          {r.state === 'pending' && r.attempts > 0 && (
            <Text size="sm">{t('sync.retryAt', { time: formatTime(r.nextAttemptAt, lang), attempts: r.attempts })}</Text>
          )}
          {r.error && r.state !== 'sent' && (
            <Text size="sm" c="red.9">
              {r.error}
            </Text>
          )}
          <Group gap="xs" mt="xs">
            {r.state === 'conflict' && (
              <Button component={ChairLink} href={`/chair/sync/${r.id}`} size="sm">
                {t('sync.resolve')}
              </Button>
            )}
            {r.state === 'error' && (
              <Button variant="default" size="sm" onClick={() => void discard(r)}>
                {t('sync.discard')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
      {outbox.some((r) => r.state === 'pending') && (
        <Button variant="light" onClick={() => void flush()}>
          {t('sync.sendNow')}
        </Button>
      )}
    </Stack>
  );
}
