/** Data access for units (API.md "Units"), as TanStack Query hooks over the typed client. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import type { Unit, UnitListQuery, UnitType } from '../../api/types';
import { sortByVi } from '../../lib/collation';

/** Page size used when walking a list to its end (the API's maximum). */
export const PAGE_LIMIT = 200;
/** Search shows the first SEARCH_LIMIT matches only. */
export const SEARCH_LIMIT = 50;
/** Safety stop when following next_cursor. */
const MAX_PAGES = 50;

export const unitKeys = {
  all: ['units'] as const,
  roots: (asOf: string | undefined) => ['units', 'roots', asOf ?? 'today'] as const,
  children: (parentId: number, asOf: string | undefined) => ['units', 'children', parentId, asOf ?? 'today'] as const,
  search: (q: string, asOf: string | undefined) => ['units', 'search', q, asOf ?? 'today'] as const,
  detail: (id: number) => ['units', 'detail', id] as const,
  history: (id: number) => ['units', 'history', id] as const,
  types: ['unit-types'] as const,
};

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

export function useUnitHistory(id: number | undefined) {
  return useQuery({
    queryKey: unitKeys.history(id ?? -1),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/units/{unit_id}/history', { params: { path: { unit_id: id! } }, signal })),
    enabled: id !== undefined,
  });
}

export interface UnitTypeCatalogue {
  types: UnitType[];
  /** The type's label in the current language (the code while the catalogue loads). */
  label(code: string): string;
  /** Whether any unit type may sit under this one (false for the lowest level). */
  mayHaveChildren(code: string): boolean;
}

/** GET /api/v1/unit-types: labels and which types may sit under which. */
export function useUnitTypes(): UnitTypeCatalogue & { isLoading: boolean; error: unknown } {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: unitKeys.types,
    queryFn: ({ signal }) => call(api.GET('/api/v1/unit-types', { signal })),
    staleTime: 60 * 60_000,
  });
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const types = query.data?.items ?? [];
    const byCode = new Map(types.map((t) => [t.code, t]));
    const parentTypes = new Set(types.flatMap((t) => t.allowed_parent_types.map((r) => r.parent_type)));
    return {
      types,
      isLoading: query.isLoading,
      error: query.error,
      label: (code: string) => {
        const type = byCode.get(code);
        if (!type) return code;
        return lang === 'en' ? type.label_en : type.label_vi;
      },
      // Until the catalogue is loaded assume a unit may have children (the tree then shows "none").
      mayHaveChildren: (code: string) => types.length === 0 || parentTypes.has(code),
    };
  }, [query.data, query.isLoading, query.error, lang]);
}
