"""Tables of conduct records: discipline (kỷ luật) and political clearance (kết luận tiêu chuẩn chính trị).

A discipline row is one decision: its `form` (hình thức), `decision_no`, `issuer` (the authority that decided)
and effective period `[effective_from, effective_to)`. Awards (khen thưởng) to people and units, and the discipline of
union organisations (khiển trách, cảnh cáo, giải tán) sit beside it.
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


class AwardKind(StrEnum):
    """Hình thức khen thưởng (hướng dẫn khen thưởng của Công đoàn): to people, and the unit title."""

    bang_khen_tld = "bang_khen_tld"  # Bằng khen của Tổng Liên đoàn
    bang_khen_tinh = "bang_khen_tinh"  # Bằng khen của LĐLĐ tỉnh / UBND tỉnh
    bang_lao_dong_sang_tao = "bang_lao_dong_sang_tao"  # Bằng Lao động sáng tạo
    ky_niem_chuong = "ky_niem_chuong"  # Kỷ niệm chương Vì sự nghiệp xây dựng tổ chức Công đoàn
    giay_khen = "giay_khen"  # Giấy khen of the upper level or the CĐCS
    cdcs_vung_manh = "cdcs_vung_manh"  # unit title: CĐCS vững mạnh (tổ công đoàn vững mạnh)


UNIT_AWARDS = frozenset({AwardKind.cdcs_vung_manh, AwardKind.bang_khen_tld, AwardKind.bang_khen_tinh,
                         AwardKind.giay_khen})
PERSON_AWARDS = frozenset(AwardKind) - {AwardKind.cdcs_vung_manh}


class UnitDisciplineForm(StrEnum):
    """Hình thức kỷ luật tổ chức công đoàn."""

    khien_trach = "khien_trach"
    canh_cao = "canh_cao"
    giai_tan = "giai_tan"


class Award(SQLModel, table=True):
    """Khen thưởng: to a person (cadre_id) or a unit (unit_id, e.g. the title CĐCS vững mạnh), with decision, issuer,
    date and effective period."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint("kind IN (" + ",".join(f"'{k.value}'" for k in AwardKind) + ")", name="kind"),
        CheckConstraint("(cadre_id IS NULL) <> (unit_id IS NULL)", name="subject"),
        Index("ix_award_cadre", "cadre_id", "awarded_on"),
        Index("ix_award_unit", "unit_id", "awarded_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=True))
    unit_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=True))
    kind: str = Field(max_length=30)
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str = Field(max_length=200)
    awarded_on: date
    year: int | None = None  # the year the merit refers to (thành tích năm …)
    # effective period (rulebook §8 "Award, Discipline: form, decision, effective_from/to"), e.g. a unit title
    # held for a year; `effective_to` exclusive, both optional
    effective_from: date | None = None
    effective_to: date | None = None
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class UnitDiscipline(SQLModel, table=True):
    """Kỷ luật tổ chức: khiển trách, cảnh cáo, giải tán of a union unit, with decision, issuer, effective period."""

    __tablename__ = "unit_discipline"
    __table_args__ = (
        CheckConstraint("form IN (" + ",".join(f"'{f.value}'" for f in UnitDisciplineForm) + ")", name="form"),
        Index("ix_unit_discipline_unit", "unit_id", "effective_from"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    form: str = Field(max_length=20)
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)
    effective_from: date
    effective_to: date | None = None
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
