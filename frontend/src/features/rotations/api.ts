/** Query hooks of the rotation programme screens (luân chuyển, điều động, biệt phái). */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

export type Rotation = components['schemas']['RotationRead'];
export type RotationKind = Rotation['kind'];
export const KINDS: RotationKind[] = ['rotation', 'transfer', 'secondment'];

export const rotationKeys = {
  all: ['rotations'] as const,
  list: (params: object) => ['rotations', 'list', params] as const,
  one: (id: number) => ['rotations', 'one', id] as const,
  statistics: (params: object) => ['rotations', 'statistics', params] as const,
};

export function useRotations(params: { within?: number; ending_before?: string }) {
  return useQuery({
    queryKey: rotationKeys.list(params),
    queryFn: ({ signal }) => call(api.GET('/api/v1/rotations', { params: { query: { ...params, limit: 200 } }, signal })),
  });
}

export function useRotation(id: number) {
  return useQuery({
    queryKey: rotationKeys.one(id),
    queryFn: ({ signal }) => call(api.GET('/api/v1/rotations/{rotation_id}', { params: { path: { rotation_id: id } }, signal })),
    enabled: id > 0,
  });
}

export function useRotationStatistics(unitId: number | undefined, from: string, to: string) {
  return useQuery({
    queryKey: rotationKeys.statistics({ unitId, from, to }),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/rotations/statistics', { params: { query: { unit_id: unitId!, period_start: from, period_end: to } }, signal })),
    enabled: unitId !== undefined,
  });
}

/** Still away past the planned end (no return recorded). */
export function isOverdue(r: Rotation, today: string): boolean {
  return r.returned_on === null && r.planned_end_on !== null && r.planned_end_on < today;
}
