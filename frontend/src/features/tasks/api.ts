/** Tasks (việc cần xử lý): reads and the resolve mutation (API.md "Tasks"). */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { Task, TaskListQuery, TaskResolve } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';

/** Kinds the rules raise today (others added later are shown with a generic label). */
export const TASK_KINDS = [
  'planning_review_missing',
  'dismissal_review',
  'rotation_ending',
  'data_subject_request_due',
  'report_request_due',
] as const;
export const TASK_STATUSES = ['open', 'done', 'dismissed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export function useTasks(query: TaskListQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tasks.list(query),
    queryFn: ({ signal }) => call(api.GET('/api/v1/tasks', { params: { query: { limit: 100, ...query } }, signal })),
    enabled,
  });
}

async function fetchTask(id: number, signal?: AbortSignal): Promise<Task> {
  return call(api.GET('/api/v1/tasks/{task_id}', { params: { path: { task_id: id } }, signal }));
}

export function useTask(id: number) {
  return useQuery({ queryKey: queryKeys.tasks.detail(id), queryFn: ({ signal }) => fetchTask(id, signal) });
}

export interface ResolveVars {
  body: TaskResolve;
  /** The version the user read (If-Match). */
  version: number;
}

/** Resolve (done / dismissed) with a decision note, on the version the user read (If-Match). */
export function useResolveTask(taskId: number, form?: FormErrorsTarget) {
  return useApiMutation<ResolveVars, Task>({
    mutationFn: ({ body }, ctx) =>
      call(api.POST('/api/v1/tasks/{task_id}/resolve', { params: { path: { task_id: taskId } }, body, headers: ctx.headers })),
    versionOf: (vars) => vars.version,
    setData: (data) => queryKeys.tasks.detail(data.id),
    invalidate: [queryKeys.tasks.all, ['dashboard']],
    loadCurrent: () => fetchTask(taskId),
    form,
    formFields: ['status', 'note'],
  });
}
