"""The embedded authorization server, exercised with Authlib's httpx OAuth client (a library this project did not
write): client credentials (basic and post), authorization code + PKCE through the sign-in form, single-use codes,
PKCE enforcement, exact redirect URIs, refresh rotation with reuse detection, revocation and introspection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from authlib.integrations.base_client import OAuthError
from sqlalchemy import func, select, update

from app.auth.models import AuthorizationCode, RefreshToken, UserAccount
from app.core.db import utcnow
from tests.auth.conftest import make_account, make_confidential
from tests.auth.helpers import (
    AUTHORIZE_URL,
    INTROSPECT_URL,
    REVOKE_URL,
    SPA_REDIRECT,
    TOKEN_URL,
    jwt_claims,
    jwt_header,
    oauth_client,
    pkce_pair,
    query_of,
    sign_in,
)
from tests.factories import Tree, bearer

# --- client credentials ----------------------------------------------------------------------------------


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
async def test_client_credentials_with_authlib_client(app, client, integration, auth_method):
    async with oauth_client(app, client_id=integration.client_id, client_secret=integration.client_secret,
                            token_endpoint_auth_method=auth_method) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
        assert token["token_type"] == "Bearer" and token["expires_in"] > 0
        assert set(token["scope"].split()) == {"units:read", "units:write", "cadres:read", "cadres:write",
                                               "reports:read", "webhooks:manage"}
        assert "refresh_token" not in token
        header, claims = jwt_header(token["access_token"]), jwt_claims(token["access_token"])
        assert header["alg"] == "ES256" and header["typ"] == "at+jwt" and header["kid"]
        assert claims["sub"] == f"client:{integration.client_id}" and claims["client_id"] == integration.client_id
        assert claims["iss"] == "http://testserver" and claims["aud"] == "http://testserver/api"
        assert claims["exp"] > claims["iat"] and claims["jti"]
        me = await oauth.get("/api/v1/me")  # the client library attaches the bearer token
    assert me.status_code == 200, me.text
    assert me.json()["kind"] == "client" and me.json()["grants"][0]["role"] == "integration"


async def test_client_credentials_wrong_secret_is_invalid_client(app, integration):
    async with oauth_client(app, client_id=integration.client_id, client_secret="wrong-secret") as oauth:
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert err.value.error == "invalid_client"


async def test_client_credentials_scope_is_requested_intersect_allowed(app, integration):
    async with oauth_client(app, client_id=integration.client_id, client_secret=integration.client_secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials",
                                        scope="units:read admin cadres:read_sensitive cadres:read")
        assert token["scope"] == "units:read cadres:read"
        assert jwt_claims(token["access_token"])["scope"] == "units:read cadres:read"
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials", scope="admin")
    assert err.value.error == "invalid_scope"


async def test_public_client_cannot_use_client_credentials(app, spa):
    async with oauth_client(app, client_id=spa.client_id, token_endpoint_auth_method="none") as oauth:
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert err.value.error == "invalid_client"


async def test_no_password_grant(client, app, integration, officer):
    r = await client.post("/oauth/token", auth=(integration.client_id, integration.client_secret),
                          data={"grant_type": "password", "username": officer.username, "password": officer.password})
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


async def test_no_implicit_grant(client, spa):
    r = await client.get("/oauth/authorize", params={"response_type": "token", "client_id": spa.client_id,
                                                     "redirect_uri": SPA_REDIRECT, "state": "s"})
    assert r.status_code == 302
    assert query_of(r.headers["location"])["error"] == "unsupported_response_type"


# --- authorization code + PKCE ---------------------------------------------------------------------------

async def _authorize(app, client, spa, account, *, scope="units:read offline_access", redirect_uri=SPA_REDIRECT):
    """Run the browser part of the code flow; returns (oauth client, verifier, redirect location, state)."""
    oauth = oauth_client(app, client_id=spa.client_id, token_endpoint_auth_method="none", redirect_uri=redirect_uri,
                         scope=scope, code_challenge_method="S256")
    verifier, _ = pkce_pair()
    url, state = oauth.create_authorization_url(AUTHORIZE_URL, code_verifier=verifier)
    answer = await sign_in(client, url, account.username, account.password)
    assert answer.status_code == 302, answer.text
    return oauth, verifier, answer.headers["location"], state


async def test_authorization_code_with_pkce_through_the_sign_in_form(app, client, spa, officer, tree: Tree):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    assert location.startswith(SPA_REDIRECT + "?")
    assert query_of(location)["state"] == state
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        assert token["token_type"] == "Bearer" and token["refresh_token"]
        assert token["scope"] == "units:read offline_access"
        claims = jwt_claims(token["access_token"])
        assert claims["sub"] == f"user:{officer.user_id}" and claims["client_id"] == "cadre-spa"
        units = await oauth.get("/api/v1/units", params={"limit": 200})
        assert units.status_code == 200, units.text
        ids = {u["id"] for u in units.json()["items"]}
        assert tree.provinces[0] in ids and tree.provinces[1] not in ids  # scoped to the officer's province
        denied = await oauth.post("/api/v1/units", json={"code": "X1", "name": "X", "unit_type": "cong_doan_co_so",
                                                         "parent_id": tree.districts[0]})
        assert denied.status_code == 403  # the token lacks units:write although the role has it


async def test_code_is_single_use_and_reuse_revokes_what_it_issued(app, client, spa, officer):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        first = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier, state=state)
        assert err.value.error == "invalid_grant"
    # RFC 6749 §4.1.2: the tokens issued for the code are revoked once it is replayed
    r = await client.get("/api/v1/me", headers=bearer(first["access_token"]))
    assert r.status_code == 401
    r = await client.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": spa.client_id,
                                                "refresh_token": first["refresh_token"]})
    assert r.json()["error"] == "invalid_grant"


async def test_expired_code_is_rejected(app, client, spa, officer, session):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    await session.execute(update(AuthorizationCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    await session.commit()
    async with oauth:
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier, state=state)
    assert err.value.error == "invalid_grant"


@pytest.mark.parametrize("pkce", [{}, {"code_challenge_method": "S256"}, {"code_challenge_method": "plain"},
                                  {"code_challenge": "c" * 43}, {"code_challenge": "c" * 43,
                                                                 "code_challenge_method": "plain"}])
async def test_pkce_s256_is_required(client, spa, pkce):
    params = {"response_type": "code", "client_id": spa.client_id, "redirect_uri": SPA_REDIRECT, "state": "xyz",
              **pkce}
    r = await client.get("/oauth/authorize", params=params)
    assert r.status_code == 302  # the redirect URI is registered, so the client is told
    assert query_of(r.headers["location"])["error"] == "invalid_request"
    assert query_of(r.headers["location"])["state"] == "xyz"


async def test_token_exchange_needs_the_right_verifier(app, client, spa, officer):
    for verifier_to_send, expected in ((None, "invalid_request"), ("x" * 50, "invalid_grant")):
        oauth, _, location, state = await _authorize(app, client, spa, officer)
        code = query_of(location)["code"]
        data = {"grant_type": "authorization_code", "code": code, "client_id": spa.client_id,
                "redirect_uri": SPA_REDIRECT}
        if verifier_to_send:
            data["code_verifier"] = verifier_to_send
        r = await client.post("/oauth/token", data=data)
        assert r.status_code == 400 and r.json()["error"] == expected, r.text
        await oauth.aclose()


async def test_unregistered_redirect_uri_is_never_followed(client, spa):
    _, challenge = pkce_pair()
    r = await client.get("/oauth/authorize", params={
        "response_type": "code", "client_id": spa.client_id, "redirect_uri": "https://evil.example/cb",
        "code_challenge": challenge, "code_challenge_method": "S256"})
    assert r.status_code == 400 and "location" not in r.headers
    assert r.headers["content-type"].startswith("text/html")
    # a prefix or a variation of a registered URI is not an exact match either
    r = await client.get("/oauth/authorize", params={
        "response_type": "code", "client_id": spa.client_id, "redirect_uri": SPA_REDIRECT + "/../x",
        "code_challenge": challenge, "code_challenge_method": "S256"})
    assert r.status_code == 400 and "location" not in r.headers


async def test_token_exchange_with_another_redirect_uri_is_rejected(app, client, spa, officer, session):
    spa.redirect_uris = [*spa.redirect_uris, "http://testserver/other/callback"]
    await session.commit()
    oauth, verifier, location, _ = await _authorize(app, client, spa, officer)
    await oauth.aclose()
    r = await client.post("/oauth/token", data={
        "grant_type": "authorization_code", "code": query_of(location)["code"], "client_id": spa.client_id,
        "redirect_uri": "http://testserver/other/callback", "code_verifier": verifier})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


async def test_confidential_client_code_flow_authenticates_the_client(app, client, tree: Tree, officer, session):
    web = await make_confidential(session, role="viewer", unit_id=tree.national, scope="units:read",
                                  grant_types=["authorization_code", "refresh_token"],
                                  redirect_uris=["https://portal.example/cb"])
    oauth = oauth_client(app, client_id=web.client_id, client_secret=web.client_secret,
                         redirect_uri="https://portal.example/cb", code_challenge_method="S256")
    verifier, _ = pkce_pair()
    url, state = oauth.create_authorization_url(AUTHORIZE_URL, code_verifier=verifier)
    answer = await sign_in(client, url, officer.username, officer.password)
    location = answer.headers["location"]
    r = await client.post("/oauth/token", data={"grant_type": "authorization_code", "code": query_of(location)["code"],
                                                "client_id": web.client_id, "redirect_uri": "https://portal.example/cb",
                                                "code_verifier": verifier})
    assert r.status_code in (400, 401) and r.json()["error"] == "invalid_client"  # no secret: refused
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    assert token["scope"] == "units:read"


# --- refresh tokens --------------------------------------------------------------------------------------

async def test_refresh_token_rotates_and_reuse_revokes_the_family(app, client, spa, officer):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        first = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        second = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        assert second["refresh_token"] != first["refresh_token"]
        assert second["access_token"] != first["access_token"]
        third = await oauth.refresh_token(TOKEN_URL, refresh_token=second["refresh_token"])
        ok = await client.get("/api/v1/me", headers=bearer(third["access_token"]))
        assert ok.status_code == 200
        # an attacker replays the first (already rotated) refresh token
        with pytest.raises(OAuthError) as err:
            await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        assert err.value.error == "invalid_grant"
        # … which revokes the whole family: the legitimate latest token too, and its access token
        with pytest.raises(OAuthError) as err:
            await oauth.refresh_token(TOKEN_URL, refresh_token=third["refresh_token"])
        assert err.value.error == "invalid_grant"
    r = await client.get("/api/v1/me", headers=bearer(third["access_token"]))
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")


async def test_rule_refresh_retry_within_grace_answers_again_and_retires_the_lost_pair(app, client, spa, officer):
    """Issue 12: a reload between the server's rotation and the answer's arrival sends the old refresh token again.
    Within the grace period, with the successor never used, that is a lost answer, not a theft: a fresh pair, and
    the lost successor (with its access token) is retired."""
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        first = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        lost = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])  # never reached the phone
        retry = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        assert retry["refresh_token"] not in (first["refresh_token"], lost["refresh_token"])
        assert (await client.get("/api/v1/me", headers=bearer(retry["access_token"]))).status_code == 200
        assert (await client.get("/api/v1/me", headers=bearer(lost["access_token"]))).status_code == 401
        # the session goes on with the retry's token
        after = await oauth.refresh_token(TOKEN_URL, refresh_token=retry["refresh_token"])
        assert (await client.get("/api/v1/me", headers=bearer(after["access_token"]))).status_code == 200


async def test_rule_a_retired_successor_presented_later_revokes_the_family(app, client, spa, officer):
    """Whoever holds the pair a grace retry retired is not the client that retried: its use is reuse."""
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        first = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        lost = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        retry = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        with pytest.raises(OAuthError) as err:
            await oauth.refresh_token(TOKEN_URL, refresh_token=lost["refresh_token"])
        assert err.value.error == "invalid_grant"
        with pytest.raises(OAuthError):
            await oauth.refresh_token(TOKEN_URL, refresh_token=retry["refresh_token"])
    assert (await client.get("/api/v1/me", headers=bearer(retry["access_token"]))).status_code == 401


async def test_rule_refresh_reuse_after_the_grace_period_revokes_the_family(app, client, spa, officer, monkeypatch):
    from app.core.config import get_settings

    monkeypatch.setattr(get_settings(), "refresh_reuse_grace_seconds", 0)
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        first = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        second = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        with pytest.raises(OAuthError):
            await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        with pytest.raises(OAuthError):
            await oauth.refresh_token(TOKEN_URL, refresh_token=second["refresh_token"])


async def test_refresh_token_is_bound_to_its_client(app, client, spa, officer, tree, session):
    other = await make_confidential(session, role="viewer", unit_id=tree.national,
                                    grant_types=["authorization_code", "refresh_token"], redirect_uris=["https://x/cb"])
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    r = await client.post("/oauth/token", auth=(other.client_id, other.client_secret),
                          data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]})
    assert r.json()["error"] == "invalid_grant"
    # and it still works for its own client (a foreign client's attempt is not a reuse)
    r = await client.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": spa.client_id,
                                                "refresh_token": token["refresh_token"]})
    assert r.status_code == 200, r.text


async def test_refresh_narrower_scope_only(app, client, spa, officer):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer,
                                                        scope="units:read cadres:read offline_access")
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        narrower = await oauth.refresh_token(TOKEN_URL, refresh_token=token["refresh_token"], scope="units:read")
        assert narrower["scope"] == "units:read"
        with pytest.raises(OAuthError) as err:
            await oauth.refresh_token(TOKEN_URL, refresh_token=narrower["refresh_token"], scope="units:write")
        assert err.value.error == "invalid_scope"


# --- revocation, introspection, deactivation -------------------------------------------------------------

async def test_revoke_access_token_then_introspection_is_inactive(app, client, integration):
    async with oauth_client(app, client_id=integration.client_id, client_secret=integration.client_secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
        access = token["access_token"]
        before = (await oauth.introspect_token(INTROSPECT_URL, token=access)).json()
        assert before["active"] is True and before["sub"] == f"client:{integration.client_id}"
        assert before["scope"] == token["scope"] and before["client_id"] == integration.client_id
        assert (await client.get("/api/v1/me", headers=bearer(access))).status_code == 200
        revoked = await oauth.revoke_token(REVOKE_URL, token=access, token_type_hint="access_token")
        assert revoked.status_code == 200
        after = (await oauth.introspect_token(INTROSPECT_URL, token=access)).json()
    assert after == {"active": False}
    r = await client.get("/api/v1/me", headers=bearer(access))
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")


async def test_revoke_refresh_token_ends_the_grant(app, client, spa, officer, integration):
    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        # a public client signs out by revoking its refresh token (client auth "none")
        r = await client.post("/oauth/revoke", data={"token": token["refresh_token"], "client_id": spa.client_id,
                                                     "token_type_hint": "refresh_token"})
        assert r.status_code == 200
        with pytest.raises(OAuthError):
            await oauth.refresh_token(TOKEN_URL, refresh_token=token["refresh_token"])
    assert (await client.get("/api/v1/me", headers=bearer(token["access_token"]))).status_code == 401


async def test_introspection_needs_an_authenticated_confidential_client(client, integration, spa, tree, session):
    r = await client.post("/oauth/introspect", data={"token": "x", "client_id": spa.client_id})
    assert r.status_code in (400, 401) and r.json()["error"] == "invalid_client"
    r = await client.post("/oauth/introspect", auth=(integration.client_id, "wrong"), data={"token": "x"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    # another client's token is not disclosed to a client without the admin scope
    other = await make_confidential(session, role="viewer", unit_id=tree.national)
    theirs = (await client.post("/oauth/token", auth=(other.client_id, other.client_secret),
                                data={"grant_type": "client_credentials"})).json()["access_token"]
    r = await client.post("/oauth/introspect", auth=(integration.client_id, integration.client_secret),
                          data={"token": theirs})
    assert r.json() == {"active": False}
    admin = await make_confidential(session, role="system_admin", unit_id=tree.national)
    r = await client.post("/oauth/introspect", auth=(admin.client_id, admin.client_secret), data={"token": theirs})
    assert r.json()["active"] is True


async def test_introspection_of_garbage_and_foreign_tokens_is_inactive(client, integration):
    auth = (integration.client_id, integration.client_secret)
    for token in ("not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."):
        r = await client.post("/oauth/introspect", auth=auth, data={"token": token})
        assert r.status_code == 200 and r.json() == {"active": False}


async def test_token_rejected_after_the_user_is_deactivated(app, client, spa, session, tree):
    account = await make_account(session, role="viewer", unit_id=tree.national)
    oauth, verifier, location, state = await _authorize(app, client, spa, account)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
        assert (await oauth.get("/api/v1/units")).status_code == 200
        await session.execute(update(UserAccount).where(UserAccount.id == account.user_id).values(is_active=False))
        await session.commit()
        r = await oauth.get("/api/v1/units")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        with pytest.raises(OAuthError) as err:
            await oauth.refresh_token(TOKEN_URL, refresh_token=token["refresh_token"])
        assert err.value.error == "invalid_grant"
    # and the deactivated account can no longer sign in
    oauth2 = oauth_client(app, client_id=spa.client_id, redirect_uri=SPA_REDIRECT, code_challenge_method="S256")
    url, _ = oauth2.create_authorization_url(AUTHORIZE_URL, code_verifier=pkce_pair()[0])
    answer = await sign_in(client, url, account.username, account.password)
    assert answer.status_code == 200 and "location" not in answer.headers
    await oauth2.aclose()


async def test_token_responses_are_not_cached(client, integration):
    r = await client.post("/oauth/token", auth=(integration.client_id, integration.client_secret),
                          data={"grant_type": "client_credentials"})
    assert r.headers["cache-control"] == "no-store"


# --- lost races: an OAuth error leaves nothing half-written ----------------------------------------------

async def test_losing_a_code_redemption_race_leaves_no_tokens_behind(app, client, spa, officer, session, monkeypatch):
    """Another request redeemed the code between our check and our update (simulated): invalid_grant, and the
    refresh token this request had already stored is rolled back with its savepoint."""
    from app.auth import oauth_store

    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    await oauth.aclose()
    monkeypatch.setattr(oauth_store, "consume_code", lambda *a, **k: False)
    r = await client.post("/oauth/token", data={"grant_type": "authorization_code", "code": query_of(location)["code"],
                                                "client_id": spa.client_id, "redirect_uri": SPA_REDIRECT,
                                                "code_verifier": verifier})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert (await session.execute(select(func.count()).select_from(RefreshToken))).scalar_one() == 0


async def test_losing_a_refresh_race_is_treated_as_reuse(app, client, spa, officer, session, monkeypatch):
    from app.auth import oauth_store

    oauth, verifier, location, state = await _authorize(app, client, spa, officer)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    monkeypatch.setattr(oauth_store, "rotate_refresh_token", lambda *a, **k: False)
    r = await client.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": spa.client_id,
                                                "refresh_token": token["refresh_token"]})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    rows = (await session.execute(select(RefreshToken))).scalars().all()
    assert len(rows) == 1 and rows[0].revoked_at is not None  # the new token was never kept; the family is revoked


async def test_rule_spa_scopes_are_the_users_role_permissions(app, client, spa, officer, session, tree: Tree):
    """The SPA asks for every scope; the token carries only those the user's roles allow (issue 9)."""
    everything = "units:read units:write cadres:read cadres:write cadres:read_sensitive actions:write " \
                 "actions:approve reports:read audit:read access_log:read admin offline_access"
    oauth, verifier, location, state = await _authorize(app, client, spa, officer, scope=everything)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    granted = set(token["scope"].split())
    assert granted == {"units:read", "units:write", "cadres:read", "cadres:write", "cadres:read_sensitive",
                       "actions:write", "reports:read", "audit:read", "access_log:read", "offline_access"}
    assert set(jwt_claims(token["access_token"])["scope"].split()) == granted
    approver = await make_account(session, role="approver", unit_id=tree.provinces[0])
    oauth, verifier, location, state = await _authorize(app, client, spa, approver, scope=everything)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    assert "actions:approve" in token["scope"].split() and "admin" not in token["scope"].split()
