"""API shapes of data-subject requests (API.md "Personal data")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.privacy.models import RequestKind, RequestStatus


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DataSubjectRequestCreate(Strict):
    cadre_id: int = Field(ge=1, le=2**31 - 1)
    kind: RequestKind
    received_on: date
    note: str | None = Field(default=None, max_length=2000)


class DataSubjectRequestComplete(Strict):
    outcome: str = Field(min_length=1, max_length=2000)
    rejected: StrictBool = False


class DataSubjectRequestRead(BaseModel):
    id: int
    cadre_id: int
    cadre_name: str | None = Field(default=None, description="The data subject's full name")
    unit_id: int
    kind: RequestKind
    status: RequestStatus
    received_on: date
    ack_due: date
    complete_due: date
    acknowledged_at: datetime | None
    completed_at: datetime | None
    note: str | None
    outcome: str | None
    created_by: str
    created_at: datetime
    version: int


class DataSubjectRequestPage(BaseModel):
    items: list[DataSubjectRequestRead]
    next_cursor: str | None = None


class PersonalDataExport(BaseModel):
    """Everything held about one person (Law 91/2025 art. 4: the right to be provided with one's data)."""

    generated_at: datetime
    cadre: dict[str, Any]
    sections: dict[str, list[dict[str, Any]]]
