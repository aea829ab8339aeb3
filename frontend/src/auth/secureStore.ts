/**
 * Where the signed-in session survives a reload: IndexedDB, encrypted with AES-GCM under a non-extractable
 * WebCrypto key that is itself kept in IndexedDB as a CryptoKey (its bytes cannot be read by script, so a copy of
 * the database is useless elsewhere). The access token is never written: it stays in memory, and the stored copy
 * says "expired" so a reload renews with the (rotated) refresh token. Nothing goes to localStorage.
 *
 * Implements oidc-client-ts's `StateStore` (its `userStore`).
 */
import { db, hasIndexedDB } from '../lib/db';

const KEY_NAME = 'session-aes-gcm';

async function sessionKey(): Promise<CryptoKey> {
  const database = await db();
  const existing = await database.get('keys', KEY_NAME);
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await database.put('keys', key, KEY_NAME);
  return key;
}

/** What may be persisted of an oidc-client-ts user record: everything but the access (and ID) token. */
export function persistable(value: string): string {
  try {
    const user = JSON.parse(value) as Record<string, unknown>;
    if (typeof user !== 'object' || user === null || !('refresh_token' in user)) return value;
    const { access_token: _a, id_token: _i, ...rest } = user;
    void _a;
    void _i;
    return JSON.stringify({ ...rest, access_token: '', expires_at: 0 });
  } catch {
    return value;
  }
}

export class EncryptedSessionStore {
  private readonly memory = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  private key(k: string): string {
    return `${this.prefix}${k}`;
  }

  /** The new record replaces the stored one in one `put`: until it is written, the old refresh token stays
   *  stored (a reload mid-renewal restarts from it, never from nothing). */
  async set(key: string, value: string): Promise<void> {
    if (!hasIndexedDB()) {
      this.memory.set(key, value);
      return;
    }
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await sessionKey(), new TextEncoder().encode(persistable(value)));
    await (await db()).put('session', { iv, data }, this.key(key));
    this.memory.set(key, value);
  }

  /** Drop the in-memory copies so the next read comes from IndexedDB (another tab may have renewed since). Only
   *  when IndexedDB is there: otherwise memory is all there is. */
  forgetCached(): void {
    if (hasIndexedDB()) this.memory.clear();
  }

  async get(key: string): Promise<string | null> {
    const inMemory = this.memory.get(key);
    if (inMemory !== undefined) return inMemory;
    if (!hasIndexedDB()) return null;
    const row = await (await db()).get('session', this.key(key));
    if (!row) return null;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.iv }, await sessionKey(), row.data);
      return new TextDecoder().decode(plain);
    } catch {
      await this.remove(key); // a record the current key cannot open is worthless
      return null;
    }
  }

  async remove(key: string): Promise<string | null> {
    const value = this.memory.get(key) ?? null;
    this.memory.delete(key);
    if (hasIndexedDB()) await (await db()).delete('session', this.key(key));
    return value;
  }

  async getAllKeys(): Promise<string[]> {
    const keys = new Set(this.memory.keys());
    if (hasIndexedDB()) {
      for (const k of await (await db()).getAllKeys('session')) {
        if (k.startsWith(this.prefix)) keys.add(k.slice(this.prefix.length));
      }
    }
    return [...keys];
  }

  /** Is there a stored session at all? (Checked before loading the OIDC library on start-up.) */
  async hasStoredSession(): Promise<boolean> {
    return (await this.getAllKeys()).some((k) => k.startsWith('user:'));
  }
}
