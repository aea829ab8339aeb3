/**
 * The browser database (IndexedDB) of both apps: the session key and the encrypted session, the chair's outbox
 * of offline changes, and the chair's persisted query cache. Nothing here uses localStorage.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface OutboxRow {
  id: string;
  seq: number;
  [key: string]: unknown;
}

interface CadreDB extends DBSchema {
  /** Non-extractable WebCrypto keys (structured-cloned CryptoKey objects: the raw key never leaves the browser). */
  keys: { key: string; value: CryptoKey };
  /** Encrypted session records: `{iv, data}` (AES-GCM). */
  session: { key: string; value: { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } };
  outbox: { key: string; value: OutboxRow; indexes: { seq: number } };
  cache: { key: string; value: unknown };
}

export const DB_NAME = 'cadre-registry';
let dbPromise: Promise<IDBPDatabase<CadreDB>> | null = null;

export function db(): Promise<IDBPDatabase<CadreDB>> {
  dbPromise ??= openDB<CadreDB>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('keys');
      database.createObjectStore('session');
      database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
      database.createObjectStore('cache');
    },
  });
  return dbPromise;
}

/** IndexedDB can be missing (old browsers, some private modes, jsdom): callers then keep things in memory. */
export function hasIndexedDB(): boolean {
  return typeof indexedDB !== 'undefined' && typeof crypto !== 'undefined' && !!crypto.subtle;
}
