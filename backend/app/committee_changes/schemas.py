"""Shapes of committee change requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.ids import DbId
from app.terms.models import Basis, EndReason

Kind = Literal["appoint", "end"]
Status = Literal["pending", "confirmed", "rejected"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChangeRequestCreate(Strict):
    """`appoint`: seat `cadre_id` in `position_code` of `body_id` from `effective_date` (with `basis`).
    `end`: end `assignment_id` on `effective_date` (exclusive) for `end_reason`, e.g. a resignation."""

    kind: Kind
    unit_id: DbId
    cadre_id: DbId | None = None
    body_id: DbId | None = None
    position_code: str | None = Field(default=None, min_length=1, max_length=40)
    basis: Basis | None = None
    assignment_id: DbId | None = None
    effective_date: date
    end_reason: EndReason | None = None
    reason: str | None = Field(default=None, max_length=1000)
    decision_no: str | None = Field(default=None, max_length=100)


class ChangeRequestDecision(Strict):
    note: str | None = Field(default=None, max_length=1000)


class ChangeRequestRead(BaseModel):
    id: int
    unit_id: int
    unit_name: str
    kind: Kind
    cadre_id: int
    full_name: str
    body_id: int
    body_kind: str
    position_code: str
    basis: str | None
    assignment_id: int | None
    effective_date: date
    end_reason: str | None
    reason: str | None
    decision_no: str | None
    status: Status
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    result_assignment_id: int | None
    version: int


class ChangeRequestPage(BaseModel):
    items: list[ChangeRequestRead]
    next_cursor: str | None = None
