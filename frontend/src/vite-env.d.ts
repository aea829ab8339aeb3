/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** OIDC issuer when signing in through an external provider (default: the SPA's own origin). */
  readonly VITE_OIDC_AUTHORITY?: string;
  /** OAuth client id (default `cadre-spa`). */
  readonly VITE_OIDC_CLIENT_ID?: string;
  /** Requested scopes (default: every API scope; the server grants what the user's roles allow). */
  readonly VITE_OIDC_SCOPE?: string;
}
