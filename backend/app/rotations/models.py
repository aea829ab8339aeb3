"""Rotation programmes (luân chuyển, điều động, biệt phái cán bộ): origin, destination, planned duration and return."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

KINDS = ("rotation", "transfer", "secondment")


class Rotation(SQLModel, table=True):
    """One movement of a cadre between units (both directions between levels), dated, with a decision number.
    Rotations and secondments have a planned end (and return); a transfer is open-ended."""

    __tablename__ = "rotation"
    __table_args__ = (
        CheckConstraint("kind IN ('rotation','transfer','secondment')", name="kind"),
        Index("ix_rotation_from_unit", "from_unit_id", "starts_on"),
        Index("ix_rotation_to_unit", "to_unit_id", "starts_on"),
        Index("ix_rotation_cadre", "cadre_id", "starts_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    kind: str = Field(max_length=12)
    from_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    to_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    position_code: str | None = Field(default=None, sa_column=Column(String(40), ForeignKey("position.code")))
    head_of_unit: bool = False  # the person heads the unit they move to or from (người đứng đầu)
    starts_on: date
    planned_months: int | None = None
    planned_end_on: date | None = None  # planned return
    returned_on: date | None = None
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=500)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
