import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { ReportRequest, ReportRequestCreate } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';

export function useReportRequests(box: 'sent' | 'inbox') {
  return useQuery({
    queryKey: queryKeys.reportRequests.list(box),
    queryFn: ({ signal }) => call(api.GET('/api/v1/report-requests', { params: { query: { box, limit: 100 } }, signal })),
  });
}

export function useReportRequest(id: number) {
  return useQuery({
    queryKey: queryKeys.reportRequests.detail(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/report-requests/{request_id}', { params: { path: { request_id: id } }, signal })),
  });
}

export function useTracking(id: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.reportRequests.tracking(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/report-requests/{request_id}/tracking', { params: { path: { request_id: id } }, signal })),
    enabled,
    retry: false,
  });
}

export function useIndicators() {
  return useQuery({
    queryKey: queryKeys.plans.indicators,
    queryFn: ({ signal }) => call(api.GET('/api/v1/indicators', { signal })),
    staleTime: 60 * 60_000,
  });
}

export function useCreateReportRequest(form?: FormErrorsTarget) {
  return useApiMutation<ReportRequestCreate, ReportRequest>({
    mutationFn: (body) => call(api.POST('/api/v1/report-requests', { body })),
    invalidate: [queryKeys.reportRequests.all, queryKeys.notifications.all],
    form,
  });
}

export function useRemind(id: number) {
  return useApiMutation<void, unknown>({
    mutationFn: () => call(api.POST('/api/v1/report-requests/{request_id}/remind', { params: { path: { request_id: id } } })),
    invalidate: [queryKeys.reportRequests.tracking(id)],
  });
}

export interface SubmissionVars {
  unit_id: number;
  figures: Record<string, number>;
  note?: string;
}

export function useSubmit(id: number) {
  return useApiMutation<SubmissionVars, unknown>({
    mutationFn: (body) =>
      call(api.POST('/api/v1/report-requests/{request_id}/submissions', { params: { path: { request_id: id } }, body })),
    invalidate: [queryKeys.reportRequests.all],
  });
}
