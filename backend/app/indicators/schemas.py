"""API shapes of indicators, measurements, progress and drill-down."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.indicators.compute import Subject
from app.indicators.status import Status
from app.plans.schemas import Comparator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FileUpload(Strict):
    """An evidence file sent inline (base64), stored with the figure in the same transaction."""

    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=100)
    content_base64: str = Field(min_length=1)


class IndicatorRead(BaseModel):
    code: str
    number: int
    name_vi: str
    name_en: str
    kind: Literal["ratio", "count", "average", "manual"]
    source: str
    version: int
    unit_label: str
    computation: str | None
    description: str | None = None


class IndicatorList(BaseModel):
    items: list[IndicatorRead]
    next_cursor: str | None = None


class MeasurementCreate(Strict):
    indicator_code: str = Field(min_length=1, max_length=40)
    unit_id: int
    as_of: date
    period_start: date | None = None
    # manual indicators only:
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    evidence_text: str | None = Field(default=None, max_length=2000)
    file: FileUpload | None = None


class MeasurementDecision(Strict):
    approve: StrictBool
    reason: str | None = Field(default=None, max_length=500)


class MeasurementRead(BaseModel):
    id: int
    indicator_code: str
    indicator_version: int
    scope_unit_id: int
    as_of: date
    period_start: date | None
    value: float | None
    numerator: float | None
    denominator: float | None
    status: Literal["computed", "submitted", "approved", "rejected"]
    evidence_text: str | None
    attachment_id: int | None
    created_by: str | None
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None


class MeasurementPage(BaseModel):
    items: list[MeasurementRead]
    next_cursor: str | None = None


class MeasurementCheck(BaseModel):
    """Rule 25: the stored figure against a recomputation with the same inputs."""

    measurement: MeasurementRead
    recomputed_value: float | None
    recomputed_numerator: float | None
    recomputed_denominator: float | None
    same: bool


class TrendPoint(BaseModel):
    period_end: date
    value: float | None


class TargetProgress(BaseModel):
    target_id: int
    plan_id: int
    indicator_code: str
    indicator_version: int
    unit_id: int
    as_of: date
    period_start: date
    period_end: date
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float
    percentage: bool = Field(description="D12: value and target are percentages (0–100), shown with %")
    comparator: Comparator
    status: Status
    label_vi: str
    label_en: str
    source: Literal["computed", "measurement", "none"]
    trend: list[TrendPoint] = Field(default_factory=list)


class PlanProgress(BaseModel):
    plan_id: int
    as_of: date
    items: list[TargetProgress]


class RecordItem(BaseModel):
    subject_type: Subject
    subject_id: int
    cadre_id: int | None
    name: str
    unit_id: int
    unit_name: str
    in_numerator: bool
    weight: float


class RecordPage(BaseModel):
    """The records behind a figure. `suppressed`: a cell is smaller than k_min (rule 26) — counts only."""

    target_id: int
    indicator_code: str
    unit_id: int
    as_of: date
    numerator: float
    denominator: float | None
    suppressed: bool
    k_min: int
    items: list[RecordItem]
    next_cursor: str | None = None
