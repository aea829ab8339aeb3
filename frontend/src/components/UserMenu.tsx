import { Button, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, call } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { profileName } from '../auth/session';

/** The signed-in user's name (from /api/v1/me, else the ID token) and the sign-out action. */
export function UserMenu() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => call(api.GET('/api/v1/me', { signal })),
    staleTime: 5 * 60_000,
  });
  const name = me.data?.display_name || profileName(auth.user) || t('userMenu');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          leftSection={<IconUserCircle aria-hidden size={20} />}
          rightSection={<IconChevronDown aria-hidden size={16} />}
          aria-label={t('signedInAs', { name })}
        >
          <Text component="span" size="sm" visibleFrom="sm" truncate maw={180}>
            {name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('signedInAs', { name })}</Menu.Label>
        <Menu.Item leftSection={<IconLogout aria-hidden size={16} />} onClick={() => void auth.signOut()}>
          {t('signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
