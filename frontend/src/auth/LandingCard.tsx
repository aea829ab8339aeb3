import { Alert, Button, Card, Center, Stack, Text, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../components/ProblemAlert';
import { useAuth } from './AuthProvider';
import { OfflinePage } from './OfflinePage';

/** Shown instead of any page while nobody is signed in. */
export function LandingCard() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSignIn = async () => {
    setBusy(true);
    setError(null);
    try {
      await auth.signIn();
      if (!navigator.onLine) setBusy(false); // the offline page is shown instead
    } catch (e) {
      // discovery unreachable or misconfigured: say so rather than doing nothing
      setError(e);
      setBusy(false);
    }
  };

  if (auth.offlineSignIn) return <OfflinePage />;

  return (
    <Center mih="calc(100dvh - 120px)">
      <Card withBorder shadow="sm" padding="xl" radius="md" maw={480} w="100%">
        <Stack gap="md">
          <img src="/favicon.svg" alt="" width={56} height={56} />
          <Title order={1} size="h2">
            {t('landing.title')}
          </Title>
          <Text>{t('landing.body')}</Text>
          {auth.reason === 'expired' && (
            <Alert color="yellow" variant="light">
              {t('sessionExpired')}
            </Alert>
          )}
          {auth.reason === 'revoked' && (
            <Alert color="yellow" variant="light">
              {t('sessionRevoked')}
            </Alert>
          )}
          {error !== null && <ProblemAlert error={error} title={t('configError')} />}
          <Button size="md" leftSection={<IconLogin aria-hidden size={20} />} loading={busy} onClick={() => void onSignIn()}>
            {t('landing.signIn')}
          </Button>
        </Stack>
      </Card>
    </Center>
  );
}
