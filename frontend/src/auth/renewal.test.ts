/**
 * Renewal safety (issue 12): a reload or a second tab while the refresh token is being renewed must not end the
 * session. Renewals run one at a time across tabs (Web Locks) and always send the newest STORED refresh token.
 * A fake authorization server rotates refresh tokens and, like ours, revokes the family when an old one is reused.
 */
import type { User, UserManager } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { EncryptedSessionStore } from './secureStore';
import { isProblemError } from '../api/problem';
import { shouldRetry } from '../queryClient';
import {
  __resetSessionForTests,
  __setSessionDepsForTests,
  accessTokenForRequest,
  getSnapshot,
  renew,
  withRenewalLock,
} from './session';

/** navigator.locks.request, exclusive: one holder at a time, in request order (what browsers do across tabs). */
class FakeLocks {
  private tail: Promise<unknown> = Promise.resolve();
  request<T>(_name: string, _opts: unknown, fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

class FakeServer {
  private n = 1;
  current = 'r1';
  revoked = false;
  refresh(token: string): string {
    if (this.revoked || token !== this.current) {
      this.revoked = true; // reuse of a rotated token: the whole family goes
      throw Object.assign(new Error('invalid_grant'), { name: 'ErrorResponse' });
    }
    this.current = `r${++this.n}`;
    return this.current;
  }
}

/** One tab: its own memory copy over the shared "disk" (IndexedDB), like EncryptedSessionStore. */
function tab(disk: Map<string, string>, server: FakeServer) {
  const memory = new Map<string, string>();
  const store = {
    async get(k: string) {
      return memory.get(k) ?? disk.get(k) ?? null;
    },
    async set(k: string, v: string) {
      disk.set(k, v);
      memory.set(k, v);
    },
    forgetCached() {
      memory.clear();
    },
  };
  const read = async () => {
    const raw = await store.get('user');
    return raw ? (JSON.parse(raw) as { refresh_token: string }) : null;
  };
  const manager = {
    async getUser() {
      const u = await read();
      return u ? ({ refresh_token: u.refresh_token, expired: true } as unknown as User) : null;
    },
    async signinSilent() {
      const u = await read();
      const next = server.refresh(u!.refresh_token);
      await store.set('user', JSON.stringify({ refresh_token: next }));
      return { refresh_token: next, access_token: `a-${next}`, expired: false } as unknown as User;
    },
    async removeUser() {
      disk.delete('user');
      memory.clear();
    },
  };
  return { store, manager, memory };
}

let savedLocks: unknown;

beforeEach(() => {
  savedLocks = (navigator as unknown as { locks?: unknown }).locks;
  Object.defineProperty(navigator, 'locks', { value: new FakeLocks(), configurable: true });
  __resetSessionForTests({ status: 'signed_in' });
});

afterEach(() => {
  Object.defineProperty(navigator, 'locks', { value: savedLocks, configurable: true });
});

describe('session renewal', () => {
  it('runs one renewal at a time across tabs', async () => {
    const order: string[] = [];
    const slow = (name: string) => async () => {
      order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`${name}:end`);
    };
    await Promise.all([withRenewalLock(slow('a')), withRenewalLock(slow('b'))]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('sends the newest stored refresh token, not a stale copy in memory (another tab or the page before a reload renewed)', async () => {
    const server = new FakeServer();
    const disk = new Map([['user', JSON.stringify({ refresh_token: 'r1' })]]);
    const a = tab(disk, server);
    a.memory.set('user', JSON.stringify({ refresh_token: 'r1' })); // tab A read r1 at start-up
    const b = tab(disk, server);
    await b.manager.signinSilent(); // tab B renews: r1 → r2, stored
    __setSessionDepsForTests({ store: a.store as unknown as EncryptedSessionStore, manager: a.manager as unknown as UserManager });
    expect(await renew()).toBe(true);
    expect(server.revoked).toBe(false);
    expect(getSnapshot().status).toBe('signed_in');
    expect(JSON.parse(disk.get('user')!).refresh_token).toBe(server.current);
  });

  it('waits for a renewal in flight elsewhere and then renews with its result', async () => {
    const server = new FakeServer();
    const disk = new Map([['user', JSON.stringify({ refresh_token: 'r1' })]]);
    const a = tab(disk, server);
    const b = tab(disk, server);
    a.memory.set('user', JSON.stringify({ refresh_token: 'r1' }));
    __setSessionDepsForTests({ store: a.store as unknown as EncryptedSessionStore, manager: a.manager as unknown as UserManager });
    let release!: () => void;
    const elsewhere = withRenewalLock(async () => {
      await new Promise<void>((r) => (release = r));
      await b.manager.signinSilent(); // the other tab's renewal completes while A waits
    });
    const mine = renew();
    await new Promise((r) => setTimeout(r, 0)); // the other tab holds the lock now
    release();
    await elsewhere;
    expect(await mine).toBe(true);
    expect(server.revoked).toBe(false);
  });

  it('a refusal by the server still ends the session (lost phone signed out remotely)', async () => {
    const server = new FakeServer();
    server.revoked = true;
    const disk = new Map([['user', JSON.stringify({ refresh_token: 'r1' })]]);
    const a = tab(disk, server);
    __setSessionDepsForTests({ store: a.store as unknown as EncryptedSessionStore, manager: a.manager as unknown as UserManager });
    expect(await renew()).toBe(false);
    expect(getSnapshot()).toMatchObject({ status: 'signed_out', reason: 'revoked' });
  });

  it('a busy server during renewal keeps the session and fails the request as retryable, never unauthenticated', async () => {
    const server = new FakeServer();
    const disk = new Map([['user', JSON.stringify({ refresh_token: 'r1' })]]);
    const a = tab(disk, server);
    const busy = { ...a.manager, signinSilent: () => Promise.reject(new Error('Service Unavailable (503)')) };
    __setSessionDepsForTests({ store: a.store as unknown as EncryptedSessionStore, manager: busy as unknown as UserManager });
    const error = await accessTokenForRequest().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isProblemError(error) && error.status).toBe(503);
    expect(shouldRetry(0, error)).toBe(true);
    expect(getSnapshot().status).toBe('signed_in');
    // the next attempt, with the server back, renews and sends the new token
    __setSessionDepsForTests({ manager: a.manager as unknown as UserManager });
    expect(await accessTokenForRequest()).toBe('a-r2');
  });
});
