"""HD 1294: the grassroots union's rating feeds its BCH's own evaluation (issue 11; rulebook §4.2; decision 020).

Each evaluation of a person on a grassroots union's BCH shows that union's rating of the evaluated year; the
chair of a union rated below hoan_thanh_tot cannot be proposed or decided hoan_thanh_xuat_sac."""

from __future__ import annotations

from tests.evaluations.test_evaluations import CYCLES, add, self_assess
from tests.training.test_training import hold_post


async def rate(client, headers, unit_id, year, score):
    r = await client.post("/api/v1/unit-ratings", headers=headers, json={"unit_id": unit_id, "year": year,
                                                                         "score": score})
    assert r.status_code == 201, r.text
    return r.json()


async def test_rule_unit_rating_below_good_bars_the_bch_chair_from_the_top_level(client, ctx):
    g0, g1 = ctx["tree"].grassroots[0], ctx["tree"].grassroots[1]
    chair, member, outsider = ctx["people"][:3]
    await hold_post(client, ctx["admin"], g0, chair, "chu_tich")
    await hold_post(client, ctx["admin"], g0, member, "uy_vien_bch")
    await rate(client, ctx["admin"], g0, 2026, 60)  # hoan_thanh: below "tốt"
    await rate(client, ctx["admin"], g1, 2025, 95)  # another union and year: irrelevant
    evs = [await add(client, ctx, p) for p in (chair, member, outsider)]
    for ev in evs:
        assert (await self_assess(client, ctx, ev["id"], 95)).status_code == 200

    listed = {e["cadre_id"]: e for e in (await client.get(f"{CYCLES}/{ctx['cycle']['id']}/evaluations",
                                                         headers=ctx["officer"])).json()["items"]}
    shown = listed[chair]["unit_rating"]
    assert (shown["unit_id"], shown["year"], shown["level"], shown["is_chair"]) == (g0, 2026, "hoan_thanh", True)
    assert listed[member]["unit_rating"]["position_code"] == "uy_vien_bch"
    assert listed[outsider]["unit_rating"] is None

    proposal = await client.post(f"/api/v1/evaluations/{evs[0]['id']}/proposal", headers=ctx["officer"], json={})
    assert proposal.status_code == 422 and proposal.json()["code"] == "unit_rating_below_good", proposal.text
    en = await client.post(f"/api/v1/evaluations/{evs[0]['id']}/decision",
                           headers={**ctx["approver"], "Accept-Language": "en"}, json={"level": "hoan_thanh_xuat_sac"})
    assert en.status_code == 422 and "chair" in en.json()["title"]
    ok = await client.post(f"/api/v1/evaluations/{evs[0]['id']}/decision", headers=ctx["approver"],
                           json={"level": "hoan_thanh_tot"})
    assert ok.status_code == 200 and ok.json()["unit_rating"]["level"] == "hoan_thanh"
    # a BCH member who is not the chair, and a cadre on no BCH, may still be rated at the top level
    for ev in evs[1:]:
        r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                              json={"level": "hoan_thanh_xuat_sac"})
        assert r.status_code == 200, r.text


async def test_rule_unit_rating_good_or_unrated_leaves_the_chair_free(client, ctx):
    g0, g1 = ctx["tree"].grassroots[0], ctx["tree"].grassroots[1]
    rated_chair, unrated_chair = ctx["people"][:2]
    await hold_post(client, ctx["admin"], g0, rated_chair, "chu_tich")
    await hold_post(client, ctx["admin"], g1, unrated_chair, "chu_tich")
    await rate(client, ctx["admin"], g0, 2026, 75)  # hoan_thanh_tot
    for p in (rated_chair, unrated_chair):
        ev = await add(client, ctx, p)
        await self_assess(client, ctx, ev["id"], 95)
        r = await client.post(f"/api/v1/evaluations/{ev['id']}/proposal", headers=ctx["officer"], json={})
        assert r.status_code == 200 and r.json()["proposed_level"] == "hoan_thanh_xuat_sac", r.text
    got = (await client.get(f"/api/v1/evaluations/{ev['id']}", headers=ctx["officer"])).json()
    assert got["unit_rating"]["unit_id"] == g1 and got["unit_rating"]["level"] is None


async def test_rule_evaluation_level_names_come_from_the_cycle_rule_set(client, session, ctx):
    """Rule 19: the names of the levels are the cycle's rule set's. QĐ 124 and QĐ 366 name them alike (rulebook
    §4.1), so a set given other names must show them — in the cycle, and in the cadre's history."""
    from sqlalchemy import update

    from app.core.db import table_of
    from app.evaluations.models import EvaluationRuleSet

    rule_sets = table_of(EvaluationRuleSet)
    renamed = {"hoan_thanh_xuat_sac": ["Xuất sắc (366)", "Excellent (366)"],
               "hoan_thanh_tot": ["Tốt (366)", "Good (366)"], "hoan_thanh": ["Đạt (366)", "Pass (366)"],
               "khong_hoan_thanh": ["Không đạt (366)", "Fail (366)"]}
    await session.execute(update(rule_sets).where(rule_sets.c.code == "qd366_2025").values(level_names=renamed))
    await session.commit()
    old = (await client.post(CYCLES, headers=ctx["officer"], json={
        "unit_id": ctx["district"], "kind": "annual", "period": "2024", "starts_on": "2024-01-01",
        "ends_on": "2024-12-31"})).json()
    new = (await client.get(f"{CYCLES}/{ctx['cycle']['id']}", headers=ctx["officer"])).json()
    assert new["level_names"]["hoan_thanh_tot"] == ["Tốt (366)", "Good (366)"]
    assert old["level_names"]["hoan_thanh_tot"] == ["Hoàn thành tốt nhiệm vụ", "Well completed duties"]
    person = ctx["people"][0]
    for cycle_id in (old["id"], ctx["cycle"]["id"]):
        ev = await add(client, ctx, person, cycle_id)
        await self_assess(client, ctx, ev["id"], 75)
        r = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                              json={"level": "hoan_thanh_tot"})
        assert r.status_code == 200, r.text
    history = (await client.get(f"/api/v1/cadres/{person}/evaluations", headers=ctx["officer"])).json()["items"]
    assert [(h["period"], h["level_name"]) for h in history] == [("2026", "Tốt (366)"),
                                                                ("2024", "Hoàn thành tốt nhiệm vụ")]
