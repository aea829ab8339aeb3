"""Terms (nhiệm kỳ), bodies (BCH, BTV, UBKT, Đoàn Chủ tịch, bộ máy) and post assignments (giữ chức vụ)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class BodyKind(StrEnum):
    """BCH, BTV, UBKT, Đoàn Chủ tịch, and the apparatus (bộ máy) of a unit."""

    bch = "bch"
    btv = "btv"
    ubkt = "ubkt"
    doan_chu_tich = "doan_chu_tich"
    apparatus = "apparatus"


BODY_KINDS = tuple(k.value for k in BodyKind)
class Basis(StrEnum):
    """How a post is filled: bầu (elected), chỉ định (designated), bổ nhiệm (appointed)."""

    elected = "elected"
    designated = "designated"
    appointed = "appointed"


class EndReason(StrEnum):
    """Why an assignment ended (rule 7)."""

    dismissal = "dismissal"
    resignation = "resignation"
    removal = "removal"
    retirement = "retirement"
    transfer = "transfer"
    death = "death"
    unit_ended = "unit_ended"
    term_ended = "term_ended"
    rotation = "rotation"
    secondment = "secondment"
    appointment = "appointment"
    reappointment = "reappointment"


BASES = tuple(b.value for b in Basis)
# Rule 7: the reasons allowed to end an assignment before its term ends (all but the term's own end).
EARLY_END_REASONS = tuple(r.value for r in EndReason if r is not EndReason.term_ended)


class Position(SQLModel, table=True):
    """Chức vụ: reference data. `rank` orders posts (lower = higher post) for "higher post" rules."""

    __tablename__ = "position"
    code: str = Field(primary_key=True, max_length=40)
    name_vi: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    rank: int
    is_key: bool = False
    body_kinds: str = Field(max_length=200)  # space-separated body kinds where the post exists


class Term(SQLModel, table=True):
    """Nhiệm kỳ: opened by a congress (đại hội) of a unit, usually 5 years."""

    __tablename__ = "term"
    __table_args__ = (CheckConstraint("end_date > start_date", name="dates"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    name: str = Field(max_length=200)
    congress_date: date | None = None
    start_date: date
    end_date: date
    mode: str = Field(default="elected", max_length=12)  # elected | designated (2025 reorganisation)
    decision_no: str | None = Field(default=None, max_length=100)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))


class Body(SQLModel, table=True):
    """BCH, BTV, UBKT, Đoàn Chủ tịch of a term; `apparatus` (bộ máy) of a unit has no term."""

    __tablename__ = "body"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    term_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("term.id"), index=True))
    kind: str = Field(max_length=20)
    seats: int | None = None  # planned number of members


class Assignment(SQLModel, table=True):
    """Giữ chức vụ: a person in a post of a body (or the apparatus) from–to, with its decision."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("to_date IS NULL OR to_date >= from_date", name="dates"),
        Index("ix_assignment_body_position", "body_id", "position_code", "from_date"),
        Index("ix_assignment_cadre", "cadre_id", "from_date"),
        Index("ix_assignment_unit_open", "unit_id", "to_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    body_id: int = Field(sa_column=Column(Integer, ForeignKey("body.id"), nullable=False))
    position_code: str = Field(sa_column=Column(String(40), ForeignKey("position.code"), nullable=False))
    basis: str = Field(max_length=12)
    full_time: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    from_date: date = Field(sa_column=Column(Date, nullable=False))
    to_date: date | None = None  # exclusive end; None = open
    decision_no: str | None = Field(default=None, max_length=100)
    end_reason: str | None = Field(default=None, max_length=20)
    carried_over: bool = False  # continues past its term's end (e.g. until the next congress)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
