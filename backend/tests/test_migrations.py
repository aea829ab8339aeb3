"""Every migration upgrades and downgrades on the database kind under test (PostgreSQL or SQLite), and the
migrated schema is exactly what the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import app.models  # noqa: F401  (every table on the metadata)
from app.core.config import get_settings
from app.core.db import make_engine, metadata
from tests.scratch import alembic, scratch_database


def _modelled(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """PostgreSQL-only trigram indexes are created in raw SQL by migrations, outside the models."""
    return not (type_ == "index" and reflected and compare_to is None and (name or "").endswith("_trgm"))


async def _schema_diff(url: str) -> list[object]:
    engine = make_engine(get_settings().model_copy(update={"database_url": url}))
    opts = {"compare_type": True, "render_as_batch": True, "include_object": _modelled}
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c, opts=opts), metadata))
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    engine = make_engine(get_settings().model_copy(update={"database_url": url}))
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade():
    async with scratch_database("migrations") as url:
        alembic(url, "upgrade", "head")
        assert {"oauth_refresh_token", "oauth_authorization_code", "oauth_revoked_token", "login_attempt",
                "access_log", "audit_log"} <= await _tables(url)
        alembic(url, "downgrade", "base")
        assert await _tables(url) <= {"alembic_version"}
        alembic(url, "upgrade", "head")
        assert await _schema_diff(url) == []


async def test_downgrade_of_0002_removes_its_tables_and_guards():
    async with scratch_database("migrations") as url:
        alembic(url, "upgrade", "0002")
        alembic(url, "downgrade", "0001")
        tables = await _tables(url)
        assert "audit_log" in tables and "access_log" not in tables and "oauth_refresh_token" not in tables
        engine = make_engine(get_settings().model_copy(update={"database_url": url}))
        try:
            async with engine.begin() as conn:  # the append-only guard went with 0002
                await conn.execute(text("INSERT INTO audit_log (seq, occurred_at, actor, action, entity_type, "
                                        "entity_id, changes, prev_hash, row_hash) VALUES (1, CURRENT_TIMESTAMP, 'a', "
                                        "'b', 'c', 'd', '{}', 'p', 'r')"))
                await conn.execute(text("UPDATE audit_log SET actor = 'z'"))
        finally:
            await engine.dispose()
