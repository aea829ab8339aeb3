"""Tables owned by the integrations package."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    true,
)
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


def _ts(nullable: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class IdempotencyRecord(SQLModel, table=True):
    """One `Idempotency-Key` of one principal: the request's fingerprint and the response it got.

    The row is inserted before the handler runs and the response is written into it before the request's
    transaction commits, so it exists exactly when the change it describes exists."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("principal", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    principal: str = Field(max_length=160)
    key: str = Field(max_length=255)
    fingerprint: str = Field(max_length=64)  # sha256 of method, path, query and body
    status_code: int | None = Field(default=None, sa_column=Column(Integer))
    response_headers: list[list[str]] | None = Field(default=None, sa_column=Column(JSON))
    response_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))



class ExternalRef(SQLModel, table=True):
    """Another system's id for one of our units or cadres (mã định danh ở hệ thống khác)."""

    __tablename__ = "external_ref"
    __table_args__ = (UniqueConstraint("entity_type", "system", "external_id"),
                      Index("ix_external_ref_entity", "entity_type", "entity_id"))
    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=20)  # unit | cadre
    system: str = Field(max_length=60)
    external_id: str = Field(max_length=200)
    entity_id: int
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class WebhookEndpoint(SQLModel, table=True):
    """A client's webhook subscription (Standard Webhooks): URL, event types, signing secrets."""

    __tablename__ = "webhook_endpoint"
    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=160, index=True)  # the principal's subject
    scope_roots: list[int] | None = Field(default=None, sa_column=Column(JSON))  # None: the whole tree
    url: str = Field(sa_column=Column(Text, nullable=False))
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret_enc: str = Field(sa_column=Column(Text, nullable=False))  # Fernet(whsec_...)
    previous_secret_enc: str | None = Field(default=None, sa_column=Column(Text))
    previous_secret_expires_at: datetime | None = Field(default=None, sa_column=_ts(True))
    description: str | None = Field(default=None, max_length=300)
    # Paused (tạm dừng): no new messages are written for it and its pending ones wait until it is resumed.
    is_active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default=true()))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    deleted_at: datetime | None = Field(default=None, sa_column=_ts(True))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))


class WebhookDelivery(SQLModel, table=True):
    """The transactional outbox: one message for one endpoint, written in the transaction of the change."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(sa_column=Column(Integer, ForeignKey("webhook_endpoint.id"), nullable=False,
                                              index=True))
    msg_id: str = Field(max_length=40, unique=True)  # the webhook-id header, the same on every attempt
    event_type: str = Field(max_length=60)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12)  # pending | succeeded | dead
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    locked_until: datetime | None = Field(default=None, sa_column=_ts(True))  # a worker's lease
    last_status_code: int | None = Field(default=None, sa_column=Column(Integer))
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    delivered_at: datetime | None = Field(default=None, sa_column=_ts(True))
