"""API shapes of evaluation cycles, evaluations and comments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from app.core.ids import DbId
from app.evaluations.models import Level
from app.ratings.schemas import BchUnitRating

CycleKind = Literal["annual", "quarterly", "monthly", "ad_hoc"]
CycleStatus = Literal["open", "finalized"]
EvaluationStatus = Literal["pending", "self_assessed", "commented", "proposed", "decided", "published"]
CommentKind = Literal["peer", "subordinate"]
Score = Field(ge=0, le=100, allow_inf_nan=False)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Criterion(BaseModel):
    code: str
    name_vi: str
    name_en: str
    weight: float


class RuleSetRead(BaseModel):
    id: int
    code: str
    name: str
    valid_from: date
    valid_to: date | None
    band_excellent: float
    band_good: float
    band_pass: float
    max_top_share: float
    level_names: dict[str, list[str]]
    criteria: list[Criterion]


class RuleSetList(BaseModel):
    items: list[RuleSetRead]


class EvaluationCycleCreate(Strict):
    unit_id: DbId
    kind: CycleKind
    period: str = Field(min_length=1, max_length=60)
    starts_on: date
    ends_on: date
    anonymous_comments: StrictBool = True
    max_top_share: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _dates(self) -> EvaluationCycleCreate:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        if self.starts_on.year < 1950 or self.ends_on.year > 2200:
            raise ValueError("dates out of range")
        return self


class StepCounts(BaseModel):
    total: int = 0
    pending: int = 0
    self_assessed: int = 0
    commented: int = 0
    proposed: int = 0
    decided: int = 0
    published: int = 0


class EvaluationCycleRead(BaseModel):
    id: int
    unit_id: DbId
    kind: CycleKind
    period: str
    starts_on: date
    ends_on: date
    status: CycleStatus
    rule_set_code: str
    # the names of the levels in the cycle's rule set (level → [vi, en]): QĐ 124 or QĐ 366 (rule 19)
    level_names: dict[str, list[str]] = {}
    anonymous_comments: bool
    max_top_share: float
    top_share: float
    progress: StepCounts
    finalized_at: datetime | None
    version: int


class EvaluationCyclePage(BaseModel):
    items: list[EvaluationCycleRead]
    next_cursor: str | None = None


class EvaluationCreate(Strict):
    cadre_id: DbId


class EvaluationRead(BaseModel):
    id: int
    cycle_id: int
    cadre_id: DbId
    cadre_name: str
    unit_id: DbId
    status: EvaluationStatus
    self_score: float | None
    self_text: str | None
    criteria_scores: dict[str, float] | None
    self_level: Level | None
    self_assessed_at: datetime | None
    collective_comment: str | None
    commented_at: datetime | None
    proposed_score: float | None
    proposed_level: Level | None
    proposed_at: datetime | None
    monthly_average: float | None = None
    level: Level | None
    decision_no: str | None
    decided_at: datetime | None
    published_at: datetime | None
    version: int
    # HD 1294 feeds the BCH's own evaluation: the grassroots union whose BCH the cadre sat on during the cycle and
    # its rating for the cycle's year (null when the cadre held no such post)
    unit_rating: BchUnitRating | None = None


class MyEvaluation(EvaluationRead):
    """One of the caller's own evaluations with its cycle (GET /me/evaluations)."""

    cycle_kind: CycleKind
    cycle_period: str
    cycle_starts_on: date
    cycle_ends_on: date
    cycle_status: CycleStatus
    rule_set_code: str


class MyEvaluationList(BaseModel):
    items: list[MyEvaluation]


class EvaluationPage(BaseModel):
    items: list[EvaluationRead]
    next_cursor: str | None = None


class SelfAssessment(Strict):
    score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    criteria_scores: dict[str, float] | None = None  # criterion code → 0–100; the score is then their weighted mean
    text: str = Field(min_length=1, max_length=20000)

    @model_validator(mode="after")
    def _one_score(self) -> SelfAssessment:
        if self.score is None and not self.criteria_scores:
            raise ValueError("score or criteria_scores is required")
        for v in (self.criteria_scores or {}).values():
            if not 0 <= v <= 100:
                raise ValueError("criteria scores are 0–100")
        return self


class CollectiveComment(Strict):
    text: str = Field(min_length=1, max_length=20000)


class Proposal(Strict):
    score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    level: Level | None = None


class Decision(Strict):
    level: Level
    decision_no: str | None = Field(default=None, max_length=100)


class CommentCreate(Strict):
    kind: CommentKind
    text: str = Field(min_length=1, max_length=5000)
    score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)


class CommentRead(BaseModel):
    id: int
    evaluation_id: int
    kind: CommentKind
    text: str
    score: float | None
    author: str | None  # None when anonymous
    created_at: datetime


class CommentList(BaseModel):
    items: list[CommentRead]


class CadreEvaluationResult(BaseModel):
    """One published or decided result, as the cadre's history (and Mẫu 2C, eligibility) shows it."""

    evaluation_id: int
    cycle_id: int
    kind: CycleKind
    period: str
    ends_on: date
    level: Level
    level_name: str
    score: float | None
    decided_at: datetime | None
    published_at: datetime | None


class CadreEvaluationList(BaseModel):
    items: list[CadreEvaluationResult]
