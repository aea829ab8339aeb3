"""API shapes of grassroots-unit ratings (HD 1294)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.ids import DbId
from app.evaluations.models import Level


class _RatingFigures(BaseModel):
    """The HD 1294 figures shared by a new rating and its correction: the four components (all together: the
    score is their sum) or the score alone, the level, the decision number."""

    model_config = ConfigDict(extra="forbid")
    score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    representation: float | None = Field(default=None, ge=0, le=40, allow_inf_nan=False)
    organisation: float | None = Field(default=None, ge=0, le=40, allow_inf_nan=False)
    communication: float | None = Field(default=None, ge=0, le=15, allow_inf_nan=False)
    bonus: float | None = Field(default=None, ge=0, le=5, allow_inf_nan=False)
    level: Level | None = None
    decision_no: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _components_make_the_score(self) -> Self:
        parts = (self.representation, self.organisation, self.communication, self.bonus)
        given = [p for p in parts if p is not None]
        if given and len(given) != 4:
            raise ValueError("give all four components (representation, organisation, communication, bonus) or none")
        if given:
            total = round(sum(given), 2)
            if self.score is not None and abs(self.score - total) > 0.001:
                raise ValueError(f"score {self.score} differs from the sum of the components {total}")
            self.score = total
        return self


class RatingCreate(_RatingFigures):
    unit_id: DbId
    year: int = Field(ge=1990, le=2200)

    @model_validator(mode="after")
    def _score_required(self) -> Self:
        if self.score is None:
            raise ValueError("score (or the four components) is required")
        return self


class RatingUpdate(_RatingFigures):
    """A correction of a rating; the level follows the score unless given."""


class RatingRead(BaseModel):
    id: int
    unit_id: DbId
    unit_name: str
    year: int
    score: float
    representation: float | None
    organisation: float | None
    communication: float | None
    bonus: float | None
    level: Level
    decision_no: str | None
    as_of: date
    created_at: datetime
    version: int


class RatingPage(BaseModel):
    items: list[RatingRead]
    next_cursor: str | None = None


class BchUnitRating(BaseModel):
    """HD 1294 feeds the BCH's own evaluation (rulebook §4.2): the grassroots union in whose BCH (or BTV) the
    evaluated cadre held a post during the cycle, and that union's rating for the cycle's year (`level` null while
    the union is not rated). The chair of a union rated below hoan_thanh_tot cannot be given hoan_thanh_xuat_sac
    (docs/decisions/020)."""

    unit_id: DbId
    unit_name: str
    position_code: str
    is_chair: bool
    year: int
    rating_id: int | None = None
    score: float | None = None
    level: Level | None = None
