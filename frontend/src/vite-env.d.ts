/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** OIDC issuer when signing in through an external provider (default: the SPA's own origin). */
  readonly VITE_OIDC_AUTHORITY?: string;
  /** OAuth client id (default `cadre-spa`). */
  readonly VITE_OIDC_CLIENT_ID?: string;
  /** Requested scopes (default `openid units:read units:write cadres:read reports:read`). */
  readonly VITE_OIDC_SCOPE?: string;
}
