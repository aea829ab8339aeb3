/** Personal-data duties (Law 91/2025, Decree 356/2025; rule 27): data-subject requests and the personal-data export. */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { components } from '../../api/types';
import { useApiMutation, type FormErrorsTarget } from '../../components/mutation';
import { todayIso } from '../../lib/dates';
import { saveBlob } from '../../lib/download';

type S = components['schemas'];
export type DataSubjectRequest = S['DataSubjectRequestRead'];
export type RequestKind = DataSubjectRequest['kind'];
export type RequestStatus = DataSubjectRequest['status'];

export const KINDS: readonly RequestKind[] = ['access', 'correction', 'deletion', 'restriction', 'objection'];
export const STATUSES: readonly RequestStatus[] = ['received', 'acknowledged', 'completed', 'rejected'];
/** Completing one of these puts the person under a processing restriction (hidden from lists and reports). */
export const RESTRICTING: readonly RequestKind[] = ['deletion', 'restriction', 'objection'];

export function isOpen(r: Pick<DataSubjectRequest, 'status'>): boolean {
  return r.status === 'received' || r.status === 'acknowledged';
}

/** How urgent an open request's deadline is: the next deadline (acknowledge, then complete) vs today. */
export type Urgency = 'overdue' | 'soon' | 'ok' | 'closed';

export function nextDue(r: DataSubjectRequest): string | null {
  if (!isOpen(r)) return null;
  return r.status === 'received' ? r.ack_due : r.complete_due;
}

export function urgency(r: DataSubjectRequest, today: string = todayIso()): Urgency {
  if (!isOpen(r)) return 'closed';
  if (r.complete_due < today || (r.status === 'received' && r.ack_due < today)) return 'overdue';
  const due = nextDue(r)!;
  const days = (Date.parse(due) - Date.parse(today)) / 86_400_000;
  return days <= 2 ? 'soon' : 'ok';
}

/** One deadline of an open request: overdue (past), soon (within two days) or ok; a closed request is ok. */
export function dueUrgency(r: Pick<DataSubjectRequest, 'status'>, due: string, today: string = todayIso()): Exclude<Urgency, 'closed'> {
  if (!isOpen(r)) return 'ok';
  if (due < today) return 'overdue';
  return (Date.parse(due) - Date.parse(today)) / 86_400_000 <= 2 ? 'soon' : 'ok';
}

export interface RequestFilters {
  status?: RequestStatus;
  overdue?: boolean;
  cadre_id?: number;
}

export function useDataSubjectRequests(filters: RequestFilters) {
  return useQuery({
    queryKey: queryKeys.privacy.list(filters),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/data-subject-requests', { params: { query: { ...filters, limit: 200 } }, signal })),
    placeholderData: (prev) => prev,
  });
}

export function useDataSubjectRequest(id: number) {
  return useQuery({
    queryKey: queryKeys.privacy.detail(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/data-subject-requests/{request_id}', { params: { path: { request_id: id } }, signal })),
  });
}

export function useCreateRequest(form?: FormErrorsTarget) {
  return useApiMutation<S['DataSubjectRequestCreate'], DataSubjectRequest>({
    mutationFn: (body) => call(api.POST('/api/v1/data-subject-requests', { body })),
    invalidate: [queryKeys.privacy.all],
    form,
    formFields: ['cadre_id', 'kind', 'received_on', 'note'],
  });
}

export function useAcknowledgeRequest() {
  return useApiMutation<number, DataSubjectRequest>({
    mutationFn: (id) =>
      call(api.POST('/api/v1/data-subject-requests/{request_id}/acknowledge', { params: { path: { request_id: id } } })),
    invalidate: [queryKeys.privacy.all],
  });
}

export function useCompleteRequest(form?: FormErrorsTarget) {
  return useApiMutation<{ id: number; body: S['DataSubjectRequestComplete'] }, DataSubjectRequest>({
    mutationFn: ({ id, body }) =>
      call(api.POST('/api/v1/data-subject-requests/{request_id}/complete', { params: { path: { request_id: id } }, body })),
    // a completed restriction/deletion/objection hides the person from cadre lists
    invalidate: [queryKeys.privacy.all, queryKeys.cadres.all],
    form,
    formFields: ['outcome', 'rejected'],
  });
}

/** Everything held about one person, saved as a JSON file (the server access-logs the export). */
export async function downloadPersonalData(cadreId: number): Promise<string> {
  const data = await call(
    api.GET('/api/v1/cadres/{cadre_id}/personal-data-export', { params: { path: { cadre_id: cadreId } } }),
  );
  const name = `du-lieu-ca-nhan-${cadreId}-${todayIso()}.json`;
  saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
  return name;
}
