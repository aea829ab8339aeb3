"""Database engine, sessions and the one-transaction-per-request dependency.

PostgreSQL (asyncpg) in production, an SQLite file (aiosqlite) as the embedded default. Everything here
works on both; dialect differences stay in this module and in migrations.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any, cast

import structlog
from fastapi import Depends, Request
from sqlalchemy import DateTime, Delete, Insert, MetaData, Table, Update, event, exc, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
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


SQLITE_IMMEDIATE = {"sqlite_immediate": True}  # execution option: this transaction will write


def _sqlite_begin(conn: Any) -> None:
    """Transactions that will write (`SQLITE_IMMEDIATE`: the token endpoint, the webhook dispatcher's lease) take
    SQLite's write lock at BEGIN. A deferred transaction that has read and then writes cannot wait for the lock: if
    another connection committed in between, SQLite answers "database is locked" at once, without its busy timeout
    (its snapshot is stale) — a refresh-token rotation racing the dispatcher failed that way. Others stay deferred:
    reads share the database, and a long job takes the lock only when it starts writing."""
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _drop_closed_connection(dbapi_conn: Any, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
    """Pool checkout without a round trip (instead of `pool_pre_ping`): a connection the server closed while it
    sat in the pool (restart, pg_terminate_backend, idle timeout) has already been seen closed by the event loop,
    so asking the driver costs nothing; the pool then opens a fresh one. A connection that dies unnoticed (a
    half-open socket) fails on its first statement instead, and `RequestSession` retries that statement once."""
    driver = getattr(dbapi_conn, "driver_connection", None)
    is_closed = getattr(driver, "is_closed", None)
    if is_closed is not None and is_closed():
        raise exc.DisconnectionError("connection closed by the server while idle in the pool")


def pg_connect_args(settings: Settings) -> dict[str, Any]:
    """asyncpg options. Behind PgBouncer in transaction mode (`CADRE_DATABASE_PGBOUNCER=true`, CloudNativePG's
    Pooler) a server connection serves many clients: asyncpg's own statement cache is off, SQLAlchemy names each
    prepared statement uniquely (SQLAlchemy docs, "Prepared Statement Name with PGBouncer"), and no session GUCs go
    in the startup packet (PgBouncer refuses unknown startup parameters): the timeouts are set on the database role
    instead (infra/helm: Cluster `postgresql.parameters`)."""
    args: dict[str, Any] = {
        "timeout": settings.db_connect_timeout_seconds,
        "server_settings": {
            "statement_timeout": str(settings.db_statement_timeout_ms),
            "lock_timeout": "5000",
            "idle_in_transaction_session_timeout": "60000",
            "max_parallel_workers_per_gather": "0",  # OLTP: Gather start-up costs more than it saves
            "application_name": "cadre-api",
        }
    }
    if settings.database_pgbouncer:
        args["server_settings"] = {"application_name": "cadre-api"}
        args["statement_cache_size"] = 0
        # SQLAlchemy's own cache of prepared statements, per connection: a statement prepared in one transaction
        # would be reused in a later one that PgBouncer has put on another server connection ("prepared statement
        # … does not exist"; found by tests/core/test_pgbouncer_settings.py through a real PgBouncer)
        args["prepared_statement_cache_size"] = 0
        args["prepared_statement_name_func"] = lambda: f"__asyncpg_{uuid.uuid4().hex}__"
    return args


class _SQLiteUTCDateTime(SQLITE_DATETIME):
    """SQLite stores a timestamp without its offset and reads it back naive; every timestamp this app writes is UTC
    (`utcnow`), so a `DateTime(timezone=True)` column reads back as UTC, as it does from PostgreSQL's timestamptz
    (the API's `date-time` values must carry an offset, RFC 3339)."""

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        parse = super().result_processor(dialect, coltype)
        if not self.timezone:
            return parse

        def process(value: Any) -> Any:
            value = parse(value) if parse is not None else value
            if isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value

        return process


def make_engine(settings: Settings | None = None, **kw: Any) -> AsyncEngine:
    settings = settings or get_settings()
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kw)
        sync: Engine = engine.sync_engine
        # this engine's dialect only: adapt DateTime to the UTC-reading type before any statement is compiled
        sync.dialect.colspecs = {**sync.dialect.colspecs, DateTime: _SQLiteUTCDateTime}
        event.listen(sync, "connect", _sqlite_pragmas)
        event.listen(sync, "begin", _sqlite_begin)
        return engine
    opts: dict[str, Any] = {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
        "pool_pre_ping": False,  # a round trip per checkout; see _drop_closed_connection and RequestSession
        "connect_args": pg_connect_args(settings),
    }
    opts.update(kw)
    engine = create_async_engine(url, **opts)
    event.listen(engine.sync_engine.pool, "checkout", _drop_closed_connection)
    return engine


def is_dead_connection(error: BaseException) -> bool:
    """The one test for "the connection was dead, nothing ran": a DBAPI error SQLAlchemy classified as a
    disconnect (it has invalidated the connection). Kept in one place so 503 mapping can share it."""
    return isinstance(error, exc.DBAPIError) and bool(error.connection_invalidated)


class RequestSession(AsyncSession):
    """The request's session: its first statement is retried once on a fresh connection when the pooled one turns
    out dead. Safe because nothing has run in the transaction yet (the failed statement was its first), so the
    retry cannot repeat a write."""

    async def execute(self, statement: Any, params: Any = None, **kw: Any) -> Result[Any]:
        if self.info.get("_first_done"):
            return await super().execute(statement, params, **kw)
        self.info["_first_done"] = True
        nothing_pending = not (self.new or self.dirty or self.deleted)  # an autoflush would be lost by the retry
        try:
            return await super().execute(statement, params, **kw)
        except exc.DBAPIError as error:
            if not (nothing_pending and is_dead_connection(error)):
                raise
            await self.rollback()  # returns the invalidated connection; the next checkout opens a new one
            return await super().execute(statement, params, **kw)


# --- what a transaction wrote (for the commit mode of read-plus-log transactions, and cache invalidation) ----

WRITES_KEY = "cadre_writes"  # session.info: names of the tables written in the current transaction
FIRST_WRITE_KEY = "cadre_first_write"  # session.info: when the transaction first wrote (SQLite: took the write lock)
# A SQLite transaction that kept the database's one write lock longer than this is logged (`sqlite_write_lock_held`,
# with the tables it wrote): the way to find who made other requests wait out the busy timeout.
SQLITE_LOCK_WARNING_SECONDS = 2.0
_log = structlog.get_logger(__name__)


def _note_dml(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, Insert | Update | Delete):
        table = getattr(statement.table, "name", "?")
        state.session.info.setdefault(WRITES_KEY, set()).add(table)
        state.session.info.setdefault(FIRST_WRITE_KEY, time.monotonic())


def _note_flush(session: Session, _flush_context: Any) -> None:
    written = session.info.setdefault(WRITES_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        written.add(getattr(obj, "__tablename__", "?"))


def _committed(session: Session) -> None:
    written = tables_written(session)
    if written:
        for hook in after_commit_hooks:
            hook(written)


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: start the next one with a clean slate
        first_write = session.info.pop(FIRST_WRITE_KEY, None)
        if first_write is not None and session.bind is not None and session.bind.dialect.name == "sqlite":
            held = time.monotonic() - first_write
            if held > SQLITE_LOCK_WARNING_SECONDS:  # every other writer waited this long (up to the busy timeout)
                _log.warning("sqlite_write_lock_held", seconds=round(held, 2),
                             tables=sorted(session.info.get(WRITES_KEY, ())))
        session.info.pop(WRITES_KEY, None)
        session.info.pop(ASYNC_COMMIT_KEY, None)
        session.info.pop(REPORT_PLANNING_KEY, None)


REPORT_PLANNING_KEY = "cadre_report_planning"  # plan_for_reports already ran in the current transaction
ASYNC_COMMIT_KEY = "cadre_async_commit"  # the transaction asked for synchronous_commit = off (access log only)
# Called after a session's transaction committed, with the names of the tables it wrote (the principal cache drops
# itself when accounts or grants changed). Registered by core.security; core stays free of domain imports.
after_commit_hooks: list[Callable[[set[str]], None]] = []

event.listen(Session, "do_orm_execute", _note_dml)
event.listen(Session, "after_flush", _note_flush)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_transaction_end", _transaction_ended)


def tables_written(session: AsyncSession | Session) -> set[str]:
    return set(session.info.get(WRITES_KEY, ()))


async def analyze(session: AsyncSession, *tables: str) -> None:
    """Refresh the planner's statistics after a bulk load (seed, import, restructuring), in the same transaction.

    PostgreSQL plans from `pg_class.reltuples` and `pg_statistic`; until autovacuum gets round to a freshly
    loaded table (never, where autovacuum is off) it plans for an empty one — a province report then takes seconds
    instead of milliseconds. ANALYZE counts the transaction's own new rows. No table names: the whole database.
    SQLite: `PRAGMA optimize` (analyses only where its planner would benefit)."""
    if session.bind is None:
        return
    if session.bind.dialect.name == "postgresql":
        quote = session.bind.dialect.identifier_preparer.quote
        await session.execute(text("ANALYZE " + ", ".join(quote(t) for t in tables)))
    else:
        await session.execute(text("PRAGMA optimize"))


async def plan_for_own_values(session: AsyncSession) -> None:
    """Plan this transaction's statements for their own values (PostgreSQL; SQLite: nothing). After five executions
    of a prepared statement PostgreSQL may keep a generic plan; for the scope-filtered lists that plan ignores how
    large the caller's subtree is, and the demo province's cadre list went from 1 ms to 25 ms from the sixth
    request on a connection (issue 13). Not for every request: re-planning halved `GET /cadres/{id}`'s throughput,
    whose generic plan is the right one."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"))


async def plan_for_reports(session: AsyncSession) -> None:
    """Planner settings for one report-sized query, for this transaction only (PostgreSQL; SQLite: nothing).

    The API's connections plan for OLTP (no parallel workers, see `pg_connect_args`). A report over a province or
    the whole country reads hundreds of thousands of index entries that are in memory: random access costs about
    what sequential access does (random_page_cost 1.1, the usual value for SSD/RAM), which lets the planner use the
    covering indexes (index-only nested loops) instead of scanning whole tables, and up to two parallel workers may
    join in where the planner finds it pays. Custom plans always: the same prepared report statement answers for
    a district (a few hundred rows) and for the whole country (half a million), and PostgreSQL's generic plan —
    chosen after five executions — is the wrong one for one of them (measured: 4 s became a 15 s timeout)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql" \
            and not session.info.get(REPORT_PLANNING_KEY):
        session.info[REPORT_PLANNING_KEY] = True  # once per transaction: a plan's 14 indicators ask for it 14 times
        await session.execute(text("SELECT set_config('random_page_cost', '1.1', true), "
                                   "set_config('max_parallel_workers_per_gather', '2', true), "
                                   "set_config('plan_cache_mode', 'force_custom_plan', true)"))


class Database:
    """Holds the engine and session factory of the running app (replaced wholesale in tests), and optionally a
    read replica's (`CADRE_DATABASE_READ_URL`, used through `ReadSessionDep`)."""

    def __init__(self, engine: AsyncEngine, read_engine: AsyncEngine | None = None) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, class_=RequestSession, expire_on_commit=False)
        self.read_engine = read_engine
        self.read_sessionmaker = (async_sessionmaker(read_engine, class_=AsyncSession, expire_on_commit=False)
                                  if read_engine is not None else None)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def write_session(self) -> AsyncSession:
        """A session whose transaction will write: on SQLite it begins IMMEDIATE (see `_sqlite_begin`). Taking no
        connection until the first statement. (A session bound to a test's connection is left as it is.)"""
        bind = self.sessionmaker.kw.get("bind")
        if self.is_sqlite and isinstance(bind, AsyncEngine):
            return self.sessionmaker(bind=bind.execution_options(**SQLITE_IMMEDIATE))
        return self.sessionmaker()


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


@asynccontextmanager
async def _request_transaction(request: Request, session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed if the handler returns, else rolled back."""
    async with session:
        try:
            yield session
            await restore_synchronous_commit(session)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
    if request.method not in _READ_ONLY_METHODS:
        recent_writers.wrote(request)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session (see `_request_transaction`). A request with an unsafe method is expected to write: on
    SQLite its transaction takes the write lock at BEGIN (`Database.write_session`), so it waits its turn behind
    other writers instead of failing at once on a stale snapshot when one commits between its reads and its first
    write (the sign-in POST did, in the browser tests). Nothing a request runs opens a second writing session before
    it commits: jobs are queued in the request's own transaction."""
    db = get_db()
    maker = db.sessionmaker() if request.method in _READ_ONLY_METHODS else db.write_session()
    async with _request_transaction(request, maker) as session:
        yield session


async def restore_synchronous_commit(session: AsyncSession) -> None:
    """A transaction that logged a read with `synchronous_commit = off` and then wrote something else commits
    durably after all: only pure read-plus-access-log transactions take the asynchronous commit."""
    written = tables_written(session)
    if session.info.get(ASYNC_COMMIT_KEY) and written - ASYNC_COMMIT_TABLES:
        await session.execute(text("SET LOCAL synchronous_commit = on"))


ASYNC_COMMIT_TABLES: frozenset[str] = frozenset({"access_log"})  # rows that may take the asynchronous commit


# scope="function": the commit runs before the response is sent, so a failed commit becomes an error response
# instead of a 2xx for work that was lost.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_write_session(request: Request) -> AsyncIterator[AsyncSession]:
    """`get_session` that takes SQLite's write lock at BEGIN whatever the method (the token endpoint's refresh-token
    rotation reads and then writes a row others write concurrently). `get_session` now does the same for every
    unsafe method; this keeps the token endpoint's intent explicit."""
    async with _request_transaction(request, get_db().write_session()) as session:
        yield session


WriteSessionDep = Annotated[AsyncSession, Depends(get_write_session, scope="function")]


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
