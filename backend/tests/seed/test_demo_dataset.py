"""The demo province reproduces the Lai Châu facts as of 23/5/2024 and the 2025 reorganisation after it."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from app.auth.models import UserAccount
from app.auth.tokens import issue_access_token
from app.core.db import today
from app.indicators import compute
from app.seed import run_seed
from tests.factories import bearer, grant_token


async def _all(client, headers, **params):
    items, cursor = [], None
    while True:
        q = dict(params, limit=200, **({"cursor": cursor} if cursor else {}))
        body = (await client.get("/api/v1/units", params=q, headers=headers)).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


async def test_demo_dataset_matches_lai_chau_report_and_2025_reorganisation(client, session):
    summary = await run_seed(session, "demo")
    await session.commit()
    assert summary["grassroots"] == 777
    assert (await run_seed(session, "demo"))["skipped"] is True  # second run does not reseed

    province = summary["province"]
    headers = bearer(await grant_token(session, role="viewer", unit_id=province))

    before = await _all(client, headers, within=province, as_of="2024-05-23")
    types = Counter(u["unit_type"] for u in before if u["id"] != province)
    assert types["ldld_huyen"] == 8 and types["cong_doan_nganh_dia_phuong"] == 2
    assert types["cong_doan_vien_chuc"] == 1 and types["cong_doan_xa_phuong"] == 0
    grassroots = [u for u in before if u["unit_type"] in ("cong_doan_co_so", "nghiep_doan_co_so")]
    assert len(grassroots) == 777
    assert sum(u["member_count"] for u in grassroots) == 22_877

    after = await _all(client, headers, within=province)
    types_after = Counter(u["unit_type"] for u in after if u["id"] != province)
    assert types_after["ldld_huyen"] == 0 and types_after["cong_doan_nganh_dia_phuong"] == 0
    assert types_after["cong_doan_xa_phuong"] == 16 and types_after["cong_doan_vien_chuc"] == 1
    assert types_after["cong_doan_co_so"] == 777  # every grassroots union was carried over, none dangling
    parents = {u["id"]: u["parent_id"] for u in after}
    assert all(parents[u["id"]] in parents for u in after if u["id"] != province)
    district = next(u for u in before if u["unit_type"] == "ldld_huyen")
    history = (await client.get(f"/api/v1/units/{district['id']}/history", headers=headers)).json()["items"]
    assert history[-1]["event_type"] == "dissolve" and history[-1]["effective_date"] == "2025-07-01"


async def _count(client, headers, **params):
    n, cursor = 0, None
    while True:
        q = dict(params, limit=200, **({"cursor": cursor} if cursor else {}))
        body = (await client.get("/api/v1/cadres", params=q, headers=headers)).json()
        n += len(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return n


async def test_demo_full_time_staff_match_the_lai_chau_report(client, session):
    summary = await run_seed(session, "demo")
    await session.commit()
    province = summary["province"]
    headers = bearer(await grant_token(session, role="org_officer", unit_id=province))
    ft = {"within": province, "employment": "full_time"}
    assert await _count(client, headers, **ft) == 52
    assert await _count(client, headers, **ft, gender="female") == 34
    assert await _count(client, headers, **ft, ethnic_minority="true") == 11
    assert await _count(client, headers, **ft, party_member="true") == 51
    university = sum([await _count(client, headers, **ft, education_level=lvl)
                      for lvl in ("dai_hoc", "thac_si", "tien_si")])
    assert university == 50 and await _count(client, headers, **ft, education_level="cnkt") == 2
    assert await _count(client, headers, **ft, political_theory="cao_cap") == 29
    assert await _count(client, headers, **ft, political_theory="trung_cap") == 17
    # every grassroots union has a BCH chair for its 2022–2027 term
    chairs = await _count(client, headers, within=province, position_code="chu_tich", body="bch",
                          as_of="2024-05-23")
    assert chairs == 777 + 1 + 11


async def test_demo_computed_indicators_show_real_figures_and_canbo_is_a_cadre(client, session):
    """Issue 11: on the demo province the seven training/rating indicators (#1, #7, #10, #11, #12, #16, #19) give a
    real figure — a denominator and a value strictly between 0 and 100 — and the `canbo` login is a cadre's own
    account with an evaluation waiting for their self-assessment."""
    summary = await run_seed(session, "demo")
    await session.commit()
    province = summary["province"]
    on = today()
    for code, number in [("key_cadres_briefed", 1), ("part_time_skills", 7), ("nonstate_chairs_law", 10),
                         ("grassroots_chairs_briefed", 11), ("nonstate_chairs_trained", 12),
                         ("nonstate_rated_good", 16), ("training_budget_share", 19)]:
        start = date(on.year - 1, 1, 1) if number == 16 else date(on.year, 1, 1)
        fig = (await compute.compute(session, compute.REGISTRY[code], [province], on, start))[province]
        assert fig.denominator and fig.value is not None and 0 < fig.value < 100, (number, fig)
        if number == 19:
            assert 10 <= fig.value <= 15, fig  # the demo meets KH 364's 10–15 %

    assert "canbo" in summary["users"]
    user = (await session.execute(select(UserAccount).where(UserAccount.username == "canbo"))).scalar_one()
    assert user.cadre_id == summary["own_cadre_id"]
    token, _ = await issue_access_token(session, subject=f"user:{user.id}", client_id="test",
                                        scope="units:read cadres:read reports:read")
    await session.commit()
    mine = (await client.get("/api/v1/me/evaluations", headers=bearer(token))).json()["items"]
    assert any(e["status"] == "pending" and e["cycle_status"] == "open" for e in mine)


async def test_demo_chair_account_belongs_to_the_union_chair_for_self_declarations(client, session):
    """Issue 12: the demo `chair` login is the own account of the person chairing CĐCS LCU-CS0001 (their BCH's
    chu_tich), so the phone's self-declaration screen has a profile to declare."""
    await run_seed(session, "demo")
    await session.commit()
    user = (await session.execute(select(UserAccount).where(UserAccount.username == "chair"))).scalar_one()
    assert user.cadre_id is not None
    token, _ = await issue_access_token(session, subject=f"user:{user.id}", client_id="test",
                                        scope="units:read units:facts cadres:read cadres:write reports:read")
    await session.commit()
    me = (await client.get("/api/v1/me", headers=bearer(token))).json()
    assert me["cadre_id"] == user.cadre_id
    posts = (await client.get(f"/api/v1/cadres/{user.cadre_id}/assignments", headers=bearer(token))).json()["items"]
    assert any(p["position_code"] == "chu_tich" for p in posts)
    made = await client.post("/api/v1/me/self-declarations", headers=bearer(token),
                             json={"section": "contact", "values": {"phone": "0912 345 678"}})
    assert made.status_code == 201, made.text


async def test_demo_plan_targets_every_computed_indicator_and_progress_gives_real_figures(client, session):
    """Issue 9/11: the demo province has its plan implementing NQ 03 (KH 71/KH-LĐLĐ), issued, with a target for
    every computed indicator of the catalogue; the progress endpoint gives each a real figure (a value, and a
    denominator for a ratio) and the manual targets with an approved figure show it. Cascaded to a commune union."""
    from app.indicators.catalogue import BUILT_IN

    summary = await run_seed(session, "demo")
    await session.commit()
    province = summary["province"]
    headers = bearer(await grant_token(session, role="org_officer", unit_id=province))
    listed = (await client.get("/api/v1/plans", params={"issuer_unit_id": province}, headers=headers)).json()["items"]
    plan = next(p for p in listed if p["number"] == "71/KH-LĐLĐ")
    assert plan["status"] == "issued" and listed[0]["id"] == plan["id"]  # the dashboard shows the first plan
    progress = (await client.get(f"/api/v1/plans/{plan['id']}/progress", headers=headers)).json()["items"]
    by_code = {p["indicator_code"]: p for p in progress}
    computed = {code for code, *_, computation in BUILT_IN if computation is not None}
    assert computed <= set(by_code), computed - set(by_code)
    for code in computed:
        item = by_code[code]
        assert item["source"] == "computed" and item["value"] is not None, item
        if item["percentage"]:
            assert item["denominator"], item
        assert item["status"] in ("dat", "vuot", "khong_dat", "chua_den_han")
    for code in ("key_cadres_briefed", "part_time_skills_trained", "nonstate_chairs_law_trained",
                 "grassroots_chairs_briefed", "nonstate_chairs_trained", "nonstate_rated_good",
                 "training_budget_share"):  # issue 11's seven: a figure strictly inside 0–100
        assert 0 < by_code[code]["value"] < 100, by_code[code]
    manual = by_code["full_time_standardised"]
    assert manual["source"] == "measurement" and manual["value"] == 100 and manual["status"] == "dat"
    assert by_code["title_standards_issued"]["value"] == 1
    children = (await client.get("/api/v1/plans", params={"parent_plan_id": plan["id"]},
                                 headers=headers)).json()["items"]
    assert len(children) == 1
    child = (await client.get(f"/api/v1/plans/{children[0]['id']}", headers=headers)).json()
    assert len(child["targets"]) == len(progress)


async def test_demo_planning_pool_can_be_planned_and_a_shortfall_needs_acknowledgement(client, session):
    """Issue 9: the people under the commune union of Tân Phong carry a positive political clearance (D4), so the
    demo's planning screens can plan them; one man over 40 leaves both shares short, and submitting needs the
    acknowledgement with a reason (D8)."""
    summary = await run_seed(session, "demo")
    await session.commit()
    assert summary["planning_pool_clearances"] > 0
    headers = bearer(await grant_token(session, role="org_officer", unit_id=summary["province"]))
    xa = (await client.get("/api/v1/units", params={"q": "Công đoàn xã Tân Phong"}, headers=headers)).json()["items"]
    commune = next(u for u in xa if u["unit_type"] == "cong_doan_xa_phuong" and u["name"] == "Công đoàn xã Tân Phong")
    cycle = (await client.post("/api/v1/planning-cycles", headers=headers, json={
        "unit_id": commune["id"], "name": "Quy hoạch BCH 2026–2031", "start_year": 2026, "end_year": 2031})).json()
    person = (await client.get("/api/v1/cadres", params={"q": "Đỗ Quang Sơn"}, headers=headers)).json()["items"][0]
    added = await client.post(f"/api/v1/planning-cycles/{cycle['id']}/candidates", headers=headers,
                              json={"cadre_id": person["id"], "position_code": "chu_tich"})
    assert added.status_code == 201, added.text
    refused = await client.post(f"/api/v1/planning-cycles/{cycle['id']}/submit", headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "planning_shortfall_unacknowledged"
    assert {e["code"] for e in refused.json()["errors"]} == {"women_share", "young_share"}
    done = await client.post(f"/api/v1/planning-cycles/{cycle['id']}/submit", headers=headers,
                             json={"acknowledge_shortfall": True, "shortfall_reason": "Chưa có nguồn cán bộ nữ, trẻ"})
    assert done.status_code == 200 and done.json()["acknowledgements"][0]["checks"] == ["women_share", "young_share"]
