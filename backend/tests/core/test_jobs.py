"""Jobs (issue 4): 202 + job resource with progress, run in-process, readable only by its creator or within the
scope of the job's unit, with an optional result file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core import jobs
from app.core.security import Grant, Principal
from tests.factories import SYSTEM, Tree, bearer, grant_token

PROBE = "test_probe"
BROKEN = "test_broken"


@jobs.register(PROBE, "cadres:write")
async def _probe(ctx: jobs.JobContext) -> jobs.Outcome:
    n = int(ctx.params["n"])
    await ctx.set_progress(0, n)
    for i in range(1, n + 1):
        if i % 10 == 0:
            await ctx.set_progress(i)
    return jobs.Outcome("succeeded", {"echo": ctx.params["n"], "who": ctx.principal.subject},
                        file_name="probe.txt", file_content_type="text/plain", file_bytes=b"hello")


@jobs.register(BROKEN, "cadres:write")
async def _broken(ctx: jobs.JobContext) -> jobs.Outcome:
    raise RuntimeError("boom")


pytestmark = pytest.mark.usefixtures("inline_jobs")


async def test_inline_job_runs_to_completion_with_progress_and_file(client, session, tree: Tree, admin_headers):
    job = await jobs.submit(SYSTEM, PROBE, unit_id=tree.national, params={"n": 50})
    assert job.status == "succeeded" and job.progress == 50 and job.total == 50
    assert job.result == {"echo": 50, "who": "system:test"} and job.finished_at is not None
    r = await client.get(f"/api/v1/jobs/{job.id}", headers=admin_headers)
    assert r.status_code == 200 and r.json()["status"] == "succeeded"
    assert r.headers["cache-control"] == "no-store"
    f = await client.get(r.json()["file_url"], headers=admin_headers)
    assert f.status_code == 200 and f.content == b"hello" and "attachment" in f.headers["content-disposition"]
    stored = (await session.execute(select(jobs.jobs_table.c.input_bytes, jobs.jobs_table.c.params)
                                    .where(jobs.jobs_table.c.id == job.id))).one()
    assert stored.input_bytes is None and stored.params["_principal"]["subject"] == "system:test"


async def test_background_job_is_queued_then_finishes(monkeypatch, session, tree: Tree):
    monkeypatch.setattr(jobs.runner, "inline", False)
    job = await jobs.submit(SYSTEM, PROBE, unit_id=tree.national, params={"n": 20})
    assert job.status == "queued" and job.progress == 0
    await jobs.runner.drain()
    done = await jobs.get_job(session, SYSTEM, job.id)
    assert done.status == "succeeded" and done.progress == done.total == 20


async def test_in_process_jobs_run_one_at_a_time_per_process(monkeypatch):
    """`in_process_job_slots` (default 1, issue 13): a second job waits, still queued, while the first runs —
    three imports at once in one process starved its requests and failed on each other's locks."""
    import asyncio

    from app.core.config import get_settings

    assert get_settings().in_process_job_slots == 1
    running: list[str] = []
    most = 0
    release = asyncio.Event()

    async def fake_execute(job_id: str) -> None:
        nonlocal most
        running.append(job_id)
        most = max(most, len(running))
        await release.wait()
        running.remove(job_id)

    monkeypatch.setattr(jobs, "execute", fake_execute)
    monkeypatch.setattr(jobs.runner, "inline", False)
    monkeypatch.setattr(jobs.runner, "defer", None)
    for job_id in ("a", "b", "c"):
        await jobs.runner.enqueue(job_id)
    await asyncio.sleep(0.05)
    assert running == ["a"]  # b and c wait for the slot
    release.set()
    await jobs.runner.drain()
    assert most == 1 and running == []


async def test_failing_job_ends_failed_without_leaking_details(session, tree: Tree):
    job = await jobs.submit(SYSTEM, BROKEN, unit_id=tree.national)
    assert job.status == "failed" and job.error == "internal_error" and "boom" not in str(job.result)


async def test_job_is_visible_to_its_creator_and_within_scope_only(client, session, tree: Tree):
    g0 = tree.grassroots[0]
    creator = Principal(subject="user:creator", kind="user", display_name="x",
                        token_scopes=frozenset({"cadres:write"}), grants=(Grant("grassroots_chair", g0, False),))
    job = await jobs.submit(creator, PROBE, unit_id=g0, params={"n": 1})
    over = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    other = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    assert (await client.get(f"/api/v1/jobs/{job.id}", headers=over)).status_code == 200
    for headers in (other, viewer):
        r = await client.get(f"/api/v1/jobs/{job.id}", headers=headers)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
        assert (await client.get(f"/api/v1/jobs/{job.id}/file", headers=headers)).status_code == 404
    assert (await jobs.get_job(session, creator, job.id)).status == "succeeded"
    assert (await client.get("/api/v1/jobs/nope", headers=over)).status_code == 404
    assert (await client.get(f"/api/v1/jobs/{job.id}")).status_code == 401


async def test_job_without_file_has_no_download(client, session, tree: Tree, admin_headers):
    job = await jobs.submit(SYSTEM, BROKEN, unit_id=tree.national)
    assert job.file_url is None
    assert (await client.get(f"/api/v1/jobs/{job.id}/file", headers=admin_headers)).status_code == 404
