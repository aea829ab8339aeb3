import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

function positiveInt(v: unknown): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export interface PlansSearch {
  /** Old links (/plans?plan=<id>) still open the plan: the list page forwards them to /plans/<id>. */
  plan?: number;
}

export function validatePlansSearch(search: Record<string, unknown>): PlansSearch {
  return { plan: positiveInt(search.plan) };
}

export interface MeasurementsSearch {
  indicator?: string;
  unit?: number;
  /** Open the "enter a figure" form (prefilled with indicator/unit). */
  new?: boolean;
}

export function validateMeasurementsSearch(search: Record<string, unknown>): MeasurementsSearch {
  const indicator = typeof search.indicator === 'string' && /^[a-z0-9_]{1,40}$/.test(search.indicator) ? search.indicator : undefined;
  const open = search.new === true || search.new === 'true' || search.new === 1 || search.new === '1';
  return { indicator, unit: positiveInt(search.unit), new: open ? true : undefined };
}

export const plansRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/plans',
  validateSearch: validatePlansSearch,
  component: lazyRouteComponent(() => import('./PlansPage'), 'PlansPage'),
});

export const planRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/plans/$planId',
  component: lazyRouteComponent(() => import('./PlanDetailPage'), 'PlanDetailPage'),
});

export const measurementsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/measurements',
  validateSearch: validateMeasurementsSearch,
  component: lazyRouteComponent(() => import('./MeasurementsPage'), 'MeasurementsPage'),
});

export const measurementRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/measurements/$measurementId',
  component: lazyRouteComponent(() => import('./MeasurementDetailPage'), 'MeasurementDetailPage'),
});

export const plansRoutes = [plansRoute, planRoute, measurementsRoute, measurementRoute] as const;
