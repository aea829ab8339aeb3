/**
 * Every TanStack Query key of the application, in one place, so a mutation can invalidate exactly the
 * lists and objects it changed. Convention: `[resource, kind, ...params]`; invalidating `[resource]`
 * drops every list and object of that resource.
 */
export const queryKeys = {
  me: ['me'] as const,
  units: {
    all: ['units'] as const,
    roots: (asOf: string | undefined) => ['units', 'roots', asOf ?? 'today'] as const,
    children: (parentId: number, asOf: string | undefined) => ['units', 'children', parentId, asOf ?? 'today'] as const,
    search: (q: string, asOf: string | undefined) => ['units', 'search', q, asOf ?? 'today'] as const,
    detail: (id: number) => ['units', 'detail', id] as const,
    history: (id: number) => ['units', 'history', id] as const,
    summary: (id: number, asOf: string | undefined) => ['units', 'summary', id, asOf ?? 'today'] as const,
  },
  cadres: {
    all: ['cadres'] as const,
    list: (params: object) => ['cadres', 'list', params] as const,
    detail: (id: number) => ['cadres', 'detail', id] as const,
    /** A history section of one cadre (qualifications, employment, family, assignments, conduct). */
    section: (id: number, section: string) => ['cadres', 'detail', id, section] as const,
    sensitive: (id: number) => ['cadres', 'sensitive', id] as const,
  },
  reference: {
    unitTypes: ['reference', 'unit-types'] as const,
    positions: ['reference', 'positions'] as const,
  },
  jobs: {
    detail: (id: string) => ['jobs', id] as const,
  },
} as const;
