"""Committee change requests (đề nghị thay đổi BCH/BTV/UBKT): a grassroots chair proposes, from the phone, to seat
a person in a committee post or to end someone's post (resignation…); the upper level confirms or rejects it.
Confirming writes through the terms service (the one write path of assignments), so every post rule applies."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

KINDS = ("appoint", "end")
STATUSES = ("pending", "confirmed", "rejected")


class CommitteeChangeRequest(SQLModel, table=True):
    __tablename__ = "committee_change_request"
    __table_args__ = (
        CheckConstraint("kind IN ('appoint','end')", name="kind"),
        CheckConstraint("status IN ('pending','confirmed','rejected')", name="status"),
        Index("ix_committee_change_request_unit", "unit_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    kind: str = Field(max_length=10)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    body_id: int = Field(sa_column=Column(Integer, ForeignKey("body.id"), nullable=False))
    position_code: str = Field(sa_column=Column(String(40), ForeignKey("position.code"), nullable=False))
    basis: str | None = Field(default=None, max_length=12)  # appoint: elected / designated / appointed
    assignment_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("assignment.id")))  # end
    effective_date: date = Field(sa_column=Column(Date, nullable=False))  # appoint: from; end: to (exclusive)
    end_reason: str | None = Field(default=None, max_length=20)
    reason: str | None = Field(default=None, max_length=1000)  # the chair's explanation
    decision_no: str | None = Field(default=None, max_length=100)
    status: str = Field(default="pending", max_length=10)
    requested_by: str = Field(max_length=120)
    requested_at: datetime = Field(default_factory=utcnow,
                                   sa_column=Column(DateTime(timezone=True), nullable=False))
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    decision_note: str | None = Field(default=None, max_length=1000)
    result_assignment_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("assignment.id")))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
