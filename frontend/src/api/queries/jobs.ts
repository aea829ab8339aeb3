/** Jobs (imports, exports, long reports): a 202 answer carries a job; poll it until it ends. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

import { useApiMutation } from '../../components/mutation';
import { downloadFile } from '../../lib/download';
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

/**
 * A file the worker makes (a cadre export, a statistics report): `start(vars)` POSTs (202 + job), the job is
 * polled, and its file is downloaded once, as soon as the job has succeeded. Show the job with <JobProgress
 * jobId={jobId}> (progress, failure, and a button to download the file again); `busy` while it runs.
 */
export function useFileJob<TVars>(post: (vars: TVars) => Promise<Job>) {
  const start = useApiMutation<TVars, Job>({ mutationFn: (vars) => post(vars) });
  const jobId = start.data?.id;
  const job = useJob(jobId).data;
  const saved = useRef<string | undefined>(undefined);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  useEffect(() => {
    if (job?.status !== 'succeeded' || !job.file_url || saved.current === job.id) return;
    saved.current = job.id;
    setDownloadError(null);
    downloadFile(jobFileUrl(job), job.file_name ?? 'file').catch(setDownloadError);
  }, [job]);
  return {
    start: start.mutate,
    /** the variables of the latest start (which format, which filters) */
    variables: start.variables,
    jobId,
    job,
    busy: start.isPending || (jobId !== undefined && !isFinished(job)),
    error: start.error ?? downloadError,
  };
}
