/**
 * OpenID Connect / OAuth 2 settings for the SPA: authorization code + PKCE (S256, built into
 * oidc-client-ts) against the backend's own authorization server, discovered at
 * `${origin}/.well-known/openid-configuration` (authority = the SPA's origin; the dev server proxies
 * /.well-known and /oauth to the backend).
 *
 * The access token lives in memory only. The refresh token survives a reload in IndexedDB, encrypted with a
 * non-extractable WebCrypto key (`secureStore.ts`): on start-up the session is renewed with it, and it lets the
 * chair's phone open offline still signed in. Only the short-lived sign-in request state (PKCE verifier,
 * `state`) must survive the redirect to the login page, so it goes to sessionStorage (this tab only).
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type StateStore, type UserManagerSettings } from 'oidc-client-ts';

import { sessionConfig } from './session';

export const OIDC_CLIENT_ID = 'cadre-spa';
// OAuth 2 scopes only: the built-in server issues access and refresh tokens, not OIDC ID tokens (the profile
// comes from /api/v1/me), so `openid` is not requested; an external IdP can add it via VITE_OIDC_SCOPE.
// The SPA asks for EVERY API scope: the authorization server grants the intersection with what the user's
// roles allow (backend app/auth/oauth_server.user_scope), so an approver gets actions:approve and a viewer
// only the read scopes; the menu then follows the granted scopes (src/components/nav.ts).
export const API_SCOPES = [
  'units:read',
  'units:write',
  'cadres:read',
  'cadres:write',
  'cadres:read_sensitive',
  'actions:write',
  'actions:approve',
  'reports:read',
  'audit:read',
  'access_log:read',
  'admin',
  'webhooks:manage',
] as const;
export const OIDC_SCOPE = API_SCOPES.join(' ');

/**
 * Build-time overrides for deployments that sign in through an external OIDC provider
 * (Keycloak, Entra: DESIGN.md "Identity and access"). Unset, the SPA uses the backend's own server.
 */
const env = import.meta.env;
const AUTHORITY_OVERRIDE = env.VITE_OIDC_AUTHORITY || undefined;
const CLIENT_ID = env.VITE_OIDC_CLIENT_ID || OIDC_CLIENT_ID;
const SCOPE = env.VITE_OIDC_SCOPE || OIDC_SCOPE;

/** The endpoints of the backend's own authorization server (backend app/auth/oauth_router.py, discovery). */
export function builtInServerMetadata(authority: string) {
  return {
    issuer: authority,
    authorization_endpoint: `${authority}/oauth/authorize`,
    token_endpoint: `${authority}/oauth/token`,
    revocation_endpoint: `${authority}/oauth/revoke`,
    jwks_uri: `${authority}/.well-known/jwks.json`,
  };
}

export function oidcSettings(origin: string = window.location.origin, userStore?: StateStore): UserManagerSettings {
  const authority = (AUTHORITY_OVERRIDE ?? origin).replace(/\/$/, '');
  const config = sessionConfig();
  return {
    authority,
    metadataUrl: `${authority}/.well-known/openid-configuration`,
    // The built-in server is this origin, shipped with this SPA: its endpoints are known, so no discovery round
    // trip before each renewal (on a 150 ms phone link it delayed the first screen by ~0.3 s). An external
    // provider is discovered.
    metadata: AUTHORITY_OVERRIDE ? undefined : builtInServerMetadata(authority),
    client_id: CLIENT_ID,
    redirect_uri: `${origin}${config.callbackPath}`,
    post_logout_redirect_uri: `${origin}${config.homePath}`,
    response_type: 'code',
    scope: config.scope ?? SCOPE,
    userStore: userStore ?? new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ prefix: `cadre.oidc.${config.storePrefix}`, store: globalThis.sessionStorage ?? new InMemoryWebStorage() }),
    loadUserInfo: false,
    // Renewal is session.renew() (single-flight: on start-up, on expiry, before a request, back online). The
    // library's own timer would race it with the same refresh token and trip reuse detection (family revoked).
    automaticSilentRenew: false,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    // Revoke the refresh and access tokens at the revocation endpoint on sign-out.
    revokeTokensOnSignout: true,
    monitorSession: false,
    filterProtocolClaims: true,
  };
}

export function createUserManager(origin?: string, userStore?: StateStore): UserManager {
  return new UserManager(oidcSettings(origin, userStore));
}
