"""Indicator #19 (KH 364 Gia Lâm: 10–15 % of regular funds spent on training) is computed from the courses the
subtree organised and the regular funds its units recorded (docs/decisions/021)."""

from __future__ import annotations

from datetime import date

from app.indicators import compute
from tests.factories import Tree, bearer, grant_token

COURSES = "/api/v1/training-courses"


async def course(client, headers, organiser, budget, starts_on):
    r = await client.post(COURSES, headers=headers, json={
        "name": f"Lớp bồi dưỡng {budget}", "organiser_unit_id": organiser, "tags": ["union_skills"],
        "mode": "in_class", "starts_on": starts_on, "ends_on": starts_on, "budget": budget})
    assert r.status_code == 201, r.text


async def funds(client, headers, unit, year, amount):
    r = await client.post(f"/api/v1/units/{unit}/finances", headers=headers,
                          json={"year": year, "regular_funds": amount, "decision_no": "05/QĐ-LĐLĐ"})
    assert r.status_code == 201, r.text
    return r


async def test_rule_training_budget_share_is_course_budgets_over_regular_funds(client, session, tree: Tree,
                                                                                admin_headers):
    d0, g0 = tree.districts[0], tree.grassroots[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=d0))
    await course(client, officer, d0, 120_000_000, "2026-03-02")
    await course(client, officer, g0, 30_000_000, "2026-09-15")
    await course(client, officer, d0, 99_000_000, "2025-05-05")  # another year: not counted
    await course(client, admin_headers, tree.districts[1], 50_000_000, "2026-04-01")  # outside the subtree
    await funds(client, officer, d0, 2026, 1_000_000_000)
    await funds(client, officer, g0, 2026, 200_000_000)
    await funds(client, officer, d0, 2025, 900_000_000)

    c = compute.REGISTRY["training_budget_share"]
    fig = (await compute.compute(session, c, [d0], date(2026, 12, 31)))[d0]
    assert fig.numerator == 150_000_000 and fig.denominator == 1_200_000_000
    assert fig.value == 12.5
    # only the courses started by the as-of date count
    early = (await compute.compute(session, c, [d0], date(2026, 6, 30)))[d0]
    assert early.numerator == 120_000_000 and early.value == 10.0
    # a subtree with spending but no recorded funds has no figure, never a division by zero
    other = (await compute.compute(session, c, [tree.districts[1]], date(2026, 12, 31)))[tree.districts[1]]
    assert other.value is None and other.numerator == 50_000_000

    listed = (await client.get("/api/v1/indicators", headers=admin_headers)).json()["items"]
    i19 = next(i for i in listed if i["code"] == "training_budget_share")
    assert i19["kind"] == "ratio" and i19["computation"] == "training_budget_share"


async def test_regular_funds_are_one_row_per_unit_and_year_corrected_with_if_match(client, session, tree: Tree):
    d0 = tree.districts[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=d0))
    first = await funds(client, officer, d0, 2026, 1_000_000_000)
    assert first.headers["ETag"] == '"1"'
    again = await client.post(f"/api/v1/units/{d0}/finances", headers=officer,
                              json={"year": 2026, "regular_funds": 5})
    assert again.status_code == 409 and again.json()["code"] == "finance_year_exists"
    url = f"/api/v1/units/{d0}/finances/2026"
    assert (await client.patch(url, headers=officer, json={"regular_funds": 1_100_000_000})).status_code == 428
    ok = await client.patch(url, headers={**officer, "If-Match": '"1"'}, json={"regular_funds": 1_100_000_000})
    assert ok.status_code == 200 and ok.json()["regular_funds"] == 1_100_000_000 and ok.json()["version"] == 2
    stale = await client.patch(url, headers={**officer, "If-Match": '"1"'}, json={"regular_funds": 1})
    assert stale.status_code == 412
    items = (await client.get(f"/api/v1/units/{d0}/finances", headers=officer)).json()["items"]
    assert [(i["year"], i["regular_funds"]) for i in items] == [(2026, 1_100_000_000)]
    outside = await client.post(f"/api/v1/units/{tree.districts[2]}/finances", headers=officer,
                                json={"year": 2026, "regular_funds": 1})
    assert outside.status_code == 404
    negative = await client.post(f"/api/v1/units/{d0}/finances", headers=officer,
                                 json={"year": 2027, "regular_funds": -1})
    assert negative.status_code == 422


async def test_training_statistics_carry_the_budget_share(client, session, tree: Tree):
    d0 = tree.districts[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=d0))
    await course(client, officer, d0, 120_000_000, "2026-03-02")
    await funds(client, officer, d0, 2026, 1_000_000_000)
    r = await client.get("/api/v1/training/statistics", headers=officer,
                         params={"unit_id": d0, "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["budget_share"] == 12.0 and body["regular_funds"] == 1_000_000_000
    assert body["training_spent"] == 120_000_000 and body["classes"] == 1
