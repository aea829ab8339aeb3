"""The grassroots chair's phone client (issue 12): one compact overview, conditional GETs, deltas, dated facts
with optimistic concurrency, and the sync estimate."""

from __future__ import annotations

from datetime import timedelta

from app.core.db import today
from tests.factories import Tree, bearer, grant_token

OVERVIEW = "/api/v1/chair/overview"


async def _chair(session, unit_id: int, **kw: str) -> dict[str, str]:
    return bearer(await grant_token(session, role="grassroots_chair", unit_id=unit_id, **kw))


async def _committee(client, admin_headers, unit_id: int) -> None:
    term = await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": unit_id, "name": "Nhiệm kỳ 2023–2028", "congress_date": "2023-05-10", "start_date": "2023-05-10",
        "bodies": [{"kind": "bch", "seats": 5}]})
    assert term.status_code == 201, term.text
    bch = term.json()["bodies"][0]["id"]
    cadre = await client.post("/api/v1/cadres", headers=admin_headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Thị", "given_name": "Hoa", "birth_date": "1985-02-03",
        "gender": "female", "employment": "part_time"})
    assert cadre.status_code == 201, cadre.text
    r = await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": cadre.json()["id"], "body_id": bch, "position_code": "chu_tich", "basis": "elected",
        "from_date": "2023-05-10"})
    assert r.status_code == 201, r.text


async def _request(client, admin_headers, issuer: int, title: str, days: int = 7) -> dict:
    r = await client.post("/api/v1/report-requests", headers=admin_headers, json={
        "title": title, "issuer_unit_id": issuer, "audience": "grassroots",
        "deadline": (today() + timedelta(days=days)).isoformat(), "indicator_codes": ["members"]})
    assert r.status_code == 201, r.text
    return r.json()


async def test_overview_shows_the_chairs_own_union_committee_requests_and_deadlines(client, session, tree: Tree,
                                                                                    admin_headers):
    unit = tree.grassroots[0]
    await _committee(client, admin_headers, unit)
    req = await _request(client, admin_headers, tree.districts[0], "Báo cáo quý IV")
    headers = await _chair(session, unit)
    r = await client.get(OVERVIEW, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unit"]["id"] == unit and body["unit"]["member_count"] == 100
    assert [(b["kind"], [m["position_code"] for m in b["members"]]) for b in body["committee"]] == [
        ("bch", ["chu_tich"])]
    assert body["committee"][0]["members"][0]["full_name"] == "Lò Thị Hoa"
    assert body["committee"][0]["members"][0]["assignment_id"]
    assert [p["full_name"] for p in body["people"]] == ["Lò Thị Hoa"] and body["committee_requests"] == []
    assert [(q["id"], q["revision"]) for q in body["report_requests"]] == [(req["id"], None)]
    assert [(d["kind"], d["ref_id"]) for d in body["deadlines"]] == [("report_request", req["id"])]
    assert [i["code"] for i in body["indicators"]] == ["members"] and body["indicators"][0]["name_vi"]
    assert any(n["title"].endswith("Báo cáo quý IV") for n in body["notifications"])
    assert r.headers["cache-control"] == "no-store"

    sub = await client.post(f"/api/v1/report-requests/{req['id']}/submissions", headers=headers,
                            json={"unit_id": unit, "figures": {"members": 101}})
    assert sub.status_code == 200, sub.text
    after = (await client.get(OVERVIEW, headers=headers)).json()
    assert [(q["id"], q["revision"]) for q in after["report_requests"]] == [(req["id"], 1)]
    assert after["deadlines"] == []  # answered: no longer a deadline


async def test_overview_is_scoped_to_the_chair(client, session, tree: Tree):
    headers = await _chair(session, tree.grassroots[0])
    assert (await client.get(OVERVIEW, headers=headers, params={"unit_id": tree.grassroots[1]})).status_code == 404
    assert (await client.get(OVERVIEW, headers=headers, params={"unit_id": tree.grassroots[0]})).status_code == 200
    national = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    missing = await client.get(OVERVIEW, headers=national)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "unit_id"


async def test_overview_etag_answers_304_until_something_changes(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    headers = await _chair(session, unit)
    first = await client.get(OVERVIEW, headers=headers)
    etag = first.headers["etag"]
    again = await client.get(OVERVIEW, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and again.content == b""
    await _request(client, admin_headers, tree.districts[0], "Báo cáo tháng")
    changed = await client.get(OVERVIEW, headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


async def test_overview_updated_since_carries_only_new_requests_and_notifications(client, session, tree: Tree,
                                                                                  admin_headers):
    unit = tree.grassroots[0]
    headers = await _chair(session, unit)
    old = await _request(client, admin_headers, tree.districts[0], "Báo cáo cũ")
    cut = (await client.get(OVERVIEW, headers=headers)).json()["generated_at"]
    new = await _request(client, admin_headers, tree.districts[0], "Báo cáo mới")
    delta = (await client.get(OVERVIEW, headers=headers, params={"updated_since": cut})).json()
    assert delta["delta"] is True
    assert [q["id"] for q in delta["report_requests"]] == [new["id"]]
    assert all("Báo cáo mới" in n["title"] for n in delta["notifications"]) and delta["notifications"]
    full = (await client.get(OVERVIEW, headers=headers)).json()
    assert full["delta"] is False and {q["id"] for q in full["report_requests"]} == {old["id"], new["id"]}


async def test_rule_chair_updates_member_count_with_the_version_it_read(client, session, tree: Tree):
    unit = tree.grassroots[0]
    headers = await _chair(session, unit)
    url = f"/api/v1/chair/units/{unit}/facts"
    version = (await client.get(OVERVIEW, headers=headers)).json()["unit"]["version"]
    assert (await client.patch(url, headers=headers, json={"member_count": 120})).status_code == 428
    ok = await client.patch(url, headers={**headers, "If-Match": f'"{version}"'},
                            json={"member_count": 120, "workforce": 150})
    assert ok.status_code == 200, ok.text
    assert ok.json()["member_count"] == 120 and ok.json()["workforce"] == 150
    assert ok.headers["etag"] == f'"{version + 1}"'
    stale = await client.patch(url, headers={**headers, "If-Match": f'"{version}"'}, json={"member_count": 99})
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    unit_now = (await client.get(f"/api/v1/units/{unit}", headers=headers)).json()
    assert unit_now["member_count"] == 120  # the stale write changed nothing


async def test_rule_chair_facts_only_within_own_union_and_never_other_fields(client, session, tree: Tree):
    headers = await _chair(session, tree.grassroots[0])
    other = await client.patch(f"/api/v1/chair/units/{tree.grassroots[1]}/facts",
                               headers={**headers, "If-Match": "\"1\""}, json={"member_count": 1})
    assert other.status_code == 404
    name = await client.patch(f"/api/v1/chair/units/{tree.grassroots[0]}/facts",
                              headers={**headers, "If-Match": '"1"'}, json={"name": "Đổi tên"})
    assert name.status_code == 422
    negative = await client.patch(f"/api/v1/chair/units/{tree.grassroots[0]}/facts",
                                  headers={**headers, "If-Match": '"1"'}, json={"member_count": -5})
    assert negative.status_code == 422
    null = await client.patch(f"/api/v1/chair/units/{tree.grassroots[0]}/facts",
                              headers={**headers, "If-Match": '"1"'}, json={"member_count": None})
    assert null.status_code == 422
    # the chair still cannot edit the unit record itself
    full = await client.patch(f"/api/v1/units/{tree.grassroots[0]}", headers={**headers, "If-Match": '"1"'},
                              json={"member_count": 1})
    assert full.status_code == 403
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.grassroots[0]))
    denied = await client.patch(f"/api/v1/chair/units/{tree.grassroots[0]}/facts",
                                headers={**viewer, "If-Match": '"1"'}, json={"member_count": 1})
    assert denied.status_code == 403


async def test_sync_estimate_measures_the_real_payload(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    await _committee(client, admin_headers, unit)
    await _request(client, admin_headers, tree.districts[0], "Báo cáo quý IV")
    headers = await _chair(session, unit)
    est = (await client.get("/api/v1/chair/sync-estimate", headers=headers)).json()
    by = {r["resource"]: r for r in est["resources"]}
    assert by["committee"]["items"] == 1 and by["report_requests"]["items"] == 1 and by["unit"]["items"] == 1
    full = await client.get(OVERVIEW, headers=headers)
    assert abs(est["total_bytes"] - len(full.content)) < 200  # same payload, minus formatting and timestamp
    assert 0 < est["total_bytes_gzip"] < est["total_bytes"]


async def test_rule_updated_since_must_be_an_iso_date_time(client, session, tree: Tree):
    """Schemathesis (ST201): `updated_since=0.5` was read as a Unix timestamp; OpenAPI promises `date-time`."""
    headers = await _chair(session, tree.grassroots[0])
    for value in ("0.5", "1700000000", "07/12/2026 08:00", ""):
        r = await client.get(OVERVIEW, headers=headers, params={"updated_since": value})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "updated_since", value
    for value in ("2026-12-07T08:00:00+07:00", "2026-12-07T01:00:00.123Z", "2026-12-07"):
        assert (await client.get(OVERVIEW, headers=headers, params={"updated_since": value})).status_code == 200, value
