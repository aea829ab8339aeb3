"""Personal-data duties (Law 91/2025, Decree 356/2025; API.md "Personal data"; rule 27)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.access_log import AccessLog
from app.core.db import today
from app.privacy.models import RequestKind
from app.privacy.service import add_working_days, deadlines
from app.tasks.models import Task
from tests.cadres.test_cadre_rules import create
from tests.factories import Tree, bearer, grant_token

R = "/api/v1/data-subject-requests"


@pytest.mark.parametrize(("kind", "days"), [("correction", 10), ("restriction", 15), ("objection", 15),
                                            ("access", 20), ("deletion", 20)])
def test_rule_27_data_subject_request_deadlines(kind, days):
    friday = date(2026, 1, 2)
    ack, done = deadlines(RequestKind(kind), friday)
    assert ack == date(2026, 1, 6)  # two working days: Monday 5, Tuesday 6
    assert done == friday + timedelta(days=days)
    assert add_working_days(date(2026, 1, 5), 2) == date(2026, 1, 7)


async def test_rule_27_request_gets_deadlines_and_raises_a_task(client, session, tree: Tree, admin_headers):
    person = await create(client, admin_headers, unit_id=tree.grassroots[0])
    received = today() - timedelta(days=1)
    r = await client.post(R, headers=admin_headers, json={"cadre_id": person["id"], "kind": "restriction",
                                                          "received_on": received.isoformat()})
    assert r.status_code == 201, r.text
    body = r.json()
    ack_due, complete_due = deadlines(RequestKind.restriction, received)
    assert (body["ack_due"], body["complete_due"]) == (ack_due.isoformat(), complete_due.isoformat())
    assert body["status"] == "received" and body["unit_id"] == tree.grassroots[0]
    assert body["cadre_name"] == person["full_name"]  # the register names the data subject
    tasks = (await session.execute(select(Task).where(Task.kind == "data_subject_request_due"))).scalars().all()
    assert [(t.cadre_id, t.due_on) for t in tasks] == [(person["id"], ack_due)]
    got = await client.get(f"{R}/{body['id']}", headers=admin_headers)
    assert got.status_code == 200 and got.headers["etag"] == '"1"' and got.headers["cache-control"] == "no-store"
    ack = await client.post(f"{R}/{body['id']}/acknowledge", headers=admin_headers)
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    listed = (await client.get(R, headers=admin_headers)).json()["items"]
    assert [(i["id"], i["cadre_name"]) for i in listed] == [(body["id"], person["full_name"])]
    again = await client.post(f"{R}/{body['id']}/acknowledge", headers=admin_headers)
    assert again.status_code == 409
    tasks = (await session.execute(select(Task.due_on).where(Task.kind == "data_subject_request_due"))).scalars()
    assert sorted(tasks) == sorted([ack_due, complete_due])


async def test_rule_27_bad_requests_are_422_and_foreign_people_404(client, session, tree: Tree, admin_headers):
    person = await create(client, admin_headers, unit_id=tree.grassroots[0])
    future = await client.post(R, headers=admin_headers, json={
        "cadre_id": person["id"], "kind": "access", "received_on": (today() + timedelta(days=3)).isoformat()})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "received_on"
    unknown_kind = await client.post(R, headers=admin_headers, json={
        "cadre_id": person["id"], "kind": "forget_me", "received_on": today().isoformat()})
    assert unknown_kind.status_code == 422
    other_district = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[3]))
    foreign = await client.post(R, headers=other_district, json={
        "cadre_id": person["id"], "kind": "access", "received_on": today().isoformat()})
    assert foreign.status_code == 404
    mine = await client.post(R, headers=admin_headers, json={
        "cadre_id": person["id"], "kind": "access", "received_on": today().isoformat()})
    assert (await client.get(f"{R}/{mine.json()['id']}", headers=other_district)).status_code == 404
    listed = await client.get(R, headers=other_district)
    assert listed.status_code == 200 and listed.json()["items"] == []


async def test_rule_27_restriction_hides_the_person_from_lists_and_reports(client, session, tree: Tree,
                                                                          admin_headers):
    unit = tree.grassroots[0]
    kept = await create(client, admin_headers, unit_id=unit, given_name="An", birth_date="1985-01-01")
    hidden = await create(client, admin_headers, unit_id=unit, given_name="Bình", birth_date="1986-02-02")

    async def listed() -> set[int]:
        r = await client.get("/api/v1/cadres", params={"within": unit}, headers=admin_headers)
        return {c["id"] for c in r.json()["items"]}

    assert {kept["id"], hidden["id"]} <= await listed()
    req = (await client.post(R, headers=admin_headers, json={
        "cadre_id": hidden["id"], "kind": "restriction", "received_on": today().isoformat()})).json()
    assert hidden["id"] in await listed()  # receiving a request changes nothing yet
    done = await client.post(f"{R}/{req['id']}/complete", headers=admin_headers,
                             json={"outcome": "Đã hạn chế xử lý theo yêu cầu"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    ids = await listed()
    assert hidden["id"] not in ids and kept["id"] in ids
    count = await client.get("/api/v1/cadres", params={"within": unit, "q": "binh"}, headers=admin_headers)
    assert count.json()["items"] == []
    # the record itself is kept (404 would lose the statutory file): the detail is still there for officers
    assert (await client.get(f"/api/v1/cadres/{hidden['id']}", headers=admin_headers)).status_code == 200


async def test_rule_27_rejected_request_restricts_nothing(client, tree: Tree, admin_headers):
    person = await create(client, admin_headers, unit_id=tree.grassroots[1])
    req = (await client.post(R, headers=admin_headers, json={
        "cadre_id": person["id"], "kind": "objection", "received_on": today().isoformat()})).json()
    r = await client.post(f"{R}/{req['id']}/complete", headers=admin_headers,
                          json={"outcome": "Xử lý theo quy định của Luật Công đoàn", "rejected": True})
    assert r.json()["status"] == "rejected"
    listed = await client.get("/api/v1/cadres", params={"within": tree.grassroots[1]}, headers=admin_headers)
    assert person["id"] in {c["id"] for c in listed.json()["items"]}


async def test_rule_27_overdue_requests_raise_a_task_daily(client, session, tree: Tree, admin_headers):
    from app.privacy.service import scheduled_overdue_check

    person = await create(client, admin_headers, unit_id=tree.grassroots[0])
    old = today() - timedelta(days=40)
    r = await client.post(R, headers=admin_headers, json={"cadre_id": person["id"], "kind": "correction",
                                                          "received_on": old.isoformat()})
    assert r.status_code == 201
    assert await scheduled_overdue_check(session) == 1
    assert await scheduled_overdue_check(session) == 1  # idempotent: one overdue task
    keys = (await session.execute(select(Task.dedupe_key).where(Task.cadre_id == person["id"]))).scalars().all()
    assert sorted(keys) == sorted([f"dsr:{r.json()['id']}:ack", f"dsr:{r.json()['id']}:overdue"])
    late = await client.get(R, params={"overdue": "true"}, headers=admin_headers)
    assert [i["id"] for i in late.json()["items"]] == [r.json()["id"]]


async def test_personal_data_export_holds_everything_and_is_access_logged(client, session, tree: Tree,
                                                                          admin_headers):
    person = await create(client, admin_headers, unit_id=tree.grassroots[0], national_id="001080012345",
                          ethnicity="tay")
    await client.post(R, headers=admin_headers, json={"cadre_id": person["id"], "kind": "access",
                                                      "received_on": today().isoformat()})
    r = await client.get(f"/api/v1/cadres/{person['id']}/personal-data-export", headers=admin_headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["cadre"]["national_id"] == "001080012345" and body["cadre"]["ethnicity"] == "tay"
    assert body["sections"]["data_subject_request"][0]["kind"] == "access"
    assert any(a["action"] == "cadre.create" for a in body["sections"]["audit_log"])
    assert "national_id_enc" not in str(body) and "national_id_hash" not in str(body)
    logged = (await session.execute(select(AccessLog).where(AccessLog.category == "export",
                                                            AccessLog.purpose == "personal_data_export"))
              ).scalars().all()
    assert [log.subject_ids for log in logged] == [[str(person["id"])]]
    # without the sensitive permission: 403; outside the subtree: 404
    plain = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    assert (await client.get(f"/api/v1/cadres/{person['id']}/personal-data-export", headers=plain)
            ).status_code == 403
    other = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[3]))
    assert (await client.get(f"/api/v1/cadres/{person['id']}/personal-data-export", headers=other)
            ).status_code == 404
