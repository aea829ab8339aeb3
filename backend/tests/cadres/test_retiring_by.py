"""`GET /api/v1/cadres?retiring_by=` — the people retiring soon (D1: `retirement_on` per Decree 135/2020), for the
dashboard's deadlines tile."""

from __future__ import annotations

from datetime import date, timedelta

from app.rulebook.retirement import births_retiring, retirement_date
from tests.factories import Tree
from tests.indicators.data import cadre


def test_d1_births_retiring_is_exactly_the_people_whose_retirement_on_falls_in_the_window():
    after, until = date(2029, 6, 1), date(2030, 5, 31)
    for gender in ("male", "female"):
        span = births_retiring(gender, after, until)
        assert span is not None
        day, found = date(1960, 1, 1), []
        while day < date(1980, 1, 1):
            if after < retirement_date(day, gender) <= until:
                found.append(day)
            day += timedelta(days=1)
        assert (found[0], found[-1]) == span
    assert births_retiring("male", date(2030, 4, 2), date(2030, 4, 20)) is None  # nobody retires mid-month


async def test_d1_retiring_by_lists_the_people_not_yet_retired_whose_retirement_on_is_by_the_date(
        client, tree: Tree, admin_headers):
    unit = tree.districts[0]
    man = await cadre(client, admin_headers, unit, given="Hưu", birth="1968-03-01")  # retires 2030-04-01
    await cadre(client, admin_headers, unit, given="Trẻ", birth="1990-03-01")

    async def ids(**query):
        r = await client.get("/api/v1/cadres", headers=admin_headers, params={"within": unit, **query})
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["items"]]

    assert await ids(as_of="2029-06-01", retiring_by="2030-05-31") == [man]
    assert await ids(as_of="2029-06-01", retiring_by="2030-03-31") == []  # retires on 1/4/2030, not 1/3
    assert await ids(as_of="2030-04-01", retiring_by="2031-04-01") == []  # already retired that day
