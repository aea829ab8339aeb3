"""The embedded default (SQLite): a write transaction that read first must not fail when another writer committed
in between. A deferred BEGIN fails that way at once ("database is locked", no busy wait), which turned a refresh-
token rotation into a 503 while the webhook dispatcher was writing (CI, integration.spec)."""
from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import get_settings
from app.core.db import SQLITE_IMMEDIATE, make_engine


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
    # a write request's or the webhook lease's transaction: BEGIN IMMEDIATE, both writes land in turn
    assert await _read_then_write_while_another_writer_commits(maker, SQLITE_IMMEDIATE) == 11


async def test_rule_sqlite_deferred_transactions_cannot_wait_to_write_after_reading(tmp_path: Path):
    """The counter-check: the same interleaving on a deferred transaction is refused, which is why write requests
    begin IMMEDIATE."""
    maker = await _counter_db(tmp_path)
    try:
        await _read_then_write_while_another_writer_commits(maker, {})
    except Exception as exc:  # noqa: BLE001 - the OperationalError SQLAlchemy wraps
        assert "locked" in str(exc)
    else:
        raise AssertionError("a deferred transaction upgraded to a write after another commit")


async def test_rule_sqlite_write_sessions_begin_immediate_and_others_deferred(tmp_path: Path):
    from sqlalchemy import event

    from app.core.db import Database

    maker = await _counter_db(tmp_path)
    engine = maker.kw["bind"]
    database = Database(engine)
    begins: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: statement.startswith("BEGIN") and begins.append(statement))
    async with database.write_session() as s:
        await s.execute(text("SELECT 1"))
    async with database.sessionmaker() as s:
        await s.execute(text("SELECT 1"))
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


async def test_rule_a_long_held_sqlite_write_lock_is_logged_with_its_tables(tmp_path: Path, monkeypatch):
    """Who keeps the one write lock past SQLITE_LOCK_WARNING_SECONDS is named in the log (`sqlite_write_lock_held`):
    the lead when other requests time out waiting for it."""
    import structlog
    from sqlalchemy import Column, Integer, MetaData, Table, update
    from structlog.testing import LogCapture

    from app.core import db as core_db

    maker = await _counter_db(tmp_path)
    counter = Table("counter", MetaData(), Column("id", Integer, primary_key=True), Column("n", Integer))
    capture = LogCapture()
    monkeypatch.setattr(core_db, "_log", structlog.wrap_logger(
        structlog.PrintLogger(), processors=[capture], wrapper_class=structlog.make_filtering_bound_logger(0)))
    monkeypatch.setattr(core_db, "SQLITE_LOCK_WARNING_SECONDS", 0.05)
    for pause in (0.0, 0.2):  # held briefly: nothing; held past the threshold: one warning
        async with maker() as session:
            await session.execute(update(counter).where(counter.c.id == 1).values(n=counter.c.n + 1))
            await asyncio.sleep(pause)
            await session.commit()
    held = [e for e in capture.entries if e["event"] == "sqlite_write_lock_held"]
    assert len(held) == 1 and held[0]["tables"] == ["counter"] and held[0]["seconds"] >= 0.2
