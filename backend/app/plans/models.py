"""Tables of plans (kế hoạch / nghị quyết / chương trình), tasks (nhiệm vụ) and targets (chỉ tiêu).

A plan is issued by a unit and may implement a parent plan of the level above (`parent_plan_id`): cascading a
plan creates one draft implementing plan per subordinate unit (at most one per parent plan and unit).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

PLAN_KINDS = ("ke_hoach", "nghi_quyet", "chuong_trinh")
PLAN_STATUSES = ("draft", "issued")
TASK_STATUSES = ("open", "in_progress", "done", "cancelled")
COMPARATORS = ("ge", "le", "eq")


class Plan(SQLModel, table=True):
    """Kế hoạch / nghị quyết / chương trình: number (e.g. "364/KH-LĐLĐ"), issuer unit, period."""

    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint("kind IN ('ke_hoach','nghi_quyet','chuong_trinh')", name="kind"),
        CheckConstraint("status IN ('draft','issued')", name="status"),
        CheckConstraint("period_end >= period_start", name="period"),
        UniqueConstraint("parent_plan_id", "issuer_unit_id", name="uq_plan_parent_issuer"),
        Index("ix_plan_issuer", "issuer_unit_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    number: str | None = Field(default=None, max_length=100)
    title: str = Field(max_length=500)
    issuer_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    issued_on: date | None = None
    period_start: date
    period_end: date
    parent_plan_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("plan.id"), nullable=True))
    status: str = Field(default="draft", max_length=10)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class PlanTask(SQLModel, table=True):
    """Nhiệm vụ of a plan: what a responsible unit must do by a deadline."""

    __tablename__ = "plan_task"
    __table_args__ = (CheckConstraint("status IN ('open','in_progress','done','cancelled')", name="status"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=Column(Integer, ForeignKey("plan.id"), nullable=False, index=True))
    title: str = Field(max_length=500)
    responsible_unit_id: int | None = Field(default=None,
                                            sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=True))
    deadline: date | None = None
    status: str = Field(default="open", max_length=12)


class Target(SQLModel, table=True):
    """Chỉ tiêu: an indicator's target value over a scope unit's subtree and a period (due on `period_end`)."""

    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint("comparator IN ('ge','le','eq')", name="comparator"),
        CheckConstraint("period_end >= period_start", name="period"),
    )
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(sa_column=Column(Integer, ForeignKey("plan.id"), nullable=False, index=True))
    indicator_code: str = Field(sa_column=Column(String(40), ForeignKey("indicator.code"), nullable=False))
    scope_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    period_start: date
    period_end: date
    target_value: float = Field(sa_column=Column(Float, nullable=False))
    comparator: str = Field(default="ge", max_length=2)
    note: str | None = Field(default=None, max_length=1000)
    copied_from_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("target.id"), nullable=True))
