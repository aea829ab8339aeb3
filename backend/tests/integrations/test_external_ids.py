"""Upsert by external id, bulk upsert and the change feed (issue 15)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.cadres.models import Cadre
from app.integrations.models import ExternalRef
from tests.factories import Tree, bearer, grant_token

UNITS = "/api/v1/units/by-external-id/hrm"
CADRES = "/api/v1/cadres/by-external-id/csdl_cbccvc"


def person(unit_id: int, **over: object) -> dict[str, object]:
    body: dict[str, object] = {"unit_id": unit_id, "family_name": "Lê", "middle_name": "Văn", "given_name": "Nam",
                               "birth_date": "1979-09-02", "gender": "male", "employment": "full_time"}
    body.update(over)
    return body


async def test_rule_upsert_unit_creates_then_updates_by_external_id(client, session, tree: Tree, admin_headers):
    body = {"code": "EXT-CDCS-1", "name": "CĐCS Công ty Sông Đà", "unit_type": "cong_doan_co_so",
            "parent_id": tree.districts[0], "member_count": 120, "established_on": "2020-01-01"}
    created = await client.put(f"{UNITS}/A-17", headers=admin_headers, json=body)
    assert created.status_code == 201, created.text
    unit = created.json()
    assert unit["created"] is True and unit["code"] == "EXT-CDCS-1" and unit["parent_id"] == tree.districts[0]
    same = await client.put(f"{UNITS}/A-17", headers=admin_headers, json=body)
    assert same.status_code == 200 and same.json()["id"] == unit["id"]
    assert same.json()["version"] == unit["version"]  # nothing changed: no new version
    renamed = await client.put(f"{UNITS}/A-17", headers=admin_headers, json={**body, "member_count": 150})
    assert renamed.status_code == 200 and renamed.json()["member_count"] == 150
    assert renamed.json()["version"] == unit["version"] + 1
    fetched = await client.get(f"{UNITS}/A-17", headers=admin_headers)
    assert fetched.status_code == 200 and fetched.json()["member_count"] == 150 and fetched.headers["etag"]
    # a new parent is a restructuring, not an upsert
    moved = await client.put(f"{UNITS}/A-17", headers=admin_headers, json={**body, "parent_id": tree.districts[1]})
    assert moved.status_code == 422 and moved.json()["code"] == "upsert_field_immutable"
    assert moved.json()["errors"][0]["field"] == "parent_id"
    # the same rules as a single create: a type that may not sit under the parent
    bad = await client.put(f"{UNITS}/B-1", headers=admin_headers, json={**body, "code": "EXT-2",
                                                                         "unit_type": "ldld_tinh"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_parent_type"
    assert (await client.get(f"{UNITS}/B-1", headers=admin_headers)).status_code == 404


async def test_rule_upsert_cadre_creates_updates_and_respects_scope(client, session, tree: Tree, admin_headers):
    created = await client.put(f"{CADRES}/079079000001", headers=admin_headers, json=person(tree.grassroots[0]))
    assert created.status_code == 201, created.text
    cadre = created.json()
    assert cadre["created"] is True and cadre["full_name"] == "Lê Văn Nam"
    updated = await client.put(f"{CADRES}/079079000001", headers=admin_headers,
                               json=person(tree.grassroots[1], employment="part_time"))
    assert updated.status_code == 200, updated.text
    assert updated.json()["id"] == cadre["id"] and updated.json()["unit_id"] == tree.grassroots[1]
    assert updated.json()["employment"] == "part_time"
    # a stale If-Match is refused like a PATCH
    stale = await client.put(f"{CADRES}/079079000001", headers={**admin_headers, "If-Match": '"1"'},
                             json=person(tree.grassroots[1], employment="full_time"))
    assert stale.status_code == 412
    # the duplicate rule of a single create applies to a new external id
    dup = await client.put(f"{CADRES}/other-id", headers=admin_headers, json=person(tree.grassroots[1]))
    assert dup.status_code == 409 and dup.json()["code"] == "duplicate_cadre"
    # another province's officer: the mapped cadre is outside their subtree → 404, nothing created
    other = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    hidden = await client.put(f"{CADRES}/079079000001", headers=other, json=person(tree.grassroots[5]))
    assert hidden.status_code == 404
    outside = await client.put(f"{CADRES}/new-1", headers=other, json=person(tree.grassroots[0], given_name="An"))
    assert outside.status_code == 404
    assert (await session.execute(select(func.count()).select_from(ExternalRef))).scalar_one() == 1


async def test_rule_bulk_upsert_is_all_or_nothing_with_per_row_errors(client, session, tree: Tree,
                                                                       admin_headers):
    items = [{**person(tree.grassroots[i % 8], given_name=f"Nam{i}"), "external_id": f"E{i}"} for i in range(5)]
    items[3]["gender"] = "other"  # invalid value
    r = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers, json={"system": "hr", "items": items})
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["items.3.gender"]
    items[3]["gender"] = "female"
    items[4] = {**items[1], "external_id": "E4"}  # same person as row 1 under another id: the duplicate rule
    r = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers, json={"system": "hr", "items": items})
    assert r.status_code == 422 and r.json()["code"] == "batch_item_invalid"
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [("items.4", "duplicate_cadre")]
    assert (await session.execute(select(func.count()).select_from(Cadre))).scalar_one() == 0  # nothing kept
    items[4] = {**person(tree.grassroots[4], given_name="Bình"), "external_id": "E4"}
    ok = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers, json={"system": "hr", "items": items})
    assert ok.status_code == 200, ok.text
    assert ok.json()["created"] == 5 and ok.json()["updated"] == 0
    items[0]["employment"] = "part_time"
    again = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers,
                              json={"system": "hr", "items": items})
    assert (again.json()["created"], again.json()["updated"], again.json()["unchanged"]) == (0, 1, 4)
    assert (await session.execute(select(func.count()).select_from(Cadre))).scalar_one() == 5


async def test_rule_bulk_upsert_takes_at_most_1000_items(client, tree: Tree, admin_headers):
    item = {**person(tree.grassroots[0]), "external_id": "x"}
    r = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers,
                          json={"system": "hr", "items": [item] * 1001})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "items"


async def test_rule_change_feed_lists_changes_since_a_cursor_within_scope(client, session, tree: Tree,
                                                                         admin_headers):
    start = await client.get("/api/v1/changes", headers=admin_headers, params={"limit": 200})
    assert start.status_code == 200
    cursor = start.json()["next_cursor"]
    while start.json()["has_more"]:
        start = await client.get("/api/v1/changes", headers=admin_headers, params={"since": cursor, "limit": 200})
        cursor = start.json()["next_cursor"]
    a = (await client.put(f"{CADRES}/c1", headers=admin_headers, json=person(tree.grassroots[0]))).json()
    b = (await client.put(f"{CADRES}/c2", headers=admin_headers,
                          json=person(tree.grassroots[7], given_name="Hùng"))).json()
    await client.put(f"{CADRES}/c1", headers=admin_headers, json=person(tree.grassroots[0], employment="part_time"))
    feed = await client.get("/api/v1/changes", headers=admin_headers, params={"since": cursor})
    got = [(i["entity_type"], i["entity_id"], i["change"]) for i in feed.json()["items"]]
    assert got == [("cadre", a["id"], "created"), ("cadre", b["id"], "created"), ("cadre", a["id"], "updated")]
    seqs = [i["seq"] for i in feed.json()["items"]]
    assert seqs == sorted(seqs)
    # polling again from the returned cursor: nothing new
    after = await client.get("/api/v1/changes", headers=admin_headers, params={"since": feed.json()["next_cursor"]})
    assert after.json()["items"] == [] and after.json()["next_cursor"] == feed.json()["next_cursor"]
    # a province officer sees only their subtree's changes
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    scoped = await client.get("/api/v1/changes", headers=officer, params={"since": cursor})
    assert [i["entity_id"] for i in scoped.json()["items"]] == [a["id"], a["id"]]
    forged = await client.get("/api/v1/changes", headers=admin_headers, params={"since": "bm9wZQ"})
    assert forged.status_code == 422 and forged.json()["code"] == "invalid_cursor"
