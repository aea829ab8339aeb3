/** Jobs (imports, exports, long reports): a 202 answer carries a job; poll it until it ends. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../client';
import type { Job, paths } from '../types';
import { queryKeys } from './keys';

export function isFinished(job: Job | undefined): boolean {
  return job?.status === 'succeeded' || job?.status === 'failed';
}

/** GET /api/v1/jobs/{id}, every `intervalMs` while it is queued or running. */
export function useJob(id: string | undefined, intervalMs = 1000) {
  return useQuery({
    queryKey: queryKeys.jobs.detail(id ?? ''),
    queryFn: ({ signal }) => call(api.GET('/api/v1/jobs/{job_id}', { params: { path: { job_id: id! } }, signal })),
    enabled: id !== undefined,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : intervalMs),
  });
}

/** Percentage for a progress bar (indeterminate → undefined). */
export function jobPercent(job: Job | undefined): number | undefined {
  if (!job) return undefined;
  if (isFinished(job)) return 100;
  if (!job.total) return undefined;
  return Math.min(100, Math.round((job.progress / job.total) * 100));
}

/** Where a finished job's file is (an export, a long report, an import's marked workbook). */
export const JOB_FILE_PATH = '/api/v1/jobs/{job_id}/file' satisfies keyof paths;

/** GET /api/v1/jobs/{job_id}/file for this job: pass to DownloadButton / downloadFile (they add the token). */
export function jobFileUrl(job: Pick<Job, 'id'> | string): string {
  return JOB_FILE_PATH.replace('{job_id}', encodeURIComponent(typeof job === 'string' ? job : job.id));
}
