import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface PlanningSearch {
  cycle?: number;
}

export function validatePlanningSearch(search: Record<string, unknown>): PlanningSearch {
  const cycle = Number(search.cycle);
  return { cycle: Number.isInteger(cycle) && cycle > 0 ? cycle : undefined };
}

export const planningRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/planning',
  validateSearch: validatePlanningSearch,
  component: lazyRouteComponent(() => import('./PlanningPage'), 'PlanningPage'),
});

export const cycleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/planning/$cycleId',
  component: lazyRouteComponent(() => import('./CycleDetailPage'), 'CycleDetailPage'),
});

export const planningRoutes = [planningRoute, cycleRoute] as const;
