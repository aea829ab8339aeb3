"""Personnel actions (quyết định nhân sự) and approval authority (phân cấp quản lý cán bộ). Versioned rule
settings and title standards live in `app.rulebook`."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class ActionType(StrEnum):
    """Quyết định nhân sự: bổ nhiệm, bổ nhiệm lại, giới thiệu ứng cử, luân chuyển, điều động, biệt phái, miễn
    nhiệm, từ chức, nghỉ hưu."""

    appointment = "appointment"
    reappointment = "reappointment"
    nomination = "nomination"
    rotation = "rotation"
    transfer = "transfer"
    secondment = "secondment"
    dismissal = "dismissal"
    resignation = "resignation"
    retirement = "retirement"


class ActionStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
    withdrawn = "withdrawn"
    effective = "effective"


ACTION_TYPES = tuple(t.value for t in ActionType)
STATUSES = tuple(s.value for s in ActionStatus)


def _ts(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class ApprovalAuthority(SQLModel, table=True):
    """Phân cấp: which level decides an action on a post — the approver's grant must sit `levels_above` levels
    over the target unit (0 = the unit itself). Most specific row wins (type and post before wildcards)."""

    __tablename__ = "approval_authority"
    id: int | None = Field(default=None, primary_key=True)
    action_type: str | None = Field(default=None, max_length=20)  # null = any
    position_code: str | None = Field(default=None, max_length=40)  # null = any
    unit_level: str | None = Field(default=None, max_length=40)  # level of the target unit; null = any
    levels_above: int = 1


class PersonnelAction(SQLModel, table=True):
    __tablename__ = "personnel_action"
    __table_args__ = (
        CheckConstraint("type IN ('appointment','reappointment','nomination','rotation','transfer','secondment',"
                        "'dismissal','resignation','retirement')", name="type"),
        CheckConstraint("status IN ('draft','submitted','approved','rejected','withdrawn','effective')",
                        name="status"),
        Index("ix_personnel_action_status_unit", "status", "unit_id"),
        Index("ix_personnel_action_cadre", "cadre_id", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=20)
    status: str = Field(default="draft", max_length=12)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))  # target unit
    from_unit_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("org_unit.id")))
    position_code: str = Field(sa_column=Column(String(40), ForeignKey("position.code"), nullable=False))
    effective_date: date
    dossier_date: date  # the day the dossier was received: ages and runways are measured from it
    decision_no: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    eligibility: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    override_reason: str | None = Field(default=None, sa_column=Column(Text))
    batch_id: str | None = Field(default=None, max_length=40, index=True)
    created_by: str = Field(max_length=120)
    submitted_by: str | None = Field(default=None, max_length=120)
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=_ts(True))
    applied_at: datetime | None = Field(default=None, sa_column=_ts(True))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
