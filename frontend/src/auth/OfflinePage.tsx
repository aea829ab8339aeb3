import { Button, Card, Center, Group, Stack, Text, Title } from '@mantine/core';
import { IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { dismissOfflineSignIn, signIn } from './session';

/** The Vietnamese offline page shown instead of the browser's error page when "Đăng nhập" is pressed offline. */
export function OfflinePage() {
  const { t } = useTranslation('auth');
  return (
    <Center mih="calc(100dvh - 120px)">
      <Card withBorder padding="xl" radius="md" maw={480} w="100%" role="alert" aria-live="assertive">
        <Stack gap="md">
          <IconWifiOff size={48} aria-hidden />
          <Title order={1} size="h2">
            {t('offline.title')}
          </Title>
          <Text>{t('offline.body')}</Text>
          <Group>
            <Button onClick={() => void signIn()}>{t('offline.retry')}</Button>
            <Button variant="default" onClick={dismissOfflineSignIn}>
              {t('offline.back')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Center>
  );
}
