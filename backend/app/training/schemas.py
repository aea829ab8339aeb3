"""API shapes of training programmes, courses, enrolments, coverage gaps and training counts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.cadres.models import QualificationKind
from app.core.ids import DbId

Tag = Literal["political_theory", "union_skills", "law", "state_management", "foreign_language", "it",
              "defence_security", "briefing"]
Mode = Literal["in_class", "online"]
Result = Literal["passed", "failed"]
CoverageRule = Literal["part_time_skills", "nonstate_chairs_law", "nonstate_chairs_trained", "key_cadres_briefed",
                       "grassroots_chairs_briefed"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CourseQualification(Strict):
    kind: QualificationKind
    level: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_:.-]+$")


class ProgrammeCreate(Strict):
    name: str = Field(min_length=1, max_length=300)
    organiser_unit_id: DbId
    year: int = Field(ge=1950, le=2200)
    budget: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)


class ProgrammeRead(BaseModel):
    id: int
    name: str
    organiser_unit_id: DbId
    year: int
    budget: float | None


class ProgrammeList(BaseModel):
    items: list[ProgrammeRead]


class CourseCreate(Strict):
    name: str = Field(min_length=1, max_length=300)
    organiser_unit_id: DbId
    programme_id: DbId | None = None
    tags: list[Tag] = Field(min_length=1, max_length=8)
    mode: Mode
    starts_on: date
    ends_on: date
    budget: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)
    location: str | None = Field(default=None, max_length=300)
    qualification: CourseQualification | None = None

    @model_validator(mode="after")
    def _dates(self) -> CourseCreate:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        if self.starts_on.year < 1950 or self.ends_on.year > 2200:
            raise ValueError("dates out of range")
        return self


class CourseRead(BaseModel):
    id: int
    name: str
    organiser_unit_id: DbId
    organiser_name: str
    programme_id: DbId | None
    tags: list[Tag]
    mode: Mode
    starts_on: date
    ends_on: date
    budget: float | None
    location: str | None
    qualification: CourseQualification | None
    enrolled: int = 0
    completed: int = 0
    version: int


class CoursePage(BaseModel):
    items: list[CourseRead]
    next_cursor: str | None = None


class EnrolmentCreate(Strict):
    cadre_id: DbId


class EnrolmentComplete(Strict):
    result: Result
    certificate_no: str | None = Field(default=None, max_length=100)
    attendance_pct: int | None = Field(default=None, ge=0, le=100)
    completed_on: date | None = None  # default: the course's end date


class EnrolmentRead(BaseModel):
    id: int
    course_id: int
    course_name: str
    cadre_id: DbId
    cadre_name: str
    unit_id: DbId
    status: Literal["enrolled", "completed", "withdrawn"]
    attendance_pct: int | None
    result: Result | None
    certificate_no: str | None
    completed_on: date | None
    qualification_id: int | None
    version: int


class EnrolmentPage(BaseModel):
    items: list[EnrolmentRead]
    next_cursor: str | None = None


TrainingGroup = Literal["province_trained", "any_level"]


class GapItem(BaseModel):
    cadre_id: DbId
    full_name: str
    unit_id: DbId
    unit_name: str
    position_code: str | None
    # nonstate_chairs_trained (rulebook §4.6): the chair of a union with ≥ 1,000 members on the period's end needs
    # a province-run course ("province_trained"), one with fewer a course at any level ("any_level"); null for the
    # other rules
    training_group: TrainingGroup | None = None


class CoverageGaps(BaseModel):
    rule: CoverageRule
    unit_id: DbId
    period_start: date
    period_end: date
    population: int
    covered: int
    items: list[GapItem]


class CountRow(BaseModel):
    key: str
    name: str | None = None  # by organiser level: the level's name (Vietnamese)
    classes: int
    enrolments: int


class ProgrammeCount(BaseModel):
    programme_id: DbId | None
    name: str
    classes: int
    enrolments: int


class TrainingStatistics(BaseModel):
    """Lượt, lớp (by tag, organiser level and programme) and the training budget, over a subtree and period."""

    unit_id: DbId
    period_start: date
    period_end: date
    classes: int
    enrolments: int
    completed: int
    passed: int
    by_tag: list[CountRow]
    by_level: list[CountRow]
    by_programme: list[ProgrammeCount]
    budget: float
    # indicator #19 over the subtree and period: budgets of courses starting in it / the units' regular funds
    budget_share: float | None = None
    regular_funds: float | None = None
    training_spent: float | None = None
