"""Tables of training (đào tạo, bồi dưỡng): programmes, courses (lớp) with tags, enrolments (lượt) with
attendance, result and certificate."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

TAGS = ("political_theory", "union_skills", "law", "state_management", "foreign_language", "it",
        "defence_security", "briefing")
# the tags' names in the reports (Vietnamese documents); the SPA has its own vi/en labels
TAG_LABELS = {"political_theory": "Lý luận chính trị", "union_skills": "Nghiệp vụ công đoàn", "law": "Pháp luật",
              "state_management": "Quản lý nhà nước", "foreign_language": "Ngoại ngữ", "it": "Tin học",
              "defence_security": "Quốc phòng, an ninh", "briefing": "Quán triệt, học tập nghị quyết"}
MODES = ("in_class", "online")
RESULTS = ("passed", "failed")


def _ts(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class TrainingProgramme(SQLModel, table=True):
    """Chương trình đào tạo, bồi dưỡng: groups courses (e.g. "Bồi dưỡng cán bộ công đoàn cơ sở 2026")."""

    __tablename__ = "training_programme"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    organiser_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    year: int
    budget: float | None = Field(default=None, sa_column=Column(Numeric(16, 0)))  # VND
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class TrainingCourse(SQLModel, table=True):
    """Lớp đào tạo, bồi dưỡng: in class or online, organised by a unit, with dates, budget and optionally the
    qualification a pass confers (kind + level of a cadre qualification row)."""

    __tablename__ = "training_course"
    __table_args__ = (
        CheckConstraint("mode IN ('in_class','online')", name="mode"),
        Index("ix_training_course_organiser", "organiser_unit_id", "starts_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    organiser_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    programme_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("training_programme.id")))
    mode: str = Field(max_length=10)
    starts_on: date
    ends_on: date
    budget: float | None = Field(default=None, sa_column=Column(Numeric(16, 0)))  # VND
    location: str | None = Field(default=None, max_length=300)
    qualification_kind: str | None = Field(default=None, max_length=30)
    qualification_level: str | None = Field(default=None, max_length=40)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))


class TrainingCourseTag(SQLModel, table=True):
    __tablename__ = "training_course_tag"
    __table_args__ = (Index("ix_training_course_tag_tag", "tag", "course_id"),)
    course_id: int = Field(sa_column=Column(Integer, ForeignKey("training_course.id"), primary_key=True))
    tag: str = Field(sa_column=Column(String(30), primary_key=True))


class Enrolment(SQLModel, table=True):
    """Lượt học: a cadre in a course; `unit_id` is the cadre's unit at enrolment (scope and counts)."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("course_id", "cadre_id", name="uq_enrolment_course_cadre"),
        CheckConstraint("status IN ('enrolled','completed','withdrawn')", name="status"),
        CheckConstraint("result IS NULL OR result IN ('passed','failed')", name="result"),
        Index("ix_enrolment_cadre", "cadre_id", "course_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=Column(Integer, ForeignKey("training_course.id"), nullable=False))
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    status: str = Field(default="enrolled", max_length=10)
    attendance_pct: int | None = None
    result: str | None = Field(default=None, max_length=10)
    certificate_no: str | None = Field(default=None, max_length=100)
    completed_on: date | None = None
    qualification_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("qualification.id")))
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
