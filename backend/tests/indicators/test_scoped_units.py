"""Indicator populations over today's tree read the closure table; any other date rebuilds the tree (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.core.db import today
from app.indicators.compute import dated_scoped_units, scoped_units
from app.org_units.tree import units
from tests.factories import Tree, make_unit


async def _pairs(session, cte) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {(r.root_id, r.unit_id) for r in (await session.execute(select(cte.c.root_id, cte.c.unit_id))).all()}


async def test_todays_subtrees_from_the_closure_table_equal_the_dated_rebuild(session, tree: Tree):
    on = today()
    ended = await make_unit(session, unit_type="cong_doan_co_so", parent_id=tree.districts[0])
    await session.execute(update(units).where(units.c.id == ended).values(ended_on=on))  # gone today
    not_yet = await make_unit(session, unit_type="cong_doan_co_so", parent_id=tree.provinces[1],
                              established_on=on + timedelta(days=3))
    roots = [tree.national, tree.provinces[0], tree.districts[1]]

    from_closure = await _pairs(session, scoped_units(on, roots))
    rebuilt = await _pairs(session, dated_scoped_units(on, roots))

    assert from_closure == rebuilt
    assert (tree.provinces[0], tree.grassroots[0]) in from_closure
    assert not {u for _, u in from_closure} & {ended, not_yet}
    assert len(from_closure) == 15 + 7 + 3  # the whole tree, a province with its 6, a district with its 2
