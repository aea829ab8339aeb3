"""Access log (nhật ký truy cập dữ liệu cá nhân): who read whose personal data, when, and why.

Decree 356/2025 and Law 91/2025 require that reads of personal data can be accounted for (and that the
subjects affected by a breach can be listed). Domains that show personal data call `log_access` in the same
transaction as the read: one row per detail view, sensitive-field reveal, export, or list page (a list logs
the returned ids in one row). Rows are append-only (database triggers, migration 0002).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import JSON, Column, DateTime, Index, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from app.core.db import utcnow
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
    await session.execute(insert(AccessLog.__table__).values(  # type: ignore[attr-defined]
        occurred_at=utcnow(), actor=actor, subject_type=subject_type,
        subject_ids=[str(s) for s in subject_ids], category=category, purpose=purpose, unit_id=unit_id,
        request_id=current_request_id()))
