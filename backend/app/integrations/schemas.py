"""API shapes of the integrations package."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.cadres.schemas import CadreCreate, CadreRead
from app.org_units.schemas import UnitCreate, UnitRead

SystemPath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$",
                                 description="The other system's short name, e.g. csdl_cbccvc")]
ExternalIdPath = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
                                     description="That system's id of the record")]

EVENT_TYPES: tuple[str, ...] = (
    "cadre.created", "cadre.updated", "cadre.deleted",
    "unit.created", "unit.updated", "unit.restructured",
    "personnel_action.effective", "report_request.due",
)
EventType = Literal["cadre.created", "cadre.updated", "cadre.deleted", "unit.created", "unit.updated",
                    "unit.restructured", "personnel_action.effective", "report_request.due"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitUpsert(UnitCreate):
    """The unit as the other system knows it. On update, `code`, `unit_type` and `parent_id` must match: a
    new parent or type is a restructuring (POST /units/{id}/move …) with its own decision and date."""


class CadreUpsert(CadreCreate):
    """The cadre as the other system knows it. On update, `education_level` / `political_theory` must match
    the current values: qualifications change through dated history rows (POST /cadres/{id}/qualifications)."""


class UnitUpserted(UnitRead):
    created: bool


class CadreUpserted(CadreRead):
    created: bool


class BulkCadreItem(CadreUpsert):
    external_id: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")


class BulkCadreUpsert(Strict):
    system: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$")
    items: list[BulkCadreItem] = Field(min_length=1, max_length=1000)


class BulkRowResult(BaseModel):
    index: int
    external_id: str
    id: int
    created: bool


class BulkCadreResult(BaseModel):
    created: int
    updated: int
    unchanged: int
    items: list[BulkRowResult]


class Change(BaseModel):
    """One change of a unit or cadre: fetch the object itself for its current state."""

    seq: int
    entity_type: Literal["unit", "cadre"]
    entity_id: int
    change: Literal["created", "updated", "deleted", "restructured"]
    action: str  # the audit action, e.g. cadre.update, unit.merge
    unit_id: int | None
    changed_at: datetime


class ChangePage(BaseModel):
    items: list[Change]
    next_cursor: str = Field(description="Pass as `since` on the next poll (also when `items` is empty)")
    has_more: bool


class WebhookEndpointCreate(Strict):
    url: str = Field(min_length=8, max_length=2000)
    event_types: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: str | None = Field(default=None, max_length=300)
    client_id: str | None = Field(default=None, min_length=1, max_length=120,
                                  description="System admins only: register the endpoint for this OAuth client "
                                              "(its subscription, within its unit scope) instead of for the caller")


class WebhookEndpointUpdate(Strict):
    url: str | None = Field(default=None, min_length=8, max_length=2000)
    event_types: list[EventType] | None = Field(default=None, min_length=1, max_length=len(EVENT_TYPES))
    description: str | None = Field(default=None, max_length=300)
    is_active: StrictBool | None = Field(default=None, description="false pauses the endpoint: no new messages, "
                                                             "pending ones wait until it is resumed")


class WebhookEndpointRead(BaseModel):
    id: int
    owner: str = Field(description="The subscriber: `client:<client_id>` or `user:<id>`")
    url: str
    event_types: list[str]
    description: str | None = None
    is_active: bool = True
    created_at: datetime
    previous_secret_expires_at: datetime | None = None
    version: int


class WebhookEndpointSecret(WebhookEndpointRead):
    secret: str = Field(description="whsec_… — shown once; verify webhook-signature with it")


class WebhookEndpointPage(BaseModel):
    items: list[WebhookEndpointRead]
    next_cursor: str | None = None


DeliveryStatus = Literal["pending", "succeeded", "dead"]


class WebhookDeliveryRead(BaseModel):
    id: int
    msg_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None = None
    last_error: str | None = None
    created_at: datetime
    delivered_at: datetime | None = None
    payload: dict[str, object]


class WebhookDeliveryPage(BaseModel):
    items: list[WebhookDeliveryRead]
    next_cursor: str | None = None
