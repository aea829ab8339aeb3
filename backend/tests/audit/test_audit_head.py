"""Issue 14: verify-audit sees a truncated tail (it compares the chain with `audit_head` and with the heads
exported off the database), and the head is exported daily."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, select, update

from app.core import audit
from app.core.audit import AuditHead, AuditLog, export_head, read_exported_heads, verify_with_head
from tests.audit.test_audit_integrity import _seqs, _write, guards_off


async def test_rule_intact_chain_matches_its_head(session):
    await _write(session, 4)
    verdict = await verify_with_head(session)
    assert verdict.ok and verdict.last_seq == verdict.head_seq and verdict.problem is None


async def test_rule_verify_audit_detects_tail_truncation(session):
    await _write(session, 6)
    seqs = await _seqs(session)
    assert await audit.verify_chain(session) is None
    async with guards_off(session):
        await session.execute(delete(AuditLog).where(AuditLog.seq >= seqs[4]))
    assert await audit.verify_chain(session) is None  # the shortened chain is still a valid chain ...
    verdict = await verify_with_head(session)  # ... but the head says how long it was
    assert not verdict.ok and verdict.problem == "tail_truncated"
    assert verdict.first_bad_seq == seqs[4] and verdict.head_seq == seqs[5]


async def test_rule_exported_heads_catch_truncation_even_with_a_rewritten_head(session, tmp_path: Path):
    await _write(session, 5)
    exports = tmp_path / "audit-heads.jsonl"
    entry = await export_head(session, exports)
    seqs = await _seqs(session)
    assert entry["seq"] == seqs[-1] and json.loads(exports.read_text().splitlines()[0])["hash"] == entry["hash"]
    await _write(session, 2, start=10)
    assert (await verify_with_head(session, exported=read_exported_heads(exports))).ok
    # someone with database rights cuts the tail AND rewrites the head to match
    cut = seqs[2]
    async with guards_off(session):
        await session.execute(delete(AuditLog).where(AuditLog.seq > cut))
    tip_hash = (await session.execute(select(AuditLog.row_hash).where(AuditLog.seq == cut))).scalar_one()
    await session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=cut, last_hash=tip_hash))
    assert (await verify_with_head(session)).ok  # the database alone can no longer tell
    verdict = await verify_with_head(session, exported=read_exported_heads(exports))
    assert not verdict.ok and verdict.problem == "exported_head_missing" and verdict.first_bad_seq == cut + 1


async def test_rule_audit_head_is_exported_by_the_daily_tasks(session, monkeypatch, tmp_path: Path):
    from app.core import scheduler
    from app.core.config import get_settings
    from app.main import scheduled_tasks

    await _write(session, 2)
    await session.commit()
    path = tmp_path / "heads.jsonl"
    monkeypatch.setattr(get_settings(), "audit_head_export_path", path)
    done = await scheduler.run_due_tasks(scheduled_tasks())
    assert done["audit_head_exported"] == (await _seqs(session))[-1]
    assert read_exported_heads(path)[-1]["seq"] == done["audit_head_exported"]


async def test_rule_a_batch_extends_the_chain_like_single_writes(session):
    """`record_many` (issue 13: an import's audit rows in a fixed number of statements) appends contiguous
    sequence numbers, each row chained to the one before, the head at the last row, and calls each listener
    once with the whole batch."""
    await _write(session, 2)
    seen: list[int] = []

    async def listener(_session, rows):
        seen.append(len(rows))

    audit.listeners.append(listener)
    try:
        await audit.record_many(session, actor="user:1", entries=[
            audit.Entry("cadre.create", "cadre", 100 + i, None, {"given_name": f"An {i}", "religion": "x"})
            for i in range(5)])
    finally:
        audit.listeners.remove(listener)
    await audit.record(session, actor="user:1", action="cadre.update", entity_type="cadre", entity_id=100)
    rows = (await session.execute(select(AuditLog).order_by(AuditLog.seq))).scalars().all()
    batch = [r for r in rows if r.action == "cadre.create"]
    assert [r.seq for r in batch] == list(range(batch[0].seq, batch[0].seq + 5))
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    assert batch[0].changes["religion"] == "***"  # masked as in a single write
    assert seen == [5]
    assert await audit.verify_chain(session) is None
    verdict = await verify_with_head(session)
    assert verdict.ok and verdict.head_seq == rows[-1].seq
