import { Alert, Anchor, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate } from '../lib/dates';
import { formatNumber, formatTime, useOverview, type Overview } from './data';
import { useOutbox, type OutboxRecord } from './outbox';
import { ChairLink } from './route';
import { StateBadge } from './StateBadge';

export function positionKey(code: string): string {
  return `position.${code}`;
}

function latestFacts(outbox: OutboxRecord[], unitId: number): OutboxRecord | undefined {
  return [...outbox].reverse().find((r) => r.change.kind === 'facts' && r.change.unitId === unitId && r.state !== 'sent');
}

function UnitCard({ data }: { data: Overview }) {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const outbox = useOutbox();
  const pending = latestFacts(outbox, data.unit.id);
  const shown = (field: 'member_count' | 'workforce') =>
    pending?.change.kind === 'facts' && field in pending.change.values ? pending.change.values[field] : data.unit[field];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="unit-name">
      <Stack gap="xs">
        <Title order={1} size="h3" id="unit-name">
          {data.unit.name}
        </Title>
        <Group gap="xl" align="flex-end">
          <div>
            <Text size="sm" c="dimmed" id="member-count-label">
              {t('memberCount')}
            </Text>
            <Text fz={34} fw={700} lh={1.1} data-testid="member-count" aria-labelledby="member-count-label">
              {formatNumber(shown('member_count'), lang)}
            </Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('workforce')}
            </Text>
            <Text fz={22} fw={600} data-testid="workforce">
              {formatNumber(shown('workforce'), lang)}
            </Text>
          </div>
        </Group>
        {pending && (
          <Group gap="xs">
            <StateBadge state={pending.state} />
            {pending.state === 'conflict' && (
              <Anchor component={ChairLink} href={`/chair/sync/${pending.id}`}>
                {t('sync.resolve')}
              </Anchor>
            )}
          </Group>
        )}
        <Button component={ChairLink} href="/chair/facts" variant="light">
          {t('home.update')}
        </Button>
      </Stack>
    </Card>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function HomeScreen() {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const client = useQueryClient();
  const overview = useOverview(client, true);
  const outbox = useOutbox();
  const data = overview.data?.data;

  if (!data) {
    if (overview.isPending && overview.fetchStatus !== 'paused') return <Loader aria-label={t('home.loading')} />;
    if (overview.fetchStatus === 'paused' || !navigator.onLine) return <Alert color="yellow">{t('home.offlineNoData')}</Alert>;
    return <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  const label = (code: string) => {
    const ind = data.indicators.find((i) => i.code === code);
    return ind ? (lang === 'en' ? ind.name_en : ind.name_vi) : code;
  };
  const unread = data.notifications.filter((n) => !n.read).length;

  return (
    <Stack gap="md">
      <UnitCard data={data} />
      {overview.data && (
        <Text size="xs" c="dimmed">
          {t('network.savedAt', { time: formatTime(overview.data.fetchedAt, lang) })}
        </Text>
      )}

      <Section id="deadlines" title={t('home.deadlines')}>
        {data.deadlines.length === 0 ? (
          <Text size="sm">{t('home.noDeadlines')}</Text>
        ) : (
          <List spacing={4} size="sm">
            {data.deadlines.map((d) => (
              <List.Item key={`${d.kind}-${d.ref_id}`}>
                <b>{formatDate(d.due_on)}</b> · {t(`deadlineKind.${d.kind}`)}: {d.title}
              </List.Item>
            ))}
          </List>
        )}
      </Section>

      <Section id="requests" title={t('home.requests')}>
        {data.report_requests.length === 0 ? (
          <Text size="sm">{t('home.noRequests')}</Text>
        ) : (
          <Stack gap="sm">
            {data.report_requests.map((r) => {
              const local = [...outbox].reverse().find((o) => o.change.kind === 'return' && o.change.requestId === r.id && o.state !== 'sent');
              return (
                <Card key={r.id} withBorder padding="sm" radius="sm" data-testid={`request-${r.id}`}>
                  <Text fw={600}>{r.title}</Text>
                  <Text size="sm">{t('home.due', { date: formatDate(r.deadline) })}</Text>
                  <Group gap="xs" mt={4}>
                    <Text size="sm">{r.revision ? t('home.submitted', { revision: r.revision }) : t('home.notSubmitted')}</Text>
                    {local && <StateBadge state={local.state} />}
                  </Group>
                  <Button component={ChairLink} href={`/chair/returns/${r.id}`} size="sm" mt="xs" variant="light">
                    {r.revision ? t('home.correct') : t('home.answer')}
                  </Button>
                </Card>
              );
            })}
          </Stack>
        )}
      </Section>

      <Section id="committee" title={t('home.committee')}>
        {data.committee.length === 0 ? (
          <Text size="sm">{t('home.noCommittee')}</Text>
        ) : (
          <Stack gap="sm">
            {data.committee.map((b) => (
              <div key={b.body_id}>
                <Text fw={600}>{t(`body.${b.kind}`, { defaultValue: t('position.other') })}</Text>
                <Text size="xs" c="dimmed">
                  {t('home.term', { name: b.term_name, from: formatDate(b.term_start), to: formatDate(b.term_end) })}
                </Text>
                <List size="sm" spacing={2}>
                  {b.members.map((m) => (
                    <List.Item key={`${m.cadre_id}-${m.position_code}`}>
                      {m.full_name} — {t(positionKey(m.position_code), { defaultValue: t('position.other') })}
                    </List.Item>
                  ))}
                </List>
              </div>
            ))}
          </Stack>
        )}
        <Button component={ChairLink} href="/chair/committee" variant="light" mt="sm" data-testid="committee-link">
          {t('committee.title')}
        </Button>
      </Section>

      <Section id="training" title={t('training.title')}>
        <Text size="sm">{t('training.intro')}</Text>
        <Button component={ChairLink} href="/chair/training" variant="light" mt="xs" data-testid="training-link">
          {t('training.open')}
        </Button>
      </Section>

      <Section id="profile" title={t('profile.title')}>
        <Button component={ChairLink} href="/chair/profile" variant="light" data-testid="profile-link">
          {t('profile.open')}
        </Button>
      </Section>

      <Section id="targets" title={t('home.targets')}>
        {data.targets.length === 0 ? (
          <Text size="sm">{t('home.noTargets')}</Text>
        ) : (
          <List size="sm" spacing={4}>
            {data.targets.map((g) => (
              <List.Item key={g.id}>
                <b>{label(g.indicator_code)}</b>:{' '}
                {t('home.targetLine', {
                  comparator: t(`comparator.${g.comparator}`, { defaultValue: '' }),
                  value: formatNumber(g.target_value, lang),
                  unit: data.indicators.find((i) => i.code === g.indicator_code)?.unit_label ?? '',
                  from: formatDate(g.period_start),
                  to: formatDate(g.period_end),
                })}
                <Text size="xs" c="dimmed">
                  {t('home.plan', { plan: g.plan_number ?? g.plan_title })}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Section>

      <Section id="tasks" title={t('home.tasks')}>
        {data.tasks.length === 0 ? (
          <Text size="sm">{t('home.noTasks')}</Text>
        ) : (
          <List size="sm" spacing={4}>
            {data.tasks.map((task) => (
              <List.Item key={task.id}>
                {task.title} · {t(`taskStatus.${task.status}`)}
                {task.deadline && ` · ${t('home.due', { date: formatDate(task.deadline) })}`}
              </List.Item>
            ))}
          </List>
        )}
      </Section>

      {unread > 0 && (
        <Anchor component={ChairLink} href="/chair/notifications">
          {t('home.notificationsUnread', { count: unread })}
        </Anchor>
      )}
    </Stack>
  );
}
