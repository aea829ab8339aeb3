"""Tasks raised by the rules (issue 10; API.md "Tasks"; rules 18, 22): the system flags, people decide."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from app.planning.models import PlanningCycle
from app.planning.service import scheduled_review_check
from app.tasks.models import TaskKind
from app.tasks.service import raise_task
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/tasks"


async def person(client, headers, unit_id, given="Tâm"):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Đỗ", "middle_name": "Thị", "given_name": given,
        "birth_date": "1980-05-05", "gender": "female", "employment": "part_time"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def flag(session, unit_id, key, kind=TaskKind.planning_review_missing, due=date(2026, 3, 31)):
    return await raise_task(session, kind=kind, unit_id=unit_id, due_on=due, title_vi=f"Việc {key}",
                            title_en=f"Task {key}", dedupe_key=key)


async def test_raise_task_is_idempotent_on_its_dedupe_key(session, tree: Tree):
    first = await flag(session, tree.grassroots[0], "k-1")
    again = await flag(session, tree.grassroots[0], "k-1")
    other = await flag(session, tree.grassroots[0], "k-2")
    assert first.id == again.id and other.id != first.id


async def test_tasks_list_is_scoped_titled_in_the_request_language_and_paged(client, session, tree: Tree):
    mine, foreign = tree.grassroots[0], tree.grassroots[2]  # different provinces
    for i in range(3):
        await flag(session, mine, f"mine-{i}", due=date(2026, 4, 1 + i))
    await flag(session, foreign, "foreign")
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    page = (await client.get(API, params={"status": "open", "limit": 2}, headers=officer)).json()
    assert [t["title"] for t in page["items"]] == ["Việc mine-0", "Việc mine-1"]
    assert page["items"][0].keys() >= {"id", "kind", "unit_id", "cadre_id", "due_on", "status", "title"}
    rest = (await client.get(API, params={"status": "open", "limit": 2, "cursor": page["next_cursor"]},
                             headers={**officer, "Accept-Language": "en"})).json()
    assert [t["title"] for t in rest["items"]] == ["Task mine-2"] and rest["next_cursor"] is None
    hidden = next(t for t in (await client.get(API, headers=bearer(await grant_token(
        session, role="org_officer", unit_id=tree.national)))).json()["items"] if t["unit_id"] == foreign)
    assert (await client.get(f"{API}/{hidden['id']}", headers=officer)).status_code == 404
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    assert (await client.get(API, headers=viewer)).json()["items"] == []  # planning work is not a viewer's


async def test_resolving_a_task_records_who_and_why_once(client, session, tree: Tree):
    task = await flag(session, tree.grassroots[0], "resolve-me")
    approver = bearer(await grant_token(session, role="approver", unit_id=tree.districts[0]))
    url = f"{API}/{task.id}/resolve"
    bad = await client.post(url, headers=approver, json={"status": "open"})
    assert bad.status_code == 422
    ok = await client.post(url, headers=approver, json={"status": "dismissed", "note": "Đã rà soát ngoài hệ thống"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "dismissed" and ok.json()["resolution_note"] == "Đã rà soát ngoài hệ thống"
    assert (await client.post(url, headers=approver, json={"status": "done"})).status_code == 409
    assert (await flag(session, tree.grassroots[0], "resolve-me")).status == "dismissed"  # not reopened
    listed = (await client.get(API, params={"status": "open"}, headers=approver)).json()["items"]
    assert task.id not in [t["id"] for t in listed]


async def test_rule_18_planning_review_missing_by_31_march(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    cycle = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": unit, "name": "Quy hoạch 2027–2032", "start_year": 2027, "end_year": 2032})).json()
    reviewed = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": unit, "name": "Quy hoạch đã rà soát", "start_year": 2027, "end_year": 2032})).json()
    table = PlanningCycle.__table__
    await session.execute(update(table).where(table.c.id.in_([cycle["id"], reviewed["id"]])).values(
        status="approved", approved_at=datetime(2025, 6, 1, tzinfo=UTC)))
    revision = (await client.post(f"/api/v1/planning-cycles/{reviewed['id']}/revisions", headers=officer)).json()
    await session.execute(update(table).where(table.c.id == revision["id"]).values(
        created_at=datetime(2026, 2, 10, tzinfo=UTC)))
    assert await scheduled_review_check(session, date(2026, 3, 31)) == 0  # not due yet on 31/3
    assert await scheduled_review_check(session, date(2026, 4, 1)) == 1
    assert await scheduled_review_check(session, date(2026, 4, 2)) == 1  # same flag, still one task
    items = (await client.get(API, params={"kind": "planning_review_missing"}, headers=officer)).json()["items"]
    assert len(items) == 1 and items[0]["unit_id"] == unit and items[0]["due_on"] == "2026-03-31"
    assert "Quy hoạch 2027–2032" in items[0]["title"] and "quý I/2026" in items[0]["title"]


async def test_rule_22_two_reprimands_in_one_term_raise_a_dismissal_review(client, session, tree: Tree,
                                                                         admin_headers):
    unit = tree.grassroots[0]
    await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": unit, "name": "2022–2027", "start_date": "2022-03-01", "bodies": [{"kind": "bch"}]})
    cid = await person(client, admin_headers, unit)
    url = f"/api/v1/cadres/{cid}/disciplines"
    first = await client.post(url, headers=admin_headers, json={
        "form": "khien_trach", "effective_from": "2023-01-10", "effective_to": "2023-07-10",
        "decision_no": "1/QĐ-CĐ", "issuer": "BCH Công đoàn cơ sở"})
    assert first.status_code == 201, first.text
    assert first.json()["issuer"] == "BCH Công đoàn cơ sở"
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    assert (await client.get(API, params={"kind": "dismissal_review"}, headers=officer)).json()["items"] == []
    await client.post(url, headers=admin_headers, json={"form": "khien_trach", "effective_from": "2024-02-01",
                                                       "effective_to": "2024-08-01"})
    items = (await client.get(API, params={"kind": "dismissal_review"}, headers=officer)).json()["items"]
    assert len(items) == 1 and items[0]["cadre_id"] == cid and "khiển trách 2 lần" in items[0]["title"]
    from app.conduct.service import scheduled_dismissal_reviews

    assert await scheduled_dismissal_reviews(session) == 1  # the daily check finds the same flag, no duplicate
    again = (await client.get(API, params={"kind": "dismissal_review"}, headers=officer)).json()["items"]
    assert [t["id"] for t in again] == [items[0]["id"]]


async def test_rule_22_reprimands_in_different_terms_raise_nothing(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    for start in ("2017-03-01", "2022-03-01"):
        await client.post("/api/v1/terms", headers=admin_headers, json={
            "unit_id": unit, "name": start[:4], "start_date": start, "bodies": [{"kind": "bch"}]})
    cid = await person(client, admin_headers, unit, "Hà")
    for when in ("2021-06-01", "2022-06-01"):
        r = await client.post(f"/api/v1/cadres/{cid}/disciplines", headers=admin_headers, json={
            "form": "khien_trach", "effective_from": when, "effective_to": f"{when[:4]}-12-01"})
        assert r.status_code == 201, r.text
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    assert (await client.get(API, params={"kind": "dismissal_review"}, headers=officer)).json()["items"] == []


async def test_task_detail_names_its_source_and_resolve_honours_if_match(client, session, tree: Tree):
    unit = tree.grassroots[0]
    task = await raise_task(session, kind=TaskKind.planning_review_missing, unit_id=unit, due_on=date(2026, 3, 31),
                            title_vi="Chưa rà soát quy hoạch", title_en="Planning review missing",
                            dedupe_key="etag-1", source_type="planning_cycle", source_id=42)
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    got = await client.get(f"{API}/{task.id}", headers=officer)
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    assert (got.json()["source_type"], got.json()["source_id"], got.json()["version"]) == ("planning_cycle", 42, 1)
    url = f"{API}/{task.id}/resolve"
    outsider = bearer(await grant_token(session, role="org_officer", unit_id=tree.grassroots[2]))
    assert (await client.post(url, headers={**outsider, "If-Match": '"9"'}, json={"status": "done"})
            ).status_code == 404  # existence and scope before the precondition
    stale = await client.post(url, headers={**officer, "If-Match": '"9"'}, json={"status": "done"})
    assert stale.status_code == 412
    ok = await client.post(url, headers={**officer, "If-Match": '"1"'},
                           json={"status": "done", "note": "Đã họp rà soát ngày 02/4"})
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"' and ok.json()["version"] == 2
    again = await client.post(url, headers={**officer, "If-Match": '"1"'}, json={"status": "dismissed"})
    assert again.status_code == 412  # someone resolved it since it was read
    assert (await client.post(url, headers=officer, json={"status": "dismissed"})).status_code == 409
