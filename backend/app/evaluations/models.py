"""Tables of cadre evaluation (đánh giá, xếp loại cán bộ): versioned rule sets, cycles, per-cadre evaluations
with their dated steps, and multi-angle comments (peers, subordinates)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class Level(StrEnum):
    """Mức xếp loại chất lượng, best first: the one four-level scale of cadre evaluations (QĐ 124 / QĐ 366) and of
    grassroots-unit ratings (HD 1294, rulebook §4.2 "Levels: HXS / HTT / HT / KHT"). Each rule set names them."""

    hoan_thanh_xuat_sac = "hoan_thanh_xuat_sac"
    hoan_thanh_tot = "hoan_thanh_tot"
    hoan_thanh = "hoan_thanh"
    khong_hoan_thanh = "khong_hoan_thanh"


LEVELS = tuple(lv.value for lv in Level)
LEVEL_CHECK = "level IN (" + ",".join(f"'{lv}'" for lv in LEVELS) + ")"
TOP_LEVEL = Level.hoan_thanh_xuat_sac.value
GOOD_LEVELS = (Level.hoan_thanh_xuat_sac.value, Level.hoan_thanh_tot.value)  # "tốt" or better
CYCLE_KINDS = ("annual", "quarterly", "monthly", "ad_hoc")
CYCLE_STATUSES = ("open", "finalized")
EVALUATION_STATUSES = ("pending", "self_assessed", "commented", "proposed", "decided", "published")
COMMENT_KINDS = ("peer", "subordinate")


def _ts(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class EvaluationRuleSet(SQLModel, table=True):
    """A versioned rule set (QĐ 124-QĐ/TW until 9/2025, QĐ 366-QĐ/TW after): criteria and weights, the score bands,
    the level names and the cap on the top level's share. The set in force on a cycle's end date applies."""

    __tablename__ = "evaluation_rule_set"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=300)
    valid_from: date
    valid_to: date | None = None  # exclusive
    band_excellent: float = 90.0  # score ≥ → hoan_thanh_xuat_sac
    band_good: float = 70.0  # score ≥ → hoan_thanh_tot
    band_pass: float = 50.0  # score ≥ → hoan_thanh, else khong_hoan_thanh
    max_top_share: float = 20.0  # % of decided evaluations that may be hoan_thanh_xuat_sac
    level_names: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    criteria: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class EvaluationCycle(SQLModel, table=True):
    """Kỳ đánh giá over a unit subtree: annual, quarterly, monthly or ad hoc (before an appointment, rotation…)."""

    __tablename__ = "evaluation_cycle"
    __table_args__ = (
        CheckConstraint("kind IN ('annual','quarterly','monthly','ad_hoc')", name="kind"),
        CheckConstraint("status IN ('open','finalized')", name="status"),
        Index("ix_evaluation_cycle_unit", "unit_id", "starts_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    kind: str = Field(max_length=10)
    period: str = Field(max_length=60)
    starts_on: date
    ends_on: date
    rule_set_id: int = Field(sa_column=Column(Integer, ForeignKey("evaluation_rule_set.id"), nullable=False))
    status: str = Field(default="open", max_length=10)
    anonymous_comments: bool = True
    max_top_share: float | None = Field(default=None, sa_column=Column(Float))  # overrides the rule set's cap
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    finalized_at: datetime | None = Field(default=None, sa_column=_ts(True))
    finalized_by: str | None = Field(default=None, max_length=120)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))


class Evaluation(SQLModel, table=True):
    """One cadre's evaluation in a cycle; each step dated and signed by its principal (and audited)."""

    __tablename__ = "evaluation"
    __table_args__ = (
        UniqueConstraint("cycle_id", "cadre_id", name="uq_evaluation_cycle_cadre"),
        CheckConstraint("status IN ('pending','self_assessed','commented','proposed','decided','published')",
                        name="status"),
        Index("ix_evaluation_cadre", "cadre_id", "cycle_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(sa_column=Column(Integer, ForeignKey("evaluation_cycle.id"), nullable=False))
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    status: str = Field(default="pending", max_length=14)
    self_score: float | None = Field(default=None, sa_column=Column(Float))
    self_text: str | None = Field(default=None, sa_column=Column(Text))
    criteria_scores: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    self_level: str | None = Field(default=None, max_length=24)
    self_assessed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    self_assessed_by: str | None = Field(default=None, max_length=120)
    collective_comment: str | None = Field(default=None, sa_column=Column(Text))
    commented_at: datetime | None = Field(default=None, sa_column=_ts(True))
    commented_by: str | None = Field(default=None, max_length=120)
    proposed_score: float | None = Field(default=None, sa_column=Column(Float))
    proposed_level: str | None = Field(default=None, max_length=24)
    proposed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    proposed_by: str | None = Field(default=None, max_length=120)
    level: str | None = Field(default=None, max_length=24)  # the authority's decision
    decision_no: str | None = Field(default=None, max_length=100)
    decided_at: datetime | None = Field(default=None, sa_column=_ts(True))
    decided_by: str | None = Field(default=None, max_length=120)
    published_at: datetime | None = Field(default=None, sa_column=_ts(True))
    published_by: str | None = Field(default=None, max_length=120)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class EvaluationComment(SQLModel, table=True):
    """Ý kiến đa chiều: a peer's or subordinate's comment (and optional score); anonymous where the cycle says so
    (the author is kept for audit but never returned)."""

    __tablename__ = "evaluation_comment"
    __table_args__ = (CheckConstraint("kind IN ('peer','subordinate')", name="kind"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(sa_column=Column(Integer, ForeignKey("evaluation.id"), nullable=False, index=True))
    kind: str = Field(max_length=12)
    text: str = Field(sa_column=Column(Text, nullable=False))
    score: float | None = Field(default=None, sa_column=Column(Float))
    anonymous: bool = True
    author: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
