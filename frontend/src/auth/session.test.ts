import { describe, expect, it } from 'vitest';

import { oidcSettings, OIDC_CLIENT_ID, OIDC_SCOPE } from './oidc';
import { safeReturnPath } from './session';

describe('OIDC settings', () => {
  it('use code + PKCE against the same origin, with tokens in memory', () => {
    const s = oidcSettings('https://cadre.example.vn');
    expect(s.authority).toBe('https://cadre.example.vn');
    expect(s.metadataUrl).toBe('https://cadre.example.vn/.well-known/openid-configuration');
    expect(s.client_id).toBe(OIDC_CLIENT_ID);
    expect(s.client_id).toBe('cadre-spa');
    expect(s.response_type).toBe('code');
    expect(s.redirect_uri).toBe('https://cadre.example.vn/auth/callback');
    expect(s.scope).toBe(OIDC_SCOPE);
    expect((s.scope ?? '').split(' ')).toEqual(expect.arrayContaining(['actions:approve', 'cadres:read_sensitive', 'admin', 'units:read']));
    expect(s.scope).not.toContain('openid'); // the built-in server issues no ID token
    expect(s.disablePKCE).toBeFalsy();
    // The user (tokens) store must not be localStorage or sessionStorage.
    const store = (s.userStore as unknown as { _store: Storage })._store;
    expect(store).not.toBe(window.localStorage);
    expect(store).not.toBe(window.sessionStorage);
    expect(store.constructor.name).toBe('InMemoryWebStorage');
  });

  it("know the built-in server's endpoints without a discovery round trip", () => {
    const s = oidcSettings('https://cadre.example.vn');
    expect(s.metadata).toEqual({
      issuer: 'https://cadre.example.vn',
      authorization_endpoint: 'https://cadre.example.vn/oauth/authorize',
      token_endpoint: 'https://cadre.example.vn/oauth/token',
      revocation_endpoint: 'https://cadre.example.vn/oauth/revoke',
      jwks_uri: 'https://cadre.example.vn/.well-known/jwks.json',
    });
  });
});

describe('safeReturnPath', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeReturnPath('/units?unit=5&as_of=2025-07-01')).toBe('/units?unit=5&as_of=2025-07-01');
    expect(safeReturnPath('/chair')).toBe('/chair');
  });

  it('refuses anything that could leave the site or loop', () => {
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath('//evil.example/')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('/auth/callback?code=x')).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });
});
