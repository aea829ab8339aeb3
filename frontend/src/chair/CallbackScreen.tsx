import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../components/ProblemAlert';
import { completeSignIn, signIn } from '../auth/session';
import { navigate } from './route';

/** /chair/auth/callback: redeem the authorization code, then back to where the chair started. */
export function CallbackScreen() {
  const { t } = useTranslation('auth');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let active = true;
    completeSignIn()
      .then((returnTo) => active && navigate(returnTo.startsWith('/chair') ? returnTo : '/chair', { replace: true }))
      .catch((e: unknown) => active && setError(e));
    return () => {
      active = false;
    };
  }, []);
  if (error === null) {
    return (
      <Center py="xl">
        <Stack align="center">
          <Loader aria-hidden />
          <Text>{t('callback.working')}</Text>
        </Stack>
      </Center>
    );
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('callback.failed')}
      </Title>
      <ProblemAlert error={error} />
      <Button onClick={() => void signIn('/chair')}>{t('callback.tryAgain')}</Button>
    </Stack>
  );
}
