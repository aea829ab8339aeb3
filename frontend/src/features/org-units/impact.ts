/** What a restructuring takes along: subordinate units, cadres and open posts of a unit (the wizard's preview). */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { CadreStatistics } from '../../api/types';
import { todayIso } from '../../lib/dates';

export interface UnitImpact {
  /** Subordinate units by type (the unit itself excluded). */
  unitsByType: Record<string, number>;
  members: number;
  cadres: number;
  openPosts: number;
  bodies: number;
}

export function useUnitImpact(unitId: number | undefined) {
  return useQuery({
    queryKey: ['units', 'impact', unitId ?? -1],
    enabled: unitId !== undefined,
    queryFn: async ({ signal }): Promise<UnitImpact> => {
      const stats = (await call(
        api.GET('/api/v1/reports/cadre-statistics', { params: { query: { unit_id: unitId! } }, signal }),
      )) as CadreStatistics;
      const terms = await call(api.GET('/api/v1/terms', { params: { query: { unit_id: unitId!, limit: 50 } }, signal }));
      const today = todayIso();
      const current = terms.items.filter((t) => t.start_date <= today && (!t.end_date || t.end_date >= today));
      const bodies = current.flatMap((t) => t.bodies);
      const compositions = await Promise.all(
        bodies.map((b) => call(api.GET('/api/v1/bodies/{body_id}/composition', { params: { path: { body_id: b.id } }, signal }))),
      );
      const unitsByType = { ...stats.units.by_type };
      return {
        unitsByType,
        members: stats.members,
        cadres: Object.values(stats.staff).reduce((n, b) => n + b.total, 0),
        openPosts: compositions.reduce((n, c) => n + (c.vacancies ?? 0), 0),
        bodies: bodies.length,
      };
    },
    staleTime: 30_000,
  });
}
