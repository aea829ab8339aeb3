"""API shapes of the audit trail and the access log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEntryRead(BaseModel):
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    unit_id: int | None
    changes: dict[str, Any]
    decision_no: str | None
    request_id: str | None
    row_hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryRead]
    next_cursor: str | None = None


class AccessEntryRead(BaseModel):
    id: int
    occurred_at: datetime
    actor: str
    subject_type: str
    subject_ids: list[str]
    category: str
    purpose: str | None
    unit_id: int | None
    request_id: str | None


class AccessPage(BaseModel):
    items: list[AccessEntryRead]
    next_cursor: str | None = None
