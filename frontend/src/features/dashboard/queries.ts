/** The dashboard's own reads (shared resources come from src/api/queries). */
import { useQuery } from '@tanstack/react-query';

import { api, call } from '../../api/client';
import type { CadreStatistics } from '../../api/types';

export const dashboardKeys = {
  stats: (unitId: number) => ['dashboard', 'stats', unitId] as const,
  plans: (unitId: number) => ['dashboard', 'plans', unitId] as const,
  progress: (planId: number) => ['dashboard', 'progress', planId] as const,
  awaiting: ['dashboard', 'awaiting'] as const,
  inbox: ['dashboard', 'inbox'] as const,
  terms: (unitId: number) => ['dashboard', 'terms', unitId] as const,
  tasks: ['dashboard', 'tasks'] as const,
  retiring: (unitId: number, by: string) => ['dashboard', 'retiring', unitId, by] as const,
  expiring: (unitId: number, by: string) => ['dashboard', 'expiring', unitId, by] as const,
};

export function useUnitStatistics(unitId: number | undefined) {
  return useQuery({
    queryKey: dashboardKeys.stats(unitId ?? -1),
    // The endpoint also answers xlsx/docx/pdf, so its generated type is a union: JSON is what we ask for.
    queryFn: async ({ signal }) =>
      (await call(api.GET('/api/v1/reports/cadre-statistics', { params: { query: { unit_id: unitId! } }, signal }))) as CadreStatistics,
    enabled: unitId !== undefined,
  });
}

/** The unit's plans and the progress of the first one (targets with status and trend). */
export function useKeyIndicators(unitId: number | undefined) {
  const plans = useQuery({
    queryKey: dashboardKeys.plans(unitId ?? -1),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans', { params: { query: { issuer_unit_id: unitId!, limit: 5 } }, signal })),
    enabled: unitId !== undefined,
  });
  const planId = plans.data?.items[0]?.id;
  const progress = useQuery({
    queryKey: dashboardKeys.progress(planId ?? -1),
    queryFn: ({ signal }) => call(api.GET('/api/v1/plans/{plan_id}/progress', { params: { path: { plan_id: planId! }, query: { trend: true } }, signal })),
    enabled: planId !== undefined,
  });
  return { plans, progress, plan: plans.data?.items[0] };
}

export function useAwaitingMe(enabled: boolean) {
  return useQuery({
    queryKey: dashboardKeys.awaiting,
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/personnel-actions', { params: { query: { awaiting_me: true, limit: 5 } }, signal })),
    enabled,
  });
}

export function useRequestInbox(enabled: boolean) {
  return useQuery({
    queryKey: dashboardKeys.inbox,
    queryFn: ({ signal }) => call(api.GET('/api/v1/report-requests', { params: { query: { box: 'inbox', limit: 20 } }, signal })),
    enabled,
  });
}

export function useTermsWithin(unitId: number | undefined) {
  return useQuery({
    queryKey: dashboardKeys.terms(unitId ?? -1),
    queryFn: ({ signal }) => call(api.GET('/api/v1/terms', { params: { query: { within: unitId!, limit: 200 } }, signal })),
    enabled: unitId !== undefined,
  });
}

/** Open tasks raised by the rules in my scope, soonest due first ("waiting for me"). */
export function useOpenTasks(enabled: boolean) {
  return useQuery({
    queryKey: dashboardKeys.tasks,
    queryFn: ({ signal }) => call(api.GET('/api/v1/tasks', { params: { query: { status: 'open', limit: 5 } }, signal })),
    enabled,
  });
}

/** People of the unit's subtree not yet retired whose `retirement_on` falls within the next `months` months. */
export function useRetiringSoon(unitId: number | undefined, today: string, months = 12) {
  const by = addMonthsIso(today, months);
  return useQuery({
    queryKey: dashboardKeys.retiring(unitId ?? -1, by),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/cadres', { params: { query: { within: unitId!, retiring_by: by, limit: 10 } }, signal })),
    enabled: unitId !== undefined,
  });
}

/** Appointed posts (bổ nhiệm) in the unit's subtree whose 5-year period ends within `months` (rule 13). */
export function useExpiringAppointments(unitId: number | undefined, today: string, months = 12) {
  const by = addMonthsIso(today, months);
  return useQuery({
    queryKey: dashboardKeys.expiring(unitId ?? -1, by),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/assignments/expiring', { params: { query: { within: unitId!, by, limit: 10 } }, signal })),
    enabled: unitId !== undefined,
  });
}

/** An ISO date `months` later (the day clamped to the month's end). */
export function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Share as a percentage with one decimal, or undefined when the whole is 0. */
export function share(part: number, whole: number): number | undefined {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : undefined;
}

/** Items whose ISO `date` falls within [today, today + days]. */
export function dueWithin<T>(items: readonly T[], date: (item: T) => string | null | undefined, today: string, days: number): T[] {
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + days);
  const limit = end.toISOString().slice(0, 10);
  return items
    .filter((i) => {
      const d = date(i);
      return !!d && d >= today && d <= limit;
    })
    .sort((a, b) => (date(a)! < date(b)! ? -1 : 1));
}
