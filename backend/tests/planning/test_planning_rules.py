"""Cadre planning (issue 5; domain-rulebook §4.3, rules 11, 14–17)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import Tree, bearer, grant_token

API = "/api/v1/planning-cycles"
YEAR = date.today().year
ACK = {"acknowledge_shortfall": True, "shortfall_reason": "Đơn vị chưa có cán bộ nữ, trẻ đủ tiêu chuẩn"}


async def cadre(client, headers, unit_id, given, *, gender="male", birth="1985-01-01", cleared=True):
    """A person; with a positive political clearance unless `cleared=False` (D4: none, no planning)."""
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Vàng", "middle_name": "A", "given_name": given, "birth_date": birth,
        "gender": gender, "employment": "part_time", "education_level": "dai_hoc"})
    assert r.status_code == 201, r.text
    cadre_id = r.json()["id"]
    if cleared:
        c = await client.post(f"/api/v1/cadres/{cadre_id}/political-clearances", headers=headers, json={
            "positive": True, "concluded_on": "2024-01-10", "concluded_by": "Đảng ủy"})
        assert c.status_code == 201, c.text
    return cadre_id


@pytest.fixture
async def plan(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    r = await client.post(API, headers=officer, json={"unit_id": unit, "name": "Quy hoạch BCH 2027–2032",
                                                      "start_year": 2027, "end_year": 2032})
    assert r.status_code == 201, r.text
    return {"unit": unit, "officer": officer, "cycle": r.json()["id"], "district": tree.districts[0]}


async def add(client, plan, cadre_id, post="chu_tich", **extra):
    return await client.post(f"{API}/{plan['cycle']}/candidates", headers=plan["officer"],
                             json={"cadre_id": cadre_id, "position_code": post, "reason": "đủ tiêu chuẩn", **extra})


async def test_rule_max_candidates_per_post_refuses_a_fourth(client, plan, admin_headers):
    ids = [await cadre(client, admin_headers, plan["unit"], g) for g in ("An", "Bình", "Chi", "Dũng")]
    for cid in ids[:3]:
        assert (await add(client, plan, cid)).status_code == 201
    fourth = await add(client, plan, ids[3])
    assert fourth.status_code == 422 and fourth.json()["code"] == "planning_post_full"
    assert "at most 3" in fourth.json()["detail"]
    assert (await add(client, plan, ids[3], post="pho_chu_tich")).status_code == 201


async def test_rule_max_posts_per_person(client, plan, admin_headers):
    cid = await cadre(client, admin_headers, plan["unit"], "Giang")
    for post in ("chu_tich", "pho_chu_tich", "uy_vien_btv"):
        assert (await add(client, plan, cid, post=post)).status_code == 201
    r = await add(client, plan, cid, post="chu_nhiem_ubkt")
    assert r.status_code == 422 and r.json()["code"] == "planning_person_full"


async def test_rule_only_higher_posts_are_planned(client, plan, admin_headers):
    term = (await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": plan["unit"], "name": "2022–2027", "start_date": "2022-03-01", "bodies": [{"kind": "bch"}]})).json()
    vice = await cadre(client, admin_headers, plan["unit"], "Hải")
    await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": vice, "body_id": term["bodies"][0]["id"], "position_code": "pho_chu_tich", "basis": "elected",
        "from_date": "2022-03-01"})
    same = await add(client, plan, vice, post="pho_chu_tich")
    assert same.status_code == 422 and same.json()["code"] == "planning_not_higher_post"
    lower = await add(client, plan, vice, post="uy_vien_bch")
    assert lower.status_code == 422
    assert (await add(client, plan, vice, post="chu_tich")).status_code == 201


async def test_rule_one_term_of_working_time_left(client, plan, admin_headers):
    # a man born 1968-06-01 reaches 62 in 06/2030 and is retired from 2030-07-01 (D1): 42 months after
    # 1/1/2027, fewer than one term
    old = await cadre(client, admin_headers, plan["unit"], "Khang", birth="1968-06-01")
    r = await add(client, plan, old)
    assert r.status_code == 422 and r.json()["code"] == "planning_runway"
    assert "còn 42 tháng" in r.json()["detail"] and "cần ≥ 60" in r.json()["detail"]


async def test_structure_shows_live_shares_and_age_bands(client, plan, admin_headers):
    people = [("Lan", "female", f"{YEAR - 30}-01-01"), ("Minh", "male", f"{YEAR - 45}-01-01"),
              ("Nghĩa", "male", f"{YEAR - 52}-01-01"), ("Phong", "male", f"{YEAR - 35}-01-01")]
    for given, gender, birth in people:
        cid = await cadre(client, admin_headers, plan["unit"], given, gender=gender, birth=birth)
        assert (await add(client, plan, cid, post="pho_chu_tich" if given == "Phong" else "chu_tich")
                ).status_code == 201, given
    s = (await client.get(f"{API}/{plan['cycle']}/structure", headers=plan["officer"])).json()
    assert s["overall"]["candidates"] == 4 and s["overall"]["women_share"] == 0.25
    assert s["overall"]["young"] == 2 and s["overall"]["young_share"] == 0.5
    assert s["overall"]["age_bands"] == {"under_40": 2, "from_40_to_50": 1, "over_50": 1}
    checks = {c["check"]: c["passed"] for c in s["checks"]}
    assert checks["women_share"] and checks["young_share"] and checks["three_age_bands"]
    assert {p["position_code"]: p["candidates"] for p in s["posts"]} == {"chu_tich": 3, "pho_chu_tich": 1}


async def test_submitted_plan_is_frozen_and_only_the_upper_level_approves(client, session, plan, admin_headers):
    cid = await cadre(client, admin_headers, plan["unit"], "Quý")
    await add(client, plan, cid)
    url = f"{API}/{plan['cycle']}"
    assert (await client.post(f"{url}/submit", headers=plan["officer"], json=ACK)).json()["status"] == "submitted"
    frozen = await add(client, plan, await cadre(client, admin_headers, plan["unit"], "Sơn"))
    assert frozen.status_code == 409 and frozen.json()["code"] == "cycle_frozen"
    same_level = bearer(await grant_token(session, role="approver", unit_id=plan["unit"]))
    assert (await client.post(f"{url}/approve", headers=same_level, json={})).status_code == 403
    upper = bearer(await grant_token(session, role="approver", unit_id=plan["district"]))
    approved = await client.post(f"{url}/approve", headers=upper, json={"decision_no": "12/QĐ-LĐLĐ", **ACK})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    snap = (await client.get(f"{url}/structure", headers=plan["officer"])).json()["snapshot"]
    assert [c["cadre_id"] for c in snap["candidates"]] == [cid]
    # the annual review opens a revision; approving it supersedes the old plan, whose snapshot never changes
    rev = (await client.post(f"{url}/revisions", headers=plan["officer"])).json()
    assert rev["status"] == "draft" and rev["revision_of"] == plan["cycle"]
    extra = await cadre(client, admin_headers, plan["unit"], "Tâm", gender="female")
    assert (await client.post(f"{API}/{rev['id']}/candidates", headers=plan["officer"], json={
        "cadre_id": extra, "position_code": "chu_tich", "reason": "rà soát quý I"})).status_code == 201
    await client.post(f"{API}/{rev['id']}/submit", headers=plan["officer"], json=ACK)
    await client.post(f"{API}/{rev['id']}/approve", headers=upper, json=ACK)
    assert (await client.get(url, headers=plan["officer"])).json()["status"] == "superseded"
    snap_after = (await client.get(f"{url}/structure", headers=plan["officer"])).json()["snapshot"]
    assert snap_after == snap


async def test_rule_discipline_or_failed_clearance_removes_candidate_everywhere(client, plan, admin_headers):
    a = await cadre(client, admin_headers, plan["unit"], "Uyên", gender="female")
    b = await cadre(client, admin_headers, plan["unit"], "Vinh")
    assert (await add(client, plan, a)).status_code == 201
    assert (await add(client, plan, b)).status_code == 201
    d = await client.post(f"/api/v1/cadres/{a}/disciplines", headers=admin_headers, json={
        "form": "khien_trach", "effective_from": "2026-02-01", "decision_no": "3/QĐ-UBKT"})
    assert d.status_code == 201 and d.json()["removed_from_planning"] == 1
    c = await client.post(f"/api/v1/cadres/{b}/political-clearances", headers=admin_headers, json={
        "positive": False, "concluded_on": "2026-02-01", "concluded_by": "Huyện ủy"})
    assert c.json()["removed_from_planning"] == 1
    rows = (await client.get(f"{API}/{plan['cycle']}/candidates", params={"include_removed": "true"},
                             headers=plan["officer"])).json()["items"]
    reasons = {r["cadre_id"]: r["removed_reason"] for r in rows}
    assert "kỷ luật khien_trach" in reasons[a] and "không đạt" in reasons[b]
    assert (await client.get(f"{API}/{plan['cycle']}/candidates", headers=plan["officer"])).json()["items"] == []
    again = await add(client, plan, a)
    assert again.status_code == 422 and again.json()["code"] == "planning_blocked"


async def test_rule_d7_in_plan_passes_only_for_an_equal_post(client, session, plan, admin_headers):
    cid = await cadre(client, admin_headers, plan["unit"], "Xuân")
    await add(client, plan, cid)
    await client.post(f"{API}/{plan['cycle']}/submit", headers=plan["officer"], json=ACK)
    upper = bearer(await grant_token(session, role="approver", unit_id=plan["district"]))
    await client.post(f"{API}/{plan['cycle']}/approve", headers=upper, json=ACK)
    results = {}
    for post in ("chu_tich", "pho_chu_tich"):
        action = (await client.post("/api/v1/personnel-actions", headers=plan["officer"], json={
            "type": "appointment", "cadre_id": cid, "unit_id": plan["unit"], "position_code": post,
            "effective_date": "2027-06-01"})).json()
        results[post] = next(r for r in action["eligibility"] if r["rule"] == "in_plan")
    assert results["chu_tich"]["passed"] is True
    # D7: only a plan entry for an equal post counts, and the message names the post actually planned
    assert results["pho_chu_tich"]["passed"] is False
    assert "Phó Chủ tịch" in results["pho_chu_tich"]["message"]
    assert "đang được quy hoạch chức danh Chủ tịch" in results["pho_chu_tich"]["message"]


async def test_planning_list_exports_the_approved_snapshot(client, session, plan, admin_headers):
    import io

    from docx import Document
    from openpyxl import load_workbook

    cid = await cadre(client, admin_headers, plan["unit"], "Yến", gender="female")
    await add(client, plan, cid)
    await client.post(f"{API}/{plan['cycle']}/submit", headers=plan["officer"], json=ACK)
    upper = bearer(await grant_token(session, role="approver", unit_id=plan["district"]))
    await client.post(f"{API}/{plan['cycle']}/approve", headers=upper, json={"decision_no": "7/QĐ-LĐLĐ", **ACK})
    xlsx = await client.get(f"{API}/{plan['cycle']}/list.xlsx", headers=plan["officer"])
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[2][1] == "Vàng A Yến" and rows[2][4] == "Chủ tịch" and rows[2][3] == "Nữ"
    docx = await client.get(f"{API}/{plan['cycle']}/list.docx", headers=plan["officer"])
    doc = Document(io.BytesIO(docx.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Vàng A Yến" in cells and any("7/QĐ-LĐLĐ" in c for c in cells)


async def test_rule_d8_planning_shares_below_target_need_an_acknowledgement(client, session, plan, admin_headers):
    import io

    from docx import Document
    from openpyxl import load_workbook

    cid = await cadre(client, admin_headers, plan["unit"], "Bảo", birth="1975-01-01")  # a man, not young
    await add(client, plan, cid)
    url = f"{API}/{plan['cycle']}"
    refused = await client.post(f"{url}/submit", headers=plan["officer"])
    assert refused.status_code == 422 and refused.json()["code"] == "planning_shortfall_unacknowledged"
    assert {e["code"] for e in refused.json()["errors"]} == {"women_share", "young_share"}
    no_reason = await client.post(f"{url}/submit", headers=plan["officer"], json={"acknowledge_shortfall": True})
    assert no_reason.status_code == 422
    assert (await client.get(url, headers=plan["officer"])).json()["status"] == "draft"
    submitted = await client.post(f"{url}/submit", headers=plan["officer"], json=ACK)
    assert submitted.status_code == 200, submitted.text
    assert [a["stage"] for a in submitted.json()["acknowledgements"]] == ["submit"]
    upper = bearer(await grant_token(session, role="approver", unit_id=plan["district"]))
    again = await client.post(f"{url}/approve", headers=upper, json={"decision_no": "8/QĐ-LĐLĐ"})
    assert again.status_code == 422 and again.json()["code"] == "planning_shortfall_unacknowledged"
    approved = await client.post(f"{url}/approve", headers=upper, json={
        "decision_no": "8/QĐ-LĐLĐ", "acknowledge_shortfall": True, "shortfall_reason": "Nguồn cán bộ nữ còn ít"})
    assert approved.status_code == 200, approved.text
    snap = (await client.get(f"{url}/structure", headers=plan["officer"])).json()["snapshot"]
    assert [(a["stage"], a["reason"]) for a in snap["acknowledgements"]] == [
        ("submit", ACK["shortfall_reason"]), ("approve", "Nguồn cán bộ nữ còn ít")]
    xlsx = await client.get(f"{url}/list.xlsx", headers=plan["officer"])
    cells = [str(v) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
             for v in row if v]
    assert any("Nguồn cán bộ nữ còn ít" in c for c in cells)
    docx = await client.get(f"{url}/list.docx", headers=plan["officer"])
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Khi phê duyệt: cơ cấu chưa đạt" in text and ACK["shortfall_reason"] in text


async def test_rule_d8_shares_on_target_need_no_acknowledgement(client, session, plan, admin_headers):
    for given, gender in (("Chi", "female"), ("Dũng", "male")):
        await add(client, plan, await cadre(client, admin_headers, plan["unit"], given, gender=gender,
                                            birth=f"{YEAR - 30}-01-01"), post="chu_tich")
    r = await client.post(f"{API}/{plan['cycle']}/submit", headers=plan["officer"])
    assert r.status_code == 200 and r.json()["acknowledgements"] == []
