"""Self-declarations (tự kê khai): a cadre with their own account proposes changes to their own profile, one section
at a time; the organisation officer confirms or rejects each section. Confirming writes through the cadres service
(the one write path of a cadre's record), so every rule of that record applies (Decree 27/2026: one e-dossier per
person, kept current)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

SECTIONS = ("contact", "qualifications", "employment", "family")
STATUSES = ("pending", "confirmed", "rejected", "superseded")


class SelfDeclaration(SQLModel, table=True):
    __tablename__ = "self_declaration"
    __table_args__ = (
        CheckConstraint("section IN ('contact','qualifications','employment','family')", name="section"),
        CheckConstraint("status IN ('pending','confirmed','rejected','superseded')", name="status"),
        Index("ix_self_declaration_cadre", "cadre_id", "section", "status"),
        Index("ix_self_declaration_unit", "unit_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))  # the cadre's, then
    section: str = Field(sa_column=Column(String(20), nullable=False))
    proposed: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12)
    requested_by: str = Field(max_length=120)
    requested_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    decision_note: str | None = Field(default=None, max_length=1000)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
