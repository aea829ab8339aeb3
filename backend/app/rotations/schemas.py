"""API shapes of rotation programmes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.ids import DbId

Kind = Literal["rotation", "transfer", "secondment"]


class RotationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cadre_id: DbId
    kind: Kind
    from_unit_id: DbId
    to_unit_id: DbId
    position_code: str | None = Field(default=None, max_length=40)
    head_of_unit: bool = False
    starts_on: date
    planned_months: int | None = Field(default=None, ge=1, le=120)
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _shape(self) -> RotationCreate:
        if self.from_unit_id == self.to_unit_id:
            raise ValueError("origin and destination must differ")
        if self.kind in ("rotation", "secondment") and self.planned_months is None:
            raise ValueError("a rotation or secondment needs planned_months")
        if not date(1950, 1, 1) <= self.starts_on <= date(2200, 1, 1):
            raise ValueError("starts_on out of range")
        return self


class RotationReturn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    returned_on: date


class RotationRead(BaseModel):
    id: int
    cadre_id: int
    cadre_name: str
    kind: Kind
    from_unit_id: int
    to_unit_id: int
    position_code: str | None
    head_of_unit: bool
    starts_on: date
    planned_months: int | None
    planned_end_on: date | None
    returned_on: date | None
    decision_no: str | None
    note: str | None
    version: int


class RotationPage(BaseModel):
    items: list[RotationRead]
    next_cursor: str | None = None


class RotationCounts(BaseModel):
    """Counts of movements that started in the period and touch the subtree (origin or destination)."""

    unit_id: int
    period_start: date
    period_end: date
    rotations: int
    transfers: int
    secondments: int
    head_rotations: int
    head_transfers: int
