import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface HomeSearch {
  /** The unit the dashboard shows (defaults to the user's first grant). */
  unit?: number;
}

export function validateHomeSearch(search: Record<string, unknown>): HomeSearch {
  const unit = Number(search.unit);
  return { unit: Number.isInteger(unit) && unit > 0 ? unit : undefined };
}

export const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: validateHomeSearch,
  component: lazyRouteComponent(() => import('./HomePage'), 'HomePage'),
});

export const dashboardRoutes = [homeRoute] as const;
