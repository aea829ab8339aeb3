"""Tables owned by the integrations package."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Integer, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


def _ts(nullable: bool = False) -> Column:  # type: ignore[type-arg]
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

