"""Issue 13: the scope-filtered lists are planned for their own values. After five executions of a prepared
statement PostgreSQL may keep a generic plan, which for the demo province's cadre list was 25 times slower."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.cadres import service as cadres
from app.org_units import service as units
from tests.conftest import TEST_DB
from tests.factories import SYSTEM, Tree

pytestmark = pytest.mark.skipif(TEST_DB != "postgres", reason="plan caching is a PostgreSQL matter")


async def _plan_cache_mode(session) -> str:
    return (await session.execute(text("SELECT current_setting('plan_cache_mode')"))).scalar_one()


async def test_rule_scope_filtered_lists_are_planned_for_their_own_values(session, tree: Tree):
    assert await _plan_cache_mode(session) == "auto"  # the pool's default: the by-id reads keep generic plans
    await cadres.list_cadres(session, SYSTEM, cadres.CadreFilters(within=tree.provinces[0]), cursor=None, limit=5)
    assert await _plan_cache_mode(session) == "force_custom_plan"  # for the rest of this transaction only
    await session.rollback()
    assert await _plan_cache_mode(session) == "auto"
    await units.list_units(session, SYSTEM, units.UnitFilters(within=tree.provinces[0]), cursor=None, limit=5)
    assert await _plan_cache_mode(session) == "force_custom_plan"
