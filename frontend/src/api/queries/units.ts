/** Units (API.md "Units") as TanStack Query hooks over the typed client, shared by every feature. */
import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';

import { sortByVi } from '../../lib/collation';
import { api, call } from '../client';
import type { Unit, UnitListQuery } from '../types';
import { queryKeys } from './keys';

/** Page size used when walking a list to its end (the API's maximum). */
export const PAGE_LIMIT = 200;
/** Search shows the first SEARCH_LIMIT matches only. */
export const SEARCH_LIMIT = 50;
/** Safety stop when following next_cursor. */
const MAX_PAGES = 50;

export const unitKeys = { ...queryKeys.units, types: queryKeys.reference.unitTypes };

type ListParams = Omit<UnitListQuery, 'cursor' | 'limit'>;

/** GET /api/v1/units with `limit=200`, following `next_cursor` to the end. */
export async function listAllUnits(query: ListParams, signal?: AbortSignal): Promise<Unit[]> {
  const items: Unit[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await call(
      api.GET('/api/v1/units', { params: { query: { ...query, limit: PAGE_LIMIT, cursor } }, signal }),
    );
    items.push(...res.items);
    if (!res.next_cursor) break;
    cursor = res.next_cursor;
  }
  return items;
}

function asOfParam(asOf: string | undefined): { as_of?: string } {
  return asOf ? { as_of: asOf } : {};
}

/** The topmost units the caller may see. */
export function useRootUnits(asOf?: string) {
  return useQuery({
    queryKey: unitKeys.roots(asOf),
    queryFn: ({ signal }) => listAllUnits({ roots: true, ...asOfParam(asOf) }, signal),
  });
}

/** Direct children of a unit, all pages, in Vietnamese name order. */
export function useChildUnits(parentId: number, asOf: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: unitKeys.children(parentId, asOf),
    queryFn: async ({ signal }) =>
      sortByVi(await listAllUnits({ parent_id: parentId, ...asOfParam(asOf) }, signal), (u) => u.name),
    enabled,
  });
}

/** The tree fetches a node's children this many at a time ("Show more" loads the next page). */
export const TREE_PAGE_LIMIT = 50;

/**
 * Direct children of a unit a page at a time (`sort=name`, TREE_PAGE_LIMIT each), for the lazy tree: each page
 * carries the units' member count, workforce (as of `asOf`) and cadre count.
 */
export function useChildUnitPages(parentId: number, asOf: string | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...unitKeys.children(parentId, asOf), 'pages'] as const,
    queryFn: ({ signal, pageParam }) =>
      call(
        api.GET('/api/v1/units', {
          params: {
            query: {
              parent_id: parentId,
              sort: 'name',
              limit: TREE_PAGE_LIMIT,
              ...(pageParam ? { cursor: pageParam } : {}),
              ...asOfParam(asOf),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

/** Accent-insensitive name search (server side), first SEARCH_LIMIT matches. */
export function useUnitSearch(q: string, asOf?: string) {
  const needle = q.trim();
  return useQuery({
    queryKey: unitKeys.search(needle, asOf),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/units', { params: { query: { q: needle, limit: SEARCH_LIMIT, ...asOfParam(asOf) } }, signal })),
    enabled: needle.length >= 2,
    placeholderData: (previous) => previous,
  });
}

export function useUnit(id: number | undefined) {
  return useQuery({
    queryKey: unitKeys.detail(id ?? -1),
    queryFn: ({ signal }) => call(api.GET('/api/v1/units/{unit_id}', { params: { path: { unit_id: id! } }, signal })),
    enabled: id !== undefined,
  });
}

/** Names of a few units by id (shares the cache with useUnit); a list of many units carries its names instead. */
export function useUnitNames(ids: readonly number[]): Map<number, string> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: unitKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(api.GET('/api/v1/units/{unit_id}', { params: { path: { unit_id: id } }, signal })),
    })),
  });
  return new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.name] as const] : [])));
}

export function useUnitHistory(id: number | undefined) {
  return useQuery({
    queryKey: unitKeys.history(id ?? -1),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/units/{unit_id}/history', { params: { path: { unit_id: id! } }, signal })),
    enabled: id !== undefined,
  });
}
