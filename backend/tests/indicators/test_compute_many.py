"""A plan's indicators in one statement (issue 13): `compute_many` answers each ask exactly as it would alone."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.db import today
from app.indicators import compute
from tests.indicators.test_indicators import staff  # noqa: F401  (the fixture: staff with posts and degrees)


async def test_compute_many_answers_each_ask_as_it_would_alone(session, staff):  # noqa: F811
    """Every registered computation, over two scopes and two dates (today's tree from the closure table, a past
    date rebuilt from the dated states) in one UNION ALL: each answer equals the ask computed by itself."""
    roots = [staff["p0"], staff["d0"]]
    asks = [compute.Ask(c, roots, on, date(2024, 1, 1))
            for on in (today(), date(2024, 6, 1)) for c in compute.REGISTRY.values()]
    asks.append(compute.Ask(compute.REGISTRY["upper_staff_degree"], [staff["p1"]], today() - timedelta(days=1)))

    together = await compute.compute_many(session, asks)

    alone = [(await compute.compute_many(session, [ask]))[0] for ask in asks]
    assert together == alone
    degree_today = together[0]
    assert degree_today[staff["p0"]].denominator == 3 and degree_today[staff["p0"]].numerator == 2
    assert together[-1][staff["p1"]].denominator == 1  # another scope and date in the same statement


async def test_compute_many_of_nothing_asks_nothing(session):
    assert await compute.compute_many(session, []) == []
