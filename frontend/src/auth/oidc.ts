/**
 * OpenID Connect / OAuth 2 settings for the SPA: authorization code + PKCE (S256, built into
 * oidc-client-ts) against the backend's own authorization server, discovered at
 * `${origin}/.well-known/openid-configuration` (authority = the SPA's origin; the dev server proxies
 * /.well-known and /oauth to the backend).
 *
 * Tokens live in memory only (`InMemoryWebStorage`): a reload forgets them and the user signs in
 * again. Only the short-lived sign-in request state (PKCE verifier, `state`) must survive the
 * redirect to the login page, so it goes to sessionStorage (this tab only, removed on callback).
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';

import { CALLBACK_PATH } from './session';

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

export function oidcSettings(origin: string = window.location.origin): UserManagerSettings {
  const authority = (AUTHORITY_OVERRIDE ?? origin).replace(/\/$/, '');
  return {
    authority,
    metadataUrl: `${authority}/.well-known/openid-configuration`,
    client_id: CLIENT_ID,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: SCOPE,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ prefix: 'cadre.oidc.', store: globalThis.sessionStorage ?? new InMemoryWebStorage() }),
    loadUserInfo: false,
    // Renew with the (rotated) refresh token shortly before the access token expires.
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    // Revoke the refresh and access tokens at the revocation endpoint on sign-out.
    revokeTokensOnSignout: true,
    monitorSession: false,
    filterProtocolClaims: true,
  };
}

export function createUserManager(origin?: string): UserManager {
  return new UserManager(oidcSettings(origin));
}
