/**
 * Query hooks and mutations of plans and indicators (kế hoạch, nghị quyết, chỉ tiêu, số liệu nhập tay).
 * Keys live under `queryKeys.plans` (prefix ['plans']), so any write drops the plans' lists and progress.
 */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { components } from '../../api/types';
import { useApiMutation } from '../../components/mutation';

type S = components['schemas'];
export type Plan = S['PlanRead'];
export type PlanDetail = S['PlanDetail'];
export type PlanCreate = S['PlanCreate'];
export type PlanUpdate = S['PlanUpdate'];
export type Target = S['TargetRead'];
export type TargetCreate = S['TargetCreate'];
export type PlanTask = S['app__plans__schemas__TaskRead'];
export type TaskCreate = S['TaskCreate'];
export type TaskStatus = PlanTask['status'];
export type Comparator = Target['comparator'];
export type PlanKind = Plan['kind'];
export type Indicator = S['IndicatorRead'];
export type Measurement = S['MeasurementRead'];
export type MeasurementCreate = S['MeasurementCreate'];
export type CascadeResult = S['CascadeResult'];

export const PLAN_KINDS: readonly PlanKind[] = ['ke_hoach', 'nghi_quyet', 'chuong_trinh'];
export const COMPARATORS: readonly Comparator[] = ['ge', 'le', 'eq'];
export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'in_progress', 'done', 'cancelled'];

export const planKeys = {
  ...queryKeys.plans,
  target: (id: number, asOf: string, unitId: number | undefined) => ['plans', 'target', id, asOf, unitId ?? 'scope'] as const,
  children: (id: number) => ['plans', 'children', id] as const,
  measurement: (id: number) => ['plans', 'measurement', id] as const,
  check: (id: number) => ['plans', 'measurement', id, 'check'] as const,
};

export function usePlans(query: { issuer_unit_id?: number; status?: string } = {}) {
  return useQuery({
    queryKey: planKeys.list(query),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans', { params: { query: { ...query, limit: 200 } }, signal })),
  });
}

export function usePlan(id: number) {
  return useQuery({
    queryKey: planKeys.detail(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans/{plan_id}', { params: { path: { plan_id: id } }, signal })),
  });
}

/** Plans implementing this one in subordinate units (made by a cascade). */
export function useChildPlans(id: number) {
  return useQuery({
    queryKey: planKeys.children(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans', { params: { query: { parent_plan_id: id, limit: 500 } }, signal })),
  });
}

export function useIndicators() {
  const q = useQuery({
    queryKey: planKeys.indicators,
    queryFn: ({ signal }) => call(api.GET('/api/v1/indicators', { signal })),
    staleTime: 10 * 60_000,
  });
  const items = q.data?.items ?? [];
  return { ...q, items, byCode: (code: string) => items.find((i) => i.code === code) };
}

export function useTargetProgress(id: number, asOf: string, unitId?: number) {
  return useQuery({
    queryKey: planKeys.target(id, asOf, unitId),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/targets/{target_id}/progress', {
        params: { path: { target_id: id }, query: { as_of: asOf, ...(unitId ? { unit_id: unitId } : {}) } },
        signal,
      })),
    enabled: asOf !== '',
    retry: false,
  });
}

export function useMeasurements(query: { indicator_code?: string; unit_id?: number }) {
  return useQuery({
    queryKey: planKeys.measurements(query),
    queryFn: ({ signal }) => call(api.GET('/api/v1/measurements', { params: { query: { ...query, limit: 200 } }, signal })),
  });
}

export function useMeasurement(id: number) {
  return useQuery({
    queryKey: planKeys.measurement(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/measurements/{measurement_id}', { params: { path: { measurement_id: id } }, signal })),
  });
}

export function useMeasurementCheck(id: number, enabled: boolean) {
  return useQuery({
    queryKey: planKeys.check(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/measurements/{measurement_id}/check', { params: { path: { measurement_id: id } }, signal })),
    enabled,
    retry: false,
  });
}

export interface PlanEdit {
  body: PlanUpdate;
  /** The version the user edited (If-Match). */
  version: number;
}

export function useUpdatePlan(planId: number, form?: Parameters<typeof useApiMutation>[0]['form']) {
  return useApiMutation<PlanEdit, PlanDetail>({
    mutationFn: ({ body }, ctx) =>
      call(api.PATCH('/api/v1/plans/{plan_id}', { params: { path: { plan_id: planId } }, body, headers: ctx.headers })),
    versionOf: (v) => v.version,
    invalidate: [queryKeys.plans.all],
    setData: (data) => planKeys.detail(data.id),
    form,
    formFields: ['number', 'title', 'issued_on', 'status'],
    loadCurrent: () => call(api.GET('/api/v1/plans/{plan_id}', { params: { path: { plan_id: planId } } })),
  });
}

/** A File → the inline base64 upload the measurements API takes. */
export function fileToUpload(file: File): Promise<S['FileUpload']> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ filename: file.name, content_type: file.type || 'application/octet-stream', content_base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}

/** Whether an indicator's figures are percentages (entered and shown as "85 %", stored as 85): ratio indicators
 * and manual ones measured in "%" — the server's `indicators.status.is_percentage` (D12). */
export function isPercent(ind: Indicator | undefined): boolean {
  return ind?.kind === 'ratio' || ind?.unit_label?.trim() === '%';
}
