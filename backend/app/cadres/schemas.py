"""API shapes of cadre records (API.md "Cadres"). Sensitive keys are absent — not null — without the
`cadres:read_sensitive` scope: routes use `response_model_exclude_unset` and services only set what may be shown.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from app.cadres.models import EducationLevel, Employment, Gender, PoliticalTheory, QualificationKind
from app.cadres.reference import ETHNICITIES, RELIGIONS
from app.core.text import nfc

SENSITIVE_FIELDS = ("ethnicity", "religion", "party_member", "party_joined_on", "party_official_on", "national_id",
                    "health")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _nfc(value: str | None) -> str | None:
    return nfc(value) if isinstance(value, str) else value


def _birth_in_range(v: date | None) -> date | None:
    if v is not None and not date(1900, 1, 1) <= v <= date.today():
        raise ValueError("birth date out of range")
    return v


def _ethnicity_code(v: str | None) -> str | None:
    if v is not None and v not in ETHNICITIES:
        raise ValueError("unknown ethnicity code")
    return v


def _religion_code(v: str | None) -> str | None:
    if v is not None and v not in RELIGIONS:
        raise ValueError("unknown religion code")
    return v


class CadreFields(Strict):
    family_name: str = Field(min_length=1, max_length=80)
    middle_name: str = Field(default="", max_length=80)
    given_name: str = Field(min_length=1, max_length=80)
    birth_date: date
    gender: Gender
    employment: Employment
    from_workers: StrictBool = False
    phone: str | None = Field(default=None, max_length=30, pattern=r"^[0-9 +().-]{6,30}$")
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    hometown: str | None = Field(default=None, max_length=300)
    # sensitive
    ethnicity: str | None = None
    religion: str | None = None
    party_member: StrictBool | None = None
    party_joined_on: date | None = None
    party_official_on: date | None = None
    national_id: str | None = Field(default=None, pattern=r"^[0-9]{9}$|^[0-9]{12}$")
    health: str | None = Field(default=None, max_length=200)

    _normalise = field_validator("family_name", "middle_name", "given_name", "hometown", mode="before")(_nfc)

    _ethnicity = field_validator("ethnicity")(_ethnicity_code)
    _religion = field_validator("religion")(_religion_code)
    _birth = field_validator("birth_date")(_birth_in_range)


class CadreCreate(CadreFields):
    unit_id: int
    confirm_not_duplicate: StrictBool = Field(default=False, description=(
        "Create the person although a cadre with the same exact name, birth date and gender exists "
        "(never overrides a duplicate national ID)"))
    # Recorded as qualification rows (history), not as plain columns.
    education_level: EducationLevel | None = None
    political_theory: PoliticalTheory | None = None


class CadreUpdate(Strict):
    unit_id: int | None = None
    family_name: str | None = Field(default=None, min_length=1, max_length=80)
    middle_name: str | None = Field(default=None, max_length=80)
    given_name: str | None = Field(default=None, min_length=1, max_length=80)
    birth_date: date | None = None
    gender: Gender | None = None
    employment: Employment | None = None
    from_workers: StrictBool | None = None
    phone: str | None = Field(default=None, max_length=30, pattern=r"^[0-9 +().-]{6,30}$")
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    hometown: str | None = Field(default=None, max_length=300)
    ethnicity: str | None = None
    religion: str | None = None
    party_member: StrictBool | None = None
    party_joined_on: date | None = None
    party_official_on: date | None = None
    national_id: str | None = Field(default=None, pattern=r"^[0-9]{9}$|^[0-9]{12}$")
    health: str | None = Field(default=None, max_length=200)

    _normalise = field_validator("family_name", "middle_name", "given_name", "hometown", mode="before")(_nfc)
    confirm_not_duplicate: StrictBool = False
    _ethnicity = field_validator("ethnicity")(_ethnicity_code)  # the same validators as CadreFields'
    _religion = field_validator("religion")(_religion_code)
    _birth = field_validator("birth_date")(_birth_in_range)


class CadreRead(BaseModel):
    id: int
    unit_id: int
    family_name: str
    middle_name: str
    given_name: str
    full_name: str
    birth_date: date
    retirement_on: date = Field(description="First day retired under Decree 135/2020 (1st of the month after the "
                                            "statutory age is reached)")
    gender: Gender
    employment: Employment
    education_level: EducationLevel
    political_theory: PoliticalTheory
    from_workers: bool
    phone: str | None = None
    email: str | None = None
    hometown: str | None = None
    version: int
    created_at: datetime
    updated_at: datetime
    ethnicity: str | None = None
    religion: str | None = None
    party_member: bool | None = None
    party_joined_on: date | None = None
    party_official_on: date | None = None
    national_id: str | None = None
    health: str | None = None


class CadrePage(BaseModel):
    items: list[CadreRead]
    next_cursor: str | None = None


class QualificationCreate(Strict):
    kind: QualificationKind
    level: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_:.-]+$")
    major: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=300)
    awarded_on: date | None = None
    document_id: int | None = None
    note: str | None = Field(default=None, max_length=500)


class QualificationRead(QualificationCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: int


class QualificationList(BaseModel):
    items: list[QualificationRead]


class EmploymentCreate(Strict):
    organisation: str = Field(min_length=1, max_length=300)
    job_position: str | None = Field(default=None, max_length=200)
    civil_servant_rank: str | None = Field(default=None, max_length=20, pattern=r"^[0-9A-Za-z.]+$")
    salary_grade: int | None = Field(default=None, ge=1, le=20)
    salary_coefficient: float | None = Field(default=None, ge=0, le=20)
    contract_type: Literal["bien_che", "hop_dong_111", "hop_dong_lao_dong", "other"] | None = None
    from_date: date
    to_date: date | None = None
    in_union: StrictBool = True
    document_id: int | None = None

    @model_validator(mode="after")
    def _dates(self) -> EmploymentCreate:
        if self.to_date is not None and self.to_date < self.from_date:
            raise ValueError("to_date before from_date")
        return self


class EmploymentRead(EmploymentCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: int


class EmploymentList(BaseModel):
    items: list[EmploymentRead]


class FamilyMemberCreate(Strict):
    relation: Literal["father", "mother", "spouse", "child", "sibling", "father_in_law", "mother_in_law", "other"]
    full_name: str = Field(min_length=1, max_length=200)
    birth_year: int | None = Field(default=None, ge=1880, le=2100)
    occupation: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=500)


class FamilyMemberRead(FamilyMemberCreate):
    model_config = ConfigDict(extra="ignore")
    id: int
    cadre_id: int


class FamilyList(BaseModel):
    items: list[FamilyMemberRead]


class DocumentRead(BaseModel):
    id: int
    cadre_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
