import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface AdminSearch {
  tab?: 'users' | 'clients' | 'settings';
}

export function validateAdminSearch(search: Record<string, unknown>): AdminSearch {
  return { tab: search.tab === 'users' || search.tab === 'clients' || search.tab === 'settings' ? search.tab : undefined };
}

export const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  validateSearch: validateAdminSearch,
  component: lazyRouteComponent(() => import('./AdminPage'), 'AdminPage'),
});

export const adminUserRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/users/$userId',
  component: lazyRouteComponent(() => import('./AdminUserPage'), 'AdminUserPage'),
});

export const adminClientRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/clients/$clientId',
  component: lazyRouteComponent(() => import('./AdminClientPage'), 'AdminClientPage'),
});

export const adminRoutes = [adminRoute, adminUserRoute, adminClientRoute] as const;
