"""D9 for the training coverage rules (rules 5, 25; issue 10 D9, issue 11): indicator #10 reads the enterprise's
workforce and #12 the union's member count as they stood on the date asked, so a later PATCH or merge never
changes an earlier date's answer — in the coverage-gaps view and in the indicators alike."""

from __future__ import annotations

from datetime import date

from tests.factories import Tree
from tests.training.test_training import cadre, hold_post

GAPS = "/api/v1/training/coverage-gaps"


async def patch(client, headers, unit_id, body):
    etag = (await client.get(f"/api/v1/units/{unit_id}", headers=headers)).headers["etag"]
    r = await client.patch(f"/api/v1/units/{unit_id}", headers={**headers, "If-Match": etag}, json=body)
    assert r.status_code == 200, r.text


async def gaps(client, headers, unit_id, rule, start, end):
    r = await client.get(GAPS, headers=headers, params={"unit_id": unit_id, "rule": rule, "period_start": start,
                                                        "period_end": end})
    assert r.status_code == 200, r.text
    return r.json()


async def test_rule_coverage_reads_workforce_and_member_count_as_they_stood_on_the_date(
        client, tree: Tree, admin_headers):
    g, other, province = tree.grassroots[0], tree.grassroots[1], tree.provinces[0]
    await patch(client, admin_headers, g, {"workforce": 800, "member_count": 1200, "valid_from": "2024-01-01"})
    await patch(client, admin_headers, other, {"member_count": 950, "valid_from": "2024-01-01"})
    chair = await cadre(client, admin_headers, g, "Chủ tịch")
    await hold_post(client, admin_headers, g, chair)
    y2024 = ("2024-01-01", "2024-12-31")

    law = await gaps(client, admin_headers, province, "nonstate_chairs_law", *y2024)
    assert law["population"] == 1 and [i["cadre_id"] for i in law["items"]] == [chair]
    trained = await gaps(client, admin_headers, province, "nonstate_chairs_trained", *y2024)
    assert [(i["cadre_id"], i["training_group"]) for i in trained["items"]] == [(chair, "province_trained")]
    m = (await client.post("/api/v1/measurements", headers=admin_headers, json={
        "indicator_code": "nonstate_chairs_law_trained", "unit_id": province, "as_of": "2024-12-31"}))
    assert m.status_code == 201, m.text

    # later: the enterprise shrinks and the union loses members (PATCH from 2025) …
    await patch(client, admin_headers, g, {"workforce": 100, "member_count": 100, "valid_from": "2025-01-01"})
    # … then absorbs a union of 950 members (merge on 1/6/2025: 100 + 950 = 1,050)
    merged = await client.post("/api/v1/units/merge", headers=admin_headers, json={
        "source_ids": [other], "target_id": g, "effective_date": "2025-06-01", "decision_no": "12/QĐ-LĐLĐ"})
    assert merged.status_code == 200, merged.text

    # the earlier date's answers are unchanged
    law = await gaps(client, admin_headers, province, "nonstate_chairs_law", *y2024)
    assert law["population"] == 1 and [i["cadre_id"] for i in law["items"]] == [chair]
    trained = await gaps(client, admin_headers, province, "nonstate_chairs_trained", *y2024)
    assert [(i["cadre_id"], i["training_group"]) for i in trained["items"]] == [(chair, "province_trained")]
    check = (await client.get(f"/api/v1/measurements/{m.json()['id']}/check", headers=admin_headers)).json()
    assert check["same"] is True, check
    # the dates after each change read the new values
    assert (await gaps(client, admin_headers, province, "nonstate_chairs_law", "2025-01-01",
                       "2025-05-31"))["population"] == 0
    before_merge = await gaps(client, admin_headers, province, "nonstate_chairs_trained", "2025-01-01", "2025-05-31")
    assert [i["training_group"] for i in before_merge["items"]] == ["any_level"]
    after_merge = await gaps(client, admin_headers, province, "nonstate_chairs_trained", "2025-06-01",
                             date.today().isoformat())
    assert [i["training_group"] for i in after_merge["items"]] == ["province_trained"]
