"""Long-running work (công việc chạy nền): 202 + a job resource with progress (DESIGN "API conventions").

A job is a row in `job` (kind, status queued → running → succeeded | failed, progress/total, a JSON result,
an optional result file). Work is done by a *handler* registered per kind; a handler only gets JSON-able
inputs (the principal serialised, JSON params, the uploaded bytes stored on the row), so any runner can run
it. This module ships the in-process runner (an asyncio task per job with its own session), which is what the
embedded SQLite default can use; docs/decisions/003-jobs-in-process.md explains how a procrastinate-backed
runner plugs in behind `JobRunner` for multi-replica PostgreSQL.

Tests set `runner.inline = True`: the submitting request then awaits the job to completion, using sessions
from `get_db().sessionmaker()` (so it joins the test's rolled-back connection).
"""

from __future__ import annotations

import asyncio
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Depends, Query, Response, status
from prometheus_client import Counter
from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    Text,
    event,
    func,
    insert,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlmodel import Field, SQLModel

from app.core.config import get_settings
from app.core.db import SessionDep, get_db, table_of, utcnow
from app.core.errors import AppError, FieldProblem, NotFound, RuleViolation, problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam, decode_cursor, page_from_rows
from app.core.privacy import no_store
from app.core.scope import in_scope
from app.core.security import Grant, Principal, get_principal

log = structlog.get_logger(__name__)
JOBS = Counter("cadre_jobs_total", "Background jobs by kind and outcome", ["kind", "outcome"])

JobStatus = Literal["queued", "running", "succeeded", "failed"]


class Job(SQLModel, table=True):
    """Công việc chạy nền: an import, a report build... with progress and an optional result file."""

    __tablename__ = "job"
    id: str = Field(primary_key=True, max_length=32)  # random hex: not enumerable
    kind: str = Field(max_length=40)
    status: str = Field(default="queued", max_length=12)
    progress: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    total: int | None = None
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    error: str | None = Field(default=None, sa_column=Column(Text))
    created_by: str = Field(max_length=120, index=True)
    unit_id: int | None = Field(default=None, index=True)  # whose scope may read the job (besides its creator)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    input_bytes: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # cleared when the job ends
    file_name: str | None = Field(default=None, max_length=255)
    file_content_type: str | None = Field(default=None, max_length=120)
    file_bytes: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


jobs_table = table_of(Job)


class JobRead(BaseModel):
    id: str
    kind: str
    status: JobStatus
    progress: int
    total: int | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
    file_url: str | None = None
    file_name: str | None = None


# --- handlers --------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a handler returns: the final status, a JSON result and optionally a file for download."""

    status: Literal["succeeded", "failed"]
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    file_name: str | None = None
    file_content_type: str | None = None
    file_bytes: bytes | None = None


@dataclass
class JobContext:
    job_id: str
    principal: Principal
    params: dict[str, Any]
    input_bytes: bytes | None
    total: int | None = None
    progress_value: int = 0

    def session(self) -> AsyncSession:
        """A fresh session for the job's work (its own transaction; joins the test connection in tests)."""
        return get_db().sessionmaker()

    async def set_progress(self, done: int, total: int | None = None) -> None:
        """Record progress. Kept in memory for this process's readers; written to the row on PostgreSQL (on
        SQLite a second writer would wait for the job's own write transaction, so the row is updated when the
        job ends)."""
        self.progress_value = done
        if total is not None:
            self.total = total
        _live[self.job_id] = (done, self.total)
        db = get_db()
        if db.is_sqlite:
            return
        async with db.sessionmaker() as s:
            await s.execute(update(jobs_table).where(jobs_table.c.id == self.job_id).values(
                progress=done, total=self.total))
            await s.commit()


Handler = Callable[[JobContext], Awaitable[Outcome]]


@dataclass(frozen=True)
class Kind:
    handler: Handler
    # who, besides the creator, may read the job: this permission over the job's unit; None: only its creator (a
    # file made with the creator's own rights, e.g. an export whose sensitive columns depend on them)
    permission: str | None


HANDLERS: dict[str, Kind] = {}
_live: dict[str, tuple[int, int | None]] = {}  # job id -> (progress, total) of jobs running in this process


def register(kind: str, permission: str | None) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        HANDLERS[kind] = Kind(fn, permission)
        return fn
    return deco


def principal_to_json(p: Principal) -> dict[str, Any]:
    return {"subject": p.subject, "kind": p.kind, "display_name": p.display_name,
            "token_scopes": sorted(p.token_scopes), "grants": [asdict(g) for g in p.grants],
            "principal_id": p.principal_id}


def principal_from_json(d: dict[str, Any]) -> Principal:
    return Principal(subject=d["subject"], kind=d["kind"], display_name=d["display_name"],
                     token_scopes=frozenset(d["token_scopes"]), grants=tuple(Grant(**g) for g in d["grants"]),
                     principal_id=d.get("principal_id"))


# --- runner ----------------------------------------------------------------------------------------------

JOB_LOCK_CLASS = 74_150_016  # pg advisory lock namespace: (this, crc32 of the job id) is held while a job runs


def _lock_key(job_id: str) -> int:
    crc = zlib.crc32(job_id.encode())
    return crc - 2**32 if crc >= 2**31 else crc  # the signed int4 PostgreSQL expects


@asynccontextmanager
async def _running_lock(job_id: str) -> AsyncIterator[bool]:
    """On PostgreSQL, a session advisory lock on a connection of its own while the job runs in this process: the
    lock dies with the process (its connections close), so a start-up sweep in any process can tell a job whose
    process was killed (lock free) from one still running in a sibling worker (lock held). Yields False when
    another runner holds it (that runner claims the job). SQLite (one process) and inline tests: no lock."""
    db = get_db()
    if db.is_sqlite or runner.inline:
        yield True
        return
    key = _lock_key(job_id)
    async with db.engine.connect() as conn:
        got = bool((await conn.execute(select(func.pg_try_advisory_lock(JOB_LOCK_CLASS, key)))).scalar())
        await conn.commit()  # hold the lock outside a transaction (idle_in_transaction_session_timeout)
        try:
            yield got
        finally:
            if got:
                try:
                    await conn.execute(select(func.pg_advisory_unlock(JOB_LOCK_CLASS, key)))
                    await conn.commit()
                except Exception:  # noqa: BLE001 - a lock that cannot be released must not go back to the pool
                    await conn.invalidate()


async def execute(job_id: str) -> None:
    """Run one queued job to its end (any runner calls this). Never raises: failures end the job as failed."""
    async with _running_lock(job_id) as mine:
        if mine:
            await _execute(job_id)


async def _execute(job_id: str) -> None:
    db = get_db()
    async with db.sessionmaker() as s:
        # Claim atomically: of two runners handed the same job, only one moves it from queued to running.
        claimed = await s.execute(update(jobs_table).where(jobs_table.c.id == job_id, jobs_table.c.status == "queued")
                                  .values(status="running"))
        row = (await s.execute(select(jobs_table).where(jobs_table.c.id == job_id))).first()
        await s.commit()
        if row is None or not getattr(claimed, "rowcount", 0):
            return
    JOBS.labels(row.kind, "started").inc()
    params = dict(row.params)
    ctx = JobContext(job_id=job_id, principal=principal_from_json(params.pop("_principal")), params=params,
                     input_bytes=row.input_bytes, total=row.total)
    try:
        outcome = await HANDLERS[row.kind].handler(ctx)
    except AppError as exc:
        outcome = Outcome("failed", {"code": exc.code}, error=exc.detail or exc.code)
    except Exception:  # noqa: BLE001 - the job ends as failed; details go to the log, not to the client
        log.exception("job_failed", job_id=job_id, kind=row.kind)
        outcome = Outcome("failed", {"code": "internal_error"}, error="internal_error")
    finally:
        _live.pop(job_id, None)
    progress = ctx.progress_value if outcome.status == "failed" else (ctx.total or ctx.progress_value)
    async with db.sessionmaker() as s:
        await s.execute(update(jobs_table).where(jobs_table.c.id == job_id).values(
            status=outcome.status, result=outcome.result, error=outcome.error, progress=progress, total=ctx.total,
            finished_at=utcnow(), input_bytes=None, file_name=outcome.file_name,
            file_content_type=outcome.file_content_type, file_bytes=outcome.file_bytes))
        await s.commit()
    JOBS.labels(row.kind, outcome.status).inc()


async def fail_job(job_id: str, reason: str) -> bool:
    """End a job that can no longer finish (its process died) as failed, with the reason; False if it had
    already ended."""
    async with get_db().sessionmaker() as s:
        result = await s.execute(update(jobs_table).where(
            jobs_table.c.id == job_id, jobs_table.c.status.in_(("queued", "running"))).values(
            status="failed", error=reason, result={"code": reason}, finished_at=utcnow(), input_bytes=None))
        await s.commit()
    return bool(getattr(result, "rowcount", 0))


async def recover_interrupted() -> dict[str, int]:
    """Start-up sweep of the in-process runner: a job left `running` by a killed process is failed with the reason
    `interrupted` (its work was one transaction that never committed, and running it twice could surprise its
    submitter); a job still `queued` is started again, so none is lost. On PostgreSQL several API processes run
    jobs: only a job whose running lock is free (its process is gone, see `_running_lock`) was interrupted; the
    sweep holds those locks until it has failed them."""
    async with get_db().sessionmaker() as s:
        running = list((await s.execute(select(jobs_table.c.id).where(jobs_table.c.status == "running"))).scalars())
        if not get_db().is_sqlite:
            running = [job_id for job_id in running if (await s.execute(select(
                func.pg_try_advisory_xact_lock(JOB_LOCK_CLASS, _lock_key(job_id))))).scalar()]
        queued = list((await s.execute(select(jobs_table.c.id).where(jobs_table.c.status == "queued")
                                       .order_by(jobs_table.c.created_at))).scalars())
        failed = 0
        if running:
            result = await s.execute(update(jobs_table).where(
                jobs_table.c.id.in_(running), jobs_table.c.status == "running").values(
                status="failed", error="interrupted", result={"code": "interrupted"}, finished_at=utcnow(),
                input_bytes=None))
            failed = int(getattr(result, "rowcount", 0))
        await s.commit()
    for job_id in queued:
        await runner.enqueue(job_id)
    return {"failed": failed, "requeued": len(queued)}


class JobRunner:
    """Where queued jobs run. This one: an asyncio task in this process (or awaited, with `inline`)."""

    def __init__(self) -> None:
        self.inline = False
        self._tasks: set[asyncio.Task[None]] = set()
        # `in_process_job_slots`, per event loop (a semaphore belongs to the loop it first waited in)
        self._slots: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        # Set by the app when jobs go to the procrastinate worker (CADRE_JOB_RUNNER=procrastinate): hands the
        # committed job's id to the queue instead of running it here.
        self.defer: Callable[[str], Awaitable[None]] | None = None

    async def enqueue(self, job_id: str) -> None:
        if self.inline:
            await execute(job_id)
            return
        if self.defer is not None:
            await self.defer(job_id)
            return
        task = asyncio.create_task(self._run_in_slot(job_id), name=f"job-{job_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start_soon(self, loop: asyncio.AbstractEventLoop, job_id: str) -> None:
        """`enqueue` from synchronous code (a session's after-commit event), keeping the task referenced."""
        task = loop.create_task(self.enqueue(job_id), name=f"enqueue-{job_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_in_slot(self, job_id: str) -> None:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots[0] is not loop:
            self._slots = (loop, asyncio.Semaphore(get_settings().in_process_job_slots))
        async with self._slots[1]:  # the job stays `queued` until a slot frees
            await execute(job_id)

    async def drain(self) -> None:
        """Wait for every job started in this process (shutdown, tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


runner = JobRunner()


async def submit(principal: Principal, kind: str, *, unit_id: int | None, params: dict[str, Any] | None = None,
                 input_bytes: bytes | None = None, total: int | None = None,
                 session: AsyncSession | None = None) -> JobRead:
    """Queue a job. Given the request's `session`, the row is written in the request's transaction and the job is
    started once that transaction commits: a request that fails queues nothing, and no second writer waits for the
    request's own write lock (on SQLite a POST whose Idempotency-Key reservation held that lock waited out the busy
    timeout here). Without one, the row is committed in its own transaction first."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job_id = uuid.uuid4().hex
    row = insert(jobs_table).values(
        id=job_id, kind=kind, status="queued", progress=0, total=total,
        params={**(params or {}), "_principal": principal_to_json(principal)}, created_by=principal.subject,
        unit_id=unit_id, created_at=utcnow(), input_bytes=input_bytes)
    queued = JobRead(id=job_id, kind=kind, status="queued", progress=0, total=total, created_at=utcnow())
    if session is not None:
        await session.execute(row)
        if runner.inline:  # tests: the job runs now, on the test's connection, where the row is visible
            await runner.enqueue(job_id)
            return _read((await session.execute(select(jobs_table).where(jobs_table.c.id == job_id))).one())
        loop, ids = session.info.setdefault(JOBS_TO_START_KEY, (asyncio.get_running_loop(), []))
        ids.append(job_id)
        return queued
    db = get_db()
    async with db.sessionmaker() as s:
        await s.execute(row)
        await s.commit()
    if not runner.inline:  # nothing may touch the database after the task is started (tests share a connection)
        await runner.enqueue(job_id)
        return queued
    await runner.enqueue(job_id)
    async with db.sessionmaker() as s:
        return _read((await s.execute(select(jobs_table).where(jobs_table.c.id == job_id))).one())


# session.info: (event loop, ids) of the jobs queued in the current transaction, started once it commits
JOBS_TO_START_KEY = "cadre_jobs_to_start"


def _start_committed_jobs(session: Session) -> None:
    loop, ids = session.info.pop(JOBS_TO_START_KEY, (None, []))
    for job_id in ids:
        runner.start_soon(loop, job_id)


def _forget_rolled_back_jobs(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended without a commit: its jobs were never queued
        session.info.pop(JOBS_TO_START_KEY, None)


event.listen(Session, "after_commit", _start_committed_jobs)
event.listen(Session, "after_transaction_end", _forget_rolled_back_jobs)


def _read(row: Any) -> JobRead:
    live = _live.get(row.id)
    progress, total = (live if live and row.status == "running" else (row.progress, row.total))
    return JobRead(id=row.id, kind=row.kind, status=row.status, progress=progress, total=total, result=row.result,
                   error=row.error, created_at=row.created_at, finished_at=row.finished_at,
                   file_url=f"/api/v1/jobs/{row.id}/file" if row.file_name else None, file_name=row.file_name)


async def _visible_job(session: AsyncSession, principal: Principal, job_id: str) -> Any:
    """The job if the caller created it or its unit lies in the caller's scope for the kind's permission."""
    row = (await session.execute(select(jobs_table).where(jobs_table.c.id == job_id))).first()
    if row is None:
        raise NotFound()
    if row.created_by == principal.subject:
        return row
    kind = HANDLERS.get(row.kind)
    if kind is not None and kind.permission is not None:
        roots = principal.roots(kind.permission)
        if roots is None or (row.unit_id is not None and await in_scope(session, principal, kind.permission,
                                                                          row.unit_id)):
            return row
    raise NotFound()


async def get_job(session: AsyncSession, principal: Principal, job_id: str) -> JobRead:
    return _read(await _visible_job(session, principal, job_id))


class JobPage(BaseModel):
    items: list[JobRead]
    next_cursor: str | None = None


_LIST_COLUMNS = tuple(c for c in jobs_table.c if c.name not in ("params", "input_bytes", "file_bytes"))


async def list_jobs(session: AsyncSession, principal: Principal, *, status: JobStatus | None = None,
                    kind: str | None = None, cursor: str | None = None, limit: int = DEFAULT_LIMIT) -> JobPage:
    """The caller's own jobs, newest first (keyset on created_at, id). Everyone, administrators included, lists
    only the jobs they submitted: a job's result and file belong to its submitter's work (an import's marked
    workbook holds personal data); a colleague in scope still opens one by its id (`GET /jobs/{id}`)."""
    stmt = select(*_LIST_COLUMNS).where(jobs_table.c.created_by == principal.subject)
    if status is not None:
        stmt = stmt.where(jobs_table.c.status == status)
    if kind is not None:
        stmt = stmt.where(jobs_table.c.kind == kind)
    if cursor:
        last_at, last_id = decode_cursor(cursor, 2)
        try:
            last = datetime.fromisoformat(str(last_at))
        except ValueError as exc:
            raise RuleViolation("invalid_cursor", errors=[FieldProblem("cursor", "invalid_cursor", "bad cursor")]
                                ) from exc
        stmt = stmt.where(tuple_(jobs_table.c.created_at, jobs_table.c.id)
                          < tuple_(literal(last, jobs_table.c.created_at.type), literal(str(last_id))))
    rows = (await session.execute(stmt.order_by(jobs_table.c.created_at.desc(), jobs_table.c.id.desc())
                                  .limit(limit + 1))).all()
    items, next_cursor = page_from_rows(rows, ("created_at", "id"), limit)
    return JobPage(items=[_read(r) for r in items], next_cursor=next_cursor)


async def get_job_file(session: AsyncSession, principal: Principal, job_id: str) -> tuple[str, str, bytes]:
    row = await _visible_job(session, principal, job_id)
    if row.file_bytes is None:
        raise NotFound("the job has no file")
    return row.file_name, row.file_content_type, row.file_bytes


# --- routes ----------------------------------------------------------------------------------------------

router = APIRouter(tags=["jobs"], responses=problem_responses(401, 404))
Caller = Annotated[Principal, Depends(get_principal)]


@router.get("/jobs", response_model=JobPage, responses=problem_responses(422))
async def read_jobs(session: SessionDep, principal: Caller, response: Response,
                    status: Annotated[JobStatus | None, Query(description="Only jobs in this status")] = None,
                    kind: Annotated[str | None, Query(max_length=40, description="Only jobs of this kind")] = None,
                    cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> JobPage:
    """The jobs the caller submitted, newest first, with their progress (the jobs screen polls it)."""
    no_store(response)
    return await list_jobs(session, principal, status=status, kind=kind, cursor=cursor, limit=limit)


@router.get("/jobs/{job_id}", response_model=JobRead)
async def read_job(job_id: str, session: SessionDep, principal: Caller, response: Response) -> JobRead:
    """A job's status and progress: only its creator, or callers whose scope covers the job's unit."""
    no_store(response)
    return await get_job(session, principal, job_id)


@router.get("/jobs/{job_id}/file", response_class=Response, status_code=status.HTTP_200_OK,
            responses={200: {"content": {  # the files jobs make: an import's error workbook, exports, reports
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                "application/pdf": {},
                "application/octet-stream": {}}}})
async def download_job_file(job_id: str, session: SessionDep, principal: Caller) -> Response:
    name, content_type, content = await get_job_file(session, principal, job_id)
    return Response(content, media_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
