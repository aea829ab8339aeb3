"""API shapes of cadre planning (quy hoạch)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CycleCreate(Strict):
    unit_id: int
    name: str = Field(min_length=1, max_length=200)
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _years(self) -> CycleCreate:
        if self.end_year <= self.start_year:
            raise ValueError("end_year must be after start_year")
        return self


class CycleRead(BaseModel):
    id: int
    unit_id: int
    name: str
    start_year: int
    end_year: int
    status: Literal["draft", "submitted", "approved", "superseded"]
    revision_of: int | None
    submitted_at: datetime | None
    approved_at: datetime | None
    approved_by: str | None
    decision_no: str | None
    acknowledgements: list[Acknowledgement] = []
    version: int


class CycleList(BaseModel):
    items: list[CycleRead]
    next_cursor: str | None = None


class CandidateCreate(Strict):
    cadre_id: int
    position_code: str = Field(min_length=1, max_length=40)
    source: Literal["inside", "outside"] = "inside"
    reason: str | None = Field(default=None, max_length=500)
    added_on: date | None = None


class CandidateRemove(Strict):
    reason: str = Field(min_length=1, max_length=500)
    removed_on: date | None = None


class CandidateRead(BaseModel):
    id: int
    cycle_id: int
    cadre_id: int
    full_name: str
    gender: str
    birth_date: date
    position_code: str
    source: str
    added_on: date
    added_reason: str | None
    removed_on: date | None
    removed_reason: str | None


class CandidateList(BaseModel):
    items: list[CandidateRead]


class ShortfallAck(Strict):
    """D8: submitting or approving below the women (≥ 25 %) or young (≥ 15 %) targets needs this, with a reason."""

    acknowledge_shortfall: StrictBool = False
    shortfall_reason: str | None = Field(default=None, min_length=5, max_length=2000)


class SubmitCycle(ShortfallAck):
    pass


class ApproveCycle(ShortfallAck):
    decision_no: str | None = Field(default=None, max_length=100)


class Acknowledgement(BaseModel):
    stage: Literal["submit", "approve"]
    by: str
    at: datetime
    reason: str
    checks: list[str]  # the structure checks below target: women_share, young_share
    messages: list[str]


class Shares(BaseModel):
    candidates: int
    women: int
    women_share: float | None
    young: int
    young_share: float | None
    age_bands: dict[str, int]


class PostStructure(Shares):
    position_code: str
    max_candidates: int


class StructureCheck(BaseModel):
    check: str
    passed: bool
    message: str


class CycleStructure(BaseModel):
    cycle_id: int
    as_of: date
    overall: Shares
    posts: list[PostStructure]
    checks: list[StructureCheck]
    snapshot: dict[str, Any] | None = None
