"""GET /api/v1/jobs (issue 9, the jobs screen): the caller's own jobs, newest first, keyset-paged, filtered by
status and kind."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.auth.models import UserAccount
from app.core import jobs
from app.core.security import ALL_SCOPES, Grant, Principal
from tests.factories import Tree, bearer, grant_token

DONE = "test_list_done"
FAILS = "test_list_fails"

pytestmark = pytest.mark.usefixtures("inline_jobs")


@jobs.register(DONE, "cadres:write")
async def _done(ctx: jobs.JobContext) -> jobs.Outcome:
    await ctx.set_progress(2, 2)
    return jobs.Outcome("succeeded", {"n": 2}, file_name="out.txt", file_content_type="text/plain",
                        file_bytes=b"ok")


@jobs.register(FAILS, "cadres:write")
async def _fails(ctx: jobs.JobContext) -> jobs.Outcome:
    return jobs.Outcome("failed", {"code": "nope"}, error="nope")


async def _user(session, tree: Tree, username: str, role: str = "org_officer") -> tuple[dict[str, str], Principal]:
    headers = bearer(await grant_token(session, role=role, unit_id=tree.national, username=username))
    user_id = (await session.execute(select(UserAccount.id).where(UserAccount.username == username))).scalar_one()
    principal = Principal(subject=f"user:{user_id}", kind="user", display_name=username,
                          token_scopes=frozenset(ALL_SCOPES), grants=(Grant(role, tree.national, True),))
    return headers, principal


async def test_rule_job_list_shows_only_the_callers_own_jobs_newest_first(client, session, tree: Tree):
    mine_headers, me = await _user(session, tree, "jobs_owner")
    admin_headers, admin = await _user(session, tree, "jobs_admin", role="system_admin")
    first = await jobs.submit(me, DONE, unit_id=tree.national)
    second = await jobs.submit(me, FAILS, unit_id=tree.national)
    third = await jobs.submit(me, DONE, unit_id=tree.national)
    theirs = await jobs.submit(admin, DONE, unit_id=tree.national)
    # the same instant for two jobs: the id breaks the tie, and paging still returns each once
    await session.execute(update(jobs.jobs_table).where(jobs.jobs_table.c.id == third.id).values(
        created_at=(await jobs.get_job(session, me, second.id)).created_at))
    await session.commit()

    r = await client.get("/api/v1/jobs", headers=mine_headers)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    ids = [j["id"] for j in body["items"]]
    assert set(ids) == {first.id, second.id, third.id} and theirs.id not in ids and body["next_cursor"] is None
    assert set(ids[:2]) == {second.id, third.id} and ids[-1] == first.id
    done = next(j for j in body["items"] if j["id"] == first.id)
    assert done["status"] == "succeeded" and done["kind"] == DONE
    assert done["file_url"] == f"/api/v1/jobs/{first.id}/file"
    assert "params" not in done

    # an administrator lists their own jobs too, not everyone's
    r = await client.get("/api/v1/jobs", headers=admin_headers)
    assert [j["id"] for j in r.json()["items"]] == [theirs.id]

    paged, cursor = [], None
    while True:
        r = await client.get("/api/v1/jobs", params={"limit": 1, **({"cursor": cursor} if cursor else {})},
                             headers=mine_headers)
        assert r.status_code == 200, r.text
        paged += [j["id"] for j in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if not cursor:
            break
    assert paged == ids


async def test_rule_job_list_filters_by_status_and_kind(client, session, tree: Tree):
    headers, me = await _user(session, tree, "jobs_filter")
    ok = await jobs.submit(me, DONE, unit_id=tree.national)
    bad = await jobs.submit(me, FAILS, unit_id=tree.national)
    r = await client.get("/api/v1/jobs", params={"status": "failed"}, headers=headers)
    assert [j["id"] for j in r.json()["items"]] == [bad.id]
    r = await client.get("/api/v1/jobs", params={"kind": DONE}, headers=headers)
    assert [j["id"] for j in r.json()["items"]] == [ok.id]
    r = await client.get("/api/v1/jobs", params={"status": "running"}, headers=headers)
    assert r.json()["items"] == []
    for bad_params in ({"status": "done"}, {"limit": 0}, {"cursor": "forged"}):
        r = await client.get("/api/v1/jobs", params=bad_params, headers=headers)
        assert r.status_code == 422, (bad_params, r.text)
    assert (await client.get("/api/v1/jobs")).status_code == 401
