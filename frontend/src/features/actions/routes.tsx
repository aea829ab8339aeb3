import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import type { ActionStatus } from '../../api/types';
import { rootRoute } from '../../routes/root';
import { ACTION_STATUSES } from './labels';

export interface ActionsSearch {
  tab?: 'inbox' | 'all';
  status?: ActionStatus;
}

export function validateActionsSearch(search: Record<string, unknown>): ActionsSearch {
  const tab = search.tab === 'inbox' || search.tab === 'all' ? search.tab : undefined;
  const status = (ACTION_STATUSES as readonly unknown[]).includes(search.status) ? (search.status as ActionStatus) : undefined;
  return { tab, status };
}

export interface NewActionSearch {
  cadre?: number;
  unit?: number;
}

function positiveInt(v: unknown): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function validateNewActionSearch(search: Record<string, unknown>): NewActionSearch {
  return { cadre: positiveInt(search.cadre), unit: positiveInt(search.unit) };
}

export const actionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/actions',
  validateSearch: validateActionsSearch,
  component: lazyRouteComponent(() => import('./ActionsPage'), 'ActionsPage'),
});

export const newActionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/actions/new',
  validateSearch: validateNewActionSearch,
  component: lazyRouteComponent(() => import('./ActionCreatePage'), 'ActionCreatePage'),
});

export const actionBatchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/actions/batch',
  component: lazyRouteComponent(() => import('./ActionBatchPage'), 'ActionBatchPage'),
});

export const actionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/actions/$actionId',
  component: lazyRouteComponent(() => import('./ActionDetailPage'), 'ActionDetailPage'),
});

export const actionRoutes = [actionsRoute, newActionRoute, actionBatchRoute, actionRoute] as const;
