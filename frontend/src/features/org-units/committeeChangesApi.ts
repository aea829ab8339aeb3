/** Committee change requests from the grassroots chairs' phones, confirmed or rejected by the upper level. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { useApiMutation } from '../../components/mutation';

export type ChangeRequest = components['schemas']['ChangeRequestRead'];
export type ChangeStatus = ChangeRequest['status'];

export const committeeChangeKeys = { all: ['committee-changes'] as const };

export function useChangeRequests(status: ChangeStatus | 'all') {
  return useQuery({
    queryKey: [...committeeChangeKeys.all, status],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/committee-change-requests', { params: { query: { status: status === 'all' ? undefined : status, limit: 200 } }, signal })),
  });
}

interface DecideVars {
  id: number;
  version: number;
  decision: 'confirm' | 'reject';
  note: string | null;
}

export function useDecideChange() {
  return useApiMutation<DecideVars, ChangeRequest>({
    mutationFn: ({ id, decision, note }, ctx) =>
      decision === 'confirm'
        ? call(api.POST('/api/v1/committee-change-requests/{request_id}/confirm', { params: { path: { request_id: id } }, body: { note }, headers: ctx.headers }))
        : call(api.POST('/api/v1/committee-change-requests/{request_id}/reject', { params: { path: { request_id: id } }, body: { note }, headers: ctx.headers })),
    versionOf: (vars) => vars.version,
    invalidate: [committeeChangeKeys.all],
    loadCurrent: ({ id }) => call(api.GET('/api/v1/committee-change-requests/{request_id}', { params: { path: { request_id: id } } })),
  });
}
