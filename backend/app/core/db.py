"""Database engine, sessions and the one-transaction-per-request dependency.

PostgreSQL (asyncpg) in production, an SQLite file (aiosqlite) as the embedded default. Everything here
works on both; dialect differences stay in this module and in migrations.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Annotated, Any, cast

from fastapi import Depends
from sqlalchemy import MetaData, Table, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import CursorResult, Engine, Result
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


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a SQLModel class, typed (for SQLAlchemy Core statements)."""
    return cast(Table, sa_inspect(model).local_table)


def pk(row: Any) -> int:
    """The primary key of a persisted row (flushed, so never None)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return int(row.id)


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE/DELETE matched (what `Result.rowcount` is, typed)."""
    return cast(CursorResult[Any], result).rowcount


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
    opts.update(kw)
    return create_async_engine(url, **opts)


class Database:
    """Holds the engine and session factory of the running app (replaced wholesale in tests)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"


_db: Database | None = None


def get_db() -> Database:
    global _db
    if _db is None:
        _db = Database(make_engine())
    return _db


def set_db(db: Database | None) -> None:
    global _db
    _db = db


async def get_session() -> AsyncIterator[AsyncSession]:
    """One session and one transaction per request: committed if the handler returns, else rolled back."""
    async with get_db().sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# scope="function": the commit runs before the response is sent, so a failed commit becomes an error response
# instead of a 2xx for work that was lost.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
