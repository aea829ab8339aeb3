"""Tables of conduct records: discipline (kỷ luật) and political clearance (kết luận tiêu chuẩn chính trị).

A discipline row is one decision: its `form` (hình thức), `decision_no`, `issuer` (the authority that decided)
and effective period `[effective_from, effective_to)`. Awards (khen thưởng) will sit beside it in this package.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class DisciplineForm(StrEnum):
    """Hình thức kỷ luật cán bộ/đoàn viên (Điều lệ Công đoàn): ordered from the mildest."""

    khien_trach = "khien_trach"
    canh_cao = "canh_cao"
    cach_chuc = "cach_chuc"
    khai_tru = "khai_tru"


FORM_CHECK = "form IN (" + ",".join(f"'{f.value}'" for f in DisciplineForm) + ")"


class Discipline(SQLModel, table=True):
    """Kỷ luật: form, decision, issuer, effective period. While in effect it blocks appointment and planning
    (rules 12, 17); reprimands count towards the dismissal review (rule 22)."""

    __tablename__ = "discipline"
    __table_args__ = (
        CheckConstraint(FORM_CHECK, name="form"),
        Index("ix_discipline_cadre", "cadre_id", "effective_from"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    form: str = Field(max_length=20)
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)  # the authority that decided (cơ quan quyết định)
    effective_from: date
    effective_to: date | None = None  # exclusive; None = until lifted
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class PoliticalClearance(SQLModel, table=True):
    """Kết luận tiêu chuẩn chính trị: needed before planning, appointment or nomination (rule 10)."""

    __tablename__ = "political_clearance"
    __table_args__ = (Index("ix_political_clearance_cadre", "cadre_id", "concluded_on"),)
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    positive: bool
    concluded_on: date
    concluded_by: str = Field(max_length=200)  # the Party committee / authority that concluded
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
