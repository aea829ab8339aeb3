"""Rule corrections D1–D7, D11, the two-consecutive-terms limit and equivalent posts (issue 10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rulebook.retirement import retirement_date
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/personnel-actions"
TODAY = date.today()


async def cadre(client, headers, unit_id, given, *, gender="male", birth="1980-03-10"):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Trần", "middle_name": "Quốc", "given_name": given, "birth_date": birth,
        "gender": gender, "employment": "full_time", "education_level": "dai_hoc", "political_theory": "cao_cap"})
    assert r.status_code == 201, r.text
    return r.json()


async def clear(client, headers, cadre_id, on="2020-01-10", positive=True):
    r = await client.post(f"/api/v1/cadres/{cadre_id}/political-clearances", headers=headers, json={
        "positive": positive, "concluded_on": on, "concluded_by": "Tỉnh ủy"})
    assert r.status_code == 201, r.text


async def hold(client, headers, cadre_id, body_id, post, start, end=None):
    r = await client.post("/api/v1/assignments", headers=headers, json={
        "cadre_id": cadre_id, "body_id": body_id, "position_code": post, "basis": "appointed",
        "from_date": start, **({"to_date": end} if end else {})})
    assert r.status_code == 201, r.text
    return r.json()


def rule(action, name):
    return next((r for r in action["eligibility"] if r["rule"] == name), None)


@pytest.fixture
async def org(client, session, tree: Tree, admin_headers):
    province = tree.provinces[0]
    apparatus = (await client.post("/api/v1/bodies", headers=admin_headers,
                                   json={"unit_id": province, "kind": "apparatus"})).json()["id"]
    return {"province": province, "apparatus": apparatus, "grassroots": tree.grassroots[0],
            "approver": bearer(await grant_token(session, role="approver", unit_id=tree.national))}


async def propose(client, headers, **body):
    r = await client.post(API, headers=headers, json={"effective_date": TODAY.isoformat(), **body})
    assert r.status_code == 201, r.text
    return r.json()


async def test_rule_d1_retirement_on_is_the_first_of_the_month_after_the_age_is_reached(client, org, admin_headers):
    assert retirement_date(date(1968, 3, 1), "male") == date(2030, 4, 1)
    assert retirement_date(date(1970, 4, 15), "female") == date(2027, 9, 1)
    assert retirement_date(date(1968, 3, 31), "male") == date(2030, 4, 1)
    man = await cadre(client, admin_headers, org["province"], "Hùng", birth="1968-03-01")
    woman = await cadre(client, admin_headers, org["province"], "Hoa", gender="female", birth="1970-04-15")
    assert man["retirement_on"] == "2030-04-01" and woman["retirement_on"] == "2027-09-01"
    got = (await client.get(f"/api/v1/cadres/{man['id']}", headers=admin_headers)).json()
    assert got["retirement_on"] == "2030-04-01"


async def test_rule_d2_only_in_plan_can_be_overridden(client, org, admin_headers):
    person = await cadre(client, admin_headers, org["province"], "Khoa")  # no clearance, not in plan
    action = await propose(client, admin_headers, type="appointment", cadre_id=person["id"],
                           unit_id=org["province"], position_code="truong_ban")
    assert rule(action, "political_clearance")["passed"] is False and rule(action, "in_plan")["passed"] is False
    await client.post(f"{API}/{action['id']}/submit", headers=admin_headers)
    refused = await client.post(f"{API}/{action['id']}/approve", headers=org["approver"],
                                json={"override_reason": "Ban Thường vụ đồng ý vượt điều kiện"})
    assert refused.status_code == 422 and refused.json()["code"] == "eligibility_failed"
    assert {e["field"] for e in refused.json()["errors"]} == {"political_clearance", "in_plan"}
    # with the clearance on file, only in_plan fails: an override with a reason is accepted
    other = await cadre(client, admin_headers, org["province"], "Lâm")
    await clear(client, admin_headers, other["id"])
    action = await propose(client, admin_headers, type="appointment", cadre_id=other["id"],
                           unit_id=org["province"], position_code="truong_ban")
    await client.post(f"{API}/{action['id']}/submit", headers=admin_headers)
    no_reason = await client.post(f"{API}/{action['id']}/approve", headers=org["approver"], json={})
    assert no_reason.status_code == 422
    ok = await client.post(f"{API}/{action['id']}/approve", headers=org["approver"],
                           json={"override_reason": "Nguồn cán bộ từ đơn vị khác"})
    assert ok.status_code == 200 and ok.json()["override_reason"] == "Nguồn cán bộ từ đơn vị khác"


async def test_rule_d3_clearance_counts_only_on_or_before_the_decision_and_never_in_the_future(
        client, org, admin_headers):
    person = await cadre(client, admin_headers, org["province"], "Minh")
    future = await client.post(f"/api/v1/cadres/{person['id']}/political-clearances", headers=admin_headers, json={
        "positive": True, "concluded_on": (TODAY + timedelta(days=2)).isoformat(), "concluded_by": "Tỉnh ủy"})
    assert future.status_code == 422 and future.json()["code"] == "clearance_in_future"
    await clear(client, admin_headers, person["id"], on="2024-05-01")
    before = await propose(client, admin_headers, type="appointment", cadre_id=person["id"],
                           unit_id=org["province"], position_code="truong_ban", effective_date="2024-04-30")
    assert rule(before, "political_clearance")["passed"] is False
    same_day = await propose(client, admin_headers, type="appointment", cadre_id=person["id"],
                             unit_id=org["province"], position_code="truong_ban", effective_date="2024-05-01")
    assert rule(same_day, "political_clearance")["passed"] is True


async def test_rule_d4_no_planning_without_a_positive_clearance(client, session, org, admin_headers):
    unit = org["grassroots"]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    cycle = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": unit, "name": "Quy hoạch 2027–2032", "start_year": 2027, "end_year": 2032})).json()
    person = await cadre(client, admin_headers, unit, "Nam")
    url = f"/api/v1/planning-cycles/{cycle['id']}/candidates"
    body = {"cadre_id": person["id"], "position_code": "chu_tich"}
    missing = await client.post(url, headers=officer, json=body)
    assert missing.status_code == 422 and missing.json()["code"] == "planning_blocked"
    await clear(client, admin_headers, person["id"], positive=False)
    negative = await client.post(url, headers=officer, json=body)
    assert negative.status_code == 422 and "không đạt" in negative.json()["detail"]
    await clear(client, admin_headers, person["id"], on="2021-01-10")
    assert (await client.post(url, headers=officer, json=body)).status_code == 201


async def test_rule_d5_higher_post_compares_unit_level_and_post_together(client, session, tree: Tree,
                                                                         admin_headers):
    grassroots, province = tree.grassroots[0], tree.provinces[0]
    term = (await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": grassroots, "name": "2023–2028", "start_date": "2023-03-01", "bodies": [{"kind": "bch"}]})).json()
    chair = await cadre(client, admin_headers, grassroots, "Oanh", gender="female", birth="1985-01-01")
    await clear(client, admin_headers, chair["id"])
    await hold(client, admin_headers, chair["id"], term["bodies"][0]["id"], "chu_tich", "2023-03-01")
    officer = bearer(await grant_token(session, role="org_officer", unit_id=province))
    provincial = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": province, "name": "Quy hoạch LĐLĐ tỉnh", "start_year": 2027, "end_year": 2032})).json()
    local = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": grassroots, "name": "Quy hoạch CĐCS", "start_year": 2027, "end_year": 2032})).json()
    for post in ("pho_chu_tich", "uy_vien_btv"):  # a grassroots chair may be planned for the province's posts
        r = await client.post(f"/api/v1/planning-cycles/{provincial['id']}/candidates", headers=officer,
                              json={"cadre_id": chair["id"], "position_code": post})
        assert r.status_code == 201, r.text
    same = await client.post(f"/api/v1/planning-cycles/{local['id']}/candidates", headers=officer,
                             json={"cadre_id": chair["id"], "position_code": "pho_chu_tich"})
    assert same.status_code == 422 and same.json()["code"] == "planning_not_higher_post"


async def test_rule_d6_lateral_moves_skip_the_runway_and_in_plan(client, tree: Tree, org, admin_headers):
    # born 1966: far less than 60 months left, and in no plan
    person = await cadre(client, admin_headers, org["province"], "Phúc", birth="1966-09-01")
    await clear(client, admin_headers, person["id"])
    await hold(client, admin_headers, person["id"], org["apparatus"], "truong_ban", "2018-01-01", "2030-01-01")
    other = tree.provinces[1]
    await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": other, "kind": "apparatus"})
    transfer = await propose(client, admin_headers, type="transfer", cadre_id=person["id"], unit_id=other,
                             position_code="truong_ban")
    lower = await propose(client, admin_headers, type="appointment", cadre_id=person["id"], unit_id=other,
                          position_code="pho_truong_ban")
    for action in (transfer, lower):
        assert rule(action, "retirement_runway") is None and rule(action, "in_plan") is None
    higher = await propose(client, admin_headers, type="appointment", cadre_id=person["id"],
                           unit_id=org["province"], position_code="pho_chu_tich")
    assert rule(higher, "retirement_runway")["passed"] is False and rule(higher, "in_plan")["passed"] is False


async def test_rule_d11_one_chair_per_unit_and_term(client, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    term = (await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": unit, "name": "2023–2028", "start_date": "2023-03-01",
        "bodies": [{"kind": "bch"}, {"kind": "btv"}]})).json()
    bch, btv = (b["id"] for b in term["bodies"])
    chair = await cadre(client, admin_headers, unit, "Quang")
    rival = await cadre(client, admin_headers, unit, "Sang")
    await hold(client, admin_headers, chair["id"], bch, "chu_tich", "2023-03-01")
    await hold(client, admin_headers, chair["id"], btv, "chu_tich", "2023-03-01")  # the BTV's chair is the BCH's
    clash = await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": rival["id"], "body_id": btv, "position_code": "chu_tich", "basis": "elected",
        "from_date": "2024-01-01"})
    assert clash.status_code == 409 and clash.json()["code"] == "chair_already_assigned"


async def test_rule_reappointment_limited_to_two_consecutive_terms(client, org, admin_headers):
    person = await cadre(client, admin_headers, org["province"], "Tín")
    await clear(client, admin_headers, person["id"])
    await hold(client, admin_headers, person["id"], org["apparatus"], "truong_ban", "2016-01-01", "2021-01-01")
    once = await propose(client, admin_headers, type="reappointment", cadre_id=person["id"],
                         unit_id=org["province"], position_code="truong_ban", effective_date="2021-01-01")
    assert rule(once, "max_consecutive_terms")["passed"] is True
    await hold(client, admin_headers, person["id"], org["apparatus"], "truong_ban", "2021-01-01", "2026-01-01")
    third = await propose(client, admin_headers, type="reappointment", cadre_id=person["id"],
                          unit_id=org["province"], position_code="truong_ban", effective_date="2026-01-01")
    result = rule(third, "max_consecutive_terms")
    assert result["passed"] is False and "2 nhiệm kỳ liên tiếp, tối đa 2" in result["message"]


async def test_rule_months_in_current_post_counts_equivalent_posts(client, tree: Tree, org, admin_headers):
    person = await cadre(client, admin_headers, org["province"], "Uy")
    await clear(client, admin_headers, person["id"])
    other = tree.provinces[1]
    other_apparatus = (await client.post("/api/v1/bodies", headers=admin_headers,
                                         json={"unit_id": other, "kind": "apparatus"})).json()["id"]
    # 14 months as Trưởng ban in one province, then 12 in another: an equivalent post, 26 months in all
    await hold(client, admin_headers, person["id"], org["apparatus"], "truong_ban", "2023-01-01", "2024-03-01")
    await hold(client, admin_headers, person["id"], other_apparatus, "truong_ban", "2024-03-01", "2029-03-01")
    action = await propose(client, admin_headers, type="appointment", cadre_id=person["id"], unit_id=other,
                           position_code="pho_chu_tich", effective_date="2025-03-15", dossier_date="2025-03-05")
    result = rule(action, "months_in_current_post")
    assert result["passed"] is True and "26 tháng" in result["message"], result


async def test_rule_approver_inbox_filters_awaiting_me_in_sql_before_the_page_is_cut(client, session, tree: Tree,
                                                                                     admin_headers):
    district, grassroots = tree.districts[0], tree.grassroots[0]
    ids = []
    for unit, given in ((district, "Vân"), (district, "Xuyến"), (grassroots, "Yên")):
        person = await cadre(client, admin_headers, unit, given)
        action = await propose(client, admin_headers, type="appointment", cadre_id=person["id"], unit_id=unit,
                               position_code="uy_vien_bch")  # decided one level up
        await client.post(f"{API}/{action['id']}/submit", headers=admin_headers)
        ids.append(action["id"])
    approver = bearer(await grant_token(session, role="approver", unit_id=district))
    first = (await client.get(API, params={"awaiting_me": "true", "limit": 1}, headers=approver)).json()
    # the district's own actions are decided above it: the first page is the one it may decide, not an empty page
    assert [a["id"] for a in first["items"]] == [ids[2]] and first["next_cursor"] is None
