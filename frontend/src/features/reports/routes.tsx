import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { isIsoDate } from '../../lib/dates';
import { rootRoute } from '../../routes/root';

export interface ReportsSearch {
  unit?: number;
  as_of?: string;
}

export function validateReportsSearch(search: Record<string, unknown>): ReportsSearch {
  const unit = Number(search.unit);
  return {
    unit: Number.isInteger(unit) && unit > 0 ? unit : undefined,
    as_of: isIsoDate(search.as_of) ? search.as_of : undefined,
  };
}

export const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reports',
  validateSearch: validateReportsSearch,
  component: lazyRouteComponent(() => import('./ReportsPage'), 'ReportsPage'),
});

export const reportRoutes = [reportsRoute] as const;
