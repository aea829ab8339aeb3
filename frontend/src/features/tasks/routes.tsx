import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';
import { TASK_STATUSES, type TaskStatus } from './api';

export interface TasksSearch {
  status?: TaskStatus | 'all';
  kind?: string;
  unit?: number;
}

export function validateTasksSearch(search: Record<string, unknown>): TasksSearch {
  const status = search.status === 'all' || TASK_STATUSES.includes(search.status as TaskStatus) ? (search.status as TasksSearch['status']) : undefined;
  const kind = typeof search.kind === 'string' && /^[a-z_]{1,40}$/.test(search.kind) ? search.kind : undefined;
  const unit = Number(search.unit);
  return { status, kind, unit: Number.isInteger(unit) && unit > 0 ? unit : undefined };
}

export const tasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks',
  validateSearch: validateTasksSearch,
  component: lazyRouteComponent(() => import('./TasksPage'), 'TasksPage'),
});

export const taskRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks/$taskId',
  component: lazyRouteComponent(() => import('./TaskDetailPage'), 'TaskDetailPage'),
});

export const taskRoutes = [tasksRoute, taskRoute] as const;
