"""Plans, tasks and targets; cascading a plan to subordinate units (issue 6)."""

from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditLog
from tests.factories import Tree, bearer, grant_token
from tests.indicators.data import plan

P = "/api/v1/plans"


async def test_create_read_update_plan_with_tasks_and_targets(client, session, tree: Tree, admin_headers):
    p0, d0 = tree.provinces[0], tree.districts[0]
    created = await plan(client, admin_headers, p0, [
        {"indicator_code": "full_time_union_certificate", "target_value": 100, "note": "NQ03 mục tiêu 5"},
        {"indicator_code": "new_nonstate_grassroots", "target_value": 13, "period_start": "2024-01-01",
         "period_end": "2024-12-31"}],
        tasks=[{"title": "Rà soát đội ngũ cán bộ chuyên trách", "responsible_unit_id": d0, "deadline": "2024-03-31"}])
    assert created["status"] == "draft" and created["number"] == "364/KH-LĐLĐ"
    assert [t["scope_unit_id"] for t in created["targets"]] == [p0, p0]
    assert created["targets"][1]["period_end"] == "2024-12-31" and created["targets"][0]["period_end"] == "2025-12-31"
    assert created["tasks"][0]["status"] == "open"
    url = f"{P}/{created['id']}"
    got = await client.get(url, headers=admin_headers)
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    missing = await client.patch(url, headers=admin_headers, json={"status": "issued"})
    assert missing.status_code == 428
    issued = await client.patch(url, headers={**admin_headers, "If-Match": '"1"'}, json={"status": "issued"})
    assert issued.status_code == 200 and issued.json()["status"] == "issued" and issued.json()["issued_on"]
    stale = await client.patch(url, headers={**admin_headers, "If-Match": '"1"'}, json={"title": "Khác"})
    assert stale.status_code == 412
    back = await client.patch(url, headers={**admin_headers, "If-Match": '"2"'}, json={"status": "draft"})
    assert back.status_code == 422
    task = created["tasks"][0]["id"]
    done = await client.patch(f"/api/v1/plan-tasks/{task}", headers=admin_headers, json={"status": "done"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    extra = await client.post(f"{url}/targets", headers=admin_headers,
                              json={"indicator_code": "members", "target_value": 18000, "scope_unit_id": d0})
    assert extra.status_code == 201 and extra.json()["scope_unit_id"] == d0
    audited = (await session.execute(select(AuditLog.action).where(AuditLog.entity_type.in_(
        ("plan", "plan_task", "target"))))).scalars().all()
    assert {"plan.create", "plan.update", "plan.task.update", "plan.target.create"} <= set(audited)


async def test_plan_validation_problems(client, tree: Tree, admin_headers):
    p0, p1 = tree.provinces
    unknown = await client.post(P, headers=admin_headers, json={
        "title": "KH", "issuer_unit_id": p0, "period_start": "2024-01-01", "period_end": "2024-12-31",
        "targets": [{"indicator_code": "no_such", "target_value": 1}]})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_indicator"
    assert unknown.json()["errors"][0]["field"] == "targets.0.indicator_code"
    outside = await client.post(P, headers=admin_headers, json={
        "title": "KH", "issuer_unit_id": p0, "period_start": "2024-01-01", "period_end": "2024-12-31",
        "targets": [{"indicator_code": "members", "target_value": 1, "scope_unit_id": p1}]})
    assert outside.status_code == 422 and outside.json()["code"] == "target_scope_outside_issuer"
    backwards = await client.post(P, headers=admin_headers, json={
        "title": "KH", "issuer_unit_id": p0, "period_start": "2024-01-01", "period_end": "2023-12-31"})
    assert backwards.status_code == 422
    assert (await client.get(f"{P}?limit=0", headers=admin_headers)).status_code == 422


async def test_a_district_officer_cannot_write_or_read_another_districts_plans(client, session, tree: Tree,
                                                                              admin_headers):
    d0, d1 = tree.districts[0], tree.districts[1]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=d0))
    foreign = await client.post(P, headers=officer, json={
        "title": "KH", "issuer_unit_id": d1, "period_start": "2024-01-01", "period_end": "2024-12-31"})
    assert foreign.status_code == 404
    other = await plan(client, admin_headers, d1, [])
    assert (await client.get(f"{P}/{other['id']}", headers=officer)).status_code == 404
    viewer = bearer(await grant_token(session, role="viewer", unit_id=d0))
    refused = await client.post(P, headers=viewer, json={
        "title": "KH", "issuer_unit_id": d0, "period_start": "2024-01-01", "period_end": "2024-12-31"})
    assert refused.status_code == 403


async def test_cascade_creates_draft_implementing_plans_with_targets_copied_idempotently(client, tree: Tree,
                                                                                         admin_headers):
    p0 = tree.provinces[0]
    parent = await plan(client, admin_headers, p0, [
        {"indicator_code": "full_time_union_certificate", "target_value": 100},
        {"indicator_code": "members", "target_value": 400, "note": "~18.000 (2023)"}])
    url = f"{P}/{parent['id']}/cascade"
    r = await client.post(url, headers=admin_headers, json={"all_children": True})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["unit_id"] for i in items] == tree.districts[:2] and all(i["created"] for i in items)
    child = (await client.get(f"{P}/{items[0]['plan_id']}", headers=admin_headers)).json()
    assert child["parent_plan_id"] == parent["id"] and child["status"] == "draft"
    assert child["issuer_unit_id"] == tree.districts[0]
    assert [(t["indicator_code"], t["scope_unit_id"], t["target_value"], t["copied_from_id"])
            for t in child["targets"]] == [
        ("full_time_union_certificate", tree.districts[0], 100, parent["targets"][0]["id"]),
        ("members", tree.districts[0], 400, parent["targets"][1]["id"])]
    again = (await client.post(url, headers=admin_headers, json={"unit_ids": [tree.districts[1]]})).json()["items"]
    assert again == [{"unit_id": tree.districts[1], "plan_id": items[1]["plan_id"], "created": False}]
    deeper = (await client.post(url, headers=admin_headers, json={"unit_ids": [tree.grassroots[0]]})).json()
    assert deeper["items"][0]["created"] is True
    implementing = (await client.get(P, headers=admin_headers, params={"parent_plan_id": parent["id"]})).json()
    assert len(implementing["items"]) == 3
    foreign = await client.post(url, headers=admin_headers, json={"unit_ids": [tree.districts[2]]})
    assert foreign.status_code == 422 and foreign.json()["code"] == "not_subordinate_unit"
    both = await client.post(url, headers=admin_headers, json={"unit_ids": [tree.districts[0]], "all_children": True})
    assert both.status_code == 422


async def test_plan_list_is_keyset_paginated_and_scoped(client, session, tree: Tree, admin_headers):
    for unit in (tree.provinces[0], tree.districts[0], tree.districts[1], tree.provinces[1]):
        await plan(client, admin_headers, unit, [])
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    first = (await client.get(P, headers=officer, params={"limit": 2})).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await client.get(P, headers=officer, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    seen = {p["issuer_unit_id"] for p in first["items"] + rest["items"]}
    assert seen == {tree.provinces[0], tree.districts[0], tree.districts[1]} and rest["next_cursor"] is None
