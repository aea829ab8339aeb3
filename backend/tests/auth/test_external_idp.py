"""CADRE_AUTH_MODE=external: tokens from an outside OIDC provider (Keycloak/Entra shapes), keys fetched from its
discovery document → jwks_uri through httpx (served here by an httpx.MockTransport: no network), one claim
mapping, the same verifier rules, and the embedded authorization server switched off."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from app.auth import external
from app.auth.external import ExternalKeyProvider, map_claims
from app.core.config import get_settings
from app.core.security import registry
from app.main import create_app
from tests.auth.conftest import unit_code
from tests.factories import Tree, bearer

ISSUER = "https://sso.congdoan.example/realms/cadre"
AUDIENCE = "cadre-api"


class FakeIdP:
    """A provider publishing discovery + JWKS, with keys that can be rotated and an outage switch."""

    def __init__(self) -> None:
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": "k1"})]
        self.requests: list[str] = []
        self.down = False
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if self.down:
            return httpx.Response(503)
        if request.url.path == "/realms/cadre/.well-known/openid-configuration":
            return httpx.Response(200, json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/protocol/openid-connect/certs"})
        if request.url.path == "/realms/cadre/protocol/openid-connect/certs":
            enc = RSAKey.generate_key(2048, parameters={"kid": "enc", "use": "enc"}).as_dict(private=False)
            return httpx.Response(200, json={"keys": [k.as_dict(private=False) | {"use": "sig"} for k in self.keys]
                                             + [enc]})
        return httpx.Response(404)

    def token(self, claims: dict[str, Any], *, key: RSAKey | None = None, header: dict[str, Any] | None = None,
              **overrides: Any) -> str:
        key = key or self.keys[-1]
        now = int(time.time())
        body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "f1e2d3", "iat": now, "exp": now + 300, "typ": "Bearer",
                "azp": "cadre-spa", **claims, **overrides}
        return jwt.encode({"alg": "RS256", "typ": "JWT", "kid": key.kid, **(header or {})}, body, key)


@pytest.fixture
def idp():
    return FakeIdP()


@pytest.fixture
async def external_app(idp, db):
    """The app built in external mode; the registry is restored afterwards for the other tests."""
    saved = (registry.key_provider, registry.principal_loader, registry.denylist)
    settings = get_settings().model_copy(update={"auth_mode": "external", "external_issuer": ISSUER,
                                                 "external_audience": AUDIENCE})
    app = create_app(settings)
    provider = ExternalKeyProvider(settings, transport=idp.transport)
    registry.key_provider = provider
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
            yield http, provider
    finally:
        registry.key_provider, registry.principal_loader, registry.denylist = saved


async def test_keycloak_token_maps_to_a_scoped_principal(external_app, idp, session, tree: Tree):
    http, _ = external_app
    token = idp.token({"realm_access": {"roles": ["org_officer", "offline_access", "uma_authorization"]},
                       "unit_code": await unit_code(session, tree.provinces[0]), "preferred_username": "nguyenvana",
                       "name": "Nguyễn Văn A", "scope": "openid profile units:read"})
    me = await http.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["subject"] == "ext:f1e2d3" and body["display_name"] == "Nguyễn Văn A" and body["kind"] == "user"
    assert body["grants"] == [{"role": "org_officer", "unit_id": tree.provinces[0]}]
    assert body["scopes"] == ["units:read"]
    units = (await http.get("/api/v1/units", params={"limit": 200}, headers=bearer(token))).json()["items"]
    ids = {u["id"] for u in units}
    assert tree.provinces[0] in ids and tree.provinces[1] not in ids and tree.national not in ids
    # units:write is not in the token's scope although the role has it
    r = await http.post("/api/v1/units", headers=bearer(token), json={
        "code": "EXT-1", "name": "X", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0]})
    assert r.status_code == 403


async def test_keys_are_cached_and_refetched_only_on_an_unknown_kid(external_app, idp, session, tree):
    http, provider = external_app
    code = await unit_code(session, tree.national)
    claims = {"realm_access": {"roles": ["viewer"]}, "unit_code": code}
    for _ in range(3):
        assert (await http.get("/api/v1/me", headers=bearer(idp.token(claims)))).status_code == 200
    assert provider.fetches == 1 and idp.requests.count("/realms/cadre/.well-known/openid-configuration") == 1
    # the provider rotates its key: the unknown kid triggers one refetch
    idp.keys.append(RSAKey.generate_key(2048, parameters={"kid": "k2"}))
    provider._fetched_at -= external.MIN_REFETCH_SECONDS  # noqa: SLF001 - the last fetch was a while ago
    assert (await http.get("/api/v1/me", headers=bearer(idp.token(claims)))).status_code == 200
    assert provider.fetches == 2
    # forged kids right after cannot make us hammer the provider (rate-limited refetch)
    stranger = RSAKey.generate_key(2048, parameters={"kid": "forged"})
    for _ in range(3):
        r = await http.get("/api/v1/me", headers=bearer(idp.token(claims, key=stranger)))
        assert r.status_code == 401
    assert provider.fetches == 2


@pytest.mark.parametrize("bad", [
    {"aud": "another-api"}, {"iss": "https://evil.example/realms/cadre"}, {"exp": int(time.time()) - 120},
    {"nonce": "abc", "typ": "ID"},  # a Keycloak ID token
])
async def test_external_tokens_get_the_same_checks(external_app, idp, session, tree, bad):
    http, _ = external_app
    token = idp.token({"realm_access": {"roles": ["viewer"]}, "unit_code": await unit_code(session, tree.national)},
                      **bad)
    r = await http.get("/api/v1/me", headers=bearer(token))
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")


async def test_external_hs256_and_none_are_refused(external_app, idp):
    http, _ = external_app
    token = idp.token({"realm_access": {"roles": ["viewer"]}})
    head, payload, _ = token.split(".")
    none = f"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}."
    assert (await http.get("/api/v1/me", headers=bearer(none))).status_code == 401
    assert head  # the RS256 original, for contrast, is fine
    assert (await http.get("/api/v1/me", headers=bearer(token))).status_code == 200


async def test_provider_outage_is_503_not_500(external_app, idp):
    http, _ = external_app
    idp.down = True
    r = await http.get("/api/v1/me", headers=bearer(idp.token({})))
    assert r.status_code == 503 and r.json()["code"] == "service_unavailable" and r.headers["retry-after"]


async def test_cached_keys_survive_a_provider_outage(external_app, idp):
    http, provider = external_app
    assert (await http.get("/api/v1/me", headers=bearer(idp.token({})))).status_code == 200
    idp.down = True
    provider._fetched_at -= provider.ttl_seconds + 1  # noqa: SLF001 - cache due for refresh
    assert (await http.get("/api/v1/me", headers=bearer(idp.token({})))).status_code == 200


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
async def test_authorization_server_routes_are_off(external_app, path):
    http, _ = external_app
    r = await http.post(path, data={"grant_type": "client_credentials"})
    # 404, or 405 where the SPA's GET fallback owns every other path: either way no OAuth endpoint answers
    assert r.status_code in (404, 405) and r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ["/oauth/authorize", "/.well-known/jwks.json", "/.well-known/openid-configuration",
                                  "/.well-known/oauth-authorization-server"])
async def test_authorization_server_pages_are_off(external_app, path):
    http, _ = external_app
    assert (await http.get(path)).status_code == 404


def test_claim_mapping_keycloak_client_roles_and_entra_app_roles():
    keycloak = map_claims({"sub": "1", "realm_access": {"roles": ["viewer"]},
                           "resource_access": {"cadre-api": {"roles": ["approver"]}, "other": {"roles": ["x"]}},
                           "unit_code": ["LDLD-A", "LDLD-B"], "scope": "openid"}, audience="cadre-api")
    assert keycloak.roles == ("approver", "viewer") and keycloak.unit_codes == ("LDLD-A", "LDLD-B")
    # no API scope in the token: the roles' permissions apply (role grants still bound them)
    assert "actions:approve" in keycloak.scopes and "units:write" not in keycloak.scopes
    entra = map_claims({"sub": "2", "roles": ["integration", "Global.Admin"], "idtyp": "app",
                        "scp": "units:read cadres:read", "unit_code": "TLD"}, audience="api://cadre")
    assert entra.kind == "client" and entra.roles == ("integration",) and entra.scopes == {"units:read",
                                                                                           "cadres:read"}
    nobody = map_claims({"sub": "3", "roles": ["superuser"]}, audience=None)
    assert nobody.roles == () and nobody.scopes == frozenset()


async def test_token_without_known_roles_or_unit_gets_no_access(external_app, idp, session, tree):
    http, _ = external_app
    token = idp.token({"realm_access": {"roles": ["viewer"]}, "unit_code": "NO-SUCH-UNIT"})
    assert (await http.get("/api/v1/me", headers=bearer(token))).json()["grants"] == []
    assert (await http.get("/api/v1/units", headers=bearer(token))).status_code == 403


def test_external_mode_requires_an_issuer():
    with pytest.raises(ValueError):
        ExternalKeyProvider(get_settings().model_copy(update={"auth_mode": "external", "external_issuer": None}))
