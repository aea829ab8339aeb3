"""The embedded default (SQLite): a write transaction that read first must not fail when another writer committed
in between. A deferred BEGIN fails that way at once ("database is locked", no busy wait), which turned a refresh-
token rotation into a 503 while the webhook dispatcher was writing (CI, integration.spec)."""
from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import get_settings
from app.core.db import SQLITE_DEFERRED, make_engine


async def _counter_db(tmp_path: Path) -> async_sessionmaker[AsyncSession]:
    settings = get_settings().model_copy(update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}"})
    engine = make_engine(settings)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        await conn.execute(text("INSERT INTO counter VALUES (1, 0)"))
    return async_sessionmaker(engine, expire_on_commit=False)


async def _read_then_write_while_another_writer_commits(maker: async_sessionmaker[AsyncSession],
                                                        first: dict[str, bool]) -> int:
    async with maker() as slow:
        await slow.connection(execution_options=first)
        before = (await slow.execute(text("SELECT n FROM counter WHERE id = 1"))).scalar_one()

        async def other_writer() -> None:
            async with maker() as quick:
                await quick.execute(text("UPDATE counter SET n = n + 10 WHERE id = 1"))
                await quick.commit()

        task = asyncio.create_task(other_writer())
        await asyncio.sleep(0.3)  # deferred: the other writer commits now; immediate: it waits for our lock
        await slow.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": before + 1})
        await slow.commit()
        await task
    async with maker() as s:
        return int((await s.execute(text("SELECT n FROM counter WHERE id = 1"))).scalar_one())


async def test_rule_sqlite_write_transactions_wait_for_the_lock_instead_of_failing(tmp_path: Path):
    maker = await _counter_db(tmp_path)
    # the default (every session that is not a read-only request): BEGIN IMMEDIATE, both writes land in turn
    assert await _read_then_write_while_another_writer_commits(maker, {}) == 11


async def test_rule_sqlite_deferred_transactions_are_the_read_only_kind(tmp_path: Path):
    """The counter-check: the same interleaving on a deferred (read-only) transaction is refused, which is why
    only GET/HEAD/OPTIONS requests are deferred."""
    maker = await _counter_db(tmp_path)
    try:
        await _read_then_write_while_another_writer_commits(maker, SQLITE_DEFERRED)
    except Exception as exc:  # noqa: BLE001 - the OperationalError SQLAlchemy wraps
        assert "locked" in str(exc)
    else:
        raise AssertionError("a deferred transaction upgraded to a write after another commit")
