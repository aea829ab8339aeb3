"""Statistics after a bulk load (issue 10): seeding ends with ANALYZE, so the first reports on a fresh server are
planned for the rows that are there (autovacuum off: the demo statistics report took 4 s before, 30 ms after).
The import variant is tests/cadres/test_bulk_load_statistics.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

import app.seed as seed
from app.cadres.models import Cadre
from app.core import db as core_db
from app.org_units.models import OrgUnit
from tests.cadres.test_bulk_load_statistics import analyze_count, reltuples
from tests.conftest import TEST_DB


async def test_rule_statistics_after_seeding_analyze(session, monkeypatch: pytest.MonkeyPatch):
    analysed: list[tuple[int, int]] = []  # (units, cadres) already loaded when ANALYZE ran

    async def spy(s: Any, *tables: str) -> None:
        units = (await s.execute(select(func.count()).select_from(OrgUnit))).scalar_one()
        cadres = (await s.execute(select(func.count()).select_from(Cadre))).scalar_one()
        analysed.append((units, cadres))
        await core_db.analyze(s, *tables)

    monkeypatch.setattr(seed, "analyze", spy)
    postgres = TEST_DB == "postgres"
    before = {t: await analyze_count(session, t) for t in ("cadre", "org_unit")} if postgres else {}

    summary = await seed.run_seed(session, "demo")
    assert summary["skipped"] is False
    units = (await session.execute(select(func.count()).select_from(OrgUnit))).scalar_one()
    cadres = (await session.execute(select(func.count()).select_from(Cadre))).scalar_one()
    assert analysed and analysed[-1] == (units, cadres) and cadres > 100  # after the last row was loaded
    if postgres:  # the planner's statistics (pg_stat, pg_class) are PostgreSQL's
        for table in ("cadre", "org_unit"):
            assert await analyze_count(session, table) > before[table], table
        assert await reltuples(session, "cadre") >= cadres * 0.9
        assert await reltuples(session, "org_unit") >= units * 0.9
