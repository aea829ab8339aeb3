"""ANALYZE after bulk loads (issue 13, issue 10): a committed import refreshes the planner's statistics in the
same transaction, so the first reports after it are planned for the rows that are really there."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.cadres import excel
from app.core.db import analyze
from tests.cadres.test_excel_import import row, unit_codes, upload, workbook
from tests.conftest import TEST_DB
from tests.factories import Tree

pytestmark = [pytest.mark.usefixtures("inline_jobs"),
              pytest.mark.skipif(TEST_DB != "postgres", reason="planner statistics are PostgreSQL's (pg_class)")]


async def analyze_count(session, table: str) -> int:
    await session.execute(text("SELECT pg_stat_clear_snapshot()"))
    return int((await session.execute(text(
        "SELECT coalesce(analyze_count, 0) FROM pg_stat_user_tables WHERE relname = :t"), {"t": table})).scalar())


async def reltuples(session, table: str) -> float:
    return float((await session.execute(text("SELECT reltuples FROM pg_class WHERE relname = :t"),
                                        {"t": table})).scalar())


async def test_rule_statistics_after_bulk_load_analyze(client, session, tree: Tree, admin_headers,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(excel, "ANALYZE_AFTER_ROWS", 5)
    codes = await unit_codes(session, [tree.grassroots[0]])
    before = await analyze_count(session, "cadre")
    small = await upload(client, admin_headers, workbook([row(i, codes[0]) for i in range(3)]), "commit")
    assert small.json()["status"] == "succeeded"
    assert await analyze_count(session, "cadre") == before  # below the bulk threshold: no ANALYZE
    big = await upload(client, admin_headers, workbook([row(i, codes[0]) for i in range(10, 22)]), "commit")
    assert big.json()["status"] == "succeeded" and big.json()["result"]["created"] == 12
    assert await analyze_count(session, "cadre") == before + 1
    assert await reltuples(session, "cadre") >= 15  # the transaction's own new rows are counted


async def test_rule_analyze_helper_sets_statistics_of_named_tables(session, tree: Tree):
    await analyze(session, "org_unit")
    assert await reltuples(session, "org_unit") >= 15  # the test tree: 1 + 2 + 4 + 8 units
