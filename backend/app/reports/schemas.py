"""API shapes of reports (API.md "Reports")."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from app.training.schemas import CountRow, ProgrammeCount


class StaffBreakdown(BaseModel):
    total: int
    female: int
    ethnic_minority: int | None  # null for a group under k_min without cadres:read_sensitive (rule 26)
    party_member: int | None
    education_level: dict[str, int]
    political_theory: dict[str, int]
    age_band: dict[str, int]


class UnitCounts(BaseModel):
    by_type: dict[str, int]
    grassroots: int


class TrainingFacts(BaseModel):
    """Đào tạo, bồi dưỡng from 1/1 of the year to `as_of`: lượt (enrolments of the subtree's cadres), lớp (classes
    organised in the subtree), by tag (programme of study), by organiser level and by training programme; the
    courses' budget and indicator #19's training budget share (course budgets ÷ regular funds, %)."""

    period_start: date
    period_end: date
    classes: int
    enrolments: int
    completed: int
    by_tag: dict[str, int]  # tag -> enrolments (lượt)
    classes_by_tag: dict[str, int] = {}  # tag -> classes (lớp)
    by_level: list[CountRow] = []  # organiser level -> classes and enrolments
    by_programme: list[ProgrammeCount] = []
    passed: int = 0
    budget: float = 0  # budgets of the classes counted (VND)
    training_spent: float | None = None  # #19's numerator: budgets of courses starting in the period (VND)
    regular_funds: float | None = None  # #19's denominator: the units' regular operating funds (VND)
    budget_share: float | None = None  # #19: training_spent / regular_funds, %


class MovementFacts(BaseModel):
    """Luân chuyển, điều động, biệt phái started from 1/1 of the year to `as_of`, touching the subtree."""

    rotations: int
    transfers: int
    secondments: int
    head_rotations: int
    head_transfers: int


class CadreStatistics(BaseModel):
    unit_id: int
    as_of: date
    units: UnitCounts
    members: int
    staff: dict[str, StaffBreakdown]  # "full_time", "part_time"
    training: TrainingFacts | None = None
    movements: MovementFacts | None = None


class ReviewRequest(BaseModel):
    model_config = {"extra": "forbid"}
    unit_id: int
    period_start: date
    period_end: date
    plan_id: int | None = None
