import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';
import { JOB_STATUSES, type JobStatus } from './api';

export interface JobsSearch {
  status?: JobStatus;
  kind?: string;
}

export function validateJobsSearch(search: Record<string, unknown>): JobsSearch {
  const status = JOB_STATUSES.includes(search.status as JobStatus) ? (search.status as JobStatus) : undefined;
  const kind = typeof search.kind === 'string' && /^[a-z_]{1,40}$/.test(search.kind) ? search.kind : undefined;
  return Object.fromEntries(Object.entries({ status, kind }).filter(([, v]) => v !== undefined)) as JobsSearch;
}

/** /jobs: the signed-in user's background jobs (imports, exports, report files) with their progress. */
export const jobsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/jobs',
  validateSearch: validateJobsSearch,
  component: lazyRouteComponent(() => import('./JobsPage'), 'JobsPage'),
});

export const jobRoutes = [jobsRoute] as const;
