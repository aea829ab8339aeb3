/** Cadres (API.md "Cadres") shared by every feature: the paged list, one profile, its history sections. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { api, call } from '../client';
import type { CadreListQuery } from '../types';
import { queryKeys } from './keys';

export type CadreFilters = Omit<CadreListQuery, 'cursor' | 'limit'>;

/** Drop empty values so equal filters give equal query keys and clean URLs. */
export function cleanFilters<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

/** GET /api/v1/cadres, keyset pages of `limit` (Vietnamese name order, server side). */
export function useCadreList(filters: CadreFilters, limit = 50, enabled = true) {
  const params = cleanFilters(filters);
  return useInfiniteQuery({
    queryKey: queryKeys.cadres.list({ ...params, limit }),
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET('/api/v1/cadres', {
          params: { query: { ...params, limit, cursor: pageParam ?? undefined } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled,
  });
}

/**
 * GET /api/v1/cadres/{id} WITHOUT the sensitive keys (`sensitive=false`; logged as a detail read). The
 * profile reveals them on demand with `useCadreSensitive` (logged as a sensitive read).
 */
export function useCadre(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.cadres.detail(id ?? -1),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}', { params: { path: { cadre_id: id! }, query: { sensitive: false } }, signal })),
    enabled: id !== undefined,
  });
}

/** The same profile with its sensitive keys, fetched only when the user asks (each call is access-logged). */
export function useCadreSensitive(id: number, enabled: boolean, purpose?: string) {
  return useQuery({
    queryKey: queryKeys.cadres.sensitive(id),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}', { params: { path: { cadre_id: id }, query: { purpose: purpose || undefined } }, signal })),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useCadreAssignments(id: number) {
  return useQuery({
    queryKey: queryKeys.cadres.section(id, 'assignments'),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}/assignments', { params: { path: { cadre_id: id } }, signal })),
  });
}

export function useCadreQualifications(id: number) {
  return useQuery({
    queryKey: queryKeys.cadres.section(id, 'qualifications'),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}/qualifications', { params: { path: { cadre_id: id } }, signal })),
  });
}

export function useCadreEmployment(id: number) {
  return useQuery({
    queryKey: queryKeys.cadres.section(id, 'employment'),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres/{cadre_id}/employment', { params: { path: { cadre_id: id } }, signal })),
  });
}

export function useCadreFamily(id: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.cadres.section(id, 'family'),
    queryFn: ({ signal }) => call(api.GET('/api/v1/cadres/{cadre_id}/family', { params: { path: { cadre_id: id } }, signal })),
    enabled,
  });
}

export function useCadreConduct(id: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.cadres.section(id, 'conduct'),
    queryFn: ({ signal }) => call(api.GET('/api/v1/cadres/{cadre_id}/conduct', { params: { path: { cadre_id: id } }, signal })),
    enabled,
  });
}
