"""A POST that queues a job, sent with an Idempotency-Key, against a real server (issue 15).

The key's reservation is written in the request's transaction. On SQLite that takes the database's one write lock,
so a job row committed by a second session inside the same request waited for the request's own lock until the
busy timeout, and the POST failed with 503 after 10 s. The job row is now written in the request's transaction and
the job starts once it commits. Tests in-process share one connection and cannot see this: it needs the server's
own pool, hence uvicorn on a throw-away database (both databases)."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.scratch import scratch_database
from tests.verify.drills import CLIENT_ID, CLIENT_SECRET, api_server, prepare_database

PORT = 8841


async def test_rule_job_submission_with_an_idempotency_key_is_answered_at_once_and_replayed():
    async with scratch_database("jobkey") as url:
        prepare_database(url)
        with api_server(url, PORT) as base:
            async with httpx.AsyncClient(base_url=base, timeout=60) as c:
                r = await c.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                                       "client_secret": CLIENT_SECRET})
                assert r.status_code == 200, r.text
                auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
                root = (await c.get("/api/v1/units", headers=auth)).json()["items"][0]["id"]
                key = {**auth, "Idempotency-Key": "stats-file-0001"}
                body = {"unit_id": root, "format": "xlsx"}

                started = time.monotonic()
                first = await c.post("/api/v1/reports/cadre-statistics/files", headers=key, json=body)
                took = time.monotonic() - started
                assert first.status_code == 202, first.text
                assert took < 5, f"the POST waited {took:.1f} s (the busy timeout is 10 s)"

                job = first.json()["id"]
                for _ in range(120):  # the job started once the request committed, and finishes
                    state = (await c.get(f"/api/v1/jobs/{job}", headers=auth)).json()
                    if state["status"] in ("succeeded", "failed"):
                        break
                    await asyncio.sleep(0.25)
                assert state["status"] == "succeeded", state

                again = await c.post("/api/v1/reports/cadre-statistics/files", headers=key, json=body)
                assert again.status_code == 202 and again.json()["id"] == job  # replayed: one job, not two
                mine = (await c.get("/api/v1/jobs", headers=auth)).json()["items"]
                assert [j["id"] for j in mine] == [job]


async def test_rule_a_job_is_started_only_when_its_request_commits(session, tree, monkeypatch):
    """The job row is part of the request's transaction: rolled back, nothing is queued or started; committed, the
    job starts (here: is handed to the runner) after the commit, not before."""
    from sqlalchemy import select

    from app.core import jobs
    from app.reports.files import StatisticsFileRequest, submit_statistics_file
    from tests.factories import SYSTEM

    started: list[str] = []
    monkeypatch.setattr(jobs.runner, "inline", False)
    monkeypatch.setattr(jobs.runner, "start_soon", lambda _loop, job_id: started.append(job_id))
    request = StatisticsFileRequest(unit_id=tree.national, format="xlsx")

    dropped = await submit_statistics_file(session, SYSTEM, request)
    assert started == []
    await session.rollback()
    assert started == []
    assert (await session.execute(select(jobs.jobs_table.c.id).where(jobs.jobs_table.c.id == dropped.id))).first() \
        is None

    kept = await submit_statistics_file(session, SYSTEM, request)
    assert started == []
    await session.commit()
    assert started == [kept.id]
