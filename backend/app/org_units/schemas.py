"""API shapes of units (API.md "Units"). Table models never leave the service layer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from app.org_units.models import EventType, Sector


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class UnitCreate(Strict):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9._\-/]+$")
    name: str = Field(min_length=1, max_length=300)
    unit_type: str = Field(min_length=1, max_length=40)
    parent_id: int | None
    sector: Sector | None = None
    member_count: int | None = Field(default=None, ge=0)
    workforce: int | None = Field(default=None, ge=0)
    admin_area: str | None = Field(default=None, max_length=200)
    established_on: date | None = None
    decision_no: str | None = Field(default=None, max_length=100)


class UnitUpdate(Strict):
    """Corrections that are not restructuring (use /move, /rename, /merge... for dated changes)."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    sector: Sector | None = None
    member_count: int | None = Field(default=None, ge=0)
    workforce: int | None = Field(default=None, ge=0)
    valid_from: date | None = Field(default=None, description=(
        "The date from which a new member_count/workforce holds (default today; not in the future). Earlier "
        "dates keep their values: the counts are dated facts."))
    admin_area: str | None = Field(default=None, max_length=200)


class UnitRead(BaseModel):
    id: int
    code: str
    name: str
    unit_type: str
    parent_id: int | None
    path: str
    depth: int
    sector: Sector | None
    member_count: int | None
    workforce: int | None
    admin_area: str | None = None
    established_on: date | None
    ended_on: date | None
    version: int
    cadre_count: int | None = Field(default=None, description=(
        "In lists only: the unit's own cadres (not deleted) that the caller may read (`cadres:read`); null "
        "without that permission or outside lists"))


class UnitPage(BaseModel):
    items: list[UnitRead]
    next_cursor: str | None = None


class DatedChange(Strict):
    effective_date: date
    decision_no: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=1000)


class MoveRequest(DatedChange):
    new_parent_id: int


class RenameRequest(DatedChange):
    name: str = Field(min_length=1, max_length=300)


class NewUnit(Strict):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9._\-/]+$")
    name: str = Field(min_length=1, max_length=300)
    unit_type: str = Field(min_length=1, max_length=40)
    parent_id: int
    sector: Sector | None = None
    member_count: int | None = Field(default=None, ge=0)
    workforce: int | None = Field(default=None, ge=0)


class MergeRequest(DatedChange):
    source_ids: list[int] = Field(min_length=1, max_length=500)
    target_id: int | None = None
    target: NewUnit | None = None

    @model_validator(mode="after")
    def _one_target(self) -> MergeRequest:
        if (self.target_id is None) == (self.target is None):
            raise ValueError("give exactly one of target_id or target")
        return self


class ChildMove(Strict):
    unit_id: int
    new_parent_id: int


class DissolveRequest(DatedChange):
    move_children: list[ChildMove] = Field(default_factory=list, max_length=5000)


class SplitPart(NewUnit):
    child_ids: list[int] = Field(default_factory=list, max_length=5000)


class SplitRequest(DatedChange):
    parts: list[SplitPart] = Field(min_length=1, max_length=100)
    end_source: StrictBool = True


class UnitTypeRuleRead(BaseModel):
    parent_type: str
    valid_from: date | None
    valid_to: date | None


class UnitTypeRead(BaseModel):
    code: str
    label_vi: str
    label_en: str
    level: str
    level_rank: int
    is_grassroots: bool
    allowed_parent_types: list[UnitTypeRuleRead]


class UnitTypeList(BaseModel):
    items: list[UnitTypeRead]


class UnitEventRead(BaseModel):
    id: int
    event_type: EventType
    effective_date: date
    decision_no: str | None
    note: str | None
    role: str
    details: dict[str, Any]
    units: list[dict[str, Any]]


class UnitHistory(BaseModel):
    items: list[UnitEventRead]


class AbolishedTypeUnit(UnitRead):
    """D10: a unit alive after the 1/7/2025 reform whose type may no longer sit under its parent's type."""

    parent_type: str | None
    allowed: bool = False
    allowed_until: date | None  # the last day the rules allowed it (None: never allowed)
    reason_vi: str
    reason_en: str


class AbolishedTypePage(BaseModel):
    items: list[AbolishedTypeUnit]
    next_cursor: str | None = None


class UnitFinanceCreate(BaseModel):
    """Kinh phí hoạt động thường xuyên of the unit itself for a fiscal year, in VND."""

    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=1900, le=2999)
    regular_funds: int = Field(ge=0, le=10**15)
    decision_no: str | None = Field(default=None, max_length=120)


class UnitFinanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regular_funds: int | None = Field(default=None, ge=0, le=10**15)
    decision_no: str | None = Field(default=None, max_length=120)


class UnitFinanceRead(BaseModel):
    unit_id: int
    year: int
    regular_funds: int
    decision_no: str | None
    recorded_by: str
    recorded_at: datetime
    version: int


class UnitFinanceList(BaseModel):
    items: list[UnitFinanceRead]
