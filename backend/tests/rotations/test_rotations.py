"""Rotation programmes (issue 11; domain-rulebook §4.6): origin, destination, planned end, the return task, counts."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.dates import add_months
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/rotations"


async def cadre(client, headers, unit_id, given):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lường", "middle_name": "Văn", "given_name": given,
        "birth_date": "1982-01-01", "gender": "male", "employment": "full_time"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_rule_rotation_ending_task_before_planned_end(client, session, tree: Tree, admin_headers):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    a = await cadre(client, admin_headers, tree.provinces[0], "Sơn")
    soon_start = add_months(date.today() + timedelta(days=30), -12)  # ends in ~30 days
    r = await client.post(API, headers=officer, json={
        "cadre_id": a, "kind": "rotation", "from_unit_id": tree.provinces[0], "to_unit_id": tree.districts[0],
        "head_of_unit": True, "starts_on": soon_start.isoformat(), "planned_months": 12,
        "decision_no": "88/QĐ-LĐLĐ"})
    assert r.status_code == 201, r.text
    assert r.json()["planned_end_on"] == add_months(soon_start, 12).isoformat()
    b = await cadre(client, admin_headers, tree.provinces[0], "Tùng")
    far = await client.post(API, headers=officer, json={
        "cadre_id": b, "kind": "secondment", "from_unit_id": tree.provinces[0], "to_unit_id": tree.districts[1],
        "starts_on": date.today().isoformat(), "planned_months": 24})
    assert far.status_code == 201

    async def ending():
        items = (await client.get("/api/v1/tasks", headers=officer, params={"status": "open"})).json()["items"]
        return [t["cadre_id"] for t in items if t["kind"] == "rotation_ending"]

    assert await ending() == [a]
    from app.rotations.service import scheduled_rotation_endings

    assert await scheduled_rotation_endings(session) == 1
    assert await ending() == [a]  # idempotent
    ret = await client.post(f"{API}/{r.json()['id']}/return", headers=officer,
                            json={"returned_on": date.today().isoformat()})
    assert ret.status_code == 200 and ret.json()["returned_on"] == date.today().isoformat()
    again = await client.post(f"{API}/{r.json()['id']}/return", headers=officer,
                              json={"returned_on": date.today().isoformat()})
    assert again.status_code == 409


async def test_rotation_counts_and_scope(client, session, tree: Tree, admin_headers):
    province = tree.provinces[0]
    people = [await cadre(client, admin_headers, province, g) for g in ("Vĩnh", "Xuân", "Yên", "Anh")]
    moves = [("rotation", True, 36), ("rotation", False, 24), ("transfer", True, None), ("transfer", True, None)]
    for pid, (kind, head, months) in zip(people, moves, strict=True):
        body = {"cadre_id": pid, "kind": kind, "from_unit_id": province, "to_unit_id": tree.districts[0],
                "head_of_unit": head, "starts_on": "2024-03-01"}
        if months:
            body["planned_months"] = months
        assert (await client.post(API, headers=admin_headers, json=body)).status_code == 201
    stats = (await client.get(f"{API}/statistics", headers=admin_headers, params={
        "unit_id": province, "period_start": "2019-01-01", "period_end": "2024-12-31"})).json()
    assert (stats["rotations"], stats["transfers"], stats["head_rotations"], stats["head_transfers"]) == (2, 2, 1, 2)
    outside = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    listed = (await client.get(API, headers=outside)).json()["items"]
    assert listed == []
    first = (await client.get(API, headers=admin_headers, params={"within": tree.districts[0]})).json()["items"][0]
    assert (await client.get(f"{API}/{first['id']}", headers=outside)).status_code == 404
    bad = await client.post(API, headers=admin_headers, json={
        "cadre_id": people[0], "kind": "rotation", "from_unit_id": province, "to_unit_id": province,
        "starts_on": "2024-01-01", "planned_months": 12})
    assert bad.status_code == 422
    no_end = await client.post(API, headers=admin_headers, json={
        "cadre_id": people[0], "kind": "secondment", "from_unit_id": province, "to_unit_id": tree.districts[1],
        "starts_on": "2024-01-01"})
    assert no_end.status_code == 422
    stranger = await client.post(API, headers=outside, json={
        "cadre_id": people[0], "kind": "transfer", "from_unit_id": province, "to_unit_id": tree.districts[1],
        "starts_on": "2024-01-01"})
    assert stranger.status_code == 404
