"""Computed indicators on hand-built data, measurements (rule 25), status (rule 24), progress and drill-down
(rule 26; domain-rulebook §5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.access_log import AccessLog
from app.indicators import service
from app.indicators.status import target_status
from tests.factories import SYSTEM, Tree, bearer, grant_token, make_unit
from tests.indicators.data import apparatus, cadre, plan, post, qualification, term_bodies

M = "/api/v1/measurements"


async def measure(client, headers, code, unit_id, as_of, **extra):
    r = await client.post(M, headers=headers, json={"indicator_code": code, "unit_id": unit_id, "as_of": as_of,
                                                     **extra})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
async def staff(client, tree: Tree, admin_headers):
    """Province 0 and its first district: full-time and part-time staff with and without degrees."""
    p0, d0, g0, p1 = tree.provinces[0], tree.districts[0], tree.grassroots[0], tree.provinces[1]
    bodies = {u: await apparatus(client, admin_headers, u) for u in (p0, d0, g0, p1)}
    c1 = await cadre(client, admin_headers, d0, given="Một")  # full-time, degree, district: numerator
    c2 = await cadre(client, admin_headers, p0, given="Hai", education="cao_dang")  # full-time, no degree
    c3 = await cadre(client, admin_headers, g0, given="Ba")  # grassroots: not an upper level
    c4 = await cadre(client, admin_headers, d0, given="Bốn", employment="part_time")  # part-time
    c5 = await cadre(client, admin_headers, p1, given="Năm")  # other province
    c6 = await cadre(client, admin_headers, p0, given="Sáu", education="cao_dang")  # master's degree in 2025
    await qualification(client, admin_headers, c6, "education", "thac_si", "2025-01-01")
    await qualification(client, admin_headers, c1, "union_certificate", "nghiep_vu_cd", "2022-05-01")
    for c, u in ((c1, d0), (c2, p0), (c3, g0), (c4, d0), (c5, p1), (c6, p0)):
        await post(client, admin_headers, c, bodies[u], full_time=c != c4)
    return {"p0": p0, "d0": d0, "p1": p1, "ids": [c1, c2, c3, c4, c5, c6]}


async def test_upper_staff_degree_counts_full_time_upper_level_staff_with_a_degree_on_the_date(
        client, staff, admin_headers):
    m = await measure(client, admin_headers, "upper_staff_degree", staff["p0"], "2024-06-01")
    assert (m["numerator"], m["denominator"]) == (1, 3) and m["value"] == pytest.approx(33.3333)
    assert m["status"] == "computed" and m["indicator_version"] == 1
    later = await measure(client, admin_headers, "upper_staff_degree", staff["p0"], "2025-06-01")
    assert (later["numerator"], later["denominator"]) == (2, 3)
    before_posts = await measure(client, admin_headers, "upper_staff_degree", staff["p0"], "2022-06-01")
    assert before_posts["denominator"] == 0 and before_posts["value"] is None


async def test_full_time_union_certificate_share(client, staff, admin_headers):
    m = await measure(client, admin_headers, "full_time_union_certificate", staff["d0"], "2024-06-01")
    assert (m["numerator"], m["denominator"], m["value"]) == (1, 2, 50.0)  # c1 (certificate), c3 (grassroots)
    early = await measure(client, admin_headers, "full_time_union_certificate", staff["d0"], "2022-01-01")
    assert early["denominator"] == 0


async def test_measurement_rule_25_recomputation_with_the_same_inputs_gives_the_same_value(
        client, session, staff, admin_headers):
    first = await measure(client, admin_headers, "upper_staff_degree", staff["p0"], "2024-06-01")
    again = await measure(client, admin_headers, "upper_staff_degree", staff["p0"], "2024-06-01")
    assert (first["value"], first["numerator"], first["denominator"]) == \
        (again["value"], again["numerator"], again["denominator"])
    assert first["as_of"] == "2024-06-01" and first["scope_unit_id"] == staff["p0"]
    check = await client.get(f"{M}/{first['id']}/check", headers=admin_headers)
    assert check.status_code == 200 and check.json()["same"] is True
    figure = await service.recompute(session, first["id"])
    assert figure is not None and figure.value == first["value"]


async def test_women_and_young_share_of_bch_btv_seats_and_provincial_leaders_language(
        client, tree: Tree, admin_headers):
    p0, d0 = tree.provinces[0], tree.districts[0]
    term = await term_bodies(client, admin_headers, p0)
    chair = await cadre(client, admin_headers, p0, given="Lan", gender="female", birth="1990-02-01")
    vice = await cadre(client, admin_headers, p0, given="Nam", birth="1970-02-01")
    member = await cadre(client, admin_headers, p0, given="Hoa", gender="female", birth="1970-05-01")
    await qualification(client, admin_headers, chair, "language", "b2")
    await qualification(client, admin_headers, vice, "language", "a2")
    await post(client, admin_headers, chair, term["bch"], "chu_tich", basis="elected")
    await post(client, admin_headers, chair, term["btv"], "chu_tich", basis="elected")
    await post(client, admin_headers, vice, term["bch"], "pho_chu_tich", basis="elected")
    await post(client, admin_headers, member, term["bch"], "uy_vien_bch", basis="elected", full_time=False)
    district_chair = await cadre(client, admin_headers, d0, given="Minh")
    await qualification(client, admin_headers, district_chair, "language", "c1")
    await post(client, admin_headers, district_chair, (await term_bodies(client, admin_headers, d0))["bch"],
               "chu_tich", basis="elected")
    women = await measure(client, admin_headers, "bch_btv_women_share", p0, "2024-06-01")
    # 4 provincial seats (the chair sits on the BCH and the BTV) + the district chair's seat
    assert (women["numerator"], women["denominator"], women["value"]) == (3, 5, 60.0)
    young = await measure(client, admin_headers, "bch_btv_young_share", p0, "2024-06-01")
    assert (young["numerator"], young["denominator"]) == (2, 5)
    district = await measure(client, admin_headers, "bch_btv_women_share", d0, "2024-06-01")
    assert (district["numerator"], district["denominator"]) == (0, 1)
    language = await measure(client, admin_headers, "provincial_leaders_language", p0, "2024-06-01")
    assert (language["numerator"], language["denominator"], language["value"]) == (1, 2, 50.0)


async def test_new_non_state_grassroots_unions_in_the_period_and_members(client, session, tree: Tree, admin_headers):
    d0 = tree.districts[0]
    await make_unit(session, unit_type="cong_doan_co_so", parent_id=d0, sector="non_state", member_count=40,
                    established_on=date(2024, 3, 1))
    await make_unit(session, unit_type="cong_doan_co_so", parent_id=d0, sector="state", member_count=10,
                    established_on=date(2024, 4, 1))
    await make_unit(session, unit_type="cong_doan_co_so", parent_id=d0, sector="non_state", member_count=5,
                    established_on=date(2023, 5, 1))
    await session.commit()
    new_2024 = await measure(client, admin_headers, "new_nonstate_grassroots", d0, "2024-12-31",
                             period_start="2024-01-01")
    assert new_2024["value"] == 1 and new_2024["denominator"] is None
    new_2023 = await measure(client, admin_headers, "new_nonstate_grassroots", d0, "2023-12-31")
    assert new_2023["value"] == 1 and new_2023["period_start"] == "2023-01-01"
    members = await measure(client, admin_headers, "members", d0, "2024-12-31")
    assert members["value"] == 200 + 40 + 10 + 5
    assert (await measure(client, admin_headers, "members", d0, "2023-12-31"))["value"] == 205
    assert (await measure(client, admin_headers, "members", tree.national, "2024-12-31"))["value"] == 800 + 55


@pytest.mark.parametrize(("value", "target", "on", "expected"), [
    (100.0, 20.0, date(2024, 1, 1), "vuot"),  # Lai Châu: "Vượt, 100%" against 20 %
    (100.0, 100.0, date(2026, 1, 1), "dat"),  # a 100 % target met exactly is Đạt, never Vượt
    (20.0, 20.0, date(2026, 1, 1), "dat"),  # met exactly: Đạt
    (50.0, 100.0, date(2024, 1, 1), "chua_den_han"),  # not met before the due date
    (50.0, 100.0, date(2026, 1, 1), "khong_dat"),  # not met after it
    (None, 100.0, date(2026, 1, 1), "khong_dat"),
])
def test_rule_24_status_is_vuot_only_when_the_value_strictly_beats_a_target_below_100(value, target, on, expected):
    assert target_status(value, target, "ge", percentage=True, due=date(2025, 12, 31), on=on) == expected


def test_rule_24_counts_and_other_comparators():
    due, after = date(2025, 12, 31), date(2026, 1, 1)
    assert target_status(15, 13, "ge", percentage=False, due=due, on=after) == "vuot"  # a count can be exceeded
    assert target_status(13, 13, "ge", percentage=False, due=due, on=after) == "dat"
    assert target_status(5, 10, "le", percentage=True, due=due, on=after) == "vuot"
    assert target_status(10, 10, "eq", percentage=True, due=due, on=after) == "dat"
    assert target_status(11, 10, "eq", percentage=True, due=due, on=after) == "khong_dat"


async def test_rule_24_target_progress_vuot_and_dat_through_the_api(client, staff, admin_headers):
    p = await plan(client, admin_headers, staff["p0"], [
        {"indicator_code": "upper_staff_degree", "target_value": 20},  # 33 % against 20 %: Vượt
        {"indicator_code": "upper_staff_degree", "target_value": 100},  # 67 % against 100 % at the due date
        {"indicator_code": "members", "target_value": 400, "comparator": "ge", "scope_unit_id": staff["p0"]},
    ])
    t20, t100, tmembers = (t["id"] for t in p["targets"])
    r = await client.get(f"/api/v1/targets/{t20}/progress", headers=admin_headers, params={"as_of": "2024-06-01"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "vuot" and body["label_vi"] == "Vượt" and body["value"] == pytest.approx(33.3333)
    assert [pt["period_end"] for pt in body["trend"]] == ["2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31"]
    assert body["trend"][-1]["value"] == pytest.approx(33.3333)
    early = (await client.get(f"/api/v1/targets/{t100}/progress", headers=admin_headers,
                              params={"as_of": "2024-06-01"})).json()
    assert early["status"] == "chua_den_han"
    due = (await client.get(f"/api/v1/targets/{t100}/progress", headers=admin_headers,
                            params={"as_of": "2026-03-01"})).json()
    assert due["status"] == "khong_dat" and due["value"] == pytest.approx(66.6667)  # evaluated on the due date
    exact = (await client.get(f"/api/v1/targets/{tmembers}/progress", headers=admin_headers,
                              params={"as_of": "2026-03-01"})).json()
    assert exact["value"] == 400 and exact["status"] == "dat"
    sub = (await client.get(f"/api/v1/targets/{tmembers}/progress", headers=admin_headers,
                            params={"as_of": "2026-03-01", "unit_id": staff["d0"]})).json()
    assert sub["value"] == 200 and sub["unit_id"] == staff["d0"] and sub["status"] == "khong_dat"
    outside = await client.get(f"/api/v1/targets/{tmembers}/progress", headers=admin_headers,
                               params={"unit_id": staff["p1"]})
    assert outside.status_code == 422 and outside.json()["code"] == "unit_outside_target_scope"
    whole = await client.get(f"/api/v1/plans/{p['id']}/progress", headers=admin_headers,
                             params={"as_of": "2024-06-01"})
    assert whole.status_code == 200
    assert [i["status"] for i in whole.json()["items"]] == ["vuot", "chua_den_han", "dat"]
    assert all(i["trend"] == [] for i in whole.json()["items"])  # trends only when asked: they cost 4 more years
    trended = (await client.get(f"/api/v1/plans/{p['id']}/progress", headers=admin_headers,
                                params={"as_of": "2024-06-01", "trend": "true"})).json()["items"]
    assert trended[0]["trend"] == body["trend"]  # the plan's trend of a target is the target's own
    assert [pt["period_end"] for pt in trended[2]["trend"]] == ["2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31"]


async def test_manual_indicator_needs_evidence_and_approval_by_someone_else(client, session, tree: Tree,
                                                                           admin_headers):
    d0 = tree.districts[0]
    p = await plan(client, admin_headers, d0, [{"indicator_code": "electronic_documents", "target_value": 100}])
    target = p["targets"][0]["id"]
    no_evidence = await client.post(M, headers=admin_headers, json={
        "indicator_code": "electronic_documents", "unit_id": d0, "as_of": "2024-06-01", "value": 100})
    assert no_evidence.status_code == 422 and no_evidence.json()["code"] == "evidence_required"
    computed = await client.post(M, headers=admin_headers, json={
        "indicator_code": "members", "unit_id": d0, "as_of": "2024-06-01", "value": 3})
    assert computed.status_code == 422 and computed.json()["code"] == "computed_indicator"
    m = await measure(client, admin_headers, "electronic_documents", d0, "2024-06-01", value=100, numerator=12,
                      denominator=12, evidence_text="Sổ theo dõi văn bản điện tử đến 15/5/2024",
                      file={"filename": "bien_ban.pdf", "content_type": "application/pdf",
                            "content_base64": "JVBERi0xLjQK"})
    assert m["status"] == "submitted" and m["attachment_id"]
    pending = (await client.get(f"/api/v1/targets/{target}/progress", headers=admin_headers,
                                params={"as_of": "2024-07-01"})).json()
    assert pending["source"] == "none" and pending["status"] == "chua_den_han"
    own = await client.post(f"{M}/{m['id']}/decision", headers=admin_headers, json={"approve": True})
    assert own.status_code == 409 and own.json()["code"] == "self_approval"
    approver = bearer(await grant_token(session, role="approver", unit_id=tree.provinces[0]))
    ok = await client.post(f"{M}/{m['id']}/decision", headers=approver, json={"approve": True})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    done = (await client.get(f"/api/v1/targets/{target}/progress", headers=admin_headers,
                             params={"as_of": "2024-07-01"})).json()
    assert done["source"] == "measurement" and done["value"] == 100 and done["status"] == "dat"
    records = await client.get(f"/api/v1/targets/{target}/records", headers=admin_headers)
    assert records.status_code == 422 and records.json()["code"] == "manual_indicator"


async def test_drill_down_lists_the_records_behind_the_figure_without_sensitive_fields(
        client, session, staff, admin_headers):
    p = await plan(client, admin_headers, staff["p0"], [{"indicator_code": "upper_staff_degree",
                                                         "target_value": 100}])
    target = p["targets"][0]["id"]
    r = await client.get(f"/api/v1/targets/{target}/records", headers=admin_headers,
                         params={"as_of": "2024-06-01", "limit": 2})
    assert r.status_code == 200, r.text
    page = r.json()
    assert (page["numerator"], page["denominator"], page["suppressed"]) == (1, 3, False)
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = (await client.get(f"/api/v1/targets/{target}/records", headers=admin_headers,
                             params={"as_of": "2024-06-01", "cursor": page["next_cursor"]})).json()
    items = page["items"] + rest["items"]
    c1, c2, _, _, _, c6 = staff["ids"]
    assert {i["cadre_id"]: i["in_numerator"] for i in items} == {c1: True, c2: False, c6: False}
    for item in items:
        assert not {"ethnicity", "religion", "party_member", "national_id", "birth_date"} & set(item)
    logged = (await session.execute(select(AccessLog).where(AccessLog.category == "list",
                                                            AccessLog.subject_type == "cadre"))).scalars().all()
    assert any(set(log.subject_ids) == {str(c1), str(c2)} and "drill-down" in (log.purpose or "") for log in logged)


async def test_drill_down_scope_a_district_officer_cannot_drill_into_another_district(client, session, tree: Tree,
                                                                                       admin_headers):
    d0, d1 = tree.districts[0], tree.districts[1]
    other = await plan(client, admin_headers, d1, [{"indicator_code": "members", "target_value": 100}])
    own = await plan(client, admin_headers, d0, [{"indicator_code": "members", "target_value": 100}])
    officer = bearer(await grant_token(session, role="org_officer", unit_id=d0))
    for url in (f"/api/v1/targets/{other['targets'][0]['id']}/records",
                f"/api/v1/targets/{other['targets'][0]['id']}/progress", f"/api/v1/plans/{other['id']}/progress",
                f"/api/v1/plans/{other['id']}"):
        r = await client.get(url, headers=officer)
        assert r.status_code == 404 and r.json()["code"] == "not_found", url
    mine = await client.get(f"/api/v1/targets/{own['targets'][0]['id']}/records", headers=officer)
    assert mine.status_code == 200 and {i["unit_id"] for i in mine.json()["items"]} == set(tree.grassroots[:2])
    listed = (await client.get("/api/v1/plans", headers=officer)).json()["items"]
    assert [p["id"] for p in listed] == [own["id"]]


async def test_rule_26_small_cells_are_counts_only_without_read_sensitive(client, session, staff, admin_headers):
    p = await plan(client, admin_headers, staff["p0"], [{"indicator_code": "upper_staff_degree",
                                                         "target_value": 100}])
    url = f"/api/v1/targets/{p['targets'][0]['id']}/records"
    viewer = bearer(await grant_token(session, role="viewer", unit_id=staff["p0"]))
    # k_min is the versioned rule setting (5 by default, D13): no switch to turn on
    hidden = (await client.get(url, headers=viewer, params={"as_of": "2024-06-01"})).json()
    assert hidden["suppressed"] is True and hidden["items"] == [] and hidden["k_min"] == 5
    assert (hidden["numerator"], hidden["denominator"]) == (1, 3)
    officer = bearer(await grant_token(session, role="org_officer", unit_id=staff["p0"]))  # has read_sensitive
    shown = (await client.get(url, headers=officer, params={"as_of": "2024-06-01"})).json()
    assert shown["suppressed"] is False and len(shown["items"]) == 3


async def test_catalogue_holds_all_19_indicators(client, admin_headers):
    items = (await client.get("/api/v1/indicators", headers=admin_headers)).json()["items"]
    assert sorted({i["number"] for i in items}) == list(range(1, 20))
    computed = {i["code"] for i in items if i["computation"]}
    assert computed == {"upper_staff_degree", "full_time_union_certificate", "provincial_leaders_language",
                        "bch_btv_women_share", "bch_btv_young_share", "new_nonstate_grassroots", "members",
                        # training coverage and unit ratings (issue 11)
                        "key_cadres_briefed", "part_time_skills_trained", "nonstate_chairs_law_trained",
                        "grassroots_chairs_briefed", "nonstate_chairs_trained", "nonstate_rated_good",
                        "training_budget_share"}  # #19 from regular funds per year (decision 021)
    assert all(i["kind"] == "manual" for i in items if not i["computation"])


def test_unused_helpers_are_wired():
    assert SYSTEM.can("units:write") and timedelta(days=1)
