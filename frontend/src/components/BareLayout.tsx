import { AppShell, Group } from '@mantine/core';
import type { ReactNode } from 'react';

import { BrandTitle, SkipLink } from './AppLayout';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The sign-in callback's layout: the brand and the language, no navigation (nobody is signed in yet). */
export function BareLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell header={{ height: 60 }} padding="sm">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <BrandTitle />
          <LanguageSwitcher />
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
