import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { formatTime, overviewKey, type CachedOverview } from './data';

/** Deadline reminders, approvals, new plans: the latest notifications saved with the overview. */
export default function NotificationsScreen() {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const cached = useQueryClient().getQueryData<CachedOverview>(overviewKey);
  if (!cached) return <Alert color="yellow">{t('home.offlineNoData')}</Alert>;
  const items = cached.data.notifications;
  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        {t('notifications.title')}
      </Title>
      {items.length === 0 && <Text>{t('notifications.empty')}</Text>}
      {items.map((n) => (
        <Card key={n.id} withBorder padding="sm" radius="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600}>{n.title}</Text>
            {!n.read && <Badge variant="light">{t('notifications.unread')}</Badge>}
          </Group>
          <Text size="xs" c="dimmed">
            {formatTime(n.created_at, lang)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {n.body}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}
