/** Reference data shared by every feature: unit types (with allowed parents) and post codes. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../client';
import type { Position, UnitType } from '../types';
import { queryKeys } from './keys';

const HOUR = 60 * 60_000;

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
    queryKey: queryKeys.reference.unitTypes,
    queryFn: ({ signal }) => call(api.GET('/api/v1/unit-types', { signal })),
    staleTime: HOUR,
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

export interface PositionCatalogue {
  positions: Position[];
  label(code: string): string;
}

/** GET /api/v1/positions: post codes (chức vụ) with labels, in rank order. */
export function usePositions(): PositionCatalogue & { isLoading: boolean } {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.reference.positions,
    queryFn: ({ signal }) => call(api.GET('/api/v1/positions', { signal })),
    staleTime: HOUR,
  });
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const positions = [...(query.data?.items ?? [])].sort((a, b) => a.rank - b.rank);
    const byCode = new Map(positions.map((p) => [p.code, p]));
    return {
      positions,
      isLoading: query.isLoading,
      label: (code: string) => {
        const p = byCode.get(code);
        if (!p) return code;
        return lang === 'en' ? p.label_en : p.label_vi;
      },
    };
  }, [query.data, query.isLoading, lang]);
}
