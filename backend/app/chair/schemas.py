"""Compact shapes for the chair's phone: one payload with what the home screen needs, short field names avoided
only where they would hurt readability (the payload is gzip-compressed anyway)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.committee_changes.schemas import Kind as ChangeKind
from app.committee_changes.schemas import Status as ChangeStatus


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChairUnit(BaseModel):
    id: int
    code: str
    name: str
    unit_type: str
    member_count: int | None
    workforce: int | None
    version: int


class CommitteeMember(BaseModel):
    assignment_id: int
    cadre_id: int
    full_name: str
    position_code: str


class CommitteeBody(BaseModel):
    body_id: int
    kind: str
    term_id: int
    term_name: str
    term_start: date
    term_end: date
    members: list[CommitteeMember]


class ChairPerson(BaseModel):
    """A cadre of the union (to propose for a seat or enrol in a course)."""

    id: int
    full_name: str


class ChairCommitteeRequest(BaseModel):
    """A committee change the chair proposed, with the upper level's decision."""

    id: int
    kind: ChangeKind
    cadre_id: int
    full_name: str
    body_kind: str
    position_code: str
    effective_date: date
    end_reason: str | None
    status: ChangeStatus
    decision_note: str | None
    requested_at: datetime


class IndicatorLabel(BaseModel):
    code: str
    name_vi: str
    name_en: str
    unit_label: str


class ChairReportRequest(BaseModel):
    id: int
    title: str
    deadline: date
    indicator_codes: list[str]
    requires_file: bool
    note: str | None
    revision: int | None  # the unit's return: None when not yet submitted


class ChairTarget(BaseModel):
    id: int
    plan_id: int
    plan_number: str | None
    plan_title: str
    indicator_code: str
    period_start: date
    period_end: date
    target_value: float
    comparator: str


class ChairTask(BaseModel):
    id: int
    plan_id: int
    plan_number: str | None
    plan_title: str
    title: str
    deadline: date | None
    status: str


class ChairNotification(BaseModel):
    id: int
    title: str
    body: str
    created_at: datetime
    read: bool


class Deadline(BaseModel):
    kind: Literal["report_request", "task", "term_end"]
    ref_id: int
    title: str
    due_on: date


class ChairOverview(BaseModel):
    """Everything the chair's home screen shows, in one round trip (a slow network pays per request)."""

    unit: ChairUnit
    committee: list[CommitteeBody]
    committee_requests: list[ChairCommitteeRequest] = Field(description="The union's latest committee change "
                                                                         "requests (newest first)")
    people: list[ChairPerson] = Field(description="The union's cadres, by name")
    indicators: list[IndicatorLabel] = Field(description="Labels of the indicator codes used by the requests and "
                                                         "targets below")
    report_requests: list[ChairReportRequest]
    targets: list[ChairTarget]
    tasks: list[ChairTask]
    notifications: list[ChairNotification]
    deadlines: list[Deadline]
    delta: bool = Field(description="True when `updated_since` was given: report requests and notifications "
                                    "hold only what was created since; the other sections are complete")
    generated_at: datetime


class FactsUpdate(Strict):
    """The unit's dated facts, as the chair reports them (số đoàn viên, số lao động)."""

    member_count: int | None = Field(default=None, ge=0, le=10_000_000)
    workforce: int | None = Field(default=None, ge=0, le=10_000_000)


class SyncEstimateItem(BaseModel):
    resource: str
    items: int
    bytes: int


class SyncEstimate(BaseModel):
    """How much a first sync downloads for this user (like DHIS2's user sync test)."""

    unit_id: int
    resources: list[SyncEstimateItem]
    total_bytes: int
    total_bytes_gzip: int
