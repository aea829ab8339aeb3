"""Tables of personal-data duties (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): data-subject requests and the
processing restrictions they lead to."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel


class RequestKind(StrEnum):
    """Quyền của chủ thể dữ liệu (Law 91/2025 art. 4)."""

    access = "access"  # xem, được cung cấp dữ liệu
    correction = "correction"  # chỉnh sửa
    deletion = "deletion"  # xóa
    restriction = "restriction"  # hạn chế xử lý
    objection = "objection"  # phản đối xử lý


class RequestStatus(StrEnum):
    received = "received"
    acknowledged = "acknowledged"
    completed = "completed"
    rejected = "rejected"


class DataSubjectRequest(SQLModel, table=True):
    __tablename__ = "data_subject_request"
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False, index=True))
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False, index=True))
    kind: str = Field(max_length=20)
    status: str = Field(default=RequestStatus.received, max_length=20, index=True)
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    ack_due: date = Field(sa_column=Column(Date, nullable=False))
    complete_due: date = Field(sa_column=Column(Date, nullable=False, index=True))
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    note: str | None = Field(default=None, sa_column=Column(Text))
    outcome: str | None = Field(default=None, sa_column=Column(Text))
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    version: int = 1


class ProcessingRestriction(SQLModel, table=True):
    """While a row is in force (lifted_at null), the person is left out of lists, exports and reports."""

    __tablename__ = "processing_restriction"
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False, index=True))
    request_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("data_subject_request.id")))
    since: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    lifted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
