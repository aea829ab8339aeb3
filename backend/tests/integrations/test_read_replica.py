"""Read replicas (issue 15): read-only routes use the replica session; the caller who just wrote reads the
primary (read-your-writes)."""

from __future__ import annotations

import httpx

from app.core import db as core_db
from app.core.config import get_settings
from app.core.db import Database, make_engine, set_db
from tests.factories import bearer, build_tree, grant_token
from tests.scratch import alembic, scratch_database


async def test_rule_read_replica_routes_reads_and_keeps_read_your_writes(app, monkeypatch):
    """The 'replica' is a second database holding an older copy: a unit added to the primary only shows in
    lists read from the primary."""
    monkeypatch.setattr(core_db, "recent_writers", core_db.RecentWriters())
    async with scratch_database("primary") as primary_url, scratch_database("replica") as replica_url:
        for url in (primary_url, replica_url):
            alembic(url, "upgrade", "head")
        engines = [make_engine(get_settings().model_copy(update={"database_url": u}))
                   for u in (primary_url, replica_url)]
        try:
            # the same tree and the same token key on both (the replica as it was before the write)
            for engine in engines:
                set_db(Database(engine))
                async with Database(engine).sessionmaker() as s:
                    tree = await build_tree(s)
            database = Database(engines[0], read_engine=engines[1])
            set_db(database)
            async with database.sessionmaker() as s:
                token = await grant_token(s, role="system_admin", unit_id=tree.national, username="admin1")
            headers = bearer(token)
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
                def codes(r: httpx.Response) -> set[str]:
                    return {u["code"] for u in r.json()["items"]}

                other = bearer(token, **{"X-Request-ID": "second-request"})  # the same caller (Authorization)
                created = await c.post("/api/v1/units", headers=headers, json={
                    "code": "NEW-1", "name": "CĐCS mới", "unit_type": "cong_doan_co_so",
                    "parent_id": tree.districts[0], "established_on": "2020-01-01"})
                assert created.status_code == 201, created.text
                mine = await c.get("/api/v1/units", headers=other, params={"within": tree.national, "limit": 200})
                assert "NEW-1" in codes(mine)  # the writer reads the primary
                monkeypatch.setattr(get_settings(), "read_your_writes_seconds", 0)
                later = await c.get("/api/v1/units", headers=headers, params={"within": tree.national, "limit": 200})
                assert later.status_code == 200 and "NEW-1" not in codes(later)  # past the window: the replica
                assert len(codes(later)) == 15
        finally:
            set_db(None)
            for engine in engines:
                await engine.dispose()
