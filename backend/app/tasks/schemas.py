"""API shapes of tasks (API.md "Tasks")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.tasks.models import TaskKind, TaskStatus


class TaskRead(BaseModel):
    id: int
    kind: TaskKind | str  # kinds added by other domains stay readable
    unit_id: int
    cadre_id: int | None
    due_on: date
    status: TaskStatus
    title: str  # in the request's language (Accept-Language), Vietnamese by default
    source_type: str | None = Field(default=None, description="What raised it: planning_cycle, discipline, "
                                    "rotation, report_request, data_subject_request…")
    source_id: int | None = None
    version: int = Field(default=1, description="Row version: the ETag of GET, the If-Match of resolve")
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution_note: str | None = None


class TaskPage(BaseModel):
    items: list[TaskRead]
    next_cursor: str | None = None


class TaskResolve(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    status: Literal["done", "dismissed"]
    note: str | None = Field(default=None, max_length=4000)
