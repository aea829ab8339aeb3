"""Grassroots-unit ratings (issue 11; HD 1294, domain-rulebook §4.2, rule 23) and indicator #16."""

from __future__ import annotations

from datetime import date

import pytest

from app.ratings.rules import rateable
from tests.factories import Tree, bearer, grant_token, make_unit

API = "/api/v1/unit-ratings"


def test_rule_unit_rating_eligibility_boundaries():
    assert rateable(year=2026, established_on=date(2026, 1, 1), restructured_on=None)[0]
    assert not rateable(year=2026, established_on=date(2026, 1, 2), restructured_on=None)[0]
    assert rateable(year=2026, established_on=date(2010, 1, 1), restructured_on=date(2026, 7, 1))[0]
    ok, why = rateable(year=2026, established_on=date(2010, 1, 1), restructured_on=date(2026, 7, 2))
    assert not ok and "5 tháng" in why
    assert not rateable(year=2026, established_on=None, restructured_on=None)[0]


async def test_rule_unit_rating_components_score_and_level(client, session, tree: Tree):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    r = await client.post(API, headers=officer, json={
        "unit_id": tree.grassroots[0], "year": 2025, "representation": 38, "organisation": 36, "communication": 13,
        "bonus": 3, "decision_no": "45/QĐ-LĐLĐ"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["score"] == 90 and body["level"] == "hoan_thanh_xuat_sac" and body["as_of"] == "2025-12-31"
    assert r.headers["etag"]
    r = await client.post(API, headers=officer, json={"unit_id": tree.grassroots[1], "year": 2025, "score": 89.9})
    assert r.json()["level"] == "hoan_thanh_tot"
    dup = await client.post(API, headers=officer, json={"unit_id": tree.grassroots[0], "year": 2025, "score": 70})
    assert dup.status_code == 409 and dup.json()["code"] == "rating_exists"
    over = await client.post(API, headers=officer, json={"unit_id": tree.grassroots[1], "year": 2024,
                                                         "representation": 41, "organisation": 1, "communication": 1,
                                                         "bonus": 1})
    assert over.status_code == 422
    mismatch = await client.post(API, headers=officer, json={
        "unit_id": tree.grassroots[1], "year": 2024, "score": 50, "representation": 10, "organisation": 10,
        "communication": 10, "bonus": 5})
    assert mismatch.status_code == 422


async def test_rule_unit_not_rateable_when_young_or_not_grassroots(client, session, tree: Tree, admin_headers):
    young = await make_unit(session, unit_type="cong_doan_co_so", parent_id=tree.districts[0], sector="non_state",
                            established_on=date(2025, 3, 1))
    await session.commit()
    r = await client.post(API, headers=admin_headers, json={"unit_id": young, "year": 2025, "score": 80})
    assert r.status_code == 422 and r.json()["code"] == "unit_not_rateable" and "10 tháng" in r.json()["detail"]
    assert (await client.post(API, headers=admin_headers, json={"unit_id": young, "year": 2026,
                                                               "score": 80})).status_code == 201
    r = await client.post(API, headers=admin_headers, json={"unit_id": tree.districts[0], "year": 2025, "score": 80})
    assert r.status_code == 422 and r.json()["code"] == "unit_not_rateable"


async def test_rule_unit_rating_eligibility_after_a_merger(client, session, tree: Tree, admin_headers):
    r = await client.post("/api/v1/units/merge", headers=admin_headers, json={
        "source_ids": [tree.grassroots[0], tree.grassroots[1]],
        "target": {"code": "CDCS-HN", "name": "CĐCS Công ty hợp nhất", "unit_type": "cong_doan_co_so",
                   "parent_id": tree.provinces[0]},
        "effective_date": "2025-08-01", "decision_no": "12/QĐ-LĐLĐ"})
    assert r.status_code in (200, 201), r.text
    merged = r.json()["id"]
    r = await client.post(API, headers=admin_headers, json={"unit_id": merged, "year": 2025, "score": 80})
    assert r.status_code == 422 and r.json()["code"] == "unit_not_rateable" and "hợp nhất" in r.json()["detail"]
    assert (await client.post(API, headers=admin_headers, json={"unit_id": merged, "year": 2026,
                                                               "score": 80})).status_code == 201
    # the merged-away sources ended in 2025: no rating for that year
    gone = await client.post(API, headers=admin_headers, json={"unit_id": tree.grassroots[0], "year": 2025,
                                                               "score": 80})
    assert gone.status_code == 422


async def test_unit_ratings_scope_and_listing(client, session, tree: Tree, admin_headers):
    r = await client.post(API, headers=admin_headers, json={"unit_id": tree.grassroots[0], "year": 2025, "score": 75})
    rating_id = r.json()["id"]
    other = bearer(await grant_token(session, role="viewer", unit_id=tree.provinces[1]))
    assert (await client.get(f"{API}/{rating_id}", headers=other)).status_code == 404
    r = await client.post(API, headers=bearer(await grant_token(session, role="org_officer",
                                                                unit_id=tree.provinces[1])),
                          json={"unit_id": tree.grassroots[0], "year": 2024, "score": 75})
    assert r.status_code == 404
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.districts[0]))
    items = (await client.get(API, headers=viewer, params={"unit_id": tree.grassroots[0]})).json()["items"]
    assert [i["id"] for i in items] == [rating_id]
    assert (await client.get(API, headers=other)).json()["items"] == []
    assert (await client.post(API, headers=viewer, json={"unit_id": tree.grassroots[0], "year": 2024,
                                                         "score": 75})).status_code == 403


@pytest.mark.parametrize("levels,expected", [((90, 72, 60, 40), 50.0), ((95, 91, 88, 71), 100.0)])
async def test_rule_indicator_16_nonstate_rated_good(client, tree: Tree, admin_headers, levels, expected):
    year = date.today().year
    for unit, score in zip(tree.grassroots[:4], levels, strict=True):
        r = await client.post(API, headers=admin_headers, json={"unit_id": unit, "year": year - 1, "score": score})
        assert r.status_code == 201, r.text
    plan = (await client.post("/api/v1/plans", headers=admin_headers, json={
        "issuer_unit_id": tree.provinces[0], "kind": "ke_hoach", "number": "444/KH-LĐLĐ", "title": "Phát triển CĐCS",
        "period_start": f"{year - 1}-01-01", "period_end": f"{year}-12-31"})).json()
    target = (await client.post(f"/api/v1/plans/{plan['id']}/targets", headers=admin_headers,
                                json={"indicator_code": "nonstate_rated_good", "target_value": 55})).json()
    progress = (await client.get(f"/api/v1/targets/{target['id']}/progress", headers=admin_headers,
                                 params={"as_of": date.today().isoformat()})).json()
    assert progress["value"] == expected
