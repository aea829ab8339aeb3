"""Shapes of self-declarations: one section per declaration, its values validated by the cadres domain's own
schemas (so a declaration that could never be applied is refused when it is made)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.cadres.schemas import EmploymentCreate, FamilyMemberCreate, QualificationCreate

Section = Literal["contact", "qualifications", "employment", "family"]
Status = Literal["pending", "confirmed", "rejected", "superseded"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContactValues(Strict):
    """Contact details (the same patterns as a cadre's record); at least one."""

    phone: str | None = Field(default=None, max_length=30, pattern=r"^[0-9 +().-]{6,30}$")
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    hometown: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _some(self) -> ContactValues:
        if not self.model_fields_set:
            raise ValueError("declare at least one contact field")
        return self


class ContactDeclaration(Strict):
    section: Literal["contact"]
    values: ContactValues


class QualificationDeclaration(Strict):
    """One qualification to add (no document: evidence is checked by the officer)."""

    section: Literal["qualifications"]
    values: QualificationCreate


class EmploymentDeclaration(Strict):
    section: Literal["employment"]
    values: EmploymentCreate


class FamilyDeclaration(Strict):
    section: Literal["family"]
    values: FamilyMemberCreate


SelfDeclarationCreate = Annotated[
    ContactDeclaration | QualificationDeclaration | EmploymentDeclaration | FamilyDeclaration,
    Field(discriminator="section"),
]


class SelfDeclarationDecision(Strict):
    note: str | None = Field(default=None, max_length=1000)


class SelfDeclarationRead(BaseModel):
    id: int
    cadre_id: int
    full_name: str
    unit_id: int
    unit_name: str
    section: Section
    values: dict[str, Any] | None = Field(description="The proposed values (null: family data without "
                                                       "cadres:read_sensitive)")
    current: dict[str, Any] | None = Field(default=None, description="contact: the record's values now")
    status: Status
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    version: int


class SelfDeclarationPage(BaseModel):
    items: list[SelfDeclarationRead]
    next_cursor: str | None = None


class MySelfDeclarations(BaseModel):
    items: list[SelfDeclarationRead]
