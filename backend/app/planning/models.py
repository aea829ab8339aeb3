"""Cadre planning (quy hoạch cán bộ): cycles per unit and term, candidates per post, frozen approvals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class PlanningCycle(SQLModel, table=True):
    """A plan for the posts of a unit for a coming term (e.g. 2025–2030); approval by the upper level freezes
    a snapshot; the annual Q1 review opens a revision (a new cycle pointing at the one it revises)."""

    __tablename__ = "planning_cycle"
    __table_args__ = (CheckConstraint("status IN ('draft','submitted','approved','superseded')", name="status"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    name: str = Field(max_length=200)
    start_year: int
    end_year: int
    status: str = Field(default="draft", max_length=12)
    revision_of: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("planning_cycle.id")))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    approved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    approved_by: str | None = Field(default=None, max_length=120)
    decision_no: str | None = Field(default=None, max_length=100)
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # D8: explicit acknowledgements of women/young shares below target, at submission and approval
    acknowledgements: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class PlanningEntry(SQLModel, table=True):
    """A candidate for a post in a cycle; removal keeps the row with its reason."""

    __tablename__ = "planning_entry"
    __table_args__ = (
        Index("ix_planning_entry_cycle_post", "cycle_id", "position_code"),
        Index("ix_planning_entry_cadre", "cadre_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(sa_column=Column(Integer, ForeignKey("planning_cycle.id"), nullable=False))
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    position_code: str = Field(sa_column=Column(String(40), ForeignKey("position.code"), nullable=False))
    source: str = Field(default="inside", max_length=10)  # inside | outside the union ("động và mở")
    added_on: date
    added_reason: str | None = Field(default=None, max_length=500)
    removed_on: date | None = None
    removed_reason: str | None = Field(default=None, max_length=500)
