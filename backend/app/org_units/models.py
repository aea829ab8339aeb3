"""Tables of the union unit hierarchy (hệ thống tổ chức công đoàn).

`org_unit.parent_id` is the truth for today's tree; `org_unit_closure` (ancestor, descendant, depth) is the
scoping index and `path` the breadcrumb/sort key, all maintained by `tree.py` in the same transaction as the
change. `org_unit_state` keeps each unit's dated parent and name so any date's tree can be rebuilt (`as_of`),
and `org_event` records every restructuring (tái cấu trúc) with its decision number (số quyết định).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from app.core.db import utcnow
from app.core.scope import OrgUnitClosure  # noqa: F401  (the closure lives with the scope helper)


class Sector(StrEnum):
    """Khu vực of a unit: state (nhà nước), non-state enterprises (ngoài nhà nước), public service units (sự
    nghiệp công lập), administrative bodies (hành chính). The one definition: API schemas, query parameters and
    the table's CHECK all read it."""

    state = "state"
    non_state = "non_state"
    public = "public"
    admin = "admin"


# Kinds of restructuring (`org_event.event_type`). A Literal, not a StrEnum: a member named `split` would hide
# `str.split` on every member.
EventType = Literal["establish", "rename", "move", "merge", "split", "dissolve"]


def _one_of(column: str, values: Iterable[str]) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


BEGINNING_OF_TIME = date(1900, 1, 1)


class UnitLevel(SQLModel, table=True):
    """Cấp công đoàn: reference data (the union went from 4 to 3 levels on 1/7/2025)."""

    __tablename__ = "unit_level"
    code: str = Field(primary_key=True, max_length=40)
    rank: int
    name_vi: str = Field(max_length=200)
    name_en: str = Field(max_length=200)


class UnitType(SQLModel, table=True):
    """Loại đơn vị công đoàn (LĐLĐ tỉnh, CĐCS, ...): reference data, never an enum."""

    __tablename__ = "unit_type"
    code: str = Field(primary_key=True, max_length=40)
    level_code: str = Field(foreign_key="unit_level.code", max_length=40)
    name_vi: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    is_grassroots: bool = False
    sort_order: int = 0


class UnitTypeRule(SQLModel, table=True):
    """Which type may sit under which, and when (valid_from inclusive, valid_to exclusive; null = open)."""

    __tablename__ = "unit_type_rule"
    id: int | None = Field(default=None, primary_key=True)
    child_type: str = Field(foreign_key="unit_type.code", max_length=40, index=True)
    parent_type: str = Field(foreign_key="unit_type.code", max_length=40)
    valid_from: date | None = None
    valid_to: date | None = None


class OrgUnit(SQLModel, table=True):
    """Đơn vị / tổ chức công đoàn: any node of the union tree."""

    __tablename__ = "org_unit"
    __table_args__ = (
        CheckConstraint("sector IS NULL OR " + _one_of("sector", Sector), name="sector"),
        CheckConstraint("member_count IS NULL OR member_count >= 0", name="member_count"),
        CheckConstraint("workforce IS NULL OR workforce >= 0", name="workforce"),
        Index("ix_org_unit_parent_id_path", "parent_id", "path"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=300)
    name_key: str = Field(default="", max_length=300, index=True)  # accent-folded name for `q`
    unit_type: str = Field(foreign_key="unit_type.code", max_length=40, index=True)
    parent_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=True))
    path: str = Field(default="/", sa_column=Column(String(400), nullable=False, index=True))
    depth: int = 0
    sector: str | None = Field(default=None, max_length=20)
    member_count: int | None = None
    workforce: int | None = None
    admin_area: str | None = Field(default=None, max_length=200)
    established_on: date | None = None
    ended_on: date | None = None
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))  # row version behind the ETag
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class OrgUnitState(SQLModel, table=True):
    """A unit's parent and name over [valid_from, valid_to): the rows never overlap (rule 1)."""

    __tablename__ = "org_unit_state"
    __table_args__ = (Index("ix_org_unit_state_unit_from", "unit_id", "valid_from"),
                      Index("ix_org_unit_state_parent", "parent_id"))
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    parent_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=True))
    name: str = Field(max_length=300)
    valid_from: date
    valid_to: date | None = None


class OrgUnitCount(SQLModel, table=True):
    """Dated member count and workforce of a unit (rules 5, 25): each row is a fact valid over
    [valid_from, valid_to); rows never overlap. `org_unit.member_count`/`workforce` are today's values, kept in
    step by the one writer (`service.record_counts`)."""

    __tablename__ = "org_unit_count"
    __table_args__ = (
        Index("ix_org_unit_count_unit_from", "unit_id", "valid_from"),
        CheckConstraint("member_count IS NULL OR member_count >= 0", name="member_count"),
        CheckConstraint("workforce IS NULL OR workforce >= 0", name="workforce"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    member_count: int | None = None
    workforce: int | None = None
    valid_from: date
    valid_to: date | None = None
    source: str | None = Field(default=None, max_length=40)  # create, update, merge, import…


class OrgUnitFinance(SQLModel, table=True):
    """Kinh phí hoạt động thường xuyên of a unit for one fiscal year (VND): the unit's own regular operating funds,
    not consolidated with its subtree. A dated fact like the member counts, keyed by the fiscal year; the
    denominator of indicator #19 (training budget share, KH 364 Gia Lâm: 10–15 %). docs/decisions/021."""

    __tablename__ = "org_unit_finance"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_org_unit_finance_unit_year"),
        CheckConstraint("regular_funds >= 0", name="regular_funds"),
        CheckConstraint("year BETWEEN 1900 AND 2999", name="year"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    year: int
    regular_funds: int = Field(sa_column=Column(BigInteger, nullable=False))
    decision_no: str | None = Field(default=None, max_length=120)
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))


class OrgEvent(SQLModel, table=True):
    """A dated restructuring: thành lập, đổi tên, chuyển, hợp nhất, chia tách, giải thể."""

    __tablename__ = "org_event"
    __table_args__ = (
        CheckConstraint(_one_of("event_type", get_args(EventType)), name="event_type"),
    )
    id: int | None = Field(default=None, primary_key=True)
    event_type: str = Field(max_length=20)
    effective_date: date = Field(index=True)
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=1000)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class OrgEventUnit(SQLModel, table=True):
    """Lineage: which units an event touched and how (subject, source, target, child, part)."""

    __tablename__ = "org_event_unit"
    event_id: int = Field(sa_column=Column(Integer, ForeignKey("org_event.id"), primary_key=True))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), primary_key=True, index=True))
    role: str = Field(sa_column=Column(String(20), primary_key=True))
