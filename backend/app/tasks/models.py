"""The `task` table: one row per flag raised by a rule, deduplicated by `dedupe_key`."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class TaskKind(StrEnum):
    """What a task asks people to decide (others may add kinds; the column is not constrained to this list)."""

    planning_review_missing = "planning_review_missing"  # rule 18: no Q1 planning review by 31/3
    dismissal_review = "dismissal_review"  # rule 22: two reprimands in one term, two KHT years…
    data_subject_request_due = "data_subject_request_due"  # rule 27
    rotation_ending = "rotation_ending"
    report_request_due = "report_request_due"


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    dismissed = "dismissed"


class Task(SQLModel, table=True):
    """Việc cần xử lý: raised by a rule (`kind`) about a unit and maybe a person, due on a date."""

    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("status IN ('open','done','dismissed')", name="status"),
        Index("ix_task_status_due", "status", "due_on", "id"),
        Index("ix_task_unit", "unit_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    cadre_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("cadre.id"), index=True))
    due_on: date
    status: str = Field(default=TaskStatus.open, max_length=12)
    title_vi: str = Field(max_length=500)
    title_en: str = Field(max_length=500)
    dedupe_key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    source_type: str | None = Field(default=None, max_length=40)  # e.g. planning_cycle, discipline
    source_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    resolved_by: str | None = Field(default=None, max_length=120)
    resolution_note: str | None = Field(default=None, sa_column=Column(Text))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))  # ETag
