"""Access log (nhật ký truy cập dữ liệu cá nhân): who read whose personal data, when, and why.

Decree 356/2025 and Law 91/2025 require that reads of personal data can be accounted for (and that the
subjects affected by a breach can be listed). Domains that show personal data call `log_access` in the same
transaction as the read: one row per detail view, sensitive-field reveal, export, or list page (a list logs
the returned ids in one row). Rows are append-only (database triggers, migration 0002).

Commit mode (docs/decisions/041-access-log-commit.md): a transaction that only read and logged commits with
`synchronous_commit = off` on PostgreSQL — the row is written in the same transaction as the read (no answered
read without its log row, ever, in the committed data), but the commit does not wait for the WAL flush. The one
loss window is a crash of the database server itself within ~3 × wal_writer_delay (600 ms by default) of the
read. A transaction that also writes anything else commits synchronously (`core.db.restore_synchronous_commit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, get_args

from sqlalchemy import JSON, Column, DateTime, Index, Insert, bindparam, func, insert, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from app.core.db import ASYNC_COMMIT_KEY, ASYNC_COMMIT_TABLES, table_of, tables_written, utcnow
from app.core.observability import current_request_id

AccessCategory = Literal["detail", "sensitive", "export", "list"]
CATEGORIES: tuple[str, ...] = get_args(AccessCategory)


class AccessLog(SQLModel, table=True):
    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_occurred_at", "occurred_at"),)
    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=120, index=True)
    subject_type: str = Field(max_length=60, index=True)
    subject_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    category: str = Field(max_length=20)
    purpose: str | None = Field(default=None, max_length=300)
    unit_id: int | None = Field(default=None, index=True)  # unit of the subjects: scopes who may read the row
    request_id: str | None = Field(default=None, max_length=80)


async def log_access(session: AsyncSession, *, actor: str, subject_type: str, subject_ids: Sequence[Any],
                     category: AccessCategory, purpose: str | None = None, unit_id: int | None = None) -> None:
    """Record one read of personal data (ids are stored as strings so any key type can be searched)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown access category {category!r}; expected one of {CATEGORIES}")
    if not subject_ids:
        return
    asynchronous = session.bind is not None and session.bind.dialect.name == "postgresql" \
        and not tables_written(session) - ASYNC_COMMIT_TABLES
    if asynchronous:
        session.info[ASYNC_COMMIT_KEY] = True
    await session.execute(_insert_statement(asynchronous), {
        "p_occurred_at": utcnow(), "p_actor": actor, "p_subject_type": subject_type,
        "p_subject_ids": [str(s) for s in subject_ids], "p_category": category, "p_purpose": purpose,
        "p_unit_id": unit_id, "p_request_id": current_request_id()})


@lru_cache(maxsize=2)
def _insert_statement(asynchronous: bool) -> Insert:
    """The INSERT, built once (every detail read runs it). `asynchronous`: a read-plus-log transaction so far, which
    commits without waiting for the WAL flush — set_config(..., true) is SET LOCAL, folded into this INSERT so it
    costs no round trip; its '' result leaves the category unchanged."""
    table = table_of(AccessLog)
    values: dict[str, Any] = {c.name: bindparam(f"p_{c.name}", type_=c.type) for c in table.c if c.name != "id"}
    if asynchronous:
        values["category"] = func.concat(values["category"],
                                         func.left(func.set_config("synchronous_commit", "off", true()), 0))
    return insert(table).values(**values)
