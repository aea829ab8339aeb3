"""Personnel actions (issue 5; domain-rulebook §4.4–4.6, rules 8–13)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.audit import AuditLog
from app.core.dates import add_years, months_between
from app.rulebook.retirement import retirement_date
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/personnel-actions"
TODAY = date.today()


async def cadre(client, headers, unit_id, *, given="An", gender="male", birth="1975-03-10", **extra):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lê", "middle_name": "Văn", "given_name": given, "birth_date": birth,
        "gender": gender, "employment": "full_time", "education_level": "dai_hoc", "political_theory": "trung_cap",
        **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def clearance(client, headers, cadre_id, positive=True, on="2024-01-10"):
    r = await client.post(f"/api/v1/cadres/{cadre_id}/political-clearances", headers=headers, json={
        "positive": positive, "concluded_on": on, "concluded_by": "Ban Thường vụ Tỉnh ủy"})
    assert r.status_code == 201, r.text


def rule(action, name):
    return next(r for r in action["eligibility"] if r["rule"] == name)


@pytest.fixture
async def people(client, session, tree: Tree, admin_headers):
    province = tree.provinces[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers,
                              json={"unit_id": province, "kind": "apparatus"})).json()
    a = await cadre(client, admin_headers, province)
    await clearance(client, admin_headers, a)
    held = await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": a, "body_id": body["id"], "position_code": "chuyen_vien", "basis": "appointed",
        "from_date": "2019-01-01", "to_date": "2030-01-01"})
    assert held.status_code == 201, held.text
    officer = bearer(await grant_token(session, role="org_officer", unit_id=province))
    approver = bearer(await grant_token(session, role="approver", unit_id=province))
    return {"province": province, "a": a, "officer": officer, "approver": approver, "apparatus": body["id"]}


async def test_appointment_not_in_plan_fails_in_plan_override_is_audited_and_takes_effect(
        client, session, people, admin_headers):
    r = await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": (TODAY - timedelta(days=1)).isoformat(), "decision_no": "215/QĐ-LĐLĐ"})
    assert r.status_code == 201, r.text
    action = r.json()
    assert action["status"] == "draft"
    assert {e["rule"] for e in action["eligibility"]} >= {"retirement_runway", "in_plan", "political_clearance",
                                                          "no_active_discipline", "months_in_current_post",
                                                          "title_standard"}
    assert rule(action, "in_plan")["passed"] is False and rule(action, "in_plan")["blocking"] is True
    assert rule(action, "political_clearance")["passed"] is True
    url = f"{API}/{action['id']}"
    assert (await client.post(f"{url}/submit", headers=people["officer"])).json()["status"] == "submitted"
    refused = await client.post(f"{url}/approve", headers=people["approver"], json={})
    assert refused.status_code == 422 and refused.json()["code"] == "eligibility_failed"
    assert (await client.get(url, headers=people["approver"])).json()["status"] == "submitted"
    ok = await client.post(f"{url}/approve", headers=people["approver"],
                           json={"override_reason": "Cán bộ nguồn từ nơi khác, được Ban Thường vụ thống nhất"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "effective" and ok.json()["override_reason"].startswith("Cán bộ nguồn")
    audited = (await session.execute(select(AuditLog).where(AuditLog.action == "action.approve.override",
                                                            AuditLog.entity_id == str(action["id"])))).scalars().all()
    assert len(audited) == 1 and audited[0].changes["failed_rules"] == ["in_plan"]
    posts = (await client.get(f"/api/v1/cadres/{people['a']}/assignments", headers=admin_headers)).json()["items"]
    by_post = {p["position_code"]: p for p in posts}
    start = TODAY - timedelta(days=1)
    assert by_post["truong_ban"]["from_date"] == start.isoformat()
    assert by_post["truong_ban"]["to_date"] == add_years(start, 5).isoformat()  # rule 13
    assert by_post["truong_ban"]["decision_no"] == "215/QĐ-LĐLĐ"
    assert by_post["chuyen_vien"]["end_reason"] == "appointment"
    assert by_post["chuyen_vien"]["to_date"] == (TODAY - timedelta(days=1)).isoformat()


async def test_rule_out_of_order_transition_is_409_and_changes_nothing(client, people):
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2030-01-01"})).json()
    url = f"{API}/{action['id']}"
    r = await client.post(f"{url}/approve", headers=people["approver"], json={"override_reason": "x" * 10})
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    assert (await client.get(url, headers=people["officer"])).json()["status"] == "draft"
    await client.post(f"{url}/submit", headers=people["officer"])
    again = await client.post(f"{url}/submit", headers=people["officer"])
    assert again.status_code == 409
    assert (await client.post(f"{url}/withdraw", headers=people["officer"])).json()["status"] == "withdrawn"
    assert (await client.post(f"{url}/reject", headers=people["approver"])).status_code == 409


@pytest.mark.parametrize(("birth", "passed", "months"), [
    ("1969-01-01", True, 60),   # reaches 62 in 01/2031, retired from 01/02/2031: 60 months after 15/01/2026
    ("1968-12-31", False, 59),  # reaches 62 in 12/2030, retired from 01/01/2031: one month short
])
async def test_rule_retirement_runway_boundary(client, people, admin_headers, birth, passed, months):
    cid = await cadre(client, admin_headers, people["province"], given="Biên", birth=birth)
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": cid, "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2026-02-01", "dossier_date": "2026-01-15"})).json()
    result = rule(action, "retirement_runway")
    assert result["passed"] is passed
    assert f"còn {months} tháng" in result["message"] and "cần ≥ 60" in result["message"]


async def test_rule_retirement_runway_decree_135_woman_vs_man_born_1970(client, people, admin_headers):
    # D1: retired from the 1st of the month after the month the age is reached (Decree 135/2020)
    assert retirement_date(date(1970, 1, 1), "female") == date(2027, 6, 1)  # 57 years 4 months in 05/2027
    assert retirement_date(date(1970, 1, 1), "male") == date(2032, 2, 1)  # 62 years in 01/2032
    out = {}
    for gender in ("female", "male"):
        cid = await cadre(client, admin_headers, people["province"], given=f"S{gender}", gender=gender,
                          birth="1970-01-01")
        action = (await client.post(API, headers=people["officer"], json={
            "type": "appointment", "cadre_id": cid, "unit_id": people["province"], "position_code": "truong_ban",
            "effective_date": "2026-02-01", "dossier_date": "2026-01-15"})).json()
        out[gender] = rule(action, "retirement_runway")
    assert out["female"]["passed"] is False and "còn 16 tháng" in out["female"]["message"]
    assert out["male"]["passed"] is True and "còn 72 tháng" in out["male"]["message"]
    assert months_between(date(2026, 1, 15), date(2032, 1, 1)) == 71


async def test_rule_months_in_current_post(client, people, admin_headers):
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2021-01-01", "dossier_date": "2020-12-31"})).json()
    held = rule(action, "months_in_current_post")
    assert held["passed"] is False and "23 tháng" in held["message"]
    later = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2021-01-02", "dossier_date": "2021-01-01"})).json()
    assert rule(later, "months_in_current_post")["passed"] is True


async def test_rule_discipline_and_clearance_block_appointment(client, people, admin_headers):
    cid = await cadre(client, admin_headers, people["province"], given="Cúc")
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": cid, "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2026-03-01"})).json()
    assert rule(action, "political_clearance")["passed"] is False
    assert "chưa có kết luận" in rule(action, "political_clearance")["message"]
    await client.post(f"/api/v1/cadres/{cid}/disciplines", headers=admin_headers, json={
        "form": "khien_trach", "effective_from": "2025-12-01", "effective_to": "2026-12-01", "decision_no": "9/QĐ"})
    patched = await client.patch(f"{API}/{action['id']}", headers={**people["officer"], "If-Match": '"1"'},
                                 json={"reason": "xét lại"})
    assert patched.status_code == 200, patched.text
    blocked = rule(patched.json(), "no_active_discipline")
    assert blocked["passed"] is False and "khien_trach" in blocked["message"] and "01/12/2026" in blocked["message"]


async def test_rule_title_standard_for_district_chair(client, session, tree: Tree, admin_headers):
    district = tree.districts[0]
    term = (await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": district, "name": "2023–2028", "start_date": "2023-05-01", "bodies": [{"kind": "bch"}]})).json()
    assert term["id"]
    cid = await cadre(client, admin_headers, district, given="Đào")
    officer = bearer(await grant_token(session, role="org_officer", unit_id=district))
    action = (await client.post(API, headers=officer, json={
        "type": "appointment", "cadre_id": cid, "unit_id": district, "position_code": "chu_tich",
        "effective_date": "2024-06-01"})).json()
    standard = rule(action, "title_standard")
    assert standard["passed"] is False and "chứng chỉ nghiệp vụ công đoàn" in standard["message"]


async def test_rule_approval_authority_upper_level_decides_chairs(client, session, tree: Tree, admin_headers):
    grassroots, district = tree.grassroots[0], tree.districts[0]
    await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": grassroots, "name": "2022–2027", "start_date": "2022-03-01", "bodies": [{"kind": "bch"}]})
    cid = await cadre(client, admin_headers, grassroots, given="Én")
    await clearance(client, admin_headers, cid, on="2023-12-01")  # D2: only in_plan may be overridden
    same_level = bearer(await grant_token(session, role="approver", unit_id=grassroots))
    upper = bearer(await grant_token(session, role="approver", unit_id=district))
    officer = bearer(await grant_token(session, role="org_officer", unit_id=grassroots))
    action = (await client.post(API, headers=officer, json={
        "type": "appointment", "cadre_id": cid, "unit_id": grassroots, "position_code": "chu_tich",
        "effective_date": "2024-01-01"})).json()
    await client.post(f"{API}/{action['id']}/submit", headers=officer)
    inbox_same = (await client.get(API, params={"awaiting_me": "true"}, headers=same_level)).json()["items"]
    assert action["id"] not in [a["id"] for a in inbox_same]
    inbox_upper = (await client.get(API, params={"awaiting_me": "true"}, headers=upper)).json()["items"]
    assert action["id"] in [a["id"] for a in inbox_upper]
    r = await client.post(f"{API}/{action['id']}/approve", headers=same_level, json={"override_reason": "thử" * 3})
    assert r.status_code == 403
    ok = await client.post(f"{API}/{action['id']}/approve", headers=upper,
                           json={"override_reason": "Thống nhất của BTV LĐLĐ huyện"})
    assert ok.status_code == 200 and ok.json()["status"] == "effective", ok.text
    posts = (await client.get(f"/api/v1/cadres/{cid}/assignments", headers=admin_headers)).json()["items"]
    assert posts[0]["position_code"] == "chu_tich" and posts[0]["body"] == "bch" and posts[0]["basis"] == "designated"


async def test_dismissal_closes_the_post_and_transfer_moves_home_unit(client, people, admin_headers, tree: Tree):
    dismissal = (await client.post(API, headers=people["officer"], json={
        "type": "dismissal", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "chuyen_vien",
        "effective_date": "2025-06-30", "decision_no": "40/QĐ"})).json()
    assert rule(dismissal, "holds_post")["passed"] is True
    await client.post(f"{API}/{dismissal['id']}/submit", headers=people["officer"])
    done = await client.post(f"{API}/{dismissal['id']}/approve", headers=people["approver"], json={})
    assert done.json()["status"] == "effective", done.text
    posts = (await client.get(f"/api/v1/cadres/{people['a']}/assignments", headers=admin_headers)).json()["items"]
    assert posts[0]["end_reason"] == "dismissal" and posts[0]["to_date"] == "2025-06-30"

    b = await cadre(client, admin_headers, people["province"], given="Giang")
    await clearance(client, admin_headers, b)
    held = await client.post("/api/v1/assignments", headers=admin_headers, json={  # D6: a lateral move
        "cadre_id": b, "body_id": people["apparatus"], "position_code": "chuyen_vien", "basis": "appointed",
        "from_date": "2020-01-01", "to_date": "2030-01-01"})
    assert held.status_code == 201, held.text
    other = tree.provinces[1]
    await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": other, "kind": "apparatus"})
    transfer = (await client.post(API, headers=admin_headers, json={
        "type": "transfer", "cadre_id": b, "unit_id": other, "position_code": "chuyen_vien",
        "effective_date": "2025-01-01", "decision_no": "50/QĐ-TLĐ"})).json()
    assert transfer["from_unit_id"] == people["province"]
    await client.post(f"{API}/{transfer['id']}/submit", headers=admin_headers)
    moved = await client.post(f"{API}/{transfer['id']}/approve", headers=admin_headers, json={})
    assert moved.json()["status"] == "effective", moved.text
    assert (await client.get(f"/api/v1/cadres/{b}", headers=admin_headers)).json()["unit_id"] == other


async def test_future_dated_action_becomes_effective_on_its_date_once(client, session, people, admin_headers,
                                                                      monkeypatch):
    action = (await client.post(API, headers=people["officer"], json={
        "type": "resignation", "cadre_id": people["a"], "unit_id": people["province"],
        "position_code": "chuyen_vien", "effective_date": (TODAY + timedelta(days=30)).isoformat()})).json()
    await client.post(f"{API}/{action['id']}/submit", headers=people["officer"])
    approved = (await client.post(f"{API}/{action['id']}/approve", headers=people["approver"], json={})).json()
    assert approved["status"] == "approved"
    from app.workflows import service

    assert await service.apply_due_actions(session) == 0
    monkeypatch.setattr(service, "today", lambda: TODAY + timedelta(days=30))
    assert await service.apply_due_actions(session) == 1
    assert await service.apply_due_actions(session) == 0  # idempotent
    await session.commit()
    got = (await client.get(f"{API}/{action['id']}", headers=people["officer"])).json()
    assert got["status"] == "effective" and got["applied_at"]


async def test_batch_is_all_or_nothing(client, people, admin_headers):
    good = {"type": "appointment", "cadre_id": people["a"], "unit_id": people["province"],
            "position_code": "truong_ban", "effective_date": "2026-06-01"}
    r = await client.post(f"{API}/batch", headers=people["officer"],
                          json={"actions": [good, {**good, "cadre_id": 999999}]})
    assert r.status_code == 422 and r.json()["code"] == "batch_item_invalid"
    assert r.json()["errors"][0]["field"] == "actions.1"
    history = (await client.get(API, params={"cadre_id": people["a"]}, headers=people["officer"])).json()["items"]
    assert history == []
    ok = await client.post(f"{API}/batch", headers=people["officer"], json={"actions": [good, good]})
    assert ok.status_code == 201 and len(ok.json()["items"]) == 2
    assert len({a["batch_id"] for a in ok.json()["items"]}) == 1


async def test_nomination_reelection_needs_48_months_first_election_60(client, session, tree: Tree, admin_headers):
    g = tree.grassroots[0]
    term = (await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": g, "name": "2022–2027", "start_date": "2022-03-01", "bodies": [{"kind": "bch"}]})).json()
    # 54 months before retirement at the congress date (man, cap 62): re-election passes, first election fails
    congress = date(2027, 3, 1)
    birth = (congress.replace(year=congress.year - 62) + timedelta(days=54 * 30.5)).isoformat()
    member = await cadre(client, admin_headers, g, given="Hòa", birth=birth)
    newcomer = await cadre(client, admin_headers, g, given="Hiếu", birth=birth)
    await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": member, "body_id": term["bodies"][0]["id"], "position_code": "uy_vien_bch", "basis": "elected",
        "from_date": "2022-03-01"})
    officer = bearer(await grant_token(session, role="org_officer", unit_id=g))
    results = {}
    for who in (member, newcomer):
        a = (await client.post(API, headers=officer, json={
            "type": "nomination", "cadre_id": who, "unit_id": g, "position_code": "uy_vien_bch",
            "effective_date": congress.isoformat(), "dossier_date": "2026-12-01"})).json()
        results[who] = rule(a, "retirement_runway")
    assert results[member]["passed"] is True and "tái cử" in results[member]["message"]
    assert results[newcomer]["passed"] is False and "ứng cử lần đầu" in results[newcomer]["message"]


async def test_configuration_is_versioned_and_editable_by_admin(client, people, admin_headers):
    r = await client.post("/api/v1/rule-settings", headers=admin_headers, json={
        "code": "min_months_appointment", "value": 48, "valid_from": "2030-01-01", "source": "thử nghiệm"})
    assert r.status_code == 201
    # a dossier before the change keeps 60; one after it gets 48
    for dossier, needed in (("2029-12-31", 60), ("2030-01-02", 48)):
        a = (await client.post(API, headers=people["officer"], json={
            "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"],
            "position_code": "truong_ban", "effective_date": "2030-06-01", "dossier_date": dossier})).json()
        assert f"cần ≥ {needed}" in rule(a, "retirement_runway")["message"]
    assert (await client.post("/api/v1/rule-settings", headers=people["officer"], json={
        "code": "min_months_appointment", "value": 1, "valid_from": "2031-01-01"})).status_code == 403
    put = await client.put("/api/v1/approval-authority", headers=admin_headers, json={
        "action_type": None, "position_code": "truong_ban", "unit_level": None, "levels_above": 1})
    assert put.status_code == 200 and put.json()["levels_above"] == 1
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2024-01-01"})).json()
    await client.post(f"{API}/{action['id']}/submit", headers=people["officer"])
    r = await client.post(f"{API}/{action['id']}/approve", headers=people["approver"],
                          json={"override_reason": "đã có ý kiến cấp trên"})
    assert r.status_code == 403  # now the upper level decides apparatus heads
    std = await client.put("/api/v1/title-standards", headers=admin_headers, json={
        "position_code": "truong_ban", "min_education": "thac_si", "min_political_theory": "cao_cap"})
    assert std.status_code == 200
    fresh = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": "2024-01-01"})).json()
    assert "cần ≥ thac_si" in rule(fresh, "title_standard")["message"]


async def test_decision_document_of_an_approved_action(client, people, admin_headers):
    import io

    from docx import Document

    action = (await client.post(API, headers=people["officer"], json={
        "type": "dismissal", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "chuyen_vien",
        "effective_date": "2025-06-30", "decision_no": "41/QĐ-LĐLĐ", "reason": "đề nghị của Ban Tổ chức"})).json()
    url = f"{API}/{action['id']}/decision.docx"
    assert (await client.get(url, headers=people["officer"])).status_code == 409  # not approved yet
    await client.post(f"{API}/{action['id']}/submit", headers=people["officer"])
    await client.post(f"{API}/{action['id']}/approve", headers=people["approver"], json={})
    r = await client.get(url, headers=people["officer"])
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Miễn nhiệm ông Lê Văn An" in text and "30/06/2025" in text
    assert "Xét đề nghị của Ban Tổ chức" in text
