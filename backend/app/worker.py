"""The worker (`python -m app.cli worker`): background jobs, webhooks, scheduled effects and reminders.

- **PostgreSQL with `CADRE_JOB_RUNNER=procrastinate`** (compose, Helm): procrastinate (DESIGN's choice) runs
  the jobs the API queued (`cadre.run_job`: imports, exports, reports), the daily housekeeping (future-dated
  restructuring and personnel actions, reminders, idempotency-key purge) as a periodic task — procrastinate
  records each periodic defer under a unique key, so with N workers it runs once per schedule — and a sweep
  every minute: jobs of a worker whose heartbeat stopped are failed with the reason `worker_lost`, and queued
  jobs whose hand-off to the queue was lost are queued again (a queueing lock per job id keeps one copy).
  Webhook delivery runs beside it (`webhooks.dispatch_loop`; leases make several workers safe).
  A job queued before a restart stays in `procrastinate_jobs` and runs after it; a graceful stop (SIGTERM)
  lets running jobs finish; the job row's queued → running claim means no job runs twice.
- **Embedded default (SQLite, or `CADRE_JOB_RUNNER=in_process`)**: jobs stay in the API process (core/jobs.py);
  this command runs the housekeeping and webhook loops (set `CADRE_RUN_SCHEDULER=false` on the API then).
"""

from __future__ import annotations

import asyncio
import importlib
from datetime import timedelta
from functools import lru_cache

import structlog
from procrastinate import App, Blueprint, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Status
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.core import jobs
from app.core.config import get_settings
from app.core.db import get_db, utcnow

log = structlog.get_logger(__name__)

SCHEMA_LOCK = 74_150_015  # pg_advisory_lock key: one process applies procrastinate's schema


def conninfo(database_url: str) -> str:
    """The libpq URL of the SQLAlchemy one (procrastinate talks to PostgreSQL through psycopg)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(database_url: str) -> App:
    app = App(connector=PsycopgConnector(conninfo=conninfo(database_url), min_size=1, max_size=4,
                                         kwargs={"application_name": "cadre-worker"}))
    app.add_tasks_from(_blueprint(), namespace="cadre")
    return app


@lru_cache
def get_app() -> App:
    return make_app(get_settings().database_url)


def _blueprint() -> Blueprint:
    """The worker's tasks, on a fresh blueprint for each app (adding a blueprint to an app renames its tasks)."""
    tasks = Blueprint()

    @tasks.task(name="run_job", queue="jobs")
    async def run_job(job_id: str) -> None:
        await jobs.execute(job_id)

    @tasks.periodic(cron="5 17 * * *", periodic_id="daily")  # 00:05 Asia/Ho_Chi_Minh (17:05 UTC)
    @tasks.task(name="housekeeping", queue="periodic")
    async def housekeeping(timestamp: int) -> None:
        from app.core.scheduler import run_due_tasks
        from app.main import scheduled_tasks

        log.info("scheduled_tasks", **await run_due_tasks(scheduled_tasks()), scheduled_for=timestamp)

    @tasks.periodic(cron="* * * * *", periodic_id="minutely")
    @tasks.task(name="sweep_jobs", queue="periodic")
    async def sweep_jobs(timestamp: int) -> None:
        log.info("job_sweep", **await sweep(), scheduled_for=timestamp)

    return tasks


async def defer(job_id: str, app: App | None = None) -> None:
    """The API's hand-off of a committed job row to the queue (`jobs.runner.defer`)."""
    try:
        await (app or get_app()).tasks["cadre:run_job"].configure(queueing_lock=job_id).defer_async(job_id=job_id)
    except AlreadyEnqueued:
        pass


async def sweep(app: App | None = None, seconds_since_heartbeat: float | None = None) -> dict[str, int]:
    """Fail the jobs of workers that stopped sending heartbeats; re-queue job rows that never reached the queue."""
    app = app or get_app()
    manager = app.job_manager
    seconds_since_heartbeat = seconds_since_heartbeat or get_settings().worker_stalled_seconds
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat))
    failed = 0
    for job in stalled:
        job_id = str(job.task_kwargs.get("job_id", ""))
        if job_id and await jobs.fail_job(job_id, "worker_lost"):
            failed += 1
        assert job.id is not None
        await manager.finish_job_by_id_async(job.id, status=Status.FAILED, delete_job=False)
    table = jobs.jobs_table
    async with get_db().sessionmaker() as s:
        orphans = list((await s.execute(select(table.c.id).where(
            table.c.status == "queued", table.c.created_at < utcnow() - timedelta(minutes=1)))).scalars())
    for job_id in orphans:
        await defer(job_id, app)
    return {"stalled_failed": failed, "requeued": len(orphans)}


async def ensure_schema(database_url: str | None = None) -> None:
    """Apply procrastinate's own schema once (its tables live beside ours; Alembic does not manage them)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    async with await psycopg.AsyncConnection.connect(conninfo(database_url or get_settings().database_url),
                                                     autocommit=True) as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            present = (await (await conn.execute("SELECT to_regclass('procrastinate_jobs')")).fetchone() or [None])[0]
            if present is None:
                await conn.execute(SchemaManager.get_schema())
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def load_handlers(extra: list[str] | None = None) -> None:
    """Import every job handler and the webhook outbox listener (the API's routers register the handlers)."""
    from app.integrations import webhooks
    from app.main import api_router

    api_router()
    webhooks.register()
    for module in extra or []:
        importlib.import_module(module)


async def run(*, extra_imports: list[str] | None = None, concurrency: int = 2) -> None:
    from app.core.observability import configure_logging
    from app.core.scheduler import daily_loop
    from app.integrations.webhooks import dispatch_loop
    from app.main import scheduled_tasks

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    load_handlers(extra_imports)
    if not settings.uses_procrastinate:
        log.info("worker_started", mode="in_process")
        await asyncio.gather(daily_loop(scheduled_tasks()), dispatch_loop())
        return
    await ensure_schema()
    app = get_app()
    async with app.open_async():
        log.info("worker_started", mode="procrastinate", concurrency=concurrency)
        dispatcher = asyncio.create_task(dispatch_loop())
        try:
            await app.run_worker_async(concurrency=concurrency,
                                       update_heartbeat_interval=settings.worker_heartbeat_seconds,
                                       stalled_worker_timeout=settings.worker_stalled_seconds,
                                       install_signal_handlers=True)
        finally:
            dispatcher.cancel()
            await get_db().engine.dispose()
