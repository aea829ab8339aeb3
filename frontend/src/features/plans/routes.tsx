import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export interface PlansSearch {
  plan?: number;
}

export function validatePlansSearch(search: Record<string, unknown>): PlansSearch {
  const plan = Number(search.plan);
  return { plan: Number.isInteger(plan) && plan > 0 ? plan : undefined };
}

export const plansRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/plans',
  validateSearch: validatePlansSearch,
  component: lazyRouteComponent(() => import('./PlansPage'), 'PlansPage'),
});

export const plansRoutes = [plansRoute] as const;
