"""Per-request cost (issue 13): the principal cache and its revocation bound, no pool pre-ping with one retry on a
dead connection, scope and query in one statement, and the commit mode of read-plus-access-log transactions."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from joserfc import jws
from sqlalchemy import event, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.auth.denylist import denylist
from app.auth.models import RevokedToken, RoleGrant, UserAccount
from app.core import db as core_db
from app.core.access_log import AccessLog, log_access
from app.core.config import get_settings
from app.core.db import Database, make_engine, restore_synchronous_commit, utcnow
from app.core.security import registry
from tests.conftest import TEST_DB
from tests.factories import Tree, bearer, grant_token

pg_only = pytest.mark.skipif(TEST_DB != "postgres", reason="PostgreSQL behaviour (connections, WAL commit mode)")


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement sent to the database while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def claims_of(token: str) -> dict[str, Any]:
    return dict(json.loads(jws.extract_compact(token.encode()).payload))


async def user_id_of(token: str) -> int:
    return int(str(claims_of(token)["sub"]).split(":")[1])


async def jti_of(token: str) -> str:
    return str(claims_of(token)["jti"])


@pytest.fixture
def short_cache(monkeypatch: pytest.MonkeyPatch) -> float:
    """A 0.4 s principal cache and deny-list reload period, so the revocation bound can be waited out."""
    registry.principals.clear()
    monkeypatch.setattr(registry.principals, "ttl_seconds", 0.4)
    monkeypatch.setattr(denylist, "ttl_seconds", 0.4)
    denylist.invalidate()
    return 0.4


async def test_rule_principal_cache_hit_costs_no_database_statement(client, session, tree: Tree, db):
    headers = bearer(await grant_token(session, role="viewer", unit_id=tree.provinces[0]))
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200  # loads and caches
    with statements(db.engine) as seen:
        r = await client.get("/api/v1/me", headers=headers)
    assert r.status_code == 200 and r.json()["grants"] == [{"role": "viewer", "unit_id": tree.provinces[0]}]
    assert seen == []


async def test_rule_disabled_account_stops_within_the_cache_bound(client, session, tree: Tree, short_cache):
    token = await grant_token(session, role="viewer", unit_id=tree.provinces[0])
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    # Another replica disables the account: this process sees no commit of its own (a connection-level write
    # bypasses the session events that drop the cache at once).
    conn = await session.connection()
    await conn.execute(update(UserAccount.__table__).where(UserAccount.__table__.c.id == await user_id_of(token))
                       .values(is_active=False))
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200  # still cached
    await asyncio.sleep(short_cache + 0.1)
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401


async def test_rule_revoked_token_stops_within_the_denylist_bound(client, session, tree: Tree, short_cache):
    token = await grant_token(session, role="viewer", unit_id=tree.provinces[0])
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    conn = await session.connection()  # revoked by another replica: nothing invalidates this process's caches
    await conn.execute(insert(RevokedToken.__table__).values(jti=await jti_of(token), revoked_at=utcnow(),
                                                               expires_at=utcnow() + timedelta(minutes=10)))
    await asyncio.sleep(short_cache + 0.1)
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401


async def test_rule_grant_change_committed_here_takes_effect_at_once(client, session, tree: Tree):
    token = await grant_token(session, role="viewer", unit_id=tree.provinces[0])
    assert (await client.get("/api/v1/me", headers=bearer(token))).json()["grants"][0]["role"] == "viewer"
    await session.execute(update(RoleGrant).where(RoleGrant.user_id == await user_id_of(token))
                          .values(role="org_officer"))
    await session.commit()
    assert (await client.get("/api/v1/me", headers=bearer(token))).json()["grants"][0]["role"] == "org_officer"


async def test_rule_cached_principal_never_outlives_its_token(monkeypatch: pytest.MonkeyPatch):
    from app.core.security import Principal, PrincipalCache

    cache = PrincipalCache(ttl_seconds=60)
    p = Principal(subject="user:1", kind="user", display_name="x", token_scopes=frozenset())
    cache.put("expired", {"exp": time.time() - 1, "jti": "a"}, p)
    cache.put("soon", {"exp": time.time() + 0.2, "jti": "b"}, p)
    assert cache.get("expired") is None
    assert cache.get("soon") == ("b", p)
    await asyncio.sleep(0.3)
    assert cache.get("soon") is None


async def test_rule_cadre_detail_is_one_statement_plus_its_access_log_row(client, session, tree: Tree, db):
    token = await grant_token(session, role="org_officer", unit_id=tree.provinces[0])
    created = await client.post("/api/v1/cadres", headers=bearer(token), json={
        "unit_id": tree.grassroots[0], "family_name": "Nguyễn", "middle_name": "Thị", "given_name": "Hoa",
        "birth_date": "1985-03-02", "gender": "female", "employment": "part_time"})
    assert created.status_code == 201, created.text
    cadre_id = created.json()["id"]
    with statements(db.engine) as seen:
        r = await client.get(f"/api/v1/cadres/{cadre_id}", headers=bearer(token))
    assert r.status_code == 200 and "ethnicity" in r.json()
    data = [s for s in seen if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN"))]
    assert len(data) == 2, data  # the row with its two scope flags, then the access-log INSERT
    assert data[1].lstrip().upper().startswith("INSERT INTO ACCESS_LOG")
    # outside the caller's subtree: still 404 from the same single statement
    other = await grant_token(session, role="org_officer", unit_id=tree.provinces[1])
    assert (await client.get(f"/api/v1/cadres/{cadre_id}", headers=bearer(other))).status_code == 404


@pg_only
async def test_rule_read_plus_access_log_commits_without_waiting_for_wal(session: AsyncSession):
    await session.execute(select(1))
    await log_access(session, actor="user:1", subject_type="cadre", subject_ids=[1], category="detail")
    assert (await session.execute(text("SHOW synchronous_commit"))).scalar() == "off"
    rows = (await session.execute(select(AccessLog.__table__.c.category))).scalars().all()
    assert rows == ["detail"]  # the folded set_config leaves the stored category unchanged


@pg_only
async def test_rule_any_other_write_commits_synchronously(session: AsyncSession, tree: Tree):
    # write first, then log: the log never turns the durable commit off
    await session.execute(update(UserAccount).where(UserAccount.id == -1).values(is_active=False))
    await log_access(session, actor="user:1", subject_type="cadre", subject_ids=[1], category="detail")
    assert (await session.execute(text("SHOW synchronous_commit"))).scalar() == "on"
    await session.commit()
    # log first, then write: the commit is made durable again before it happens
    await log_access(session, actor="user:1", subject_type="cadre", subject_ids=[2], category="detail")
    assert (await session.execute(text("SHOW synchronous_commit"))).scalar() == "off"
    await session.execute(update(UserAccount).where(UserAccount.id == -1).values(is_active=False))
    await restore_synchronous_commit(session)
    assert (await session.execute(text("SHOW synchronous_commit"))).scalar() == "on"


async def _terminate(engine: AsyncEngine, pid: int) -> None:
    async with engine.connect() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@pg_only
async def test_rule_dead_connection_next_request_still_succeeds(client):
    engine = make_engine(get_settings(), pool_size=1, max_overflow=0)
    assert engine.pool._pre_ping is False  # type: ignore[attr-defined]
    real = Database(engine)
    admin = make_engine(get_settings(), pool_size=1, max_overflow=0)
    previous = core_db._db
    core_db.set_db(real)
    try:
        async with real.sessionmaker() as s:
            pid = (await s.execute(text("SELECT pg_backend_pid()"))).scalar()
        await _terminate(admin, pid)
        r = await client.get("/readyz")
        assert r.status_code == 200, r.text
        async with real.sessionmaker() as s:
            assert (await s.execute(text("SELECT pg_backend_pid()"))).scalar() != pid
    finally:
        core_db.set_db(previous)
        await engine.dispose()
        await admin.dispose()


@pg_only
async def test_rule_dead_connection_unnoticed_by_the_pool_is_retried_once():
    """The socket looked alive at checkout (half-open): the request's first statement fails and runs again."""
    engine = make_engine(get_settings(), pool_size=1, max_overflow=0)
    event.remove(engine.sync_engine.pool, "checkout", core_db._drop_closed_connection)
    admin = make_engine(get_settings(), pool_size=1, max_overflow=0)
    real = Database(engine)
    try:
        async with real.sessionmaker() as s:
            pid = (await s.execute(text("SELECT pg_backend_pid()"))).scalar()
        await _terminate(admin, pid)
        await asyncio.sleep(0.1)
        async with real.sessionmaker() as s:
            assert (await s.execute(text("SELECT pg_backend_pid()"))).scalar() != pid
            await s.commit()
        # the retry is for the first statement only: a later one fails as before (no silent re-run mid-transaction)
        async with real.sessionmaker() as s:
            pid = (await s.execute(text("SELECT pg_backend_pid()"))).scalar()
            await _terminate(admin, pid)
            await asyncio.sleep(0.1)
            with pytest.raises(DBAPIError):
                await s.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
        await admin.dispose()


def test_rule_serve_defaults_to_one_worker_per_core_on_postgresql(monkeypatch: pytest.MonkeyPatch):
    import os

    from app import cli

    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert cli.default_workers("postgresql+asyncpg://db/cadre") == 6
    assert cli.default_workers("sqlite+aiosqlite:///data/cadre.db") == 1  # one writer on the embedded file
    with pytest.raises(SystemExit):
        cli.main(["serve", "--workers", "0"])
