"""API shapes of plans, tasks and targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

PlanKind = Literal["ke_hoach", "nghi_quyet", "chuong_trinh"]
Comparator = Literal["ge", "le", "eq"]
TaskStatus = Literal["open", "in_progress", "done", "cancelled"]
PlanStatus = Literal["draft", "issued"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TargetCreate(Strict):
    indicator_code: str = Field(min_length=1, max_length=40)
    scope_unit_id: int | None = None  # default: the plan's issuer
    period_start: date | None = None  # default: the plan's period
    period_end: date | None = None
    target_value: float
    comparator: Comparator = "ge"
    note: str | None = Field(default=None, max_length=1000)


class TargetRead(BaseModel):
    id: int
    plan_id: int
    indicator_code: str
    scope_unit_id: int
    period_start: date
    period_end: date
    target_value: float
    comparator: Comparator
    note: str | None
    copied_from_id: int | None


class TaskCreate(Strict):
    title: str = Field(min_length=1, max_length=500)
    responsible_unit_id: int | None = None
    deadline: date | None = None


class TaskUpdate(Strict):
    status: TaskStatus


class TaskRead(BaseModel):
    id: int
    plan_id: int
    title: str
    responsible_unit_id: int | None
    deadline: date | None
    status: TaskStatus


class PlanCreate(Strict):
    kind: PlanKind = "ke_hoach"
    number: str | None = Field(default=None, max_length=100)
    title: str = Field(min_length=1, max_length=500)
    issuer_unit_id: int
    issued_on: date | None = None
    period_start: date
    period_end: date
    parent_plan_id: int | None = None
    tasks: list[TaskCreate] = Field(default_factory=list, max_length=200)
    targets: list[TargetCreate] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _period(self) -> PlanCreate:
        if self.period_end < self.period_start:
            raise ValueError("period_end must not be before period_start")
        return self


class PlanUpdate(Strict):
    number: str | None = Field(default=None, max_length=100)
    title: str | None = Field(default=None, min_length=1, max_length=500)
    issued_on: date | None = None
    status: PlanStatus | None = None


class PlanRead(BaseModel):
    id: int
    kind: PlanKind
    number: str | None
    title: str
    issuer_unit_id: int
    issued_on: date | None
    period_start: date
    period_end: date
    parent_plan_id: int | None
    status: PlanStatus
    version: int
    created_by: str | None
    created_at: datetime


class PlanDetail(PlanRead):
    tasks: list[TaskRead]
    targets: list[TargetRead]


class PlanPage(BaseModel):
    items: list[PlanRead]
    next_cursor: str | None = None


class CascadeRequest(Strict):
    unit_ids: list[int] | None = Field(default=None, max_length=500)
    all_children: StrictBool = False

    @model_validator(mode="after")
    def _one(self) -> CascadeRequest:
        if bool(self.unit_ids) == self.all_children:
            raise ValueError("give either unit_ids or all_children: true")
        return self


class CascadeItem(BaseModel):
    unit_id: int
    plan_id: int
    created: bool


class CascadeResult(BaseModel):
    plan_id: int
    items: list[CascadeItem]
