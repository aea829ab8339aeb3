"""Training: courses, enrolments, results feeding the cadre's history and eligibility, coverage gaps, counts and
the computed indicators #1, #7, #10, #11, #12 (issue 11; domain-rulebook §4.6, §5)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import Tree, bearer, grant_token

COURSES = "/api/v1/training-courses"
YEAR = date.today().year


async def cadre(client, headers, unit_id, given, *, employment="part_time", **extra):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Đèo", "middle_name": "Thị", "given_name": given, "birth_date": "1986-02-01",
        "gender": "female", "employment": employment, "education_level": "dai_hoc", **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def course(client, headers, organiser, tags, *, name="Tập huấn nghiệp vụ công đoàn", qualification=None,
                 starts=f"{YEAR}-03-01", ends=f"{YEAR}-03-05", budget=None, programme_id=None):
    body = {"name": name, "organiser_unit_id": organiser, "tags": tags, "mode": "in_class", "starts_on": starts,
            "ends_on": ends}
    if qualification:
        body["qualification"] = qualification
    if budget is not None:
        body["budget"] = budget
    if programme_id is not None:
        body["programme_id"] = programme_id
    r = await client.post(COURSES, headers=headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def enrol_and_complete(client, headers, course_id, cadre_id, result="passed", **extra):
    r = await client.post(f"{COURSES}/{course_id}/enrolments", headers=headers, json={"cadre_id": cadre_id})
    assert r.status_code == 201, r.text
    done = await client.post(f"/api/v1/enrolments/{r.json()['id']}/complete", headers=headers,
                             json={"result": result, **extra})
    assert done.status_code == 200, done.text
    return done.json()


async def hold_post(client, headers, unit_id, cadre_id, post="chu_tich", start="2022-03-01"):
    term = await client.post("/api/v1/terms", headers=headers, json={
        "unit_id": unit_id, "name": "2022–2027", "start_date": start, "bodies": [{"kind": "bch"}]})
    if term.status_code == 201:
        body_id = term.json()["bodies"][0]["id"]
    else:  # the unit already has a term
        terms = (await client.get("/api/v1/terms", headers=headers, params={"unit_id": unit_id})).json()["items"]
        body_id = (await client.get(f"/api/v1/terms/{terms[0]['id']}", headers=headers)).json()["bodies"][0]["id"]
    r = await client.post("/api/v1/assignments", headers=headers, json={
        "cadre_id": cadre_id, "body_id": body_id, "position_code": post, "basis": "elected", "from_date": start})
    assert r.status_code == 201, r.text


async def test_rule_completed_course_with_qualification_updates_history_and_eligibility(
        client, session, tree: Tree, admin_headers):
    district = tree.districts[0]
    await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": district, "name": "2023–2028", "start_date": "2023-05-01", "bodies": [{"kind": "bch"}]})
    cid = await cadre(client, admin_headers, district, "Mai", employment="full_time", political_theory="trung_cap")
    officer = bearer(await grant_token(session, role="org_officer", unit_id=district))
    action = {"type": "appointment", "cadre_id": cid, "unit_id": district, "position_code": "chu_tich",
              "effective_date": f"{YEAR}-06-01"}

    def standard(a):
        return next(r for r in a["eligibility"] if r["rule"] == "title_standard")

    before = (await client.post("/api/v1/personnel-actions", headers=officer, json=action)).json()
    assert standard(before)["passed"] is False
    assert standard(before)["message"].endswith("chưa có chứng chỉ nghiệp vụ công đoàn")
    c = await course(client, officer, district, ["union_skills"], name="Bồi dưỡng lý luận, nghiệp vụ công đoàn",
                     qualification={"kind": "union_certificate", "level": "co_ban"})
    failed_person = await cadre(client, admin_headers, district, "Lan")
    failed = await enrol_and_complete(client, officer, c["id"], failed_person, result="failed")
    assert failed["qualification_id"] is None  # a fail adds nothing
    done = await enrol_and_complete(client, officer, c["id"], cid, certificate_no="CC-0415")
    assert done["status"] == "completed" and done["qualification_id"] is not None
    quals = (await client.get(f"/api/v1/cadres/{cid}/qualifications", headers=officer)).json()["items"]
    assert any(q["kind"] == "union_certificate" and q["awarded_on"] == f"{YEAR}-03-05" for q in quals)
    after = (await client.post("/api/v1/personnel-actions", headers=officer, json=action)).json()
    assert standard(after)["passed"] is True
    twice = await client.post(f"/api/v1/enrolments/{done['id']}/complete", headers=officer, json={"result": "passed"})
    assert twice.status_code == 409


async def test_rule_completed_political_theory_course_raises_current_level(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    cid = await cadre(client, admin_headers, unit, "Hoa")
    c = await course(client, admin_headers, tree.provinces[0], ["political_theory"], name="Trung cấp lý luận chính trị",
                     qualification={"kind": "political_theory", "level": "trung_cap"})
    await enrol_and_complete(client, admin_headers, c["id"], cid)
    profile = (await client.get(f"/api/v1/cadres/{cid}", headers=admin_headers)).json()
    assert profile["political_theory"] == "trung_cap"


async def test_courses_visible_below_the_organiser_and_enrolments_scoped(client, session, tree: Tree, admin_headers):
    province = tree.provinces[0]
    c = await course(client, admin_headers, province, ["law", "union_skills"], name="Pháp luật lao động",
                     budget=50_000_000)
    chair = bearer(await grant_token(session, role="grassroots_chair", unit_id=tree.grassroots[0]))
    other_chair = bearer(await grant_token(session, role="grassroots_chair", unit_id=tree.grassroots[4]))
    catalogue = (await client.get(COURSES, headers=chair, params={"tag": "law"})).json()["items"]
    assert [x["id"] for x in catalogue] == [c["id"]] and catalogue[0]["tags"] == ["law", "union_skills"]
    assert (await client.get(f"{COURSES}/{c['id']}", headers=other_chair)).status_code == 404  # other province
    mine = await cadre(client, admin_headers, tree.grassroots[0], "Nga")
    r = await client.post(f"{COURSES}/{c['id']}/enrolments", headers=chair, json={"cadre_id": mine})
    assert r.status_code == 201, r.text
    enrolment_id = r.json()["id"]
    again = await client.post(f"{COURSES}/{c['id']}/enrolments", headers=chair, json={"cadre_id": mine})
    assert again.status_code == 409 and again.json()["code"] == "already_enrolled"
    stranger = await cadre(client, admin_headers, tree.grassroots[1], "Quế")
    r = await client.post(f"{COURSES}/{c['id']}/enrolments", headers=chair, json={"cadre_id": stranger})
    assert r.status_code == 422  # a cadre outside the chair's union is not theirs to enrol
    assert (await client.get(f"/api/v1/enrolments/{enrolment_id}", headers=chair)).status_code == 200
    assert (await client.get(f"/api/v1/enrolments/{enrolment_id}", headers=other_chair)).status_code == 404
    # past 32 bits: no such object (core.guards)
    assert (await client.get(f"/api/v1/enrolments/{2**40}", headers=chair)).status_code == 404


async def test_bad_course_input_is_422(client, tree: Tree, admin_headers):
    r = await client.post(COURSES, headers=admin_headers, json={
        "name": "X", "organiser_unit_id": tree.provinces[0], "tags": ["cooking"], "mode": "in_class",
        "starts_on": "2026-01-02", "ends_on": "2026-01-01"})
    assert r.status_code == 422
    r = await client.post(COURSES, headers=admin_headers, json={
        "name": "X", "organiser_unit_id": 2**40, "tags": ["law"], "mode": "online", "starts_on": "2026-01-01",
        "ends_on": "2026-01-01"})
    assert r.status_code in (404, 422)


@pytest.fixture
async def chairs(client, session, tree: Tree, admin_headers):
    """Chairs of four non-state grassroots unions of province 0 (workforce 800 / 100; members 1,200 / 100)."""
    units = tree.grassroots[:4]
    shapes = [(800, 1200), (100, 100), (800, 100), (100, 1200)]
    people = []
    for unit, (workforce, members) in zip(units, shapes, strict=True):
        u = (await client.get(f"/api/v1/units/{unit}", headers=admin_headers))
        r = await client.patch(f"/api/v1/units/{unit}", headers={**admin_headers, "If-Match": u.headers["etag"]},
                               json={"workforce": workforce, "member_count": members})
        assert r.status_code == 200, r.text
        cid = await cadre(client, admin_headers, unit, f"Chủ tịch {unit}")
        await hold_post(client, admin_headers, unit, cid)
        people.append(cid)
    return {"units": units, "people": people, "province": tree.provinces[0], "district": tree.districts[0]}


async def test_rule_coverage_gaps_nonstate_chairs_law_and_indicator_10(client, chairs, admin_headers):
    law = await course(client, admin_headers, chairs["province"], ["law"], name="Pháp luật cho Chủ tịch CĐCS")
    await enrol_and_complete(client, admin_headers, law["id"], chairs["people"][0])
    gaps = (await client.get("/api/v1/training/coverage-gaps", headers=admin_headers, params={
        "unit_id": chairs["province"], "rule": "nonstate_chairs_law"})).json()
    assert gaps["population"] == 2 and gaps["covered"] == 1  # the two enterprises of ≥ 500 workers
    assert [g["cadre_id"] for g in gaps["items"]] == [chairs["people"][2]]
    progress = await indicator(client, admin_headers, chairs["province"], "nonstate_chairs_law_trained")
    assert progress == 50.0


async def test_rule_province_trains_chairs_of_unions_with_1000_members(client, chairs, admin_headers):
    by_district = await course(client, admin_headers, chairs["district"], ["union_skills"], name="Tập huấn huyện")
    by_province = await course(client, admin_headers, chairs["province"], ["union_skills"], name="Tập huấn tỉnh")
    await enrol_and_complete(client, admin_headers, by_district["id"], chairs["people"][0])  # 1,200 members: no
    await enrol_and_complete(client, admin_headers, by_district["id"], chairs["people"][1])  # 100 members: yes
    await enrol_and_complete(client, admin_headers, by_province["id"], chairs["people"][3])  # 1,200 members: yes
    gaps = (await client.get("/api/v1/training/coverage-gaps", headers=admin_headers, params={
        "unit_id": chairs["province"], "rule": "nonstate_chairs_trained"})).json()
    assert gaps["population"] == 4 and gaps["covered"] == 2
    assert sorted(g["cadre_id"] for g in gaps["items"]) == sorted([chairs["people"][0], chairs["people"][2]])
    assert await indicator(client, admin_headers, chairs["province"], "nonstate_chairs_trained") == 50.0


async def test_rule_part_time_skills_and_briefing_indicators(client, chairs, admin_headers):
    skills = await course(client, admin_headers, chairs["province"], ["union_skills"], name="Kỹ năng")
    briefing = await course(client, admin_headers, chairs["province"], ["briefing"], name="Quán triệt NQ")
    await enrol_and_complete(client, admin_headers, skills["id"], chairs["people"][0])
    await enrol_and_complete(client, admin_headers, briefing["id"], chairs["people"][0])
    await enrol_and_complete(client, admin_headers, briefing["id"], chairs["people"][1], result="failed")
    assert await indicator(client, admin_headers, chairs["province"], "part_time_skills_trained") == 25.0
    assert await indicator(client, admin_headers, chairs["province"], "grassroots_chairs_briefed") == 50.0
    assert await indicator(client, admin_headers, chairs["province"], "key_cadres_briefed") == 50.0
    old = await course(client, admin_headers, chairs["province"], ["union_skills"], name="Năm trước",
                       starts=f"{YEAR - 1}-03-01", ends=f"{YEAR - 1}-03-02")
    await enrol_and_complete(client, admin_headers, old["id"], chairs["people"][1])
    assert await indicator(client, admin_headers, chairs["province"], "part_time_skills_trained") == 25.0


async def indicator(client, headers, unit_id, code):
    plan = (await client.post("/api/v1/plans", headers=headers, json={
        "issuer_unit_id": unit_id, "kind": "ke_hoach", "number": f"{code[:10]}/KH", "title": "Kế hoạch đào tạo",
        "period_start": f"{YEAR}-01-01", "period_end": f"{YEAR}-12-31"}))
    assert plan.status_code == 201, plan.text
    target = await client.post(f"/api/v1/plans/{plan.json()['id']}/targets", headers=headers,
                               json={"indicator_code": code, "target_value": 100})
    assert target.status_code == 201, target.text
    r = await client.get(f"/api/v1/targets/{target.json()['id']}/progress", headers=headers,
                         params={"as_of": date.today().isoformat()})
    assert r.status_code == 200, r.text
    return r.json()["value"]


async def test_training_statistics_counts_enrolments_classes_and_budget(client, session, tree: Tree, admin_headers):
    province = tree.provinces[0]
    prog = (await client.post("/api/v1/training-programmes", headers=admin_headers, json={
        "name": "Bồi dưỡng cán bộ CĐCS", "organiser_unit_id": province, "year": YEAR, "budget": 200_000_000})).json()
    a = await course(client, admin_headers, province, ["union_skills"], budget=30_000_000, programme_id=prog["id"])
    b = await course(client, admin_headers, tree.districts[0], ["law"], name="Pháp luật", budget=10_000_000)
    people = [await cadre(client, admin_headers, tree.grassroots[0], g) for g in ("Xuân", "Yến", "Thu")]
    for p in people:
        await enrol_and_complete(client, admin_headers, a["id"], p)
    await client.post(f"{COURSES}/{b['id']}/enrolments", headers=admin_headers, json={"cadre_id": people[0]})
    stats = (await client.get("/api/v1/training/statistics", headers=admin_headers,
                              params={"unit_id": province})).json()
    assert stats["classes"] == 2 and stats["enrolments"] == 4 and stats["completed"] == 3 and stats["passed"] == 3
    assert stats["budget"] == 40_000_000
    assert {r["key"]: (r["classes"], r["enrolments"]) for r in stats["by_tag"]} == {"law": (1, 1),
                                                                                      "union_skills": (1, 3)}
    assert {r["key"]: r["classes"] for r in stats["by_level"]} == {"cap_tinh_nganh": 1, "cap_tren_co_so": 1}
    assert {r["name"]: r["enrolments"] for r in stats["by_programme"]} == {"Bồi dưỡng cán bộ CĐCS": 3, "": 1}
    other = bearer(await grant_token(session, role="viewer", unit_id=tree.provinces[1]))
    assert (await client.get("/api/v1/training/statistics", headers=other,
                             params={"unit_id": province})).status_code == 404
