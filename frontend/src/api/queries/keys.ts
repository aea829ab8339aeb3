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
    /** D10: units whose type the rules in force no longer allow (dropped with every units change). */
    dataQuality: ['units', 'data-quality'] as const,
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
  actions: {
    all: ['actions'] as const,
    list: (params: object) => ['actions', 'list', params] as const,
    detail: (id: number) => ['actions', 'detail', id] as const,
    preview: (body: object) => ['actions', 'preview', body] as const,
  },
  conduct: (cadreId: number) => ['cadres', 'detail', cadreId, 'conduct'] as const,
  notifications: {
    all: ['notifications'] as const,
    list: (unread: boolean) => ['notifications', 'list', unread] as const,
  },
  reports: {
    statistics: (unitId: number, asOf: string) => ['reports', 'statistics', unitId, asOf] as const,
  },
  reportRequests: {
    all: ['report-requests'] as const,
    list: (box: string) => ['report-requests', 'list', box] as const,
    detail: (id: number) => ['report-requests', 'detail', id] as const,
    tracking: (id: number) => ['report-requests', 'tracking', id] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    list: (params: object) => ['tasks', 'list', params] as const,
    detail: (id: number) => ['tasks', 'detail', id] as const,
  },
  planning: {
    all: ['planning'] as const,
    cycles: (unitId: number | undefined) => ['planning', 'cycles', unitId ?? 'all'] as const,
    cycle: (id: number) => ['planning', 'cycle', id] as const,
    candidates: (id: number) => ['planning', 'cycle', id, 'candidates'] as const,
    structure: (id: number) => ['planning', 'cycle', id, 'structure'] as const,
  },
  plans: {
    all: ['plans'] as const,
    list: (params: object) => ['plans', 'list', params] as const,
    detail: (id: number) => ['plans', 'detail', id] as const,
    progress: (id: number, asOf: string) => ['plans', 'progress', id, asOf] as const,
    records: (targetId: number, unitId: number | undefined, asOf: string) =>
      ['plans', 'records', targetId, unitId ?? 'scope', asOf] as const,
    indicators: ['plans', 'indicators'] as const,
    measurements: (params: object) => ['plans', 'measurements', params] as const,
  },
  admin: {
    all: ['admin'] as const,
    users: (params: object) => ['admin', 'users', params] as const,
    user: (id: number) => ['admin', 'user', id] as const,
    grants: (params: object) => ['admin', 'grants', params] as const,
    clients: (params: object) => ['admin', 'clients', params] as const,
    client: (id: string) => ['admin', 'client', id] as const,
  },
  configuration: {
    all: ['configuration'] as const,
    ruleSettings: ['configuration', 'rule-settings'] as const,
    titleStandards: ['configuration', 'title-standards'] as const,
    approvalAuthority: ['configuration', 'approval-authority'] as const,
  },
  webhooks: {
    all: ['webhooks'] as const,
    list: ['webhooks', 'list'] as const,
    detail: (id: number) => ['webhooks', 'detail', id] as const,
    deliveries: (id: number, status: string) => ['webhooks', 'deliveries', id, status] as const,
  },
  privacy: {
    all: ['privacy'] as const,
    list: (params: object) => ['privacy', 'list', params] as const,
    detail: (id: number) => ['privacy', 'detail', id] as const,
  },
  audit: {
    log: (params: object) => ['audit', 'log', params] as const,
    access: (params: object) => ['audit', 'access', params] as const,
  },
} as const;
