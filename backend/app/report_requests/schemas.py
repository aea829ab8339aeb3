"""API shapes of report requests, submissions, tracking and notifications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from app.indicators.schemas import FileUpload

Audience = Literal["direct_children", "grassroots", "explicit"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReportRequestCreate(Strict):
    title: str = Field(min_length=1, max_length=500)
    issuer_unit_id: int
    audience: Audience
    unit_ids: list[int] = Field(default_factory=list, max_length=2000)  # audience = explicit
    deadline: date
    indicator_codes: list[str] = Field(default_factory=list, max_length=50)
    requires_file: StrictBool = False
    note: str | None = Field(default=None, max_length=2000)
    plan_id: int | None = None

    @model_validator(mode="after")
    def _what(self) -> ReportRequestCreate:
        if not self.indicator_codes and not self.requires_file:
            raise ValueError("ask for indicator figures, a file, or both")
        if (self.audience == "explicit") != bool(self.unit_ids):
            raise ValueError("unit_ids go with audience 'explicit' (and only with it)")
        return self


class ReportRequestRead(BaseModel):
    id: int
    title: str
    issuer_unit_id: int
    audience: Audience
    deadline: date
    indicator_codes: list[str]
    requires_file: bool
    note: str | None
    plan_id: int | None
    created_by: str | None
    created_at: datetime
    recipient_unit_ids: list[int]


class ReportRequestPage(BaseModel):
    items: list[ReportRequestRead]
    next_cursor: str | None = None


class SubmissionCreate(Strict):
    unit_id: int
    figures: dict[str, float] = Field(default_factory=dict)
    note: str | None = Field(default=None, max_length=2000)
    file: FileUpload | None = None


class SubmissionRead(BaseModel):
    id: int
    request_id: int
    unit_id: int
    figures: dict[str, float]
    note: str | None
    attachment_id: int | None
    submitted_by: str | None
    first_submitted_at: datetime
    submitted_at: datetime
    submitted_on: date
    revision: int
    late: bool


class TrackingRow(BaseModel):
    unit_id: int
    unit_name: str
    status: Literal["submitted", "late", "missing"]
    submitted_at: datetime | None
    revision: int | None
    figures: dict[str, float] | None


class Tracking(BaseModel):
    request_id: int
    deadline: date
    deadline_passed: bool
    counts: dict[str, int]
    totals: dict[str, float]  # figures summed over the submissions, per indicator code
    items: list[TrackingRow]


class RemindResult(BaseModel):
    request_id: int
    reminded_unit_ids: list[int]
    emails_queued: int


class NotificationRead(BaseModel):
    id: int
    recipient_user_id: int | None
    recipient_unit_id: int | None
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    next_cursor: str | None = None
