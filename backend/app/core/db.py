"""Database engine, sessions and the one-transaction-per-request dependency.

PostgreSQL (asyncpg) in production, an SQLite file (aiosqlite) as the embedded default. Everything here
works on both; dialect differences stay in this module and in migrations.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel

from app.core.config import Settings, get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Business 'today' in Asia/Ho_Chi_Minh (UTC+7, no DST)."""
    from datetime import timedelta

    return (datetime.now(UTC) + timedelta(hours=7)).date()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's implicit transactions break SAVEPOINT; take control of BEGIN ourselves (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL").
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(settings: Settings | None = None, **kw: Any) -> AsyncEngine:
    settings = settings or get_settings()
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kw)
        sync: Engine = engine.sync_engine
        event.listen(sync, "connect", _sqlite_pragmas)
        event.listen(sync, "begin", _sqlite_begin)
        return engine
    opts: dict[str, Any] = {
        "pool_size": settings.db_pool_size,
        "max_overflow": 5,
        "pool_timeout": 5,
        "pool_pre_ping": True,
        "connect_args": {
            "server_settings": {
                "statement_timeout": str(settings.db_statement_timeout_ms),
                "lock_timeout": "5000",
                "idle_in_transaction_session_timeout": "60000",
                "max_parallel_workers_per_gather": "0",  # OLTP: Gather start-up costs more than it saves
                "application_name": "cadre-api",
            }
        },
    }
    if settings.database_pgbouncer:
        # PgBouncer in transaction mode (CloudNativePG Pooler): a server connection serves many clients, so no
        # per-connection statement cache, unique prepared-statement names (SQLAlchemy's asyncpg notes), and
        # no session GUCs in the startup packet (PgBouncer refuses unknown startup parameters): the timeouts
        # are set on the database role instead (infra/helm: Cluster `postgresql.parameters`).
        opts["connect_args"] = {
            "statement_cache_size": 0,
            "prepared_statement_name_func": lambda: f"__asyncpg_{uuid.uuid4().hex}__",
            "server_settings": {"application_name": "cadre-api"},
        }
    opts.update(kw)
    return create_async_engine(url, **opts)


class Database:
    """Holds the engine and session factory of the running app (replaced wholesale in tests), and optionally a
    read replica's (`CADRE_DATABASE_READ_URL`, used through `ReadSessionDep`)."""

    def __init__(self, engine: AsyncEngine, read_engine: AsyncEngine | None = None) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        self.read_engine = read_engine
        self.read_sessionmaker = (async_sessionmaker(read_engine, class_=AsyncSession, expire_on_commit=False)
                                  if read_engine is not None else None)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"


_db: Database | None = None


def get_db() -> Database:
    global _db
    if _db is None:
        settings = get_settings()
        read_engine = None
        if settings.database_read_url:
            read_engine = make_engine(settings.model_copy(update={"database_url": settings.database_read_url}))
        _db = Database(make_engine(settings), read_engine)
    return _db


def set_db(db: Database | None) -> None:
    global _db
    _db = db


class RecentWriters:
    """Read-your-writes for replica reads: callers (keyed by a hash of their Authorization header) that wrote in
    the last `read_your_writes_seconds` read from the primary. Per process: the ingress routes one caller to one
    replica (`upstream-hash-by` the Authorization header, infra/helm) so this holds across API replicas."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    @staticmethod
    def key(request: Request) -> str | None:
        header = request.headers.get("authorization")
        return hashlib.sha256(header.encode()).hexdigest() if header else None

    def wrote(self, request: Request) -> None:
        key = self.key(request)
        if key is not None:
            now = time.monotonic()
            self._last[key] = now
            if len(self._last) > 10_000:  # forget callers whose window has passed
                horizon = now - get_settings().read_your_writes_seconds
                self._last = {k: t for k, t in self._last.items() if t >= horizon}

    def recent(self, request: Request) -> bool:
        key = self.key(request)
        last = self._last.get(key) if key is not None else None
        return last is not None and time.monotonic() - last < get_settings().read_your_writes_seconds


recent_writers = RecentWriters()
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session and one transaction per request: committed if the handler returns, else rolled back."""
    async with get_db().sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
    if request.method not in _READ_ONLY_METHODS:
        recent_writers.wrote(request)


# scope="function": the commit runs before the response is sent, so a failed commit becomes an error response
# instead of a 2xx for work that was lost.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_read_session(request: Request, primary: SessionDep) -> AsyncIterator[AsyncSession]:
    """A session on the read replica (when configured) for read-only routes — lists, feeds, reports — unless the
    caller wrote within the read-your-writes window; then the request's primary session, so they see their own
    change (and without a replica nothing changes: one session per request)."""
    maker = get_db().read_sessionmaker
    if maker is None or recent_writers.recent(request):
        yield primary
        return
    async with maker() as session:
        try:
            yield session
        finally:
            await session.rollback()  # read-only: nothing to commit


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]
