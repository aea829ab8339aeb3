"""A client-credentials client's own `rate_limit_per_minute` (issue 15 "per-client rate limits", set in the admin
API) is what limits its requests: past it, 429 with Retry-After; another client keeps its own budget."""

from __future__ import annotations

from datetime import timedelta

from app.core.config import get_settings
from app.core.db import today
from tests.auth.helpers import TOKEN_URL, oauth_client
from tests.factories import Tree, bearer, grant_token


async def _client(client, admin: dict[str, str], unit_id: int, name: str, limit: int | None) -> tuple[str, str]:
    r = await client.post("/api/v1/admin/clients", headers=admin, json={
        "name": name, "grant_types": ["client_credentials"], "role": "integration", "unit_id": unit_id,
        "scopes": ["units:read"], "rate_limit_per_minute": limit, "processing_agreement": {
            "number": "7/TT-LĐLĐ", "signed_on": "2026-01-05", "purpose": "Đồng bộ đơn vị", "data_categories": ["units"],
            "expires_on": (today() + timedelta(days=365)).isoformat()}})
    assert r.status_code == 201, r.text
    return r.json()["client_id"], r.json()["client_secret"]


async def _token(app, client_id: str, secret: str) -> dict[str, str]:
    async with oauth_client(app, client_id=client_id, client_secret=secret) as oauth:
        return bearer(str((await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials"))["access_token"]))


async def test_rule_client_rate_limit_is_enforced_per_client(app, client, session, tree: Tree, limiter, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 5)  # the default for principals without their own
    admin = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    limited = await _token(app, *await _client(client, admin, tree.provinces[0], "HRM doanh nghiệp A", 3))
    generous = await _token(app, *await _client(client, admin, tree.provinces[0], "Phần mềm đoàn viên B", 8))
    default = await _token(app, *await _client(client, admin, tree.provinces[1], "Hệ thống C", None))

    async def status(headers: dict[str, str]) -> int:
        return (await client.get("/api/v1/units", headers=headers, params={"limit": 1})).status_code

    assert [await status(limited) for _ in range(3)] == [200, 200, 200]
    r = await client.get("/api/v1/units", headers=limited, params={"limit": 1})
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert 0 < int(r.headers["retry-after"]) <= 60
    # the other clients are unaffected: each has its own budget, its own limit or the default
    assert [await status(generous) for _ in range(8)] == [200] * 8  # above the default: its own limit applies
    assert await status(generous) == 429
    assert [await status(default) for _ in range(5)] == [200] * 5
    assert await status(default) == 429
    assert await status(limited) == 429  # still limited: the others' requests did not reset its window
