import { ActionIcon, Badge, Box, Button, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMarkNotificationRead, useNotifications } from '../../api/queries/notifications';
import type { Notification } from '../../api/types';
import { formatDate } from '../../lib/dates';

/** The header's bell: unread count, the latest notifications, mark as read, follow the link. */
export function NotificationBell() {
  const { t } = useTranslation('ops');
  const [opened, setOpened] = useState(false);
  const list = useNotifications(false);
  const markRead = useMarkNotificationRead();
  const navigate = useNavigate();
  const items = list.data?.items ?? [];
  const unread = items.filter((n) => !n.read_at).length;

  const open = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    setOpened(false);
    if (n.link && n.link.startsWith('/')) void navigate({ to: n.link as '/' });
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} withinPortal shadow="md">
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          onClick={() => setOpened((o) => !o)}
          aria-label={t('notifications.bell', { count: unread })}
          data-testid="notification-bell"
        >
          <Indicator disabled={unread === 0} label={unread} size={16} offset={2} color="red">
            <IconBell aria-hidden size={22} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Text fw={700} size="sm" px="xs" pb="xs" component="h2">
          {t('notifications.title')}
        </Text>
        <ScrollArea.Autosize mah={380}>
          {items.length === 0 && (
            <Text size="sm" c="dimmed" px="xs">
              {t('notifications.empty')}
            </Text>
          )}
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {items.map((n) => (
              <Box component="li" key={n.id}>
                <UnstyledButton onClick={() => open(n)} p="xs" w="100%" className="notification-item" data-unread={!n.read_at}>
                  <Text size="sm" fw={n.read_at ? 400 : 700}>
                    {n.title}
                    {!n.read_at && (
                      <Badge size="xs" ml={6} color="red" variant="filled">
                        {t('notifications.new')}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.body}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(n.created_at)}
                  </Text>
                </UnstyledButton>
              </Box>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {unread > 0 && (
          <Button variant="subtle" size="xs" mt="xs" onClick={() => items.filter((n) => !n.read_at).forEach((n) => markRead.mutate(n.id))}>
            {t('notifications.markAll')}
          </Button>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
