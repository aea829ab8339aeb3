"""D9 dated member counts (rules 5, 25): member count and workforce are dated facts; as-of answers never change."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import Tree

STATS = "/api/v1/reports/cadre-statistics"


async def patch(client, headers, unit_id, body):
    etag = (await client.get(f"/api/v1/units/{unit_id}", headers=headers)).headers["etag"]
    return await client.patch(f"/api/v1/units/{unit_id}", headers={**headers, "If-Match": etag}, json=body)


async def members(client, headers, unit_id, on):
    r = await client.get(STATS, params={"unit_id": unit_id, "as_of": on}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["members"]


async def test_rule_dated_member_counts_a_later_change_never_alters_an_earlier_answer(client, tree: Tree,
                                                                                      admin_headers):
    g0, g1, district = tree.grassroots[0], tree.grassroots[1], tree.districts[0]
    assert await members(client, admin_headers, district, "2024-06-01") == 200  # 100 + 100 since 2020
    r = await patch(client, admin_headers, g0, {"member_count": 150, "valid_from": "2025-01-01"})
    assert r.status_code == 200, r.text
    assert r.json()["member_count"] == 150 and r.json()["workforce"] is None  # the API shows today's value
    assert await members(client, admin_headers, district, "2024-06-01") == 200
    assert await members(client, admin_headers, district, "2025-02-01") == 250
    listed = (await client.get("/api/v1/units", params={"within": district, "as_of": "2024-06-01"},
                               headers=admin_headers)).json()["items"]
    assert {u["id"]: u["member_count"] for u in listed}[g0] == 100
    # a merge adds a dated row to the target; the day before still answers with the two units apart
    merged = await client.post("/api/v1/units/merge", headers=admin_headers, json={
        "source_ids": [g0], "target_id": g1, "effective_date": "2025-06-01", "decision_no": "9/QĐ-LĐLĐ"})
    assert merged.status_code == 200, merged.text
    assert merged.json()["member_count"] == 250
    assert await members(client, admin_headers, district, "2025-05-31") == 250
    assert await members(client, admin_headers, district, "2025-06-01") == 250
    assert await members(client, admin_headers, district, "2024-06-01") == 200


async def test_rule_dated_member_counts_patch_without_a_date_is_today_and_keeps_the_other_field(
        client, tree: Tree, admin_headers):
    g0 = tree.grassroots[0]
    assert (await patch(client, admin_headers, g0, {"workforce": 130})).status_code == 200
    unit = (await patch(client, admin_headers, g0, {"member_count": 90})).json()
    assert (unit["member_count"], unit["workforce"]) == (90, 130)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert await members(client, admin_headers, tree.districts[0], yesterday) == 200
    for bad in ({"valid_from": "2025-01-01"}, {"member_count": 1, "valid_from": "2019-01-01"},
                {"member_count": 1, "valid_from": (date.today() + timedelta(days=3)).isoformat()}):
        r = await patch(client, admin_headers, g0, bad)
        assert r.status_code == 422, (bad, r.text)


async def test_rule_dated_member_counts_a_recorded_measurement_rechecks_equal(client, tree: Tree, admin_headers):
    district = tree.districts[0]
    m = (await client.post("/api/v1/measurements", headers=admin_headers, json={
        "indicator_code": "members", "unit_id": district, "as_of": "2024-06-01"})).json()
    assert m["value"] == 200, m
    await patch(client, admin_headers, tree.grassroots[0], {"member_count": 500, "valid_from": "2025-01-01"})
    check = (await client.get(f"/api/v1/measurements/{m['id']}/check", headers=admin_headers)).json()
    assert check["same"] is True and check["recomputed_value"] == 200
