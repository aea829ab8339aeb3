import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface RequestsSearch {
  box?: 'inbox' | 'sent' | 'new';
}

export function validateRequestsSearch(search: Record<string, unknown>): RequestsSearch {
  return { box: search.box === 'inbox' || search.box === 'sent' || search.box === 'new' ? search.box : undefined };
}

export const requestsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/report-requests',
  validateSearch: validateRequestsSearch,
  component: lazyRouteComponent(() => import('./ReportRequestsPage'), 'ReportRequestsPage'),
});

export const requestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/report-requests/$requestId',
  component: lazyRouteComponent(() => import('./ReportRequestPage'), 'ReportRequestPage'),
});

export const reportRequestRoutes = [requestsRoute, requestRoute] as const;
