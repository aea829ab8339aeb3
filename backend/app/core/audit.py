"""Append-only, hash-chained audit log (nhật ký thay đổi) of every write.

`row_hash = sha256(prev_hash ‖ canonical_json(row))`. Writers are serialised by updating the single
`audit_head` row first (a row lock on PostgreSQL, the write lock on SQLite), so concurrent transactions
cannot fork the chain; the head is committed with the change or rolled back with it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import JSON, Column, DateTime, Integer, String, Text, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from app.core.db import table_of, utcnow
from app.core.observability import current_request_id

log = structlog.get_logger(__name__)

GENESIS = "0" * 64
# Masked in every audit row: the cadre's sensitive fields (cadres.schemas.SENSITIVE_FIELDS — core imports no domain,
# a test keeps this a superset) and secrets.
SENSITIVE_FIELDS = frozenset({"ethnicity", "religion", "party_member", "party_joined_on", "party_official_on",
                              "national_id", "national_id_hash", "health", "family", "password", "password_hash",
                              "client_secret", "totp_secret"})


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(sa_column=Column(Integer, nullable=False, unique=True))
    occurred_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=120)
    action: str = Field(max_length=80, index=True)
    entity_type: str = Field(max_length=60, index=True)
    entity_id: str = Field(max_length=60, index=True)
    unit_id: int | None = Field(default=None, index=True)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    decision_no: str | None = Field(default=None, max_length=100)
    request_id: str | None = Field(default=None, max_length=80)
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    row_hash: str = Field(sa_column=Column(String(64), nullable=False))


class AuditHead(SQLModel, table=True):
    """The chain's tip: one row, updated by every writer before it appends."""

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    last_hash: str = Field(default=GENESIS, sa_column=Column(Text, nullable=False))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def mask(changes: dict[str, Any]) -> dict[str, Any]:
    """Never store sensitive values in the audit trail: keep the fact of a change, not the value."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in SENSITIVE_FIELDS:
            out[key] = "***"
        elif isinstance(value, dict):
            out[key] = mask(value)
        else:
            out[key] = _jsonable(value)
    return out


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(_jsonable(row), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, row: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(row)).encode()).hexdigest()


HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "entity_type", "entity_id", "unit_id", "changes",
                 "decision_no", "request_id")


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


AuditListener = Callable[[AsyncSession, list[dict[str, Any]]], Awaitable[None]]
listeners: list[AuditListener] = []
"""Called with the audit rows of each write (one, or a batch from `record_many`), in the writer's transaction (the
webhook outbox registers here: an event is committed with its change or rolled back with it). Registered by the
app factory; core imports no domain."""


@dataclass(frozen=True)
class Entry:
    """One audit row to append: what `record` takes, for `record_many`."""

    action: str
    entity_type: str
    entity_id: Any
    unit_id: int | None = None
    changes: dict[str, Any] | None = None
    decision_no: str | None = None


async def record(session: AsyncSession, *, actor: str, action: str, entity_type: str, entity_id: Any,
                 unit_id: int | None = None, changes: dict[str, Any] | None = None,
                 decision_no: str | None = None) -> None:
    await record_many(session, actor=actor, entries=[Entry(action, entity_type, entity_id, unit_id, changes,
                                                           decision_no)])


async def record_many(session: AsyncSession, *, actor: str, entries: list[Entry]) -> None:
    """Append the entries to the chain in order with a fixed number of statements, however many there are (an
    import of thousands of cadres wrote 3 statements per row, a third of its time): the head advanced by
    len(entries) at once — which holds the chain's lock for the rest of the transaction, as one write does —
    the rows hashed one after the other in memory, inserted together, and the new tip stored."""
    if not entries:
        return
    head = table_of(AuditHead)
    n = len(entries)
    locked = await session.execute(update(head).where(head.c.id == 1).values(seq=head.c.seq + n)
                                   .returning(head.c.seq, head.c.last_hash))
    tip = locked.first()
    if tip is None:  # first write ever: create the head (migration inserts it; this covers bare metadata DBs)
        await session.execute(insert(head).values(id=1, seq=n, last_hash=GENESIS))
        last, prev = n, GENESIS
    else:
        last, prev = tip.seq, tip.last_hash
    now = utcnow()
    occurred_at = now.replace(microsecond=(now.microsecond // 1000) * 1000)
    request_id = current_request_id()
    rows: list[dict[str, Any]] = []
    stored: list[dict[str, Any]] = []
    for seq, e in enumerate(entries, start=last - n + 1):
        row = {"seq": seq, "occurred_at": occurred_at, "actor": actor, "action": e.action,
               "entity_type": e.entity_type, "entity_id": str(e.entity_id), "unit_id": e.unit_id,
               "changes": mask(e.changes or {}), "decision_no": e.decision_no, "request_id": request_id}
        row_hash = chain_hash(prev, row)
        rows.append(row)
        stored.append({**row, "prev_hash": prev, "row_hash": row_hash})
        prev = row_hash
    await session.execute(insert(table_of(AuditLog)), stored)
    await session.execute(update(head).where(head.c.id == 1).values(last_hash=prev))
    for listener in listeners:
        await listener(session, rows)


async def verify_chain(session: AsyncSession, *, batch_size: int = 1000) -> int | None:
    """Recompute the chain; return the seq of the first row that does not match, or None if intact.

    Reads in keyset batches rather than through a server-side cursor: no portal stays open in the caller's
    transaction (PostgreSQL would refuse DDL on the table until it ends) and memory stays bounded."""
    table = table_of(AuditLog)
    prev, last_seq = GENESIS, None
    while True:
        stmt = select(table).order_by(table.c.seq).limit(batch_size)
        if last_seq is not None:
            stmt = stmt.where(table.c.seq > last_seq)
        rows = (await session.execute(stmt)).all()
        for r in rows:
            m = r._mapping
            row = {k: m[k] for k in HASHED_FIELDS}
            occurred = row["occurred_at"]
            if isinstance(occurred, datetime) and occurred.tzinfo is None:
                row["occurred_at"] = occurred.replace(tzinfo=UTC)
            if m["prev_hash"] != prev or chain_hash(prev, row) != m["row_hash"]:
                return int(m["seq"])
            prev = m["row_hash"]
        if len(rows) < batch_size:
            return None
        last_seq = rows[-1].seq


# --- the chain's head: truncation detection and daily export (ASVS 16.4.2-16.4.3) -----------------------------

@dataclass(frozen=True)
class ChainVerdict:
    """The result of checking the chain, its head row and (optionally) the heads exported earlier."""

    ok: bool
    rows: int
    last_seq: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None  # tampered_row | tail_truncated | head_mismatch | exported_head_missing

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "last_seq": self.last_seq, "head_seq": self.head_seq,
                "head_hash": self.head_hash, "first_bad_seq": self.first_bad_seq, "problem": self.problem}


async def _hash_at(session: AsyncSession, seq: int) -> str | None:
    table = table_of(AuditLog)
    return (await session.execute(select(table.c.row_hash).where(table.c.seq == seq))).scalar()


def read_exported_heads(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    heads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("seq"), int) and isinstance(entry.get("hash"), str):
            heads.append(entry)
    return heads


async def verify_with_head(session: AsyncSession, *, exported: list[dict[str, Any]] | None = None,
                           batch_size: int = 1000) -> ChainVerdict:
    """Recompute the chain, then compare its tip with `audit_head` and with heads exported earlier.

    Recomputing alone cannot see the tail cut off (the shortened chain is still a valid chain): the head row
    says how long the chain is and what its last hash is, and the exported heads — kept off the database —
    say which (seq, hash) pairs must still be in it even if someone rewrote the head row too."""
    table = table_of(AuditLog)
    head = table_of(AuditHead)
    first_bad = await verify_chain(session, batch_size=batch_size)
    tip = (await session.execute(select(table.c.seq, table.c.row_hash).order_by(table.c.seq.desc()).limit(1))
           ).first()
    rows = int((await session.execute(select(func.count()).select_from(table))).scalar() or 0)
    head_row = (await session.execute(select(head.c.seq, head.c.last_hash).where(head.c.id == 1))).first()
    last_seq, last_hash = (int(tip.seq), str(tip.row_hash)) if tip else (0, GENESIS)
    head_seq, head_hash = (int(head_row.seq), str(head_row.last_hash)) if head_row else (0, GENESIS)
    def verdict(problem: str | None = None, first_bad_seq: int | None = None) -> ChainVerdict:
        return ChainVerdict(problem is None, rows, last_seq, head_seq, head_hash, first_bad_seq, problem)

    if first_bad is not None:
        return verdict("tampered_row", first_bad)
    if head_seq > last_seq:
        return verdict("tail_truncated", last_seq + 1)
    if head_seq != last_seq or head_hash != last_hash:
        return verdict("head_mismatch", min(head_seq, last_seq) or None)
    for entry in exported or []:
        if entry["seq"] == 0:
            continue
        if entry["seq"] > last_seq or await _hash_at(session, entry["seq"]) != entry["hash"]:
            return verdict("exported_head_missing", min(entry["seq"], last_seq + 1))
    return verdict()


async def export_head(session: AsyncSession, path: Path | None = None) -> dict[str, Any]:
    """Write the chain's current head (seq, hash) to the log, and append it to `path` (JSON lines) when given —
    a file on other storage, or a mounted object-storage path. Run daily by the scheduler."""
    head = table_of(AuditHead)
    row = (await session.execute(select(head.c.seq, head.c.last_hash).where(head.c.id == 1))).first()
    entry = {"seq": int(row.seq) if row else 0, "hash": str(row.last_hash) if row else GENESIS,
             "exported_at": utcnow().isoformat()}
    log.info("audit_head", **entry)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
    return entry


async def export_head_task(session: AsyncSession) -> int:
    """Scheduler task: export today's head to the configured path (or only the log)."""
    from app.core.config import get_settings

    entry = await export_head(session, get_settings().audit_head_export_path)
    return int(entry["seq"])
