/** Jobs (long work: imports, the review report): `GET /api/v1/jobs/{id}` polled until it finishes. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../client';
import type { Job } from '../types';
import { queryKeys } from './keys';

export function isFinished(job: Pick<Job, 'status'> | undefined): boolean {
  return job?.status === 'succeeded' || job?.status === 'failed';
}

/** The job's state, refreshed every second while it is queued or running. */
export function useJob(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.jobs.detail(id ?? ''),
    queryFn: ({ signal }) => call(api.GET('/api/v1/jobs/{job_id}', { params: { path: { job_id: id! } }, signal })),
    enabled: !!id,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 1000),
  });
}
