"""API shapes of conduct records: discipline (kỷ luật) and political clearance (kết luận tiêu chuẩn chính trị)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.conduct.models import AwardKind, DisciplineForm, UnitDisciplineForm
from app.core.ids import DbId


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DisciplineCreate(Strict):
    form: DisciplineForm
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)
    effective_from: date
    effective_to: date | None = None
    reason: str | None = Field(default=None, max_length=500)


class DisciplineRead(DisciplineCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: int
    removed_from_planning: int = 0


class ClearanceCreate(Strict):
    positive: StrictBool
    concluded_on: date
    concluded_by: str = Field(min_length=1, max_length=200)
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=500)


class ClearanceRead(ClearanceCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: int
    removed_from_planning: int = 0


class ConductList(BaseModel):
    disciplines: list[DisciplineRead]
    clearances: list[ClearanceRead]


class AwardCreate(Strict):
    kind: AwardKind
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str = Field(min_length=1, max_length=200)
    awarded_on: date
    year: int | None = Field(default=None, ge=1950, le=2200)
    effective_from: date | None = None
    effective_to: date | None = None  # exclusive; after effective_from (else 422 invalid_validity_period)
    reason: str | None = Field(default=None, max_length=500)


class AwardRead(AwardCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: DbId | None
    unit_id: DbId | None


class AwardList(BaseModel):
    items: list[AwardRead]


class DisciplineList(BaseModel):
    items: list[DisciplineRead]


class UnitDisciplineCreate(Strict):
    form: UnitDisciplineForm
    decision_no: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=200)
    effective_from: date
    effective_to: date | None = None
    reason: str | None = Field(default=None, max_length=500)


class UnitDisciplineRead(UnitDisciplineCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    unit_id: int


class UnitDisciplineList(BaseModel):
    items: list[UnitDisciplineRead]
