"""Discovery (RFC 8414 / OIDC), the JWKS, and signing-key rotation that logs nobody out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import update

from app.auth import keys
from app.auth.models import SigningKey
from app.auth.oauth_router import authorization_server_metadata
from app.core.config import get_settings
from app.core.db import utcnow
from tests.auth.helpers import jwt_header
from tests.factories import bearer, grant_token


@pytest.mark.parametrize("path", ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"])
async def test_discovery_document(client, path):
    r = await client.get(path)
    assert r.status_code == 200
    meta = r.json()
    assert meta["issuer"] == "http://testserver" == get_settings().base_url
    assert meta["authorization_endpoint"] == "http://testserver/oauth/authorize"
    assert meta["token_endpoint"] == "http://testserver/oauth/token"
    assert meta["jwks_uri"] == "http://testserver/.well-known/jwks.json"
    assert meta["revocation_endpoint"] == "http://testserver/oauth/revoke"
    assert meta["introspection_endpoint"] == "http://testserver/oauth/introspect"
    assert {"authorization_code", "refresh_token", "client_credentials"} <= set(meta["grant_types_supported"])
    assert not {"password", "implicit"} & set(meta["grant_types_supported"])
    assert meta["response_types_supported"] == ["code"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post",
                                                                  "none"}
    assert {"units:read", "units:write", "cadres:read", "cadres:write", "cadres:read_sensitive", "actions:write",
            "actions:approve", "reports:read"} <= set(meta["scopes_supported"])


async def test_every_advertised_endpoint_exists(client):
    meta = (await client.get("/.well-known/oauth-authorization-server")).json()
    for key in ("token_endpoint", "revocation_endpoint", "introspection_endpoint"):
        r = await client.post(meta[key].removeprefix("http://testserver"), data={})
        assert r.status_code in (400, 401) and "error" in r.json(), key  # an OAuth error, not a 404
    assert (await client.get(meta["jwks_uri"].removeprefix("http://testserver"))).status_code == 200


def test_metadata_passes_authlibs_rfc8414_validation():
    """Authlib's own RFC 8414 validator accepts the document (it requires an https issuer)."""
    AuthorizationServerMetadata(authorization_server_metadata("https://cadre.congdoan.vn")).validate()


async def test_jwks_publishes_the_signing_key_only_public(client, session, tree):
    token = await grant_token(session, role="viewer", unit_id=tree.national)
    jwks = (await client.get("/.well-known/jwks.json")).json()
    kid = jwt_header(token)["kid"]
    assert kid in [k["kid"] for k in jwks["keys"]]
    for k in jwks["keys"]:
        assert k["kty"] == "EC" and k["alg"] == "ES256" and k["use"] == "sig" and "d" not in k
    # a third party can verify our tokens with nothing but the JWKS
    decoded = jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["ES256"])
    assert decoded.claims["iss"] == "http://testserver"


async def test_rotation_keeps_old_tokens_valid_for_one_token_lifetime(client, session, tree):
    before = await grant_token(session, role="viewer", unit_id=tree.national)
    old_kid = jwt_header(before)["kid"]
    new = await keys.rotate(session)
    await session.commit()
    after = await grant_token(session, role="viewer", unit_id=tree.national)
    assert jwt_header(after)["kid"] == new.kid != old_kid
    published = [k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert old_kid in published and new.kid in published
    assert (await client.get("/api/v1/me", headers=bearer(before))).status_code == 200
    assert (await client.get("/api/v1/me", headers=bearer(after))).status_code == 200
    # once the old key has been retired for longer than a token lives, it leaves the JWKS and its tokens fail
    horizon = get_settings().access_token_ttl_seconds + 61
    await session.execute(update(SigningKey).where(SigningKey.kid == old_kid)
                          .values(retired_at=utcnow() - timedelta(seconds=horizon)))
    await session.commit()
    keys.key_provider.invalidate()
    published = [k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert old_kid not in published
    assert (await client.get("/api/v1/me", headers=bearer(before))).status_code == 401
    assert (await client.get("/api/v1/me", headers=bearer(after))).status_code == 200


async def test_a_replica_with_a_stale_key_cache_picks_up_a_new_key(client, session, tree):
    await grant_token(session, role="viewer", unit_id=tree.national)
    await keys.key_provider.keyset(None)  # cached before the rotation below
    row = await keys.rotate(session)
    await session.commit()
    keys.key_provider._keyset = KeySet([])  # as another replica would still hold it  # noqa: SLF001
    keys.key_provider._loaded_at = 10**12  # and it is not due for a refresh  # noqa: SLF001
    token = await grant_token(session, role="viewer", unit_id=tree.national)
    assert jwt_header(token)["kid"] == row.kid
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200  # unknown kid → refetch
