/** The signed-in principal (`GET /api/v1/me`): name, usable scopes and role grants. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { api, call } from '../client';
import type { Me } from '../types';
import { queryKeys } from './keys';

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => call(api.GET('/api/v1/me', { signal })),
    staleTime: 5 * 60_000,
  });
}

export interface Permissions {
  me: Me | undefined;
  isLoading: boolean;
  /**
   * Whether the caller may use a permission somewhere. The authorization server grants only the scopes the
   * user's roles allow, so the token's scopes are the user's permissions; the server still checks each
   * unit against the grants (a 404/403 remains possible on a unit outside them).
   */
  can(permission: string): boolean;
  roles: string[];
  /** Units at the top of the user's grants (the dashboard's unit switcher). */
  grantUnitIds: number[];
}

export function permissionsOf(me: Me | undefined): Omit<Permissions, 'isLoading' | 'me'> {
  const scopes = new Set(me?.scopes ?? []);
  const roles = [...new Set((me?.grants ?? []).map((g) => g.role))];
  const grantUnitIds = [...new Set((me?.grants ?? []).map((g) => g.unit_id))];
  return { can: (p) => scopes.has(p), roles, grantUnitIds };
}

export function usePermissions(): Permissions {
  const me = useMe();
  return useMemo(
    () => ({ me: me.data, isLoading: me.isLoading, ...permissionsOf(me.data) }),
    [me.data, me.isLoading],
  );
}
