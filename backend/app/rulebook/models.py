"""Tables of the rulebook: versioned thresholds and title standards (tiêu chuẩn chức danh)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, String
from sqlmodel import Field, SQLModel


class RuleCode(StrEnum):
    """The codes of versioned thresholds (seeded by migration 0005 with their sources)."""

    min_months_appointment = "min_months_appointment"  # KL 08-KL/TW: 60
    min_months_first_election = "min_months_first_election"  # CT 45-CT/TW: one full term, 60
    min_months_reelection = "min_months_reelection"  # CT 45-CT/TW: 48
    min_months_in_post = "min_months_in_post"  # 24
    planning_max_per_post = "planning_max_per_post"  # 3
    planning_max_posts_per_person = "planning_max_posts_per_person"  # 3
    planning_min_women_share = "planning_min_women_share"  # 0.25
    planning_min_young_share = "planning_min_young_share"  # 0.15
    planning_min_months_left = "planning_min_months_left"  # one term: 60
    young_age_under = "young_age_under"  # 40 (provincial/district per QĐ 50)
    max_consecutive_terms = "max_consecutive_terms"  # NĐ 138/2020 Đ.41: 2
    stats_k_min = "stats_k_min"  # rule 26: 5


class RuleSetting(SQLModel, table=True):
    """A threshold valid over [valid_from, valid_to): rule changes never rewrite the past."""

    __tablename__ = "rule_setting"
    __table_args__ = (Index("ix_rule_setting_code_from", "code", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60)
    value: float
    valid_from: date
    valid_to: date | None = None
    source: str | None = Field(default=None, max_length=300)  # the regulation the value comes from


class TitleStandard(SQLModel, table=True):
    """Required qualifications of a post at a level of unit (null level = every level)."""

    __tablename__ = "title_standard"
    id: int | None = Field(default=None, primary_key=True)
    position_code: str = Field(sa_column=Column(String(40), ForeignKey("position.code"), nullable=False))
    unit_level: str | None = Field(default=None, max_length=40)
    min_education: str | None = Field(default=None, max_length=20)
    min_political_theory: str | None = Field(default=None, max_length=20)
    requires_union_certificate: bool = False
