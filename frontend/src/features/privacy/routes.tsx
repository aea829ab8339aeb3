import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

type StatusFilter = 'open' | 'all' | 'received' | 'acknowledged' | 'completed' | 'rejected';

export interface DataRequestsSearch {
  status?: StatusFilter;
  overdue?: boolean;
}

const FILTERS: readonly string[] = ['open', 'all', 'received', 'acknowledged', 'completed', 'rejected'];

export function validateDataRequestsSearch(search: Record<string, unknown>): DataRequestsSearch {
  return {
    status: typeof search.status === 'string' && FILTERS.includes(search.status) ? (search.status as StatusFilter) : undefined,
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  };
}

export const dataRequestsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/data-requests',
  validateSearch: validateDataRequestsSearch,
  component: lazyRouteComponent(() => import('./DataRequestsPage'), 'DataRequestsPage'),
});

export const dataRequestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/data-requests/$requestId',
  component: lazyRouteComponent(() => import('./DataRequestPage'), 'DataRequestPage'),
});

export const privacyRoutes = [dataRequestsRoute, dataRequestRoute] as const;
