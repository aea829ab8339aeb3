import '../mantine-styles';
import '@mantine/core/styles/Radio.css';
import '../styles.css';

import { Alert, Badge, Button, Center, Group, Loader, MantineProvider, Text } from '@mantine/core';
import { QueryClient, useQueryClient } from '@tanstack/react-query';
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { lazy, Suspense, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { shouldRetry } from '../queryClient';
import { AuthProvider, useAuth } from '../auth/AuthProvider';
import { cssVariablesResolver, theme } from '../theme';
import { LanguageToggle } from './LanguageToggle';
import { overviewKey } from './data';
import { HomeScreen } from './HomeScreen';
import { clearOutbox, onAccepted, startOutbox, useOutbox } from './outbox';
import { CACHE_MAX_AGE, chairPersister } from './persist';
import { ChairLink, usePath } from './route';

// Screens other than home load on demand: the phone's first paint needs only the home screen (and a signed-out
// phone needs only the landing card).
const LandingCard = lazy(() => import('../auth/LandingCard').then((m) => ({ default: m.LandingCard })));
const CallbackScreen = lazy(() => import('./CallbackScreen').then((m) => ({ default: m.CallbackScreen })));
const FactsScreen = lazy(() => import('./FactsScreen'));
const ReturnScreen = lazy(() => import('./ReturnScreen'));
const SyncScreen = lazy(() => import('./SyncScreen'));
const ConflictScreen = lazy(() => import('./ConflictScreen'));
const NotificationsScreen = lazy(() => import('./NotificationsScreen'));
const CommitteeScreen = lazy(() => import('./CommitteeScreen'));
const TrainingScreen = lazy(() => import('./TrainingScreen'));
const ProfileScreen = lazy(() => import('./ProfileScreen'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, networkMode: 'offlineFirst', gcTime: CACHE_MAX_AGE },
    mutations: { retry: false },
  },
});

function subscribeOnline(cb: () => void): () => void {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

function OfflineBanner() {
  const { t } = useTranslation('chair');
  const online = useOnline();
  if (online) return null;
  return (
    <Alert color="yellow" variant="filled" radius={0} py={8} role="status" data-testid="offline-banner">
      <Text size="sm" c="black">
        {t('network.offline')}
      </Text>
    </Alert>
  );
}

/** Drop the chair's cached data and unsent changes when the session ends for good (sign-out, revoked phone). */
function SessionHousekeeping() {
  const { status, reason } = useAuth();
  const client = useQueryClient();
  useEffect(() => {
    if (status === 'signed_in') startOutbox();
    if (status === 'signed_out') {
      client.clear();
      void chairPersister.removeClient();
      if (reason === 'revoked') void clearOutbox();
    }
  }, [status, reason, client]);
  useEffect(
    () =>
      onAccepted(() => {
        void client.invalidateQueries({ queryKey: overviewKey });
        void client.invalidateQueries({ queryKey: ['chair', 'declarations'] });
      }),
    [client],
  );
  return null;
}

function Nav() {
  const { t } = useTranslation('chair');
  const path = usePath();
  const outbox = useOutbox();
  const waiting = outbox.filter((r) => r.state === 'pending' || r.state === 'sending').length;
  const attention = outbox.filter((r) => r.state === 'conflict' || r.state === 'error').length;
  const items: { href: string; label: string; active: boolean; badge?: ReactNode }[] = [
    { href: '/chair', label: t('app.home'), active: path === '' },
    {
      href: '/chair/sync',
      label: t('app.sync'),
      active: path.startsWith('/sync'),
      badge:
        attention > 0 ? (
          <Badge color="red" size="sm" data-testid="sync-attention">{attention}</Badge>
        ) : waiting > 0 ? (
          <Badge color="orange" size="sm" c="black" data-testid="sync-waiting">{waiting}</Badge>
        ) : null,
    },
    { href: '/chair/notifications', label: t('app.notifications'), active: path === '/notifications' },
  ];
  return (
    <Group component="nav" aria-label={t('app.nav')} gap={4} wrap="wrap" px="xs" pb={6}>
      {items.map((i) => (
        <Button
          key={i.href}
          component={ChairLink}
          href={i.href}
          variant={i.active ? 'light' : 'subtle'}
          size="compact-md"
          px={8}
          aria-current={i.active ? 'page' : undefined}
          rightSection={i.badge}
        >
          {i.label}
        </Button>
      ))}
    </Group>
  );
}

function SignOutButton() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const outbox = useOutbox();
  const unsent = outbox.some((r) => r.state !== 'sent');
  const onClick = async () => {
    if (unsent && !window.confirm(t('chair:sync.title') + ': ' + t('chair:network.pending', { count: outbox.filter((r) => r.state !== 'sent').length }))) return;
    await auth.signOut();
    await clearOutbox();
  };
  return (
    <Button variant="subtle" size="compact-md" onClick={() => void onClick()}>
      {t('signOut')}
    </Button>
  );
}

function Screen({ path }: { path: string }) {
  const returnMatch = /^\/returns\/(\d+)$/.exec(path);
  const conflictMatch = /^\/sync\/([\w-]+)$/.exec(path);
  if (path === '/facts') return <FactsScreen />;
  if (returnMatch) return <ReturnScreen requestId={Number(returnMatch[1])} />;
  if (conflictMatch) return <ConflictScreen recordId={conflictMatch[1]!} />;
  if (path === '/sync') return <SyncScreen />;
  if (path === '/notifications') return <NotificationsScreen />;
  if (path === '/committee') return <CommitteeScreen />;
  if (path === '/training') return <TrainingScreen />;
  if (path === '/profile') return <ProfileScreen />;
  return <HomeScreen />;
}

function Shell() {
  const { t } = useTranslation('chair');
  const auth = useAuth();
  const path = usePath();
  const [restored, setRestored] = useState(false);
  useEffect(() => setRestored(true), []);
  useEffect(() => {
    if (auth.status !== 'loading') performance.mark(`chair:session-${auth.status}`);
  }, [auth.status]);

  const loading = (
    <Center py="xl">
      <Loader aria-label={t('home.loading')} />
    </Center>
  );
  let body: ReactNode;
  if (path === '/auth/callback') body = <CallbackScreen />;
  else if (auth.status === 'loading' || !restored) body = loading;
  else if (auth.status === 'signed_out') body = <LandingCard />;
  else body = <Screen path={path} />;

  // A plain header and main (not Mantine's AppShell): one column on a phone needs no layout engine.
  return (
    <>
      <header className="chair-header">
        <Group h={56} px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={700} size="lg" component="p" m={0} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {t('app.name')}
          </Text>
          <Group gap={4} wrap="nowrap">
            <LanguageToggle />
            {auth.status === 'signed_in' && <SignOutButton />}
          </Group>
        </Group>
        {auth.status === 'signed_in' && <Nav />}
      </header>
      <main id="main" className="chair-main">
        <OfflineBanner />
        <div className="chair-column">
          <Suspense fallback={loading}>{body}</Suspense>
        </div>
      </main>
    </>
  );
}

export function ChairApp() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <PersistQueryClientProvider
        client={queryClient}
        persistOptions={{
          persister: chairPersister,
          maxAge: CACHE_MAX_AGE,
          buster: 'chair-v1',
          // keep the last good copy even when a refetch failed offline (status 'error' with data)
          dehydrateOptions: { shouldDehydrateQuery: (q) => q.queryKey[0] === 'chair' && q.state.data !== undefined },
        }}
        onSuccess={() => performance.mark('chair:cache-restored')}
      >
        <AuthProvider>
          <SessionHousekeeping />
          <Shell />
        </AuthProvider>
      </PersistQueryClientProvider>
    </MantineProvider>
  );
}
