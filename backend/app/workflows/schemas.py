"""API shapes of personnel actions (API.md "Personnel actions"), discipline and political clearance."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from app.workflows.models import ActionStatus, ActionType


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActionCreate(Strict):
    type: ActionType
    cadre_id: int
    unit_id: int
    position_code: str = Field(min_length=1, max_length=40)
    effective_date: date
    decision_no: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=4000)
    dossier_date: date | None = None  # default: the day the action is created


class ActionUpdate(Strict):
    position_code: str | None = Field(default=None, min_length=1, max_length=40)
    effective_date: date | None = None
    decision_no: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=4000)
    dossier_date: date | None = None


class Eligibility(BaseModel):
    rule: str
    passed: bool
    blocking: bool
    message: str


class ActionRead(BaseModel):
    id: int
    type: ActionType
    status: ActionStatus
    cadre_id: int
    unit_id: int
    from_unit_id: int | None
    position_code: str
    effective_date: date
    dossier_date: date
    decision_no: str | None
    reason: str | None
    eligibility: list[Eligibility]
    override_reason: str | None
    batch_id: str | None
    created_by: str
    submitted_by: str | None
    decided_by: str | None
    decided_at: datetime | None
    applied_at: datetime | None
    version: int
    created_at: datetime


class ActionPage(BaseModel):
    items: list[ActionRead]
    next_cursor: str | None = None


class ApproveBody(Strict):
    override_reason: str | None = Field(default=None, min_length=5, max_length=4000)
    decision_no: str | None = Field(default=None, max_length=100)


class RejectBody(Strict):
    reason: str | None = Field(default=None, max_length=4000)


class BatchCreate(Strict):
    actions: list[ActionCreate] = Field(min_length=1, max_length=500)


class BatchRead(BaseModel):
    batch_id: str
    items: list[ActionRead]


class AuthorityBody(Strict):
    action_type: ActionType | None = None
    position_code: str | None = Field(default=None, max_length=40)
    unit_level: str | None = Field(default=None, max_length=40)
    levels_above: int = Field(ge=0, le=5)


class AuthorityRead(AuthorityBody):
    model_config = ConfigDict(extra="ignore")
    id: int


class AuthorityList(BaseModel):
    items: list[AuthorityRead]
