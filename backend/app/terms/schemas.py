"""API shapes of terms, bodies, posts and assignments (API.md "Cadres": post, body and basis codes)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.cadres.models import Gender
from app.terms.models import Basis, BodyKind, EndReason


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PositionRead(BaseModel):
    code: str
    label_vi: str
    label_en: str
    rank: int
    is_key: bool
    body_kinds: list[str]


class PositionList(BaseModel):
    items: list[PositionRead]


class BodySpec(Strict):
    kind: BodyKind
    seats: int | None = Field(default=None, ge=1, le=500)


class TermCreate(Strict):
    unit_id: int
    name: str = Field(min_length=1, max_length=200)
    congress_date: date | None = None
    start_date: date
    end_date: date | None = None  # default: start + 5 years
    mode: Literal["elected", "designated"] = "elected"
    decision_no: str | None = Field(default=None, max_length=100)
    bodies: list[BodySpec] = Field(default_factory=lambda: [BodySpec(kind="bch")], max_length=5)


class BodyRead(BaseModel):
    id: int
    unit_id: int
    term_id: int | None
    kind: BodyKind
    seats: int | None


class TermRead(BaseModel):
    id: int
    unit_id: int
    name: str
    congress_date: date | None
    start_date: date
    end_date: date
    mode: str
    decision_no: str | None
    bodies: list[BodyRead]


class TermList(BaseModel):
    items: list[TermRead]
    next_cursor: str | None = None


class AssignmentCreate(Strict):
    cadre_id: int
    body_id: int
    position_code: str = Field(min_length=1, max_length=40)
    basis: Basis
    full_time: StrictBool = False
    from_date: date
    to_date: date | None = None
    decision_no: str | None = Field(default=None, max_length=100)
    carried_over: StrictBool = False


class AssignmentEnd(Strict):
    to_date: date
    end_reason: EndReason
    decision_no: str | None = Field(default=None, max_length=100)


class AssignmentRead(BaseModel):
    id: int
    cadre_id: int
    unit_id: int
    body_id: int
    body: BodyKind
    term_id: int | None
    position_code: str
    basis: Basis
    full_time: bool
    from_date: date
    to_date: date | None
    decision_no: str | None
    end_reason: str | None
    carried_over: bool


class AssignmentList(BaseModel):
    items: list[AssignmentRead]


class ExpiringAppointment(BaseModel):
    """An appointed post (bổ nhiệm) whose 5-year period ends soon: re-appoint or replace (rule 13)."""

    assignment_id: int
    cadre_id: int
    full_name: str
    unit_id: int
    unit_name: str
    position_code: str
    from_date: date
    to_date: date


class ExpiringAppointmentList(BaseModel):
    items: list[ExpiringAppointment]


class CompositionMember(BaseModel):
    assignment_id: int
    cadre_id: int
    full_name: str
    position_code: str
    gender: Gender
    birth_date: date
    age: int


class BodyComposition(BaseModel):
    body_id: int
    kind: BodyKind
    as_of: date
    seats: int | None
    filled: int
    vacancies: int | None
    women: int
    women_share: float | None
    young: int
    young_share: float | None
    young_age_limit: int
    members: list[CompositionMember]


class BodyCreate(Strict):
    unit_id: int
    term_id: int | None = None
    kind: BodyKind
    seats: int | None = Field(default=None, ge=1, le=500)
