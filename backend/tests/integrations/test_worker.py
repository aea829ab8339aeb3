"""The worker (issue 15): jobs survive restarts and never run twice; a killed worker's jobs fail with a reason;
a webhook redelivered after a killed worker keeps its webhook-id; the embedded start-up sweep."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.core import jobs
from app.core.audit import AuditLog
from app.core.config import get_settings
from app.core.db import Database, make_engine, set_db, utcnow
from app.integrations.models import WebhookDelivery
from tests.factories import SYSTEM, build_tree
from tests.integrations import worker_kinds
from tests.integrations.receiver import receiver
from tests.scratch import BACKEND, alembic, scratch_database

POSTGRES = os.environ.get("CADRE_TEST_DB", "postgres") != "sqlite"


def start_worker(url: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--concurrency", "1",
         "--import", "tests.integrations.worker_kinds"],
        cwd=BACKEND, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "CADRE_DATABASE_URL": url, "CADRE_LOG_LEVEL": "WARNING",
             "CADRE_JOB_RUNNER": "procrastinate" if POSTGRES else "in_process", **env})


@asynccontextmanager
async def database(url: str) -> AsyncIterator[Database]:
    alembic(url, "upgrade", "head")
    engine = make_engine(get_settings().model_copy(update={"database_url": url}))
    db = Database(engine)
    set_db(db)
    try:
        yield db
    finally:
        set_db(None)
        await engine.dispose()


async def wait_for(predicate: Any, within: float = 180.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("timed out")


async def statuses(db: Database) -> dict[str, str]:
    async with db.sessionmaker() as s:
        return {r.id: r.status for r in (await s.execute(select(jobs.jobs_table.c.id, jobs.jobs_table.c.status)))}


async def runs(db: Database) -> dict[str, int]:
    async with db.sessionmaker() as s:
        rows = await s.execute(select(AuditLog.entity_id, func.count()).where(AuditLog.action == "test.job_ran")
                               .group_by(AuditLog.entity_id))
        return {r[0]: r[1] for r in rows}


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:  # a graceful stop finishes the running job and closes the pools: slow on a loaded machine
            proc.wait(timeout=120 if sig == signal.SIGTERM else 30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not POSTGRES, reason="procrastinate runs on PostgreSQL; the embedded runner is tested below")
async def test_rule_worker_restart_neither_loses_nor_repeats_a_job():
    from app.worker import defer, ensure_schema, make_app, sweep

    assert worker_kinds.KIND in jobs.HANDLERS
    async with scratch_database("worker") as url, database(url) as db:
        await ensure_schema(url)
        queue = make_app(url)
        async with queue.open_async():
            jobs.runner.defer = lambda job_id: defer(job_id, queue)
            worker = start_worker(url, CADRE_WORKER_HEARTBEAT_SECONDS="0.5", CADRE_WORKER_STALLED_SECONDS="15")
            try:
                ids = [(await jobs.submit(SYSTEM, worker_kinds.KIND, unit_id=None, params={"sleep": 0.4})).id
                       for _ in range(6)]

                async def some_done() -> bool:
                    return sum(v == "succeeded" for v in (await statuses(db)).values()) >= 2

                await wait_for(some_done)
                stop(worker)  # a graceful restart: the running job finishes, queued ones wait in PostgreSQL
                assert worker.returncode == 0, worker.stderr.read().decode()[-2000:] if worker.stderr else ""
                assert "running" not in (await statuses(db)).values()
                # submitted while no worker runs: kept in the queue, not lost
                ids += [(await jobs.submit(SYSTEM, worker_kinds.KIND, unit_id=None, params={"sleep": 0.1})).id
                        for _ in range(2)]
                worker = start_worker(url, CADRE_WORKER_HEARTBEAT_SECONDS="0.5", CADRE_WORKER_STALLED_SECONDS="15")

                async def all_done() -> bool:
                    return all(v == "succeeded" for v in (await statuses(db)).values())

                await wait_for(all_done)
                assert await runs(db) == {job_id: 1 for job_id in ids}  # every job ran exactly once

                # kill -9 in the middle of a job: it is failed with a reason by the sweep, never run again
                slow = (await jobs.submit(SYSTEM, worker_kinds.KIND, unit_id=None, params={"sleep": 30})).id

                async def slow_running() -> bool:
                    return (await statuses(db))[slow] == "running"

                await wait_for(slow_running)
                stop(worker, signal.SIGKILL)
                await asyncio.sleep(3)  # past the stalled-worker timeout (no heartbeat)
                assert (await sweep(queue, seconds_since_heartbeat=2))["stalled_failed"] == 1
                async with db.sessionmaker() as s:
                    row = (await s.execute(select(jobs.jobs_table).where(jobs.jobs_table.c.id == slow))).one()
                assert row.status == "failed" and row.error == "worker_lost"
                assert slow not in await runs(db)
            finally:
                jobs.runner.defer = None
                stop(worker, signal.SIGKILL)


async def test_rule_worker_killed_mid_delivery_redelivers_with_same_webhook_id(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")
    async with scratch_database("hooks") as url, database(url) as db:
        with receiver() as hook:
            async with db.sessionmaker() as s:
                tree = await build_tree(s)
            from app.integrations import webhooks
            from app.integrations.schemas import WebhookEndpointCreate

            webhooks.register()
            async with db.sessionmaker() as s:
                await webhooks.create_endpoint(s, SYSTEM, WebhookEndpointCreate(url=hook.url,
                                                                                event_types=["unit.updated"]))
                from app.core.concurrency import version_precondition
                from app.org_units import service as units
                from app.org_units.schemas import UnitUpdate

                await units.update_unit(s, SYSTEM, tree.grassroots[0], version_precondition(1),
                                        UnitUpdate(member_count=7))
                await s.commit()
            hook.mode = "hang"
            env = {"CADRE_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "CADRE_WEBHOOK_LEASE_SECONDS": "2",
                   "CADRE_WEBHOOK_DISPATCH_INTERVAL_SECONDS": "0.2", "CADRE_WORKER_HEARTBEAT_SECONDS": "0.5"}
            worker = start_worker(url, **env)
            try:
                async def received() -> bool:
                    return len(hook.requests) >= 1

                await wait_for(received)
                stop(worker, signal.SIGKILL)  # killed while the receiver had not answered
                first_id = hook.requests[0].headers["webhook-id"]
                hook.mode = "ok"
                worker = start_worker(url, **env)

                async def redelivered() -> bool:
                    async with db.sessionmaker() as s:
                        row = (await s.execute(select(WebhookDelivery))).scalar_one()
                    return row.status == "succeeded"

                await wait_for(redelivered)
                assert [r.headers["webhook-id"] for r in hook.requests] == [first_id, first_id]
            finally:
                stop(worker, signal.SIGKILL)


async def test_rule_embedded_start_up_sweep_fails_interrupted_and_reruns_queued(db, session, monkeypatch):
    monkeypatch.setattr(jobs.runner, "inline", True)
    now = utcnow()
    for job_id, status in (("a" * 32, "running"), ("b" * 32, "queued")):
        await session.execute(jobs.jobs_table.insert().values(
            id=job_id, kind=worker_kinds.KIND, status=status, progress=0,
            params={"sleep": 0, "_principal": jobs.principal_to_json(SYSTEM)}, created_by=SYSTEM.subject,
            created_at=now))
    await session.commit()
    assert await jobs.recover_interrupted() == {"failed": 1, "requeued": 1}
    rows = {r.id: r for r in (await session.execute(select(jobs.jobs_table))).all()}
    assert rows["a" * 32].status == "failed" and rows["a" * 32].error == "interrupted"
    assert rows["b" * 32].status == "succeeded"
    # a job already claimed by another runner is not run again
    await session.execute(update(jobs.jobs_table).where(jobs.jobs_table.c.id == "b" * 32).values(status="running"))
    await jobs.execute("b" * 32)
    ran = (await session.execute(select(func.count()).select_from(AuditLog).where(
        AuditLog.action == "test.job_ran"))).scalar_one()
    assert ran == 1


@pytest.mark.skipif(not POSTGRES, reason="the running lock is a PostgreSQL advisory lock")
async def test_rule_start_up_sweep_on_postgresql_spares_a_job_a_live_sibling_process_runs(db, session, engine):
    """Several API processes run jobs on PostgreSQL: a process starting up fails only the running jobs whose
    running lock is free (their process died), not one a sibling still holds."""
    now = utcnow()
    for job_id in ("c" * 32, "d" * 32):
        await session.execute(jobs.jobs_table.insert().values(
            id=job_id, kind=worker_kinds.KIND, status="running", progress=0,
            params={"sleep": 0, "_principal": jobs.principal_to_json(SYSTEM)}, created_by=SYSTEM.subject,
            created_at=now))
    await session.commit()
    async with engine.connect() as sibling:  # another process's connection, holding its job's running lock
        held = (await sibling.execute(select(func.pg_try_advisory_lock(jobs.JOB_LOCK_CLASS,
                                                                       jobs._lock_key("c" * 32))))).scalar()
        await sibling.commit()
        assert held
        try:
            assert await jobs.recover_interrupted() == {"failed": 1, "requeued": 0}
        finally:
            await sibling.execute(select(func.pg_advisory_unlock_all()))
            await sibling.commit()
    rows = {r.id: r for r in (await session.execute(select(jobs.jobs_table))).all()}
    assert rows["c" * 32].status == "running"
    assert rows["d" * 32].status == "failed" and rows["d" * 32].error == "interrupted"


@pytest.mark.skipif(not POSTGRES, reason="procrastinate runs on PostgreSQL")
async def test_rule_periodic_tasks_run_once_per_schedule_across_workers():
    """Two workers' periodic deferrers reach the same 00:05 (ICT) tick: one housekeeping job is queued."""
    from datetime import UTC, datetime

    import psycopg
    from procrastinate.periodic import PeriodicDeferrer

    from app.worker import conninfo, ensure_schema, make_app

    async with scratch_database("periodic") as url:
        alembic(url, "upgrade", "head")
        await ensure_schema(url)
        tick = datetime.now(UTC).replace(hour=17, minute=5, second=0, microsecond=0).timestamp()
        replicas = [make_app(url) for _ in range(3)]
        async with AsyncExitStack() as stack:
            for replica in replicas:
                await stack.enter_async_context(replica.open_async())
            for replica in replicas:  # each worker's deferrer, with its own memory of what it deferred
                deferrer = PeriodicDeferrer(replica.periodic_registry)
                await deferrer.defer_jobs(deferrer.get_previous_tasks(tick + 1))
        async with await psycopg.AsyncConnection.connect(conninfo(url)) as conn:
            rows = await (await conn.execute(
                "SELECT task_name, count(*) FROM procrastinate_jobs GROUP BY task_name ORDER BY 1")).fetchall()
        assert dict(rows) == {"cadre:housekeeping": 1, "cadre:sweep_jobs": 1}
