"""Ratings of grassroots unions (đánh giá, xếp loại CĐCS; HD 1294/HD-TLĐ 14/8/2019)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Float, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import utcnow
from app.evaluations.models import LEVEL_CHECK


class UnitRating(SQLModel, table=True):
    """One year's rating of a grassroots union: 100 points (representation 40, building the organisation 40,
    communication 15, bonus 5) and a level; as of 31/12 of the year."""

    __tablename__ = "unit_rating"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_unit_rating_unit_year"),
        CheckConstraint(LEVEL_CHECK, name="level"),
        CheckConstraint("score >= 0 AND score <= 100", name="score"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    year: int
    score: float = Field(sa_column=Column(Float, nullable=False))
    representation: float | None = Field(default=None, sa_column=Column(Float))
    organisation: float | None = Field(default=None, sa_column=Column(Float))
    communication: float | None = Field(default=None, sa_column=Column(Float))
    bonus: float | None = Field(default=None, sa_column=Column(Float))
    level: str = Field(max_length=24)
    decision_no: str | None = Field(default=None, max_length=100)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
