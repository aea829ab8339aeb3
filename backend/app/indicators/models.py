"""Tables of the indicator catalogue (danh mục chỉ tiêu), measurements (số liệu đo) and attached evidence files.

Rule 25: a measurement stores its value with numerator, denominator, `as_of`, scope unit and the indicator's
computation version, so the same inputs can be recomputed and compared.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

INDICATOR_KINDS = ("ratio", "count", "average", "manual")
MEASUREMENT_STATUSES = ("computed", "submitted", "approved", "rejected")


class Indicator(SQLModel, table=True):
    """Chỉ tiêu (catalogue entry): computed by a named, versioned function (`computation`) or entered manually."""

    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint("kind IN ('ratio','count','average','manual')", name="kind"),)
    code: str = Field(primary_key=True, max_length=40)
    number: int  # row of domain-rulebook §5
    name_vi: str = Field(max_length=300)
    name_en: str = Field(max_length=300)
    kind: str = Field(max_length=10)
    source: str = Field(max_length=300)  # the seed / regulation it comes from
    version: int = 1
    unit_label: str = Field(max_length=40)  # "%", "CĐCS", "đoàn viên"
    computation: str | None = Field(default=None, max_length=60)  # key in indicators.compute.REGISTRY; None = manual
    description: str | None = Field(default=None, sa_column=Column(Text))


class Attachment(SQLModel, table=True):
    """An evidence file (minh chứng) of a manual measurement or a report submission (stored in the database)."""

    __tablename__ = "attachment"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class Measurement(SQLModel, table=True):
    """Số liệu của một chỉ tiêu: computed (with the computation version) or submitted manually with evidence and
    approved by someone else."""

    __tablename__ = "measurement"
    __table_args__ = (
        CheckConstraint("status IN ('computed','submitted','approved','rejected')", name="status"),
        Index("ix_measurement_lookup", "indicator_code", "scope_unit_id", "as_of"),
    )
    id: int | None = Field(default=None, primary_key=True)
    indicator_code: str = Field(sa_column=Column(String(40), ForeignKey("indicator.code"), nullable=False))
    indicator_version: int
    scope_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    as_of: date
    period_start: date | None = None
    value: float | None = Field(default=None, sa_column=Column(Float))
    numerator: float | None = Field(default=None, sa_column=Column(Float))
    denominator: float | None = Field(default=None, sa_column=Column(Float))
    status: str = Field(max_length=10)
    evidence_text: str | None = Field(default=None, max_length=2000)
    attachment_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("attachment.id")))
    created_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
