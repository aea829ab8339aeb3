"""Idempotency-Key on every POST (issue 15, API.md "Integration")."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.core.config import get_settings
from app.core.db import Database, make_engine, set_db, utcnow
from app.core.scheduler import run_due_tasks
from app.integrations.idempotency import purge_expired
from app.integrations.models import IdempotencyRecord
from app.main import scheduled_tasks
from app.org_units.models import OrgUnit
from tests.factories import Tree, bearer, build_tree, grant_token
from tests.scratch import alembic, scratch_database

API = "/api/v1/cadres"


def person(unit_id: int, **over: object) -> dict[str, object]:
    body: dict[str, object] = {"unit_id": unit_id, "family_name": "Trần", "middle_name": "Thị", "given_name": "Hoa",
                               "birth_date": "1985-02-03", "gender": "female", "employment": "part_time"}
    body.update(over)
    return body


async def _count(session: AsyncSession, unit_id: int) -> int:
    return int((await session.execute(select(func.count()).select_from(Cadre).where(
        Cadre.unit_id == unit_id))).scalar_one())


async def test_rule_idempotency_same_key_same_body_replays_first_response(client, session, tree: Tree,
                                                                          admin_headers):
    headers = {**admin_headers, "Idempotency-Key": "create-hoa-1"}
    first = await client.post(API, headers=headers, json=person(tree.grassroots[0]))
    assert first.status_code == 201, first.text
    second = await client.post(API, headers=headers, json=person(tree.grassroots[0]))
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers.get("idempotent-replayed") == "true" and "idempotent-replayed" not in first.headers
    assert await _count(session, tree.grassroots[0]) == 1
    # without a key the same body is a new request: the duplicate rule answers
    third = await client.post(API, headers=admin_headers, json=person(tree.grassroots[0]))
    assert third.status_code == 409 and third.json()["code"] == "duplicate_cadre"


async def test_rule_idempotency_key_reused_with_other_body_is_422(client, session, tree: Tree, admin_headers):
    headers = {**admin_headers, "Idempotency-Key": "k-reused"}
    assert (await client.post(API, headers=headers, json=person(tree.grassroots[0]))).status_code == 201
    other = await client.post(API, headers=headers, json=person(tree.grassroots[0], given_name="Lan"))
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert other.json()["code"] == "idempotency_key_reused"
    en = await client.post(API, headers={**headers, "Accept-Language": "en"},
                           json=person(tree.grassroots[0], given_name="Lan"))
    assert en.json()["title"] == "Idempotency-Key was already used for a different request"
    # another route with the same key is another request too
    unit = await client.post("/api/v1/units", headers=headers, json={
        "code": "IDEM-U1", "name": "CĐCS mới", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0]})
    assert unit.status_code == 422 and unit.json()["code"] == "idempotency_key_reused"
    assert await _count(session, tree.grassroots[0]) == 1


async def test_rule_idempotency_keys_are_scoped_per_principal(client, session, tree: Tree, admin_headers):
    other = bearer(await grant_token(session, role="system_admin", unit_id=tree.national),
                   **{"Idempotency-Key": "shared-key"})
    r1 = await client.post(API, headers={**admin_headers, "Idempotency-Key": "shared-key"},
                           json=person(tree.grassroots[0]))
    r2 = await client.post(API, headers=other, json=person(tree.grassroots[1], given_name="Mai"))
    assert r1.status_code == r2.status_code == 201
    assert r1.json()["id"] != r2.json()["id"]


async def test_rule_idempotency_failed_request_keeps_no_key(client, session, tree: Tree, admin_headers):
    """A problem response rolls the whole transaction back, the key included: the corrected retry runs."""
    headers = {**admin_headers, "Idempotency-Key": "retry-after-fix"}
    bad = await client.post(API, headers=headers, json=person(tree.grassroots[0], gender="unknown"))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    good = await client.post(API, headers=headers, json=person(tree.grassroots[0], gender="unknown"))
    assert good.status_code == 422  # not a replay: nothing was stored
    assert (await session.execute(select(func.count()).select_from(IdempotencyRecord))).scalar_one() == 0
    ok = await client.post(API, headers=headers, json=person(tree.grassroots[0]))
    assert ok.status_code == 201


async def test_rule_idempotency_key_format_is_checked(client, tree: Tree, admin_headers):
    r = await client.post(API, headers={**admin_headers, "Idempotency-Key": "x" * 256}, json=person(tree.national))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_rule_idempotency_keys_expire_after_24_hours(client, session, tree: Tree, admin_headers):
    headers = {**admin_headers, "Idempotency-Key": "old-key"}
    first = await client.post(API, headers=headers, json=person(tree.grassroots[0]))
    assert first.status_code == 201
    await session.execute(update(IdempotencyRecord).values(expires_at=utcnow() - timedelta(seconds=1)))
    await session.commit()
    # after expiry the key is free again: the request runs (and meets the duplicate rule)
    again = await client.post(API, headers=headers, json=person(tree.grassroots[0]))
    assert again.status_code == 409 and again.json()["code"] == "duplicate_cadre"
    # the daily purge forgets expired keys and keeps live ones
    ok = await client.post(API, headers={**admin_headers, "Idempotency-Key": "live"},
                           json=person(tree.grassroots[1], given_name="Mai"))
    assert ok.status_code == 201
    await session.execute(update(IdempotencyRecord).where(IdempotencyRecord.key == "old-key").values(
        expires_at=utcnow() - timedelta(hours=1)))
    assert await purge_expired(session) >= 1
    keys = (await session.execute(select(IdempotencyRecord.key))).scalars().all()
    assert keys == ["live"]


async def test_rule_idempotency_purge_runs_with_the_daily_housekeeping(db, session, tree: Tree):
    session.add(IdempotencyRecord(principal="user:1", key="k", fingerprint="f", expires_at=utcnow() - timedelta(1)))
    await session.commit()
    done = await run_due_tasks(scheduled_tasks())
    assert done["idempotency_keys_purged"] == 1


async def test_rule_idempotency_applies_to_every_post_route(app):
    spec = app.openapi()
    posts = [(path, op) for path, item in spec["paths"].items() for method, op in item.items() if method == "post"]
    assert posts
    for path, op in posts:
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in names, path


@pytest.mark.skipif(os.environ.get("CADRE_TEST_DB", "postgres") == "sqlite",
                    reason="concurrent writers on separate connections: PostgreSQL (SQLite serialises writers)")
async def test_rule_idempotency_20_concurrent_identical_posts_create_one_row(app):
    """Twenty clients send the same POST with the same key at once: one cadre, twenty identical answers."""
    async with scratch_database("idem") as url:
        alembic(url, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": url}), pool_size=22,
                             max_overflow=0, pool_timeout=60)
        database = Database(engine)
        set_db(database)
        try:
            async with database.sessionmaker() as s:
                tree = await build_tree(s)
                token = await grant_token(s, role="system_admin", unit_id=tree.national)
            headers = bearer(token, **{"Idempotency-Key": "burst-1"})
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
                responses = await asyncio.gather(*[c.post(API, headers=headers, json=person(tree.grassroots[0]))
                                                   for _ in range(20)])
            statuses = [r.status_code for r in responses]
            assert statuses == [201] * 20, [r.text for r in responses if r.status_code != 201][:2]
            assert len({r.content for r in responses}) == 1
            assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 19
            async with database.sessionmaker() as s:
                assert await _count(s, tree.grassroots[0]) == 1
                assert (await s.execute(select(func.count()).select_from(IdempotencyRecord))).scalar_one() == 1
                assert (await s.execute(select(func.count()).select_from(OrgUnit))).scalar_one() == 15
        finally:
            set_db(None)
            await engine.dispose()
