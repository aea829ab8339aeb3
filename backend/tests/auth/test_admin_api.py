"""The administration API (/api/v1/admin): accounts, role grants with validity dates, OAuth clients with their
processing agreement and rate limit, and remote sign-out. Scoped to the admin's own subtrees; every write
audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from authlib.integrations.base_client import OAuthError
from sqlalchemy import select, update

from app.auth.models import OAuthClient, UserAccount
from app.core.audit import AuditLog
from app.core.db import today
from tests.auth.conftest import make_account
from tests.auth.helpers import TOKEN_URL, oauth_client
from tests.auth.test_oauth_flows import _authorize
from tests.factories import Tree, bearer, grant_token

PASSWORD = "Mật-khẩu-đủ-dài-1"


def _agreement(**over: object) -> dict[str, object]:
    return {"number": "15/TT-LĐLĐ", "signed_on": "2026-01-05", "purpose": "Đồng bộ hồ sơ cán bộ",
            "data_categories": ["units", "cadres"], "expires_on": (today() + timedelta(days=365)).isoformat(),
            **over}


async def _admin(session, unit_id: int) -> dict[str, str]:
    return bearer(await grant_token(session, role="system_admin", unit_id=unit_id))


async def _audit_actions(session, entity_id: object, entity_type: str = "user_account") -> list[str]:
    rows = await session.execute(select(AuditLog.action).where(AuditLog.entity_id == str(entity_id),
                                                               AuditLog.entity_type == entity_type)
                                 .order_by(AuditLog.seq))
    return list(rows.scalars())


async def test_admin_creates_lists_and_disables_a_user(client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    body = {"username": "nguyen.van.a", "display_name": "Nguyễn Văn A", "email": "a@ldld.vn", "password": PASSWORD,
            "role": "org_officer", "unit_id": tree.provinces[0], "valid_from": "2026-01-01"}
    r = await client.post("/api/v1/admin/users", json=body, headers=admin)
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["is_active"] and user["grants"][0]["role"] == "org_officer"
    assert user["grants"][0]["unit_id"] == tree.provinces[0] and user["grants"][0]["active"]
    assert "password" not in r.text and "password_hash" not in r.text
    again = await client.post("/api/v1/admin/users", json=body, headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "username_taken"
    assert again.json()["errors"][0]["field"] == "username"
    found = (await client.get("/api/v1/admin/users", params={"q": "NGUYEN.VAN"}, headers=admin)).json()["items"]
    assert [u["username"] for u in found] == ["nguyen.van.a"]
    one = await client.get(f"/api/v1/admin/users/{user['id']}", headers=admin)
    assert one.status_code == 200 and one.headers["etag"] == f'"{user["version"]}"'
    r = await client.post(f"/api/v1/admin/users/{user['id']}/disable", headers=admin)
    assert r.status_code == 200 and r.json()["is_active"] is False
    inactive = (await client.get("/api/v1/admin/users", params={"active": "false"}, headers=admin)).json()["items"]
    assert [u["id"] for u in inactive] == [user["id"]]
    assert await _audit_actions(session, user["id"]) == ["user.create", "user.disable", "user.revoke_sessions"]
    audit_row = (await session.execute(select(AuditLog).where(AuditLog.action == "user.create",
                                                              AuditLog.entity_id == str(user["id"])))).scalar_one()
    assert "password" not in audit_row.changes and audit_row.actor.startswith("user:")


async def test_patch_user_needs_if_match(client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    account = await make_account(session, role="viewer", unit_id=tree.districts[0])
    url = f"/api/v1/admin/users/{account.user_id}"
    assert (await client.patch(url, json={"display_name": "Trần Thị B"}, headers=admin)).status_code == 428
    etag = (await client.get(url, headers=admin)).headers["etag"]
    r = await client.patch(url, json={"display_name": "Trần Thị B"}, headers={**admin, "If-Match": etag})
    assert r.status_code == 200 and r.json()["display_name"] == "Trần Thị B"
    stale = await client.patch(url, json={"email": "b@x.vn"}, headers={**admin, "If-Match": etag})
    assert stale.status_code == 412


async def test_rule_admin_scope_limited_to_own_subtree(client, session, tree: Tree):
    """A provincial admin administers only principals holding grants inside the province: everyone else is 404,
    and no grant can be given outside the province."""
    mine = await make_account(session, role="org_officer", unit_id=tree.districts[0])
    theirs = await make_account(session, role="org_officer", unit_id=tree.districts[2])
    admin = await _admin(session, tree.provinces[0])
    listed = {u["id"] for u in (await client.get("/api/v1/admin/users", params={"limit": 200},
                                                 headers=admin)).json()["items"]}
    assert mine.user_id in listed and theirs.user_id not in listed
    for method, url, body in (
        ("GET", f"/api/v1/admin/users/{theirs.user_id}", None),
        ("POST", f"/api/v1/admin/users/{theirs.user_id}/disable", None),
        ("POST", f"/api/v1/admin/users/{theirs.user_id}/revoke-sessions", None),
        ("POST", "/api/v1/admin/role-grants",
         {"user_id": mine.user_id, "role": "viewer", "unit_id": tree.districts[2]}),
        ("POST", "/api/v1/admin/users", {"username": "x.outside", "display_name": "X", "password": PASSWORD,
                                         "role": "viewer", "unit_id": tree.provinces[1]}),
    ):
        r = await client.request(method, url, json=body, headers=admin)
        assert r.status_code == 404 and r.json()["code"] == "not_found", (method, url, r.text)
    r = await client.post("/api/v1/admin/role-grants", json={"user_id": mine.user_id, "role": "approver",
                                                             "unit_id": tree.grassroots[0]}, headers=admin)
    assert r.status_code == 201
    grants = (await client.get("/api/v1/admin/role-grants", params={"user_id": mine.user_id},
                               headers=admin)).json()["items"]
    assert {g["role"] for g in grants} == {"org_officer", "approver"}
    for role in ("org_officer", "approver", "viewer", "grassroots_chair", "integration"):
        headers = bearer(await grant_token(session, role=role, unit_id=tree.national))
        assert (await client.get("/api/v1/admin/users", headers=headers)).status_code == 403, role


async def test_rule_grant_validity_dates(client, session, tree: Tree):
    """A grant holds on [valid_from, valid_to); it can be ended from today on but never lengthened or backdated,
    and a grant that starts later is not in force yet."""
    admin = await _admin(session, tree.national)
    account = await make_account(session, role="viewer", unit_id=tree.districts[0])
    bad = await client.post("/api/v1/admin/role-grants", json={
        "user_id": account.user_id, "role": "approver", "unit_id": tree.districts[0],
        "valid_from": "2026-05-01", "valid_to": "2026-05-01"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_validity_period"
    future = await client.post("/api/v1/admin/role-grants", json={
        "user_id": account.user_id, "role": "approver", "unit_id": tree.districts[0],
        "valid_from": (today() + timedelta(days=10)).isoformat()}, headers=admin)
    assert future.status_code == 201 and future.json()["active"] is False
    active = (await client.get("/api/v1/admin/role-grants", params={"user_id": account.user_id, "active": "true"},
                               headers=admin)).json()["items"]
    assert [g["role"] for g in active] == ["viewer"]
    grant_id = active[0]["id"]
    backdated = await client.post(f"/api/v1/admin/role-grants/{grant_id}/end",
                                  json={"valid_to": (today() - timedelta(days=1)).isoformat()}, headers=admin)
    assert backdated.status_code == 422 and backdated.json()["code"] == "invalid_validity_period"
    ended = await client.post(f"/api/v1/admin/role-grants/{grant_id}/end", json={"valid_to": today().isoformat()},
                              headers=admin)
    assert ended.status_code == 200 and ended.json()["active"] is False
    again = await client.post(f"/api/v1/admin/role-grants/{grant_id}/end", json={"valid_to": today().isoformat()},
                              headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "grant_already_ended"
    assert await _audit_actions(session, grant_id, "role_grant") == ["role_grant.end"]


async def test_rule_admin_cannot_change_own_account(client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    me = (await client.get("/api/v1/me", headers=admin)).json()
    my_id = int(me["subject"].split(":")[1])
    for url, body in ((f"/api/v1/admin/users/{my_id}/disable", None),
                      (f"/api/v1/admin/users/{my_id}/reset-password", {}),
                      ("/api/v1/admin/role-grants", {"user_id": my_id, "role": "system_admin",
                                                     "unit_id": tree.national})):
        r = await client.post(url, json=body, headers=admin)
        assert r.status_code == 422 and r.json()["code"] == "cannot_change_own_account", url


async def test_rule_revoke_sessions_signs_out_everywhere(app, client, session, spa, tree: Tree):
    """The lost phone: every refresh-token family of the user ends and its access tokens stop working at once."""
    account = await make_account(session, role="grassroots_chair", unit_id=tree.grassroots[0], password=PASSWORD)
    tokens = []
    for _ in range(2):  # two devices
        oauth, verifier, location, state = await _authorize(app, client, spa, account)
        async with oauth:
            tokens.append(await oauth.fetch_token(TOKEN_URL, authorization_response=location,
                                                  code_verifier=verifier, state=state))
    for t in tokens:
        assert (await client.get("/api/v1/me", headers=bearer(t["access_token"]))).status_code == 200
    admin = await _admin(session, tree.provinces[0])
    r = await client.post(f"/api/v1/admin/users/{account.user_id}/revoke-sessions", headers=admin)
    assert r.status_code == 200 and r.json()["revoked_sessions"] == 2
    for t in tokens:
        assert (await client.get("/api/v1/me", headers=bearer(t["access_token"]))).status_code == 401
        async with oauth_client(app, client_id=spa.client_id, token_endpoint_auth_method="none") as oauth:
            with pytest.raises(OAuthError) as err:
                await oauth.refresh_token(TOKEN_URL, refresh_token=t["refresh_token"])
            assert err.value.error == "invalid_grant"
    assert "user.revoke_sessions" in await _audit_actions(session, account.user_id)


async def test_reset_password_generates_a_temporary_one_and_signs_out(app, client, session, spa, tree: Tree):
    account = await make_account(session, role="viewer", unit_id=tree.districts[0], password=PASSWORD)
    oauth, verifier, location, state = await _authorize(app, client, spa, account)
    async with oauth:
        token = await oauth.fetch_token(TOKEN_URL, authorization_response=location, code_verifier=verifier,
                                        state=state)
    admin = await _admin(session, tree.national)
    r = await client.post(f"/api/v1/admin/users/{account.user_id}/reset-password", json={}, headers=admin)
    assert r.status_code == 200 and r.json()["revoked_sessions"] == 1
    temporary = r.json()["temporary_password"]
    assert temporary and len(temporary) >= 12
    assert (await client.get("/api/v1/me", headers=bearer(token["access_token"]))).status_code == 401
    stored = (await session.execute(select(UserAccount.password_hash).where(UserAccount.id == account.user_id)))
    assert temporary not in stored.scalar_one()
    account.password = temporary
    assert (await _authorize(app, client, spa, account))[2]  # signs in with the temporary password
    short = await client.post(f"/api/v1/admin/users/{account.user_id}/reset-password", json={"password": "short"},
                              headers=admin)
    assert short.status_code == 422


async def test_rule_client_scopes_within_processing_agreement(client, session, tree: Tree):
    """Rule 28: a third-party system needs a processing agreement in force, sees only the scopes its data
    categories cover (sensitive fields only with the explicit category), and nothing beyond its role."""
    admin = await _admin(session, tree.national)
    base = {"name": "Phần mềm quản lý đoàn viên", "grant_types": ["client_credentials"], "role": "integration",
            "unit_id": tree.provinces[0], "scopes": ["units:read", "cadres:read"], "rate_limit_per_minute": 120}
    r = await client.post("/api/v1/admin/clients", json=base, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "processing_agreement_required"
    r = await client.post("/api/v1/admin/clients", json={**base, "scopes": ["units:read", "reports:read"],
                                                        "processing_agreement": _agreement()}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "client_scope_outside_agreement"
    assert r.json()["errors"][0]["message"] == "reports:read"
    expired = _agreement(signed_on="2020-01-01", expires_on=(today() - timedelta(days=1)).isoformat())
    r = await client.post("/api/v1/admin/clients", json={**base, "processing_agreement": expired}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "agreement_expired"
    r = await client.post("/api/v1/admin/clients", json={
        **base, "scopes": ["cadres:read", "cadres:read_sensitive"],
        "processing_agreement": _agreement(data_categories=["cadres", "sensitive"])}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "scope_not_allowed_for_role"  # integration has no sensitive
    r = await client.post("/api/v1/admin/clients", json={**base, "processing_agreement": _agreement()}, headers=admin)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["client_secret"] and created["rate_limit_per_minute"] == 120
    assert created["processing_agreement"]["number"] == "15/TT-LĐLĐ"
    assert created["scopes"] == ["cadres:read", "units:read"] and created["grants"][0]["role"] == "integration"
    shown = await client.get(f"/api/v1/admin/clients/{created['client_id']}", headers=admin)
    assert "client_secret" not in shown.json()
    etag = shown.headers["etag"]
    r = await client.patch(f"/api/v1/admin/clients/{created['client_id']}", json={"scopes": ["reports:read"]},
                           headers={**admin, "If-Match": etag})
    assert r.status_code == 422 and r.json()["code"] == "client_scope_outside_agreement"
    r = await client.patch(f"/api/v1/admin/clients/{created['client_id']}", json={
        "scopes": ["reports:read"], "rate_limit_per_minute": 30,
        "processing_agreement": _agreement(data_categories=["reports"])}, headers={**admin, "If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["scopes"] == ["reports:read"] and r.json()["rate_limit_per_minute"] == 30


async def test_client_secret_rotation_and_disable(app, client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    r = await client.post("/api/v1/admin/clients", json={
        "name": "HRM doanh nghiệp", "scopes": ["units:read"], "unit_id": tree.districts[1],
        "processing_agreement": _agreement(data_categories=["units"])}, headers=admin)
    assert r.status_code == 201, r.text
    client_id, old = r.json()["client_id"], r.json()["client_secret"]

    async def token(secret: str) -> dict[str, object]:
        async with oauth_client(app, client_id=client_id, client_secret=secret) as oauth:
            return dict(await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials"))

    assert (await token(old))["scope"] == "units:read"
    r = await client.post(f"/api/v1/admin/clients/{client_id}/rotate-secret", headers=admin)
    new = r.json()["client_secret"]
    assert r.status_code == 200 and new != old
    with pytest.raises(OAuthError):
        await token(old)
    assert await token(new)
    r = await client.post(f"/api/v1/admin/clients/{client_id}/disable", headers=admin)
    assert r.status_code == 200 and r.json()["is_active"] is False
    with pytest.raises(OAuthError):
        await token(new)
    assert await _audit_actions(session, client_id, "oauth_client") == ["client.create", "client.rotate_secret",
                                                                        "client.disable"]


async def test_rule_expired_processing_agreement_gets_no_token(app, client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    r = await client.post("/api/v1/admin/clients", json={
        "name": "Hết hạn", "scopes": ["units:read"], "unit_id": tree.national,
        "processing_agreement": _agreement(data_categories=["units"], expires_on=today().isoformat(),
                                           signed_on="2025-01-01")}, headers=admin)
    assert r.status_code == 201, r.text
    cid, secret = r.json()["client_id"], r.json()["client_secret"]
    async with oauth_client(app, client_id=cid, client_secret=secret) as oauth:
        assert await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")  # last day: still in force

    await session.execute(update(OAuthClient).where(OAuthClient.client_id == cid)
                          .values(agreement_expires_on=date.today() - timedelta(days=2)))
    await session.commit()
    async with oauth_client(app, client_id=cid, client_secret=secret) as oauth:
        with pytest.raises(OAuthError) as err:
            await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert err.value.error == "invalid_client"


async def test_public_client_for_an_app_needs_redirect_uris_and_has_no_secret(client, session, tree: Tree):
    admin = await _admin(session, tree.national)
    body = {"name": "Ứng dụng di động", "grant_types": ["authorization_code", "refresh_token"],
            "scopes": ["units:read", "cadres:read"], "role": "grassroots_chair", "unit_id": tree.national}
    r = await client.post("/api/v1/admin/clients", json=body, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "redirect_uris"
    r = await client.post("/api/v1/admin/clients", json={**body, "redirect_uris": ["https://app.ldld.vn/cb"]},
                          headers=admin)
    assert r.status_code == 201 and r.json()["client_secret"] is None and r.json()["is_public"]
    r2 = await client.post(f"/api/v1/admin/clients/{r.json()['client_id']}/rotate-secret", headers=admin)
    assert r2.status_code == 422 and r2.json()["code"] == "public_client_has_no_secret"
