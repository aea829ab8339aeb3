"""Two writers holding the same ETag (reliability-security criterion 20): exactly one 200, one 412, one change.

The suite's `client` shares one connection per test, which would serialise the two requests; here each request
runs on its own pooled connection of a throw-away database, so the two transactions really overlap."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.core.config import get_settings
from app.core.db import Database, make_engine, set_db
from app.org_units.models import OrgUnit
from tests.factories import bearer, build_tree, grant_token
from tests.scratch import alembic, scratch_database

ROUNDS = 10


@pytest.mark.skipif(os.environ.get("CADRE_TEST_DB", "postgres") == "sqlite",
                    reason="concurrent writers on separate connections: PostgreSQL (SQLite serialises writers)")
async def test_rule_two_writers_same_etag_one_200_one_412(app):
    async with scratch_database("race") as url:
        alembic(url, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": url}), pool_size=4,
                             max_overflow=0, pool_timeout=60)
        database = Database(engine)
        set_db(database)
        try:
            async with database.sessionmaker() as s:
                tree = await build_tree(s)
                token = await grant_token(s, role="system_admin", unit_id=tree.national)
            unit = tree.grassroots[0]
            url_ = f"/api/v1/units/{unit}"
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as first, \
                    httpx.AsyncClient(transport=transport, base_url="http://testserver") as second:
                winners: list[str] = []
                for round_ in range(ROUNDS):
                    etag = (await first.get(url_, headers=bearer(token))).headers["etag"]
                    names = (f"CĐCS A{round_}", f"CĐCS B{round_}")
                    responses = await asyncio.gather(*[
                        c.patch(url_, headers=bearer(token, **{"If-Match": etag}), json={"name": name})
                        for c, name in ((first, names[0]), (second, names[1]))])
                    statuses = sorted(r.status_code for r in responses)
                    assert statuses == [200, 412], [r.text for r in responses]
                    lost = next(r for r in responses if r.status_code == 412)
                    assert lost.headers["content-type"].startswith("application/problem+json")
                    assert lost.json()["code"] == "precondition_failed"
                    won = next(r for r in responses if r.status_code == 200)
                    assert won.headers["etag"] == f'"{int(etag.strip(chr(34))) + 1}"'
                    winners.append(won.json()["name"])
            async with database.sessionmaker() as s:
                row = (await s.execute(select(OrgUnit).where(OrgUnit.id == unit))).scalar_one()
                # the row changed once per round, to the winner's value
                assert row.version == 1 + ROUNDS and row.name == winners[-1]
                updates = (await s.execute(select(func.count()).select_from(AuditLog).where(
                    AuditLog.action == "unit.update", AuditLog.entity_id == str(unit)))).scalar_one()
                assert updates == ROUNDS  # the loser wrote no audit row
        finally:
            set_db(None)
            await engine.dispose()
