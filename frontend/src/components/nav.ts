/**
 * The navigation registry: one line per screen, grouped; the menu shows the entries the signed-in user's
 * permissions allow (`permission` is an OAuth scope / role permission, see API.md "Scopes").
 * A feature adds its line here (and its routes in src/routes/router.tsx); nothing else changes.
 */
import {
  IconArrowsExchange,
  IconBuildingCommunity,
  IconChartPie,
  IconCertificate,
  IconChecklist,
  IconChartBar,
  IconChartDots,
  IconClipboardCheck,
  IconDeviceMobile,
  IconDatabaseExclamation,
  IconFileImport,
  IconGavel,
  IconHistory,
  IconShieldLock,
  IconWebhook,
  IconInbox,
  IconHome,
  IconListTree,
  IconProgress,
  IconSchool,
  IconSettings,
  IconUserCheck,
  IconUserSearch,
  IconTargetArrow,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';

export const NAV_GROUPS = ['workspace', 'people', 'planning', 'reports', 'admin', 'mobile'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavEntry {
  /** A route path of the router. */
  to: string;
  /** i18n key in the `common` namespace. */
  labelKey: string;
  icon: Icon;
  group: NavGroup;
  /** Shown only when the user holds this permission (every one of them, when an array). */
  permission?: string | readonly string[];
  /** Shown only to these roles (e.g. the chair's phone page). */
  roles?: readonly string[];
  /** Marks a placeholder page. */
  comingSoon?: boolean;
  /** Active only on the exact path (for `/`). */
  exact?: boolean;
  /** Another app of the site (the chair's phone PWA, chair.html): opened with a full page load, not a route. */
  otherApp?: boolean;
  /** Shown only to an account that belongs to a cadre (`GET /me` → `cadre_id`): their own pages. */
  ownCadre?: boolean;
}

export const NAV_ENTRIES: NavEntry[] = [
  { group: 'workspace', to: '/', labelKey: 'nav.home', icon: IconHome, permission: 'units:read', exact: true },
  { group: 'workspace', to: '/tasks', labelKey: 'nav.tasks', icon: IconChecklist, permission: 'actions:write' },
  { group: 'workspace', to: '/units', labelKey: 'nav.units', icon: IconBuildingCommunity, permission: 'units:read', exact: true },
  { group: 'workspace', to: '/units/committee-changes', labelKey: 'nav.committeeChanges', icon: IconUsersGroup, permission: 'cadres:write' },
  { group: 'workspace', to: '/units/data-quality', labelKey: 'nav.dataQuality', icon: IconDatabaseExclamation, permission: 'units:write' },
  { group: 'workspace', to: '/jobs', labelKey: 'nav.jobs', icon: IconProgress },
  { group: 'workspace', to: '/me/evaluations', labelKey: 'nav.myEvaluation', icon: IconUserCheck, ownCadre: true },
  { group: 'people', to: '/cadres', labelKey: 'nav.cadres', icon: IconUsers, permission: 'cadres:read', exact: true },
  { group: 'people', to: '/cadres/import', labelKey: 'nav.cadreImport', icon: IconFileImport, permission: 'cadres:write' },
  { group: 'people', to: '/cadres/self-declarations', labelKey: 'nav.selfDeclarations', icon: IconUserCheck, permission: 'cadres:write' },
  { group: 'people', to: '/actions', labelKey: 'nav.actions', icon: IconGavel, permission: 'actions:write' },
  { group: 'planning', to: '/planning', labelKey: 'nav.planning', icon: IconListTree, permission: 'cadres:read' },
  { group: 'planning', to: '/plans', labelKey: 'nav.plans', icon: IconTargetArrow, permission: 'reports:read' },
  { group: 'planning', to: '/measurements', labelKey: 'nav.measurements', icon: IconChartDots, permission: 'reports:read' },
  { group: 'reports', to: '/reports', labelKey: 'nav.reports', icon: IconChartBar, permission: 'reports:read' },
  { group: 'reports', to: '/report-requests', labelKey: 'nav.reportRequests', icon: IconInbox, permission: 'reports:read' },
  { group: 'admin', to: '/audit', labelKey: 'nav.audit', icon: IconHistory, permission: 'audit:read' },
  { group: 'admin', to: '/admin', labelKey: 'nav.admin', icon: IconSettings, permission: 'admin' },
  { group: 'admin', to: '/integration/webhooks', labelKey: 'nav.webhooks', icon: IconWebhook, permission: 'webhooks:manage' },
  { group: 'people', to: '/data-requests', labelKey: 'nav.dataRequests', icon: IconShieldLock, permission: 'cadres:write' },
  { group: 'people', to: '/evaluation', labelKey: 'nav.evaluation', icon: IconClipboardCheck, permission: 'cadres:read' },
  { group: 'people', to: '/training', labelKey: 'nav.training', icon: IconCertificate, permission: 'cadres:read', exact: true },
  { group: 'people', to: '/training/gaps', labelKey: 'nav.coverage', icon: IconUserSearch, permission: 'cadres:read' },
  { group: 'people', to: '/training/programmes', labelKey: 'nav.trainingProgrammes', icon: IconSchool, permission: 'cadres:read' },
  { group: 'people', to: '/rotations', labelKey: 'nav.rotations', icon: IconArrowsExchange, permission: 'cadres:read' },
  { group: 'reports', to: '/training/statistics', labelKey: 'nav.trainingStatistics', icon: IconChartPie, permission: 'reports:read' },
  { group: 'mobile', to: '/chair', labelKey: 'nav.chair', icon: IconDeviceMobile, roles: ['grassroots_chair', 'system_admin'], otherApp: true },
];

export interface NavViewer {
  can(permission: string): boolean;
  roles: readonly string[];
  /** The signed-in principal, when known (its `cadre_id` opens the own-cadre entries). */
  me?: { cadre_id?: number | null } | undefined;
}

/** The entries a user may see, in registry order, grouped (empty groups left out). */
export function visibleNav(viewer: NavViewer, entries: readonly NavEntry[] = NAV_ENTRIES): { group: NavGroup; entries: NavEntry[] }[] {
  const allowed = entries.filter((e) => {
    const perms = e.permission === undefined ? [] : typeof e.permission === 'string' ? [e.permission] : e.permission;
    if (!perms.every((p) => viewer.can(p))) return false;
    if (e.roles && !e.roles.some((r) => viewer.roles.includes(r))) return false;
    if (e.ownCadre && !viewer.me?.cadre_id) return false;
    return true;
  });
  return NAV_GROUPS.map((group) => ({ group, entries: allowed.filter((e) => e.group === group) })).filter(
    (g) => g.entries.length > 0,
  );
}

/** Whether an entry is the current page. */
export function isActive(entry: NavEntry, pathname: string): boolean {
  if (entry.exact) return pathname === entry.to;
  return pathname === entry.to || pathname.startsWith(`${entry.to}/`);
}
