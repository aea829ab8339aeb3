"""Cadre evaluation (issue 11; domain-rulebook §4.1, rules 19–21)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from app.core.audit import AuditLog
from app.evaluations.rules import Bands, exceeds_cap, level_for_score, two_consecutive_failures
from tests.factories import Tree, bearer, grant_token

CYCLES = "/api/v1/evaluation-cycles"


async def cadre(client, headers, unit_id, given, *, employment="part_time"):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Văn", "given_name": given, "birth_date": "1984-05-01",
        "gender": "male", "employment": employment, "education_level": "dai_hoc"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
async def ctx(client, session, tree: Tree, admin_headers):
    district = tree.districts[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=district))
    approver = bearer(await grant_token(session, role="approver", unit_id=district))
    r = await client.post(CYCLES, headers=officer, json={"unit_id": district, "kind": "annual", "period": "2026",
                                                         "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert r.status_code == 201, r.text
    people = [await cadre(client, admin_headers, tree.grassroots[0], g) for g in ("An", "Bình", "Chi", "Dũng", "Hà")]
    return {"district": district, "officer": officer, "approver": approver, "cycle": r.json(), "people": people,
            "tree": tree, "admin": admin_headers}


async def add(client, ctx, cadre_id, cycle_id=None):
    r = await client.post(f"{CYCLES}/{cycle_id or ctx['cycle']['id']}/evaluations", headers=ctx["officer"],
                          json={"cadre_id": cadre_id})
    assert r.status_code == 201, r.text
    return r.json()


async def self_assess(client, ctx, ev_id, score, text="Hoàn thành các nhiệm vụ được giao"):
    return await client.post(f"/api/v1/evaluations/{ev_id}/self-assessment", headers=ctx["officer"],
                             json={"score": score, "text": text})


def test_rule_evaluation_bands_boundaries():
    bands = Bands()
    assert level_for_score(90, bands) == "hoan_thanh_xuat_sac"
    assert level_for_score(89.9, bands) == "hoan_thanh_tot"
    assert level_for_score(70, bands) == "hoan_thanh_tot"
    assert level_for_score(69.99, bands) == "hoan_thanh"
    assert level_for_score(50, bands) == "hoan_thanh"
    assert level_for_score(49.9, bands) == "khong_hoan_thanh"
    assert level_for_score(80, Bands(excellent=80)) == "hoan_thanh_xuat_sac"  # bands come from the rule set


async def test_rule_evaluation_bands_89_9_is_hoan_thanh_tot_through_the_api(client, ctx):
    a, b = (await add(client, ctx, ctx["people"][0])), (await add(client, ctx, ctx["people"][1]))
    r = await self_assess(client, ctx, a["id"], 89.9)
    assert r.status_code == 200, r.text
    assert r.json()["proposed_level"] == "hoan_thanh_tot" and r.json()["status"] == "self_assessed"
    r = await self_assess(client, ctx, b["id"], 90)
    assert r.json()["proposed_level"] == "hoan_thanh_xuat_sac"
    assert ctx["cycle"]["rule_set_code"] == "qd366_2025"


async def test_rule_evaluation_rule_set_by_date_qd124_for_2024(client, ctx):
    r = await client.post(CYCLES, headers=ctx["officer"], json={
        "unit_id": ctx["district"], "kind": "annual", "period": "2024", "starts_on": "2024-01-01",
        "ends_on": "2024-12-31"})
    assert r.json()["rule_set_code"] == "qd124_2023"
    sets = (await client.get("/api/v1/evaluation-rule-sets", headers=ctx["officer"])).json()["items"]
    assert [s["code"] for s in sets] == ["qd124_2023", "qd366_2025"]


async def test_self_assessment_by_weighted_criteria(client, ctx):
    ev = await add(client, ctx, ctx["people"][0])
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/self-assessment", headers=ctx["officer"], json={
        "criteria_scores": {"pham_chat": 100, "nang_luc": 80, "ket_qua": 86}, "text": "Tự đánh giá"})
    assert r.status_code == 200, r.text
    assert r.json()["self_score"] == 89.0  # 0.3·100 + 0.2·80 + 0.5·86
    assert r.json()["proposed_level"] == "hoan_thanh_tot"
    bad = await client.post(f"/api/v1/evaluations/{ev['id']}/self-assessment", headers=ctx["officer"], json={
        "criteria_scores": {"pham_chat": 100}, "text": "Thiếu tiêu chí"})
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} >= {"criteria_scores.nang_luc"}


async def test_rule_decision_requires_self_assessment(client, ctx):
    ev = await add(client, ctx, ctx["people"][0])
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                          json={"level": "hoan_thanh_tot"})
    assert r.status_code == 422 and r.json()["code"] == "self_assessment_required"
    en = await client.post(f"/api/v1/evaluations/{ev['id']}/decision",
                           headers={**ctx["approver"], "Accept-Language": "en"}, json={"level": "hoan_thanh_tot"})
    assert "self-assessed" in en.json()["title"]


async def test_rule_publication_follows_decision_and_steps_are_audited(client, session, ctx):
    ev = await add(client, ctx, ctx["people"][0])
    early = await client.post(f"/api/v1/evaluations/{ev['id']}/publish", headers=ctx["approver"])
    assert early.status_code == 409
    assert (await self_assess(client, ctx, ev["id"], 75)).status_code == 200
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/collective-comment", headers=ctx["officer"],
                          json={"text": "Tập thể nhất trí"})
    assert r.json()["status"] == "commented"
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/proposal", headers=ctx["officer"], json={})
    assert r.json()["status"] == "proposed" and r.json()["proposed_level"] == "hoan_thanh_tot"
    officer_decides = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["officer"],
                                        json={"level": "hoan_thanh_tot"})
    assert officer_decides.status_code == 403  # the authority decides, not the unit
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                          json={"level": "hoan_thanh_tot", "decision_no": "12/QĐ-LĐLĐ"})
    assert r.status_code == 200 and r.json()["level"] == "hoan_thanh_tot"
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/publish", headers=ctx["approver"])
    body = r.json()
    assert body["status"] == "published"
    assert datetime.fromisoformat(body["published_at"]) >= datetime.fromisoformat(body["decided_at"])
    actions = (await session.execute(select(AuditLog.action).where(AuditLog.entity_type == "evaluation",
                                                                   AuditLog.entity_id == str(ev["id"])))).scalars()
    assert set(actions) >= {"evaluation.create", "evaluation.self_assess", "evaluation.comment", "evaluation.propose",
                            "evaluation.decide", "evaluation.publish"}
    history = (await client.get(f"/api/v1/cadres/{ctx['people'][0]}/evaluations", headers=ctx["officer"])).json()
    assert history["items"][0]["level"] == "hoan_thanh_tot"
    assert history["items"][0]["level_name"] == "Hoàn thành tốt nhiệm vụ"


async def test_rule_top_level_share_cap_on_finalize(client, ctx):
    evs = [await add(client, ctx, p) for p in ctx["people"]]  # 5 people, cap 20 % → one HXS allowed
    for ev in evs:
        await self_assess(client, ctx, ev["id"], 95)
    levels = ["hoan_thanh_xuat_sac", "hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh_tot", "hoan_thanh"]
    for ev, level in zip(evs, levels, strict=True):
        r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                              json={"level": level})
        assert r.status_code == 200, r.text
    cycle_id = ctx["cycle"]["id"]
    board = (await client.get(f"{CYCLES}/{cycle_id}", headers=ctx["officer"])).json()
    assert board["top_share"] == 40.0 and board["max_top_share"] == 20.0 and board["progress"]["decided"] == 5
    r = await client.post(f"{CYCLES}/{cycle_id}/finalize", headers=ctx["approver"])
    assert r.status_code == 422 and r.json()["code"] == "top_level_share_exceeded"
    await client.post(f"/api/v1/evaluations/{evs[1]['id']}/decision", headers=ctx["approver"],
                      json={"level": "hoan_thanh_tot"})
    r = await client.post(f"{CYCLES}/{cycle_id}/finalize", headers=ctx["approver"])
    assert r.status_code == 200 and r.json()["status"] == "finalized"
    late = await client.post(f"/api/v1/evaluations/{evs[2]['id']}/decision", headers=ctx["approver"],
                             json={"level": "hoan_thanh"})
    assert late.status_code == 409


def test_rule_top_level_share_cap_boundary():
    assert not exceeds_cap(["hoan_thanh_xuat_sac"] + ["hoan_thanh_tot"] * 4, 20.0)  # exactly 20 %: allowed
    assert exceeds_cap(["hoan_thanh_xuat_sac"] * 2 + ["hoan_thanh_tot"] * 7, 20.0)  # 22.2 %


async def test_finalize_refuses_undecided_evaluations(client, ctx):
    ev = await add(client, ctx, ctx["people"][0])
    await self_assess(client, ctx, ev["id"], 80)
    r = await client.post(f"{CYCLES}/{ctx['cycle']['id']}/finalize", headers=ctx["approver"])
    assert r.status_code == 422 and r.json()["code"] == "evaluations_undecided"


async def test_monthly_light_scores_roll_up_into_the_annual_proposal(client, ctx):
    person = ctx["people"][0]
    for month, score in (("2026-01", 60), ("2026-02", 80)):
        m = (await client.post(CYCLES, headers=ctx["officer"], json={
            "unit_id": ctx["district"], "kind": "monthly", "period": month, "starts_on": f"{month}-01",
            "ends_on": f"{month}-28"})).json()
        ev = await add(client, ctx, person, m["id"])
        await self_assess(client, ctx, ev["id"], score)
    annual = await add(client, ctx, person)
    await self_assess(client, ctx, annual["id"], 95)
    r = await client.post(f"/api/v1/evaluations/{annual['id']}/proposal", headers=ctx["officer"], json={})
    assert r.json()["monthly_average"] == 70.0
    assert r.json()["proposed_score"] == 70.0 and r.json()["proposed_level"] == "hoan_thanh_tot"


async def test_peer_comments_are_anonymous_when_the_cycle_says_so(client, ctx):
    ev = await add(client, ctx, ctx["people"][0])
    r = await client.post(f"/api/v1/evaluations/{ev['id']}/comments", headers=ctx["officer"],
                          json={"kind": "peer", "text": "Nhiệt tình, trách nhiệm", "score": 85})
    assert r.status_code == 201 and r.json()["author"] is None
    items = (await client.get(f"/api/v1/evaluations/{ev['id']}/comments", headers=ctx["officer"])).json()["items"]
    assert items[0]["text"] == "Nhiệt tình, trách nhiệm" and items[0]["author"] is None
    named = (await client.post(CYCLES, headers=ctx["officer"], json={
        "unit_id": ctx["district"], "kind": "ad_hoc", "period": "Trước bổ nhiệm", "starts_on": "2026-05-01",
        "ends_on": "2026-05-31", "anonymous_comments": False})).json()
    ev2 = await add(client, ctx, ctx["people"][1], named["id"])
    r = await client.post(f"/api/v1/evaluations/{ev2['id']}/comments", headers=ctx["officer"],
                          json={"kind": "subordinate", "text": "Sát sao"})
    assert r.json()["author"] is not None


async def test_scope_outside_subtree_is_404(client, session, ctx):
    other = bearer(await grant_token(session, role="org_officer", unit_id=ctx["tree"].districts[2]))
    ev = await add(client, ctx, ctx["people"][0])
    assert (await client.get(f"{CYCLES}/{ctx['cycle']['id']}", headers=other)).status_code == 404
    assert (await client.get(f"/api/v1/evaluations/{ev['id']}", headers=other)).status_code == 404
    r = await self_assess(client, {**ctx, "officer": other}, ev["id"], 80)
    assert r.status_code == 404
    listed = (await client.get(CYCLES, headers=other)).json()["items"]
    assert ctx["cycle"]["id"] not in [c["id"] for c in listed]
    # a cadre of another district cannot join this cycle
    stranger = await cadre(client, ctx["admin"], ctx["tree"].grassroots[4], "Khánh")
    r = await client.post(f"{CYCLES}/{ctx['cycle']['id']}/evaluations", headers=ctx["admin"],
                          json={"cadre_id": stranger})
    assert r.status_code == 422 and r.json()["code"] == "cadre_outside_cycle"


async def test_duplicate_evaluation_is_409_and_bad_input_is_422(client, ctx):
    await add(client, ctx, ctx["people"][0])
    r = await client.post(f"{CYCLES}/{ctx['cycle']['id']}/evaluations", headers=ctx["officer"],
                          json={"cadre_id": ctx["people"][0]})
    assert r.status_code == 409 and r.json()["code"] == "evaluation_exists"
    r = await client.post(CYCLES, headers=ctx["officer"], json={
        "unit_id": ctx["district"], "kind": "annual", "period": "2026", "starts_on": "2026-12-31",
        "ends_on": "2026-01-01"})
    assert r.status_code == 422
    ev = (await client.get(f"{CYCLES}/{ctx['cycle']['id']}/evaluations", headers=ctx["officer"])).json()["items"][0]
    r = await self_assess(client, ctx, ev["id"], 100.5)
    assert r.status_code == 422


def test_rule_dismissal_review_two_consecutive_failures():
    assert two_consecutive_failures({2024: "khong_hoan_thanh", 2025: "khong_hoan_thanh"}) == 2025
    assert two_consecutive_failures({2023: "khong_hoan_thanh", 2024: "hoan_thanh", 2025: "khong_hoan_thanh"}) is None


async def test_rule_dismissal_review_after_two_consecutive_khong_hoan_thanh_years(client, session, ctx):
    person = ctx["people"][0]

    async def annual(year, level):
        cycle = (await client.post(CYCLES, headers=ctx["officer"], json={
            "unit_id": ctx["district"], "kind": "annual", "period": str(year), "starts_on": f"{year}-01-01",
            "ends_on": f"{year}-12-31"})).json()
        ev = await add(client, ctx, person, cycle["id"])
        await self_assess(client, ctx, ev["id"], 45)
        r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                              json={"level": level})
        assert r.status_code == 200, r.text

    async def reviews():
        r = await client.get("/api/v1/tasks", headers=ctx["officer"], params={"status": "open"})
        return [t for t in r.json()["items"] if t["kind"] == "dismissal_review" and t["cadre_id"] == person]

    await annual(2023, "khong_hoan_thanh")
    await annual(2024, "hoan_thanh")
    await annual(2025, "khong_hoan_thanh")
    assert await reviews() == []  # not consecutive
    await annual(2022, "khong_hoan_thanh")  # entered late: 2022 and 2023 are consecutive
    found = await reviews()
    assert len(found) == 1 and "2022, 2023" in found[0]["title"]


async def test_rule_eligibility_shows_the_latest_annual_evaluation(client, session, ctx):
    person = ctx["people"][0]
    unit = ctx["tree"].grassroots[0]
    await client.post("/api/v1/terms", headers=ctx["admin"], json={
        "unit_id": unit, "name": "2022–2027", "start_date": "2022-03-01", "bodies": [{"kind": "bch"}]})
    action = {"type": "appointment", "cadre_id": person, "unit_id": unit, "position_code": "pho_chu_tich",
              "effective_date": "2027-03-01"}

    def fact(a):
        return next(r for r in a["eligibility"] if r["rule"] == "latest_evaluation")

    before = (await client.post("/api/v1/personnel-actions", headers=ctx["officer"], json=action)).json()
    assert fact(before)["passed"] is True and fact(before)["blocking"] is False
    assert "chưa có kết quả" in fact(before)["message"]
    ev = await add(client, ctx, person)
    await self_assess(client, ctx, ev["id"], 40)
    await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                      json={"level": "khong_hoan_thanh"})
    after = (await client.post("/api/v1/personnel-actions", headers=ctx["officer"], json=action)).json()
    assert fact(after)["passed"] is False
    assert fact(after)["message"] == "kết quả đánh giá năm 2026: Không hoàn thành nhiệm vụ"
