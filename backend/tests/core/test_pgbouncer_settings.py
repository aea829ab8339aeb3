"""`CADRE_DATABASE_PGBOUNCER=true` (decision 064; the Helm chart's PgBouncer Pooler in transaction mode): asyncpg
without its statement cache, a unique name per prepared statement, no startup GUCs — exercised against the real
PostgreSQL, and (verify) through a real PgBouncer in transaction mode when the `pgbouncer` binary is installed."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, select, text

from app.core.config import get_settings
from app.core.db import Database, make_engine, pg_connect_args, set_db
from app.org_units.models import UnitType
from tests.factories import bearer, build_tree, grant_token
from tests.scratch import PG_ADMIN_URL, TEST_DB, alembic, scratch_database

pytestmark = pytest.mark.skipif(TEST_DB == "sqlite", reason="PgBouncer settings apply to PostgreSQL (asyncpg)")


def test_rule_pgbouncer_connect_args_disable_caches_and_startup_settings():
    settings = get_settings().model_copy(update={"database_pgbouncer": True})
    args = pg_connect_args(settings)
    assert args["statement_cache_size"] == 0 and args["prepared_statement_cache_size"] == 0
    assert args["server_settings"] == {"application_name": "cadre-api"}  # PgBouncer refuses unknown startup GUCs
    names = {args["prepared_statement_name_func"]() for _ in range(100)}
    assert len(names) == 100 and all(n.startswith("__asyncpg_") for n in names)
    plain = pg_connect_args(get_settings().model_copy(update={"database_pgbouncer": False}))
    assert "statement_cache_size" not in plain and "statement_timeout" in plain["server_settings"]


async def _exercise(app, url: str, **engine_kw: object) -> None:
    """Requests and repeated statements through an engine built with the PgBouncer flag, on two pooled
    connections at once, each statement run more than once on each connection."""
    settings = get_settings().model_copy(update={"database_url": url, "database_pgbouncer": True})
    engine = make_engine(settings, pool_size=2, max_overflow=0, **engine_kw)
    try:
        database = Database(engine)
        set_db(database)
        async with database.sessionmaker() as s:
            tree = await build_tree(s)
            token = await grant_token(s, role="system_admin", unit_id=tree.national, username="pgb-admin")
        # the same statement, twice on each of two connections held at the same time
        async with engine.connect() as a, engine.connect() as b:
            stmt = select(UnitType.code).where(UnitType.code == "cong_doan_co_so")
            for conn in (a, b, a, b):
                assert (await conn.execute(stmt)).scalar_one() == "cong_doan_co_so"
            for conn in (a, b):
                assert (await conn.execute(text("SELECT current_setting('application_name')"))).scalar() == "cadre-api"
            fairy = await a.get_raw_connection()
            raw = fairy.driver_connection
            assert raw is not None and raw._stmt_cache.get_max_size() == 0  # asyncpg's statement cache is off
            # and SQLAlchemy's per-connection cache of prepared statements (reused across transactions) too
            assert getattr(fairy.dbapi_connection, "_prepared_statement_cache", "missing") is None
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            headers = bearer(token)
            for _ in range(3):
                assert (await c.get("/api/v1/unit-types", headers=headers)).status_code == 200
            created = await c.post("/api/v1/units", headers=headers, json={
                "code": "PGB-1", "name": "CĐCS qua PgBouncer", "unit_type": "cong_doan_co_so",
                "parent_id": tree.districts[0], "established_on": "2020-01-01"})
            assert created.status_code == 201, created.text
            results = await asyncio.gather(*(c.get("/api/v1/units", headers=headers,
                                                   params={"within": tree.national, "limit": 200})
                                             for _ in range(6)))
            assert {r.status_code for r in results} == {200}
            assert all(len(r.json()["items"]) == 16 for r in results)
    finally:
        set_db(None)
        await engine.dispose()


async def test_rule_pgbouncer_mode_runs_requests_and_repeated_statements_on_postgresql(app):
    async with scratch_database("pgbouncer") as url:
        alembic(url, "upgrade", "head")
        await _exercise(app, url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def pgbouncer(database: str) -> AsyncIterator[int]:
    """A PgBouncer in transaction mode in front of the test server, for one database; yields its port."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    server = make_url(PG_ADMIN_URL.replace("postgresql://", "postgresql+asyncpg://"))
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="cadre-pgb-") as tmp:
        ini = Path(tmp) / "pgbouncer.ini"
        ini.write_text(
            "[databases]\n"
            f"{database} = host={server.host or '127.0.0.1'} port={server.port or 5432} dbname={database}"
            f" user={server.username or 'postgres'}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            "auth_type = any\npool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 50\n"
            f"logfile = {tmp}/pgbouncer.log\npidfile = {tmp}/pgbouncer.pid\n"
            "ignore_startup_parameters = extra_float_digits\n")
        os.chmod(tmp, 0o777)  # pgbouncer refuses to run as root: as postgres, it writes its log and pid here
        proc = await asyncio.create_subprocess_exec(binary, str(ini), stdout=subprocess.DEVNULL,
                                                    stderr=subprocess.PIPE,
                                                    user="postgres" if os.geteuid() == 0 else None)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                await asyncio.sleep(0.1)
            else:
                proc.terminate()
                raise AssertionError(f"pgbouncer did not start: {(await proc.communicate())[1]!r}")
            yield port
        finally:
            if proc.returncode is None:
                proc.terminate()
                await asyncio.wait_for(proc.wait(), 10)


@pytest.mark.verify
@pytest.mark.skipif(not (shutil.which("pgbouncer") or Path("/usr/sbin/pgbouncer").exists()),
                    reason="pgbouncer is not installed (apt-get install pgbouncer)")
async def test_rule_pgbouncer_transaction_mode_through_a_real_pgbouncer(app):
    async with scratch_database("pgbouncer") as url:
        alembic(url, "upgrade", "head")
        database = make_url(url).database
        assert database
        async with pgbouncer(database) as port:
            pooled = make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
            await _exercise(app, pooled)
