/** The chair's data: one overview query (ETag-revalidated, persisted to IndexedDB) and the sync estimate. */
import { useQuery, type QueryClient } from '@tanstack/react-query';

import { api, call } from '../api/client';
import { networkProblem, ProblemError, toProblem } from '../api/problem';
import type { components } from '../api/schema';

export type Overview = components['schemas']['ChairOverview'];
export type SyncEstimate = components['schemas']['SyncEstimate'];

export interface CachedOverview {
  etag: string | null;
  data: Overview;
  fetchedAt: number;
}

export const overviewKey = ['chair', 'overview'] as const;

/** GET the overview with If-None-Match: a 304 keeps the cached copy (no payload on a slow network). */
export async function fetchOverview(previous: CachedOverview | undefined): Promise<CachedOverview> {
  let result;
  try {
    result = await api.GET('/api/v1/chair/overview', {
      headers: previous?.etag ? { 'If-None-Match': previous.etag } : {},
    });
  } catch (e) {
    throw new ProblemError(networkProblem(e));
  }
  const { data, error, response } = result;
  if (response.status === 304 && previous) return { ...previous, fetchedAt: Date.now() };
  if (!response.ok || !data) throw new ProblemError(toProblem(response.status, error, { statusText: response.statusText }));
  return { etag: response.headers.get('ETag'), data, fetchedAt: Date.now() };
}

export function useOverview(queryClient: QueryClient, enabled: boolean) {
  return useQuery({
    queryKey: overviewKey,
    queryFn: () => fetchOverview(queryClient.getQueryData<CachedOverview>(overviewKey)),
    enabled,
    // Always revalidate on open (If-None-Match makes it a 304 when nothing changed); the saved copy shows meanwhile.
    staleTime: 0,
    gcTime: 14 * 24 * 3600 * 1000,
    networkMode: 'offlineFirst',
    refetchOnReconnect: true,
  });
}

export function useSyncEstimate(enabled: boolean) {
  return useQuery({
    queryKey: ['chair', 'sync-estimate'],
    queryFn: () => call(api.GET('/api/v1/chair/sync-estimate')),
    enabled,
    staleTime: 3600_000,
  });
}

export function formatBytes(n: number, lang: string): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  if (n < 1024) return `${fmt.format(n)} B`;
  if (n < 1024 * 1024) return `${fmt.format(n / 1024)} KB`;
  return `${fmt.format(n / 1024 / 1024)} MB`;
}

export function formatNumber(n: number | null | undefined, lang: string): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(n);
}

export function formatTime(iso: string | number, lang: string): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric',
  }).format(d);
}
