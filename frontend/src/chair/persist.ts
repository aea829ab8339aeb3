/**
 * TanStack Query's cache persisted to IndexedDB, bounded to the chair's own data: only queries under the
 * ['chair', …] key are written, and the whole cache is dropped at sign-out (and when another user signs in).
 */
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';

import { db, hasIndexedDB } from '../lib/db';

const KEY = 'chair-query-cache';

export const chairPersister: Persister = {
  async persistClient(client: PersistedClient) {
    if (hasIndexedDB()) await (await db()).put('cache', client, KEY);
  },
  async restoreClient() {
    if (!hasIndexedDB()) return undefined;
    return ((await (await db()).get('cache', KEY)) as PersistedClient | undefined) ?? undefined;
  },
  async removeClient() {
    if (hasIndexedDB()) await (await db()).delete('cache', KEY);
  },
};

export const CACHE_MAX_AGE = 14 * 24 * 3600 * 1000; // as long as the refresh token lives
