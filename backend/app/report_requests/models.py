"""Tables of report requests (yêu cầu báo cáo), submissions, in-app notifications and the e-mail outbox."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

AUDIENCES = ("direct_children", "grassroots", "explicit")


class ReportRequest(SQLModel, table=True):
    """Yêu cầu báo cáo: an upper unit asks subordinate units for figures (indicator codes) and/or a file."""

    __tablename__ = "report_request"
    __table_args__ = (
        CheckConstraint("audience IN ('direct_children','grassroots','explicit')", name="audience"),
        Index("ix_report_request_issuer", "issuer_unit_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    issuer_unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    audience: str = Field(max_length=20)
    deadline: date
    indicator_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    requires_file: bool = False
    note: str | None = Field(default=None, max_length=2000)
    plan_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("plan.id"), nullable=True))
    created_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class ReportRecipient(SQLModel, table=True):
    """The units addressed, fixed when the request is sent (later restructuring does not change who was asked)."""

    __tablename__ = "report_recipient"
    __table_args__ = (Index("ix_report_recipient_unit", "unit_id", "request_id"),)
    request_id: int = Field(sa_column=Column(Integer, ForeignKey("report_request.id"), primary_key=True))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), primary_key=True))


class ReportSubmission(SQLModel, table=True):
    """Báo cáo của đơn vị: figures by indicator code and an optional file; corrected in place until the deadline."""

    __tablename__ = "report_submission"
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(sa_column=Column(Integer, ForeignKey("report_request.id"), nullable=False))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    figures: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, max_length=2000)
    attachment_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("attachment.id")))
    submitted_by: str | None = Field(default=None, max_length=120)
    first_submitted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_on: date  # business date (Asia/Ho_Chi_Minh) of the first submission: on time iff <= deadline
    revision: int = 1

    __table_args__ = (Index("uq_report_submission_request_unit", "request_id", "unit_id", unique=True),)


class Notification(SQLModel, table=True):
    """Thông báo trong ứng dụng, to one user or to a unit (its users see it). `dedupe_key` makes reminders
    idempotent (one per request, unit and day)."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user", "recipient_user_id", "id"),
        Index("ix_notification_unit", "recipient_unit_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    recipient_user_id: int | None = Field(default=None,
                                          sa_column=Column(Integer, ForeignKey("user_account.id"), nullable=True))
    recipient_unit_id: int | None = Field(default=None,
                                          sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=True))
    title: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    link: str | None = Field(default=None, max_length=300)
    dedupe_key: str | None = Field(default=None, sa_column=Column(String(120), unique=True, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    read_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class EmailOutbox(SQLModel, table=True):
    """Transactional outbox of e-mails: written with the change, delivered after commit (and retried daily)."""

    __tablename__ = "email_outbox"
    __table_args__ = (Index("ix_email_outbox_pending", "sent_at", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    to_addr: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
