"""API shapes of the rulebook: versioned rule settings and title standards."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.cadres.models import EducationLevel, PoliticalTheory


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RuleSettingRead(BaseModel):
    id: int
    code: str
    value: float
    valid_from: date
    valid_to: date | None
    source: str | None


class RuleSettingList(BaseModel):
    items: list[RuleSettingRead]


class RuleSettingCreate(Strict):
    code: str = Field(min_length=1, max_length=60)
    value: float
    valid_from: date
    source: str | None = Field(default=None, max_length=300)


class TitleStandardBody(Strict):
    position_code: str = Field(min_length=1, max_length=40)
    unit_level: str | None = Field(default=None, max_length=40)
    min_education: EducationLevel | None = None
    min_political_theory: PoliticalTheory | None = None
    requires_union_certificate: StrictBool = False


class TitleStandardRead(TitleStandardBody):
    model_config = ConfigDict(extra="ignore")
    id: int


class TitleStandardList(BaseModel):
    items: list[TitleStandardRead]
