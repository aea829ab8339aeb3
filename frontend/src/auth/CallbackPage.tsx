import { Button, Card, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../components/ProblemAlert';
import { completeSignIn, signIn } from './session';

/** /auth/callback: redeem the authorization code, then go back where the user started. */
export function CallbackPage() {
  const { t } = useTranslation('auth');
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let active = true;
    completeSignIn()
      .then((returnTo) => {
        // returnTo is a same-origin path with its query string (see safeReturnPath)
        if (active) router.history.replace(returnTo);
      })
      .catch((e: unknown) => {
        if (active) setError(e);
      });
    return () => {
      active = false;
    };
  }, [router]);

  return (
    <Center mih="60dvh">
      <Card withBorder padding="xl" maw={480} w="100%">
        {error === null ? (
          <Stack align="center" gap="sm" role="status">
            <Loader aria-hidden />
            <Text>{t('callback.working')}</Text>
          </Stack>
        ) : (
          <Stack gap="md">
            <Title order={1} size="h3">
              {t('callback.failed')}
            </Title>
            <ProblemAlert error={error} title={t('callback.failed')} />
            <Button onClick={() => void signIn('/')}>{t('callback.tryAgain')}</Button>
          </Stack>
        )}
      </Card>
    </Center>
  );
}
