/** GET /api/v1/jobs: the caller's own jobs, newest first; polled while any of them is queued or running. */
import { useInfiniteQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { Job } from '../../api/types';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The kinds the server runs today; any other is shown as "another job", never by its code. */
export const JOB_KINDS = ['cadre_import', 'cadre_export', 'statistics_file', 'review_report'] as const;

export const JOBS_PAGE = 50;
/** How often the list is re-read while a job is still queued or running. */
export const POLL_MS = 2000;

export function isActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

export function jobListKey(status: string | undefined, kind: string | undefined) {
  return ['jobs', 'list', status ?? 'all', kind ?? 'all'] as const;
}

export function useJobList(filters: { status?: JobStatus; kind?: string }, pollMs = POLL_MS) {
  return useInfiniteQuery({
    queryKey: jobListKey(filters.status, filters.kind),
    queryFn: ({ signal, pageParam }) =>
      call(
        api.GET('/api/v1/jobs', {
          params: {
            query: {
              limit: JOBS_PAGE,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.kind ? { kind: filters.kind } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some(isActive)) ? pollMs : false),
  });
}

/** A running job's progress in percent; undefined when its total is not known yet (indeterminate bar). */
export function percentOf(job: Pick<Job, 'status' | 'progress' | 'total'>): number | undefined {
  if (job.status === 'succeeded') return 100;
  if (!job.total) return undefined;
  return Math.max(0, Math.min(100, Math.round((job.progress / job.total) * 100)));
}
