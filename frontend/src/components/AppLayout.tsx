import { Anchor, AppShell, Badge, Box, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../api/queries/me';
import { useAuth } from '../auth/AuthProvider';
import { LanguageSwitcher } from './LanguageSwitcher';
import { isActive, visibleNav } from './nav';

// The bell and the account menu open floating panels (Popover, Menu: floating-ui, ≈ 25 KB gzip with their texts):
// they load just after the shell, so the first screen (and the sign-in page, which shows neither) does not wait.
const NotificationBell = lazy(() =>
  import('../features/notifications/NotificationBell').then((m) => ({ default: m.NotificationBell })),
);
const UserMenu = lazy(() => import('./UserMenu').then((m) => ({ default: m.UserMenu })));

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <Anchor href="#main" className="skip-link">
      {t('skipToContent')}
    </Anchor>
  );
}

/** Logo and product name; `compact` hides the logo on phones (the burger needs the room). */
export function BrandTitle({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/" underline="never" c="inherit" className="brand">
      <Box component="span" visibleFrom={compact ? 'xs' : undefined} lh={0}>
        <img src="/favicon.svg" alt="" width={32} height={32} />
      </Box>
      <Title order={2} size="h4" fw={700} lh={1.2} className="brand-title">
        <Text span inherit visibleFrom="xs">
          {t('appName')}
        </Text>
        <Text span inherit hiddenFrom="xs">
          {t('appNameShort')}
        </Text>
      </Title>
    </Anchor>
  );
}

/** The menu from the navigation registry (src/components/nav.ts), filtered by the user's permissions. */
function MainNav({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const { t } = useTranslation();
  const perms = usePermissions();
  const groups = visibleNav(perms);
  return (
    <>
      {groups.map(({ group, entries }) => (
        <Box key={group} component="section" aria-labelledby={`nav-group-${group}`} mb="xs">
          <Text id={`nav-group-${group}`} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
            {t(`nav.group.${group}`)}
          </Text>
          {entries.map((item) => {
            const active = isActive(item, pathname);
            const Icon = item.icon;
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to as '/'}
                reloadDocument={item.otherApp}
                label={t(item.labelKey)}
                leftSection={<Icon aria-hidden size={20} />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
                rightSection={
                  item.comingSoon ? (
                    <Badge size="sm" color="gray" variant="light" tt="none">
                      {t('nav.comingSoon')}
                    </Badge>
                  ) : undefined
                }
              />
            );
          })}
        </Box>
      ))}
    </>
  );
}

/**
 * The application shell: header (product name, language, account), a navigation bar that collapses
 * to a burger below the `sm` breakpoint, and the main area. Without a session only the header and
 * the main area (the sign-in card) are shown.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  const signedIn = status === 'signed_in';
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={signedIn ? { width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            {signedIn && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
                aria-expanded={opened}
                aria-controls="main-nav"
              />
            )}
            <BrandTitle compact={signedIn} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {signedIn && (
              <Suspense fallback={<Box w={36} h={36} />}>
                <NotificationBell />
              </Suspense>
            )}
            <LanguageSwitcher />
            {signedIn && (
              <Suspense fallback={<Box w={36} h={36} />}>
                <UserMenu />
              </Suspense>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {signedIn && (
        <AppShell.Navbar p="xs" id="main-nav" aria-label={t('nav.label')} component="nav">
          {/* native scrolling: Mantine's ScrollArea brings floating-ui (12 KB gzip) into the first load */}
          <AppShell.Section grow style={{ overflowY: 'auto', overscrollBehavior: 'contain' }}>
            <MainNav pathname={pathname} onNavigate={close} />
          </AppShell.Section>
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
