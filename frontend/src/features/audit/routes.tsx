import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface AuditSearch {
  tab?: 'audit' | 'access';
}

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  return { tab: search.tab === 'access' || search.tab === 'audit' ? search.tab : undefined };
}

export const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/audit',
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import('./AuditPage'), 'AuditPage'),
});

export const auditRoutes = [auditRoute] as const;
