"""The one token verifier: every kind of bad bearer token gets 401 problem+json with WWW-Authenticate: Bearer
(API.md "OAuth 2"; reliability-security criteria 5, API2)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import keys
from app.auth.denylist import JtiDenylist
from app.auth.oauth_store import deny_jti, epoch
from app.auth.tokens import sign_access_token
from tests.factories import Tree, bearer, grant_token

ISS = "http://testserver"
AUD = "http://testserver/api"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw_jwt(header: dict[str, Any], claims: dict[str, Any], sign: Any = None) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = _b64(sign(signing_input.encode())) if sign else ""
    return f"{signing_input}.{signature}"


async def _valid_claims(session: AsyncSession, tree: Tree) -> dict[str, Any]:
    """Claims of a real token for a system admin (only the signature/header/claim under test will differ)."""
    token = await grant_token(session, role="system_admin", unit_id=tree.national)
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


async def _current_key(session: AsyncSession) -> ECKey:
    return await keys.current_signing_key(session)


def _assert_401(r: Any) -> None:
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["code"] == "unauthorized"


async def test_a_valid_token_is_accepted(client, session, tree):
    token = await grant_token(session, role="viewer", unit_id=tree.national)
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
async def test_missing_or_malformed_authorization_header(client, header):
    r = await client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    _assert_401(r)


async def test_token_signed_by_another_key(client, session, tree):
    claims = await _valid_claims(session, tree)
    real = await _current_key(session)
    for kid in (real.kid, "someone-elses-kid"):  # same kid as ours, or an unknown one
        stranger = ECKey.generate_key("P-256", parameters={"kid": kid})
        token = jwt.encode({"alg": "ES256", "typ": "at+jwt", "kid": kid}, claims, stranger)
        _assert_401(await client.get("/api/v1/me", headers=bearer(token)))


async def test_tampered_claims_break_the_signature(client, session, tree):
    token = await grant_token(session, role="viewer", unit_id=tree.national)
    head, payload, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "user:1"
    forged = f"{head}.{_b64(json.dumps(claims).encode())}.{sig}"
    _assert_401(await client.get("/api/v1/me", headers=bearer(forged)))


async def test_expired_token(client, session, tree):
    key = await _current_key(session)
    await grant_token(session, role="viewer", unit_id=tree.national)
    expired = sign_access_token(key, subject="user:1", client_id="test", scope="units:read",
                                ttl=60, now=int(time.time()) - 3600)
    r = await client.get("/api/v1/me", headers=bearer(expired.token))
    _assert_401(r)
    assert "expired" in r.json()["detail"]


async def test_alg_none(client, session, tree):
    claims = await _valid_claims(session, tree)
    for alg in ("none", "None", "NONE"):
        token = _raw_jwt({"alg": alg, "typ": "at+jwt"}, claims)
        _assert_401(await client.get("/api/v1/me", headers=bearer(token)))


async def test_hs256_algorithm_confusion_with_the_public_key(client, session, tree):
    """An attacker signs HS256 using our *public* key as the HMAC secret (classic RS/ES → HS confusion)."""
    claims = await _valid_claims(session, tree)
    key = await _current_key(session)
    public_forms = [json.dumps(key.as_dict(private=False)).encode(), key.as_pem(private=False)]
    for secret in public_forms:
        token = _raw_jwt({"alg": "HS256", "typ": "at+jwt", "kid": key.kid}, claims,
                         sign=lambda data, s=secret: hmac.new(s, data, hashlib.sha256).digest())
        r = await client.get("/api/v1/me", headers=bearer(token))
        _assert_401(r)
        assert r.json()["detail"] == "algorithm not allowed"


async def test_rs256_token_is_not_accepted_by_the_embedded_verifier(client, session, tree):
    claims = await _valid_claims(session, tree)
    rsa = RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})
    token = jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": "rsa-1"}, claims, rsa)
    _assert_401(await client.get("/api/v1/me", headers=bearer(token)))


@pytest.mark.parametrize(("claim", "value"), [("aud", "https://another-api.example"), ("aud", None),
                                              ("iss", "https://evil.example"), ("iss", None), ("sub", None),
                                              ("exp", None)])
async def test_wrong_or_missing_registered_claims(client, session, tree, claim, value):
    claims = await _valid_claims(session, tree)
    if value is None:
        claims.pop(claim)
    else:
        claims[claim] = value
    key = await _current_key(session)
    token = jwt.encode({"alg": "ES256", "typ": "at+jwt", "kid": key.kid}, claims, key)
    _assert_401(await client.get("/api/v1/me", headers=bearer(token)))


async def test_not_yet_valid_token(client, session, tree):
    claims = await _valid_claims(session, tree)
    claims["nbf"] = int(time.time()) + 3600
    key = await _current_key(session)
    token = jwt.encode({"alg": "ES256", "typ": "at+jwt", "kid": key.kid}, claims, key)
    _assert_401(await client.get("/api/v1/me", headers=bearer(token)))


@pytest.mark.parametrize("header_typ", ["JWT", None, "id_token+jwt"])
async def test_id_token_used_as_bearer(client, session, tree, header_typ):
    """Signed by our own key, right iss/aud, but an ID token (typ JWT, nonce, auth_time), not an access token."""
    claims = await _valid_claims(session, tree)
    claims.update(nonce="n-0S6_WzA2Mj", auth_time=int(time.time()), at_hash="x")
    key = await _current_key(session)
    header = {"alg": "ES256", "kid": key.kid, **({"typ": header_typ} if header_typ else {})}
    r = await client.get("/api/v1/me", headers=bearer(jwt.encode(header, claims, key)))
    _assert_401(r)


async def test_garbage_tokens(client):
    for token in ("abc", "a.b.c", "....", "eyJhbGciOiJFUzI1NiJ9..", "é.é.é"):
        header = f"Bearer {token}".encode("latin-1")  # a client may send any bytes
        _assert_401(await client.get("/api/v1/me", headers={"Authorization": header}))


async def test_revoked_jti_is_refused(client, session, tree):
    token = await grant_token(session, role="viewer", unit_id=tree.national)
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    claims = await _valid_claims(session, tree)
    payload = token.split(".")[1]
    own = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    await session.run_sync(lambda s: deny_jti(s, own["jti"], epoch(own["exp"])))
    await session.commit()
    from app.auth.denylist import denylist

    denylist.invalidate()  # what the revocation endpoint does in this process
    r = await client.get("/api/v1/me", headers=bearer(token))
    _assert_401(r)
    assert r.json()["detail"] == "token revoked"
    assert claims["jti"] != own["jti"]


async def test_denylist_cache_is_brief_in_other_processes(session, tree, db):
    """Another replica keeps its cached list for at most `ttl` seconds, then sees the revocation."""
    replica = JtiDenylist(ttl_seconds=3600)
    assert await replica.is_revoked("j-1") is False  # loads (empty) and caches
    await session.run_sync(lambda s: deny_jti(s, "j-1", epoch(int(time.time()) + 600)))
    await session.commit()
    assert await replica.is_revoked("j-1") is False  # still the cached view
    replica.ttl_seconds = 0
    assert await replica.is_revoked("j-1") is True  # cache expired: reloaded
    # expired entries are not worth denying (their tokens fail on `exp` anyway)
    await session.run_sync(lambda s: deny_jti(s, "j-old", epoch(int(time.time()) - 10)))
    await session.commit()
    assert await replica.is_revoked("j-old") is False
