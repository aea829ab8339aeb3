"""Test harness: real PostgreSQL (default) or SQLite (`CADRE_TEST_DB=sqlite`), never a mocked database.

One database per xdist worker, migrated once with Alembic; each test runs inside an outer transaction that
is rolled back, with the app's sessions joined to it through savepoints (so service commits stay inside).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[1]
TEST_DB = os.environ.get("CADRE_TEST_DB", "postgres")
PG_ADMIN_URL = os.environ.get("CADRE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _database_url() -> str:
    if TEST_DB == "sqlite":
        path = Path(tempfile.gettempdir()) / f"cadre_test_{os.getpid()}_{_worker()}.db"
        path.unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    import asyncpg

    # One database per test process (xdist worker or a developer's run): parallel runs never share one.
    name = f"cadre_test_{_worker()}_{os.getpid()}"
    admin = PG_ADMIN_URL

    async def admin_sql(*statements: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'))
    atexit.register(lambda: asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')))
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{base}/{name}"


DATABASE_URL = _database_url()
os.environ["CADRE_DATABASE_URL"] = DATABASE_URL
os.environ["CADRE_ENVIRONMENT"] = "test"
os.environ.setdefault("CADRE_LOG_LEVEL", "WARNING")
os.environ["CADRE_PUBLIC_URL"] = "http://testserver"
# Every test request comes from one address and many from one token: the limits' own tests lower them.
os.environ.setdefault("CADRE_RATE_LIMIT_PER_MINUTE", "1000000")
os.environ.setdefault("CADRE_RATE_LIMIT_PER_IP_PER_MINUTE", "1000000")
os.environ.setdefault("CADRE_TOKEN_FAILURES_PER_MINUTE", "1000000")

subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=BACKEND, check=True,
               env={**os.environ, "CADRE_DATABASE_URL": DATABASE_URL})

import httpx  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # noqa: E402

from app.core.config import Settings, get_settings  # noqa: E402
from app.core.db import Database, make_engine, set_db  # noqa: E402
from app.core.ratelimit import Limiter, make_limiter, set_limiter  # noqa: E402
from app.main import create_app  # noqa: E402


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    eng = make_engine(get_settings(), **({} if TEST_DB == "sqlite" else {"pool_size": 5}))
    yield eng


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    return create_app()


@pytest.fixture
async def db(engine) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    """The app's database, bound to one connection whose outer transaction is rolled back after the test."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        database = Database(engine)
        database.sessionmaker = async_sessionmaker(bind=conn, class_=AsyncSession, expire_on_commit=False,
                                                   join_transaction_mode="create_savepoint")
        set_db(database)
        try:
            yield database
        finally:
            set_db(None)
            if outer.is_active:
                await outer.rollback()


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    async with db.sessionmaker() as s:
        yield s


@pytest.fixture
async def client(app, db) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


from tests.factories import *  # noqa: E402,F403


@pytest.fixture
def limiter() -> Iterator[Limiter]:
    """A fresh in-memory rate limiter for the test (the abuse-control and per-client limit tests)."""
    fresh = make_limiter(Settings(redis_url=None))
    set_limiter(fresh)
    yield fresh
    set_limiter(None)
