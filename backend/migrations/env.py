"""Alembic environment: async engine from CADRE_DATABASE_URL (or the embedded SQLite file)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

import app.models  # noqa: F401  (every table on the metadata)
from app.core.db import make_engine, metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    url = config.attributes.get("database_url")
    from app.core.config import get_settings

    settings = get_settings()
    if url:
        settings = settings.model_copy(update={"database_url": url})
    engine = make_engine(settings, pool_size=1) if not settings.is_sqlite else make_engine(settings)
    async with engine.connect() as conn:
        await conn.run_sync(_run)
        await conn.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_async())
