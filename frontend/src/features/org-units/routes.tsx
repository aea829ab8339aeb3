import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { isIsoDate } from '../../lib/dates';
import { rootRoute } from '../../routes/root';

export interface UnitsSearch {
  unit?: number;
  as_of?: string;
  q?: string;
}

export function validateUnitsSearch(search: Record<string, unknown>): UnitsSearch {
  const unit = Number(search.unit);
  const q = typeof search.q === 'string' ? search.q.slice(0, 200) : undefined;
  return {
    unit: Number.isInteger(unit) && unit > 0 ? unit : undefined,
    as_of: isIsoDate(search.as_of) ? search.as_of : undefined,
    q: q || undefined,
  };
}

export const unitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units',
  validateSearch: validateUnitsSearch,
  component: lazyRouteComponent(() => import('./UnitsPage'), 'UnitsPage'),
});

export const dataQualityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/data-quality',
  component: lazyRouteComponent(() => import('./DataQualityPage'), 'DataQualityPage'),
});

export const committeeChangesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/committee-changes',
  component: lazyRouteComponent(() => import('./CommitteeChangesPage'), 'CommitteeChangesPage'),
});

export const unitRoutes = [unitsRoute, dataQualityRoute, committeeChangesRoute] as const;
