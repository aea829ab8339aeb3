"""The audit trail is append-only and tamper-evident (reliability-security §3, criteria 26–28).

Only the table owner can get past the guards (here: by disabling the trigger, as an attacker with owner rights
would), and the hash chain still names the first row that was altered."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core import audit
from app.core.access_log import AccessLog, log_access
from app.core.audit import AuditLog, verify_chain
from app.core.config import get_settings
from app.core.db import make_engine
from tests.scratch import TEST_DB, alembic, cli, scratch_database

postgres_only = pytest.mark.skipif(TEST_DB == "sqlite", reason="PostgreSQL roles and TRUNCATE")


async def _write(session: AsyncSession, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        await audit.record(session, actor="user:1", action="unit.update", entity_type="org_unit", entity_id=i,
                           unit_id=None, changes={"name": [f"Cũ {i}", f"Mới {i}"]}, decision_no=f"{i}/QĐ")


@asynccontextmanager
async def guards_off(session: AsyncSession, table: str = "audit_log") -> AsyncIterator[None]:
    """What only the table owner can do: switch the append-only trigger off (inside this transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        yield
        await session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        return
    triggers = (await session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                           "AND tbl_name = :t"), {"t": table})).all()
    for name, _ in triggers:
        await session.execute(text(f"DROP TRIGGER {name}"))
    yield
    for _, sql in triggers:
        await session.execute(text(sql))


async def _seqs(session: AsyncSession) -> list[int]:
    return list((await session.execute(select(AuditLog.seq).order_by(AuditLog.seq))).scalars())


# --- tamper evidence -------------------------------------------------------------------------------------

async def test_verifier_names_the_single_tampered_row(session):
    await _write(session, 6)
    assert await verify_chain(session) is None
    target = (await _seqs(session))[3]
    async with guards_off(session):
        await session.execute(update(AuditLog).where(AuditLog.seq == target)
                              .values(changes={"name": ["Cũ 3", "Giá trị khác"]}))
    assert await verify_chain(session) == target
    assert await verify_chain(session, batch_size=2) == target  # across read batches too


async def test_recomputing_the_tampered_rows_hash_is_caught_at_the_next_row(session):
    await _write(session, 5)
    seqs = await _seqs(session)
    row = (await session.execute(select(AuditLog).where(AuditLog.seq == seqs[1]))).scalar_one()
    forged = {k: getattr(row, k) for k in audit.HASHED_FIELDS} | {"actor": "user:999"}
    if forged["occurred_at"].tzinfo is None:  # SQLite hands back naive UTC
        forged["occurred_at"] = forged["occurred_at"].replace(tzinfo=UTC)
    async with guards_off(session):
        await session.execute(update(AuditLog).where(AuditLog.seq == seqs[1])
                              .values(actor="user:999", row_hash=audit.chain_hash(row.prev_hash, forged)))
    assert await verify_chain(session) == seqs[2]


async def test_deleting_a_row_is_caught(session):
    await _write(session, 4)
    seqs = await _seqs(session)
    async with guards_off(session):
        await session.execute(delete(AuditLog).where(AuditLog.seq == seqs[1]))
    assert await verify_chain(session) == seqs[2]


# --- append-only guards ----------------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["audit_log", "access_log"])
async def test_update_and_delete_are_refused(session, table):
    await _write(session, 1)
    await log_access(session, actor="user:1", subject_type="cadre", subject_ids=[1], category="detail")
    for statement in (f"UPDATE {table} SET actor = 'someone else'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError) as err:
            async with session.begin_nested():
                await session.execute(text(statement))
        assert "append-only" in str(err.value)
    assert len((await session.execute(text(f"SELECT actor FROM {table}"))).all()) == 1


@postgres_only
@pytest.mark.parametrize("table", ["audit_log", "access_log"])
async def test_truncate_is_refused(session, table):
    with pytest.raises(DBAPIError) as err:
        async with session.begin_nested():
            await session.execute(text(f"TRUNCATE {table}"))
    assert "append-only" in str(err.value)


@postgres_only
async def test_the_application_role_of_docs_operations_can_only_insert_and_select(session):
    """The grants docs/operations.md prescribes: the app's role appends and reads, nothing else."""
    role = f"cadre_app_test_{os.getpid()}"
    await session.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))
    await session.execute(text(f'GRANT SELECT, INSERT ON audit_log, audit_head TO "{role}"'))
    await session.execute(text(f'GRANT UPDATE ON audit_head TO "{role}"'))
    await session.execute(text(f'GRANT USAGE ON SEQUENCE audit_log_id_seq TO "{role}"'))
    # every audited write looks up the webhook subscriptions (the outbox, issue 15); the app role reads all tables
    await session.execute(text(f'GRANT SELECT ON webhook_endpoint TO "{role}"'))
    await session.execute(text(f'SET LOCAL ROLE "{role}"'))
    await _write(session, 2)  # the app itself works
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                      "ALTER TABLE audit_log DISABLE TRIGGER USER"):
        with pytest.raises(DBAPIError) as err:
            async with session.begin_nested():
                await session.execute(text(statement))
        assert "permission denied" in str(err.value) or "must be owner" in str(err.value), statement
    await session.execute(text("RESET ROLE"))


# --- concurrency: one chain, never forked ----------------------------------------------------------------

async def test_concurrent_audited_writes_form_one_unforked_chain():
    """24 writers on separate connections, each committing its own transaction."""
    writers = 24
    async with scratch_database("audit") as url:
        alembic(url, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": url}), pool_size=writers,
                             max_overflow=0, pool_timeout=60)
        sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        start = asyncio.Event()

        async def writer(i: int) -> None:
            async with sessions() as s:
                await start.wait()
                await audit.record(s, actor=f"user:{i}", action="unit.update", entity_type="org_unit",
                                   entity_id=i, changes={"i": i})
                await asyncio.sleep(0.01)  # hold the transaction open a little: others must wait for the head
                await s.commit()

        try:
            tasks = [asyncio.create_task(writer(i)) for i in range(writers)]
            await asyncio.sleep(0.2)
            start.set()
            await asyncio.gather(*tasks)
            async with sessions() as s:
                rows = (await s.execute(select(AuditLog).order_by(AuditLog.seq))).scalars().all()
                assert [r.seq for r in rows] == list(range(1, writers + 1))
                assert sorted(int(r.entity_id) for r in rows) == list(range(writers))
                assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
                assert await verify_chain(s) is None
        finally:
            await engine.dispose()


# --- the command line, as a separate process --------------------------------------------------------------

async def test_cli_verify_audit_reports_ok_then_the_tampered_row():
    async with scratch_database("cli_audit") as url:
        alembic(url, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": url}))
        try:
            async with AsyncSession(engine) as s:
                await _write(s, 5)
                await s.commit()
            result = cli(url, "verify-audit")
            assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
            async with AsyncSession(engine) as s:
                async with guards_off(s):
                    await s.execute(update(AuditLog).where(AuditLog.seq == 4).values(changes={"tampered": True}))
                await s.commit()
            result = cli(url, "verify-audit")
            assert result.returncode == 1
            assert result.stdout.strip() == "tampered: first bad row seq=4"
        finally:
            await engine.dispose()


async def test_access_log_records_one_row_per_read(session):
    await log_access(session, actor="user:7", subject_type="cadre", subject_ids=[3, 4, 5], category="list",
                     purpose="danh sách quy hoạch", unit_id=None)
    await log_access(session, actor="user:7", subject_type="cadre", subject_ids=[], category="list")  # nothing read
    rows = (await session.execute(select(AccessLog))).scalars().all()
    assert len(rows) == 1 and rows[0].subject_ids == ["3", "4", "5"] and rows[0].category == "list"
    with pytest.raises(ValueError):
        await log_access(session, actor="user:7", subject_type="cadre", subject_ids=[1], category="peek")  # type: ignore[arg-type]
    assert json.dumps(rows[0].subject_ids)
