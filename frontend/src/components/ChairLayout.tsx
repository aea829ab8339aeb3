import { AppShell, Group } from '@mantine/core';
import type { ReactNode } from 'react';

import { useAuth } from '../auth/AuthProvider';
import { BrandTitle, SkipLink } from './AppLayout';
import { LanguageSwitcher } from './LanguageSwitcher';
import { UserMenu } from './UserMenu';

/** Phone-first layout of the /chair mode: a compact header and one column, no navigation bar. */
export function ChairLayout({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  return (
    <AppShell header={{ height: 60 }} padding="sm">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <BrandTitle />
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            {status === 'signed_in' && <UserMenu />}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
