"""Terms, bodies and posts (issue 4; domain-rulebook rules 3, 6, 7, 13)."""

from __future__ import annotations

from datetime import date

from tests.factories import Tree

TERM = {"name": "Nhiệm kỳ 2022–2027", "congress_date": "2022-09-15", "start_date": "2022-09-15",
        "bodies": [{"kind": "bch", "seats": 7}, {"kind": "ubkt", "seats": 3}]}


async def _cadre(client, headers, unit_id, given, gender="male", birth="1980-01-01", **extra):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Văn", "given_name": given, "birth_date": birth,
        "gender": gender, "employment": "part_time", **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _term(client, headers, unit_id, **over):
    r = await client.post("/api/v1/terms", headers=headers, json={**TERM, "unit_id": unit_id, **over})
    assert r.status_code == 201, r.text
    return r.json()


def _bch(term):
    return next(b["id"] for b in term["bodies"] if b["kind"] == "bch")


async def _assign(client, headers, **body):
    return await client.post("/api/v1/assignments", headers=headers,
                             json={"basis": "elected", "from_date": "2022-09-15", **body})


async def test_term_defaults_to_five_years_with_its_bodies(client, tree: Tree, admin_headers):
    term = await _term(client, admin_headers, tree.grassroots[0])
    assert term["end_date"] == "2027-09-15"
    assert sorted(b["kind"] for b in term["bodies"]) == ["bch", "ubkt"]
    r = await client.post("/api/v1/terms", headers=admin_headers,
                          json={**TERM, "unit_id": tree.grassroots[0], "start_date": "2025-01-01"})
    assert r.status_code == 409 and r.json()["code"] == "term_overlap"


async def test_rule_one_chair_per_body_at_any_date(client, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    bch = _bch(await _term(client, admin_headers, unit))
    a = await _cadre(client, admin_headers, unit, "An")
    b = await _cadre(client, admin_headers, unit, "Bình")
    first = await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="chu_tich")
    assert first.status_code == 201, first.text
    assert first.json()["to_date"] == "2027-09-15"  # runs to the end of the term
    clash = await _assign(client, admin_headers, cadre_id=b, body_id=bch, position_code="chu_tich",
                          from_date="2024-01-01")
    assert clash.status_code == 409 and clash.json()["code"] == "chair_already_assigned"
    # once the first chair's post ends, the next may start that day
    end = await client.post(f"/api/v1/assignments/{first.json()['id']}/end", headers=admin_headers,
                            json={"to_date": "2024-01-01", "end_reason": "resignation", "decision_no": "5/QĐ-CĐ"})
    assert end.status_code == 200, end.text
    nxt = await _assign(client, admin_headers, cadre_id=b, body_id=bch, position_code="chu_tich",
                        from_date="2024-01-01", basis="designated")
    assert nxt.status_code == 201, nxt.text
    vice = await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="pho_chu_tich",
                         from_date="2024-01-01")
    assert vice.status_code == 201


async def test_rule_assignment_ends_within_its_term_unless_carried_over(client, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    bch = _bch(await _term(client, admin_headers, unit))
    a = await _cadre(client, admin_headers, unit, "An")
    late = await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="uy_vien_bch",
                         to_date="2028-01-01")
    assert late.status_code == 422 and late.json()["code"] == "assignment_outside_term"
    before = await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="uy_vien_bch",
                           from_date="2022-01-01")
    assert before.status_code == 422
    carried = await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="uy_vien_bch",
                            to_date="2028-01-01", carried_over=True)
    assert carried.status_code == 201 and carried.json()["carried_over"] is True


async def test_rule_early_end_needs_allowed_reason(client, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    bch = _bch(await _term(client, admin_headers, unit))
    a = await _cadre(client, admin_headers, unit, "An")
    assignment = (await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="uy_vien_bch")).json()
    url = f"/api/v1/assignments/{assignment['id']}/end"
    r = await client.post(url, headers=admin_headers, json={"to_date": "2025-03-01", "end_reason": "term_ended"})
    assert r.status_code == 422 and r.json()["code"] == "early_end_reason_required"
    r = await client.post(url, headers=admin_headers, json={"to_date": "2025-03-01", "end_reason": "dismissal",
                                                            "decision_no": "12/QĐ-CĐCS"})
    assert r.status_code == 200 and r.json()["end_reason"] == "dismissal" and r.json()["to_date"] == "2025-03-01"
    again = await client.post(url, headers=admin_headers, json={"to_date": "2025-04-01", "end_reason": "death"})
    assert again.status_code == 409
    history = (await client.get(f"/api/v1/cadres/{a}/assignments", headers=admin_headers)).json()["items"]
    assert history[0]["body"] == "bch" and history[0]["decision_no"] == "12/QĐ-CĐCS"


async def test_rule_apparatus_appointment_runs_five_years(client, tree: Tree, admin_headers):
    unit = tree.provinces[0]
    body = await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": unit, "kind": "apparatus"})
    assert body.status_code == 201
    a = await _cadre(client, admin_headers, unit, "An")
    r = await _assign(client, admin_headers, cadre_id=a, body_id=body.json()["id"], position_code="truong_ban",
                      basis="appointed", from_date="2024-03-01", full_time=True)
    assert r.status_code == 201 and r.json()["to_date"] == "2029-03-01"
    wrong = await _assign(client, admin_headers, cadre_id=a, body_id=body.json()["id"], position_code="chu_nhiem_ubkt",
                          basis="appointed", from_date="2024-03-01")
    assert wrong.status_code == 422 and wrong.json()["code"] == "invalid_position_for_body"


async def test_body_composition_shares(client, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    bch = _bch(await _term(client, admin_headers, unit))
    young_year = date.today().year - 30
    people = [("An", "female", f"{young_year}-01-01"), ("Bình", "male", "1970-01-01"),
              ("Chi", "female", "1975-01-01"), ("Dũng", "male", f"{young_year}-06-01")]
    for i, (given, gender, birth) in enumerate(people):
        cid = await _cadre(client, admin_headers, unit, given, gender=gender, birth=birth)
        r = await _assign(client, admin_headers, cadre_id=cid, body_id=bch,
                          position_code="chu_tich" if i == 0 else "uy_vien_bch")
        assert r.status_code == 201
    comp = (await client.get(f"/api/v1/bodies/{bch}/composition", headers=admin_headers)).json()
    assert comp["seats"] == 7 and comp["filled"] == 4 and comp["vacancies"] == 3
    assert comp["women"] == 2 and comp["women_share"] == 0.5
    assert comp["young"] == 2 and comp["young_share"] == 0.5 and comp["young_age_limit"] == 40
    past = (await client.get(f"/api/v1/bodies/{bch}/composition", params={"as_of": "2022-01-01"},
                             headers=admin_headers)).json()
    assert past["filled"] == 0


async def test_rule_unit_merge_closes_assignments_and_moves_cadres(client, tree: Tree, admin_headers):
    source, target = tree.grassroots[0], tree.grassroots[1]
    bch = _bch(await _term(client, admin_headers, source))
    a = await _cadre(client, admin_headers, source, "An")
    assignment = (await _assign(client, admin_headers, cadre_id=a, body_id=bch, position_code="chu_tich")).json()
    r = await client.post("/api/v1/units/merge", headers=admin_headers, json={
        "source_ids": [source], "target_id": target, "effective_date": "2024-07-01", "decision_no": "30/QĐ"})
    assert r.status_code == 200, r.text
    after = (await client.get(f"/api/v1/cadres/{a}/assignments", headers=admin_headers)).json()["items"]
    assert after[0]["id"] == assignment["id"]
    assert after[0]["to_date"] == "2024-07-01" and after[0]["end_reason"] == "unit_ended"
    assert (await client.get(f"/api/v1/cadres/{a}", headers=admin_headers)).json()["unit_id"] == target


async def test_rule_dissolved_unit_hands_cadres_to_its_parent(client, tree: Tree, admin_headers):
    g = tree.grassroots[0]
    a = await _cadre(client, admin_headers, g, "An")
    r = await client.post(f"/api/v1/units/{g}/dissolve", headers=admin_headers,
                          json={"effective_date": "2024-07-01", "decision_no": "31/QĐ"})
    assert r.status_code == 200, r.text
    assert (await client.get(f"/api/v1/cadres/{a}", headers=admin_headers)).json()["unit_id"] == tree.districts[0]


async def test_rule_13_expiring_appointments_list_the_five_year_periods_ending_soon(client, session, tree: Tree,
                                                                                    admin_headers):
    """The dashboard's "appointments expiring": open appointed posts whose from + 5 years falls by the date asked."""
    from datetime import timedelta

    from app.core.dates import add_years
    from app.core.db import today
    from tests.factories import bearer, grant_token

    on = today()
    unit, other = tree.provinces
    ids = {}
    for u in (unit, other):
        body = await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": u, "kind": "apparatus"})
        ids[u] = body.json()["id"]
    soon = await _cadre(client, admin_headers, unit, "Sắp")
    later = await _cadre(client, admin_headers, unit, "Còn")
    elsewhere = await _cadre(client, admin_headers, other, "Khác")
    started_soon = add_years(on, -5) + timedelta(days=60)  # its period ends in 60 days
    for cadre, u, start in ((soon, unit, started_soon), (later, unit, on), (elsewhere, other, started_soon)):
        r = await _assign(client, admin_headers, cadre_id=cadre, body_id=ids[u], position_code="truong_ban",
                          basis="appointed", from_date=start.isoformat(), full_time=True)
        assert r.status_code == 201, r.text
    by = (on + timedelta(days=365)).isoformat()
    r = await client.get("/api/v1/assignments/expiring", headers=admin_headers, params={"within": unit, "by": by})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["cadre_id"] for i in items] == [soon]  # not the one appointed today, not the other province's
    assert items[0]["to_date"] == add_years(started_soon, 5).isoformat() and items[0]["unit_name"]

    officer = bearer(await grant_token(session, role="org_officer", unit_id=other))
    hidden = await client.get("/api/v1/assignments/expiring", headers=officer, params={"within": unit, "by": by})
    assert hidden.status_code == 404  # a subtree outside the caller's grant
