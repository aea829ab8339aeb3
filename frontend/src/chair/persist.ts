/**
 * TanStack Query's cache persisted to IndexedDB, bounded to the chair's own data: only queries under the
 * ['chair', …] key are written, and the whole cache is dropped at sign-out (and when another user signs in).
 */
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';

import { db, hasIndexedDB } from '../lib/db';

const KEY = 'chair-query-cache';

let early: Promise<PersistedClient | undefined> | null = null;

function read(): Promise<PersistedClient | undefined> {
  if (!hasIndexedDB()) return Promise.resolve(undefined);
  return db().then(async (d) => ((await d.get('cache', KEY)) as PersistedClient | undefined) ?? undefined);
}

/** Start reading the saved data before the first render (chair/main.tsx); the provider's restore then takes it. */
export function prefetchPersistedCache(): void {
  early ??= read();
  early.catch(() => undefined);
}

export const chairPersister: Persister = {
  async persistClient(client: PersistedClient) {
    if (hasIndexedDB()) await (await db()).put('cache', client, KEY);
  },
  restoreClient() {
    const pending = early ?? read();
    early = null; // once: a later restore (another sign-in) reads afresh
    return pending;
  },
  async removeClient() {
    if (hasIndexedDB()) await (await db()).delete('cache', KEY);
  },
};

export const CACHE_MAX_AGE = 14 * 24 * 3600 * 1000; // as long as the refresh token lives
