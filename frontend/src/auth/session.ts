/**
 * The signed-in session, outside React: the API client asks it for the access token and React
 * subscribes to it (useSyncExternalStore in AuthProvider).
 *
 * The refresh token survives a reload, encrypted in IndexedDB (`secureStore.ts`); the access token is kept in
 * memory only. On start-up a stored session is restored at once (so the chair's phone opens offline still
 * signed in) and renewed with the refresh token as soon as the network allows. A renewal refused by the
 * authorization server (revoked family: lost phone signed out remotely, expired refresh token) ends the session
 * gracefully with reason 'revoked'. oidc-client-ts is loaded on demand (a separate chunk) and only when there is
 * a stored session, a sign-in, or a callback to finish.
 */
import type { User, UserManager } from 'oidc-client-ts';

import { ProblemError, toProblem } from '../api/problem';

import { EncryptedSessionStore } from './secureStore';

export const CALLBACK_PATH = '/auth/callback';

export interface SessionConfig {
  /** Where the authorization server sends the browser back (registered redirect URI). */
  callbackPath: string;
  /** Where to go after sign-out. */
  homePath: string;
  /** Where to go after sign-in when no safe return path is known. */
  fallbackPath: string;
  /** Separate stored sessions per app (two apps rotating one refresh token would trip reuse detection). */
  storePrefix: string;
  /** OAuth scopes to ask for (default: the officer app's, see oidc.ts). */
  scope?: string;
}

let config: SessionConfig = { callbackPath: CALLBACK_PATH, homePath: '/', fallbackPath: '/', storePrefix: 'officer.' };

/** Each app entry configures its session once, before anything else (main.tsx). */
export function configureSession(next: Partial<SessionConfig>): void {
  config = { ...config, ...next };
  store = null;
}

export function sessionConfig(): SessionConfig {
  return config;
}

export type SessionStatus = 'loading' | 'signed_out' | 'signed_in';

export interface SessionSnapshot {
  status: SessionStatus;
  user: User | null;
  /** Why the user was signed out, when it was not their own doing. */
  reason: 'expired' | 'revoked' | null;
  /** "Đăng nhập" was pressed without a network: show the offline page instead of the browser's error. */
  offlineSignIn: boolean;
}

let manager: UserManager | null = null;
let snapshot: SessionSnapshot = { status: 'loading', user: null, reason: null, offlineSignIn: false };
const listeners = new Set<() => void>();
let store: EncryptedSessionStore | null = null;

function sessionStore(): EncryptedSessionStore {
  store ??= new EncryptedSessionStore(`${config.storePrefix}`);
  return store;
}

function set(next: Partial<SessionSnapshot>): void {
  snapshot = { ...snapshot, ...next };
  listeners.forEach((l) => l());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSnapshot(): SessionSnapshot {
  return snapshot;
}

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** oidc-client-ts marks the authorization server's refusals (invalid_grant…) as ErrorResponse. */
function refusedByServer(e: unknown): boolean {
  return e instanceof Error && e.name === 'ErrorResponse';
}

let managerPromise: Promise<UserManager> | null = null;

export function userManager(): Promise<UserManager> {
  managerPromise ??= import('./oidc').then(({ createUserManager }) => {
    const um = createUserManager(undefined, sessionStore());
    um.events.addUserLoaded((user) => set({ status: 'signed_in', user, reason: null }));
    um.events.addUserUnloaded(() => set({ status: 'signed_out', user: null }));
    // Renewal is ours (renew()): offline, an expired access token must not end a session that can still renew.
    um.events.addAccessTokenExpired(() => {
      if (isOnline()) void renew();
    });
    manager = um;
    return um;
  });
  return managerPromise;
}

let renewing: Promise<boolean> | null = null;

/** One renewal at a time across this app's tabs and windows (Web Locks; where missing, this tab's only). Two
 *  renewals with one refresh token would look like a stolen token to the server and end the session. */
export function withRenewalLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks?.request) return fn();
  return locks.request(`cadre-session-renewal:${config.storePrefix}`, { mode: 'exclusive' }, fn) as Promise<T>;
}

/**
 * Exchange the refresh token for new tokens (rotated). Network trouble keeps the session (try again later);
 * a refusal by the server ends it with reason 'revoked'. Inside the lock the refresh token is read afresh from
 * the encrypted store: a tab (or the page before a reload) that renewed meanwhile has stored a newer one, and
 * the stale copy in memory must not be sent.
 */
export function renew(): Promise<boolean> {
  renewing ??= withRenewalLock(async () => {
    const um = await userManager();
    sessionStore().forgetCached();
    const current = await um.getUser();
    if (!current?.refresh_token) return false;
    try {
      const user = await um.signinSilent();
      if (user) set({ status: 'signed_in', user, reason: null });
      return !!user;
    } catch (e) {
      if (refusedByServer(e)) {
        await um.removeUser();
        set({ status: 'signed_out', user: null, reason: 'revoked' });
      }
      return false;
    }
  }).finally(() => {
    renewing = null;
  });
  return renewing;
}

/**
 * Start-up: restore a stored session (signed in at once, even offline) and renew it when online; otherwise
 * signed out. The callback page finishes its own sign-in. Never downgrades a session already signed in.
 */
export async function restoreSession(): Promise<void> {
  if (snapshot.status !== 'loading') return;
  let stored = false;
  // The OIDC library loads while the store is read: a stored session needs it to restore, a signed-out user to
  // sign in (on a slow phone the two in a row cost a visible fraction of a second).
  const loading = userManager();
  loading.catch(() => undefined);
  if (typeof window !== 'undefined' && window.location.pathname !== config.callbackPath) {
    try {
      stored = await sessionStore().hasStoredSession();
    } catch {
      stored = false;
    }
  }
  if (!stored) {
    if (snapshot.status === 'loading') set({ status: 'signed_out', user: null });
    return;
  }
  // A stored session: signed in at once (the saved data shows, offline too) while the OIDC library loads and the
  // record is decrypted — on a slow phone that is most of a second; a record that turns out unusable signs out.
  if (snapshot.status !== 'loading') return;
  set({ status: 'signed_in', user: null, reason: null });
  const um = await loading;
  const user = await um.getUser();
  const meanwhile = getSnapshot(); // (read afresh: the awaits above let others change it)
  if (meanwhile.status !== 'signed_in' || meanwhile.user) return; // signed out, or renewed, meanwhile
  if (!user?.refresh_token) {
    set({ status: 'signed_out', user: null });
    return;
  }
  set({ status: 'signed_in', user, reason: null });
  if (isOnline()) await renew();
}

let initialised = false;

/** Start the session once per page (the chair calls it before its first render; AuthProvider's call is then a
 *  no-op). */
export function initSession(): void {
  if (initialised) return;
  initialised = true;
  void restoreSession();
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      if (snapshot.status === 'signed_in' && (!snapshot.user || snapshot.user.expired)) void renew();
    });
  }
}

export function getAccessToken(): string | null {
  const user = snapshot.user;
  return user && !user.expired && user.access_token ? user.access_token : null;
}

/**
 * The access token for a request: renews first when it has expired and the network is there. A renewal that
 * failed for a passing reason (server busy, a dropped connection) keeps the session but has no token to send:
 * the request fails as "service unavailable" and the query retries, instead of going out unauthenticated and
 * coming back as a 401 that no later renewal repairs (seen after a reload while the database was busy).
 */
export async function accessTokenForRequest(): Promise<string | null> {
  const token = getAccessToken();
  if (token || snapshot.status !== 'signed_in' || !isOnline()) return token;
  await renew();
  const renewed = getAccessToken();
  if (!renewed && snapshot.status === 'signed_in') throw new ProblemError(toProblem(503, undefined));
  return renewed;
}

/** A same-origin path to come back to after sign-in (never an absolute URL: no open redirect). */
export function safeReturnPath(value: unknown, fallback = config.fallbackPath): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  if (value.startsWith(CALLBACK_PATH) || value.startsWith(config.callbackPath)) return fallback;
  return value;
}

export interface SignInState {
  returnTo: string;
}

/** Go to the authorization server's login page; come back to `returnTo`. Offline: the offline page instead. */
export async function signIn(returnTo: string = window.location.pathname + window.location.search): Promise<void> {
  if (!isOnline()) {
    set({ offlineSignIn: true });
    return;
  }
  set({ offlineSignIn: false });
  const state: SignInState = { returnTo: safeReturnPath(returnTo) };
  await (await userManager()).signinRedirect({ state, ui_locales: document.documentElement.lang || 'vi' });
}

/** Leave the offline page (back online, or the user closed it). */
export function dismissOfflineSignIn(): void {
  set({ offlineSignIn: false });
}

let callbackPromise: Promise<string> | null = null;

/**
 * Finish the code flow on the callback page: exchange the code (with the PKCE verifier) for tokens.
 * Memoised: React StrictMode mounts effects twice but a code can be redeemed only once.
 */
export function completeSignIn(url: string = window.location.href): Promise<string> {
  callbackPromise ??= userManager()
    .then((um) => um.signinCallback(url))
    .then((user) => {
      if (user) set({ status: 'signed_in', user, reason: null });
      return safeReturnPath((user?.state as SignInState | undefined)?.returnTo);
    })
    .finally(() => {
      // allow a fresh attempt after a later redirect
      setTimeout(() => {
        callbackPromise = null;
      }, 0);
    });
  return callbackPromise;
}

/** Revoke the tokens (when the server has a revocation endpoint) and forget them, here and in IndexedDB. */
export async function signOut(): Promise<void> {
  const um = await userManager();
  try {
    await um.revokeTokens();
  } catch {
    // revocation is best effort; the tokens are dropped below in any case
  }
  await um.removeUser();
  set({ status: 'signed_out', user: null, reason: null });
}

/** The API answered 401 to a request with our token: renew once; a refused renewal signs out ('revoked'). */
export function handleUnauthorized(): void {
  if (snapshot.status !== 'signed_in') return;
  if (!manager) {
    set({ status: 'signed_out', user: null, reason: 'expired' });
    return;
  }
  void renew().then((ok) => {
    if (!ok && snapshot.status === 'signed_in' && isOnline()) {
      void manager?.removeUser();
      set({ status: 'signed_out', user: null, reason: 'expired' });
    }
  });
}

/** Display name from the ID token's claims. */
export function profileName(user: User | null): string {
  const p = user?.profile;
  if (!p) return '';
  return (p.name as string | undefined) ?? (p.preferred_username as string | undefined) ?? p.sub;
}

/** For tests only. */
/** Tests: use this store and user manager (instead of IndexedDB and the real OIDC client). */
export function __setSessionDepsForTests(deps: { store?: EncryptedSessionStore; manager?: UserManager }): void {
  if (deps.store) store = deps.store;
  if (deps.manager) {
    manager = deps.manager;
    managerPromise = Promise.resolve(deps.manager);
  }
}

export function __resetSessionForTests(next: Partial<SessionSnapshot> = {}): void {
  initialised = false;
  manager = null;
  managerPromise = null;
  callbackPromise = null;
  renewing = null;
  snapshot = { status: 'signed_out', user: null, reason: null, offlineSignIn: false, ...next };
  listeners.forEach((l) => l());
}
