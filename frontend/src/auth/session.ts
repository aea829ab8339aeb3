/**
 * The signed-in session, outside React: the API client asks it for the access token and React
 * subscribes to it (useSyncExternalStore in AuthProvider).
 *
 * oidc-client-ts is loaded on demand (a separate chunk): tokens are kept in memory only, so a page
 * that has just loaded never has a session and needs the library only to sign in, to finish a
 * sign-in on /auth/callback, or once signed in (renewal, sign-out).
 */
import type { User, UserManager } from 'oidc-client-ts';

export const CALLBACK_PATH = '/auth/callback';

export type SessionStatus = 'loading' | 'signed_out' | 'signed_in';

export interface SessionSnapshot {
  status: SessionStatus;
  user: User | null;
  /** Why the user was signed out, when it was not their own doing ('expired'). */
  reason: 'expired' | null;
}

let manager: UserManager | null = null;
let snapshot: SessionSnapshot = { status: 'loading', user: null, reason: null };
const listeners = new Set<() => void>();

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

let managerPromise: Promise<UserManager> | null = null;

export function userManager(): Promise<UserManager> {
  managerPromise ??= import('./oidc').then(({ createUserManager }) => {
    const um = createUserManager();
    um.events.addUserLoaded((user) => set({ status: 'signed_in', user, reason: null }));
    um.events.addUserUnloaded(() => set({ status: 'signed_out', user: null }));
    um.events.addAccessTokenExpired(() => {
      void um.removeUser();
      set({ status: 'signed_out', user: null, reason: 'expired' });
    });
    manager = um;
    return um;
  });
  return managerPromise;
}

/**
 * Start-up: nothing survives a reload (the user store is in memory), so there is no session unless
 * the callback page is completing one. Never downgrade a session that is already signed in.
 */
export function initSession(): void {
  if (snapshot.status === 'loading') set({ status: 'signed_out', user: null });
}

export function getAccessToken(): string | null {
  const user = snapshot.user;
  return user && !user.expired ? user.access_token : null;
}

/** A same-origin path to come back to after sign-in (never an absolute URL: no open redirect). */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  if (value.startsWith(CALLBACK_PATH)) return fallback;
  return value;
}

export interface SignInState {
  returnTo: string;
}

/** Go to the authorization server's login page; come back to `returnTo`. */
export async function signIn(returnTo: string = window.location.pathname + window.location.search): Promise<void> {
  const state: SignInState = { returnTo: safeReturnPath(returnTo) };
  await (await userManager()).signinRedirect({ state, ui_locales: document.documentElement.lang || 'vi' });
}

let callbackPromise: Promise<string> | null = null;

/**
 * Finish the code flow on /auth/callback: exchange the code (with the PKCE verifier) for tokens.
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

/** Revoke the tokens (when the server has a revocation endpoint) and forget them. */
export async function signOut(): Promise<void> {
  const um = await userManager();
  try {
    await um.revokeTokens();
  } catch {
    // revocation is best effort; the tokens are dropped from memory below in any case
  }
  await um.removeUser();
  set({ status: 'signed_out', user: null, reason: null });
}

/** The API answered 401 to a request with our token: it is no longer valid. */
export function handleUnauthorized(): void {
  if (snapshot.status !== 'signed_in') return;
  void manager?.removeUser();
  set({ status: 'signed_out', user: null, reason: 'expired' });
}

/** Display name from the ID token's claims. */
export function profileName(user: User | null): string {
  const p = user?.profile;
  if (!p) return '';
  return (p.name as string | undefined) ?? (p.preferred_username as string | undefined) ?? p.sub;
}

/** For tests only. */
export function __resetSessionForTests(next: Partial<SessionSnapshot> = {}): void {
  manager = null;
  managerPromise = null;
  callbackPromise = null;
  snapshot = { status: 'signed_out', user: null, reason: null, ...next };
  listeners.forEach((l) => l());
}
