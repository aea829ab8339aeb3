"""Tables of cadre records (hồ sơ cán bộ công đoàn): the person, dated history rows and proof documents.

Qualifications are never overwritten in place: each is a dated `qualification` row (with an optional proof
`document`); the cadre's `education_level` / `political_theory` columns are the current values derived from
those rows by the service (kept for fast lists and reports, recomputed on every history change).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from app.core.db import utcnow

# Columns of a person the statistics report groups by (covered by ix_cadre_statistics on PostgreSQL).
STATISTICS_COLUMNS = ("employment", "gender", "ethnicity", "party_member", "party_joined_on", "birth_date",
                      "education_level", "political_theory")


class Gender(StrEnum):
    male = "male"
    female = "female"


class Employment(StrEnum):
    """Chuyên trách / không chuyên trách."""

    full_time = "full_time"
    part_time = "part_time"


class EducationLevel(StrEnum):
    """Trình độ học vấn, chuyên môn — in ascending order (title standards compare positions)."""

    none = "none"
    so_cap_nghe = "so_cap_nghe"
    cnkt = "cnkt"
    trung_cap = "trung_cap"
    cao_dang = "cao_dang"
    dai_hoc = "dai_hoc"
    thac_si = "thac_si"
    tien_si = "tien_si"


class PoliticalTheory(StrEnum):
    """Lý luận chính trị — in ascending order."""

    none = "none"
    so_cap = "so_cap"
    trung_cap = "trung_cap"
    cao_cap = "cao_cap"
    cu_nhan = "cu_nhan"


class StateManagement(StrEnum):
    """Quản lý nhà nước — in ascending order."""

    chuyen_vien = "chuyen_vien"
    chuyen_vien_chinh = "chuyen_vien_chinh"
    chuyen_vien_cao_cap = "chuyen_vien_cao_cap"


class QualificationKind(StrEnum):
    education = "education"
    political_theory = "political_theory"
    state_management = "state_management"
    union_certificate = "union_certificate"
    language = "language"
    it = "it"


# Ordered value tuples of the enums above (for `.index` comparisons and SQL CASEs).
GENDERS = tuple(g.value for g in Gender)
EMPLOYMENT = tuple(e.value for e in Employment)
EDUCATION_LEVELS = tuple(e.value for e in EducationLevel)
POLITICAL_THEORY = tuple(p.value for p in PoliticalTheory)
STATE_MANAGEMENT = tuple(s.value for s in StateManagement)
QUALIFICATION_KINDS = tuple(k.value for k in QualificationKind)
# The cadre's current-level columns (trình độ hiện tại): column → (qualification kind it is derived from, levels in
# rank order). Kept by `cadres.service.refresh_current_qualifications`; read by the statistics report.
CURRENT_LEVEL_COLUMNS = {"education_level": ("education", EDUCATION_LEVELS),
                         "political_theory": ("political_theory", POLITICAL_THEORY)}


def _ts() -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=False)


class Cadre(SQLModel, table=True):
    """Cán bộ công đoàn: a person who holds or held a union post."""

    __tablename__ = "cadre"
    __table_args__ = (
        CheckConstraint("gender IN (" + ",".join(f"'{g}'" for g in GENDERS) + ")", name="gender"),
        CheckConstraint("employment IN (" + ",".join(f"'{e}'" for e in EMPLOYMENT) + ")", name="employment"),
        Index("ix_cadre_unit_sort", "unit_id", "sort_key", "id"),
        # The name order of every list and export. Covering the unit (PostgreSQL): a province's first page walks it
        # and checks each entry's unit against the subtree without reading the row (issue 13; migration 0022).
        Index("ix_cadre_sort", "sort_key", "id", postgresql_include=["unit_id"],
              postgresql_where=text("deleted_at IS NULL")),
        # Covering (PostgreSQL): the statistics report's per-person columns, read by index-only scans.
        Index("ix_cadre_statistics", "id", postgresql_include=list(STATISTICS_COLUMNS),
              postgresql_where=text("deleted_at IS NULL")),
        Index("ix_cadre_name_birth", "name_key", "birth_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    family_name: str = Field(max_length=80)
    middle_name: str = Field(default="", max_length=80)
    given_name: str = Field(max_length=80)
    full_name: str = Field(max_length=250)
    name_key: str = Field(max_length=250)  # accent-folded full name for `q`
    sort_key: str = Field(sa_column=Column(String(800), nullable=False))  # given, middle, family in Vietnamese order
    birth_date: date
    gender: str = Field(max_length=6)
    employment: str = Field(max_length=10)
    education_level: str = Field(default="none", max_length=20)  # derived from qualification rows
    political_theory: str = Field(default="none", max_length=20)  # derived from qualification rows
    from_workers: bool = False
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    hometown: str | None = Field(default=None, max_length=300)
    # Sensitive (NĐ 356/2025 Art 4): only with cadres:read_sensitive; reads are access-logged.
    ethnicity: str | None = Field(default=None, max_length=30)
    religion: str | None = Field(default=None, max_length=40)
    party_member: bool = False
    party_joined_on: date | None = None
    party_official_on: date | None = None
    national_id_enc: str | None = Field(default=None, sa_column=Column(Text))  # Fernet ciphertext
    national_id_hash: str | None = Field(default=None, sa_column=Column(String(64), index=True))
    health: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    deleted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    deleted_by: str | None = Field(default=None, max_length=120)


class Document(SQLModel, table=True):
    """A proof document (minh chứng): diploma scan, decision... Stored in the database, size-limited."""

    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False, index=True))
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    created_by: str | None = Field(default=None, max_length=120)


class Qualification(SQLModel, table=True):
    """Trình độ: one dated row per diploma/certificate (education, lý luận chính trị, QLNN, nghiệp vụ CĐ...)."""

    __tablename__ = "qualification"
    __table_args__ = (Index("ix_qualification_cadre_kind", "cadre_id", "kind", "awarded_on"),)
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False))
    kind: str = Field(max_length=30)
    level: str = Field(max_length=40)
    major: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=300)
    awarded_on: date | None = None  # legacy records often lack the date; "current" = highest level held
    document_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("document.id")))
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class EmploymentRecord(SQLModel, table=True):
    """Quá trình công tác / vị trí việc làm, ngạch, bậc, hệ số lương (dated)."""

    __tablename__ = "employment_record"
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False, index=True))
    organisation: str = Field(max_length=300)
    job_position: str | None = Field(default=None, max_length=200)
    civil_servant_rank: str | None = Field(default=None, max_length=20)  # ngạch, e.g. 01.003
    salary_grade: int | None = None
    salary_coefficient: float | None = Field(default=None, sa_column=Column(Numeric(5, 2)))
    contract_type: str | None = Field(default=None, max_length=30)  # bien_che, hop_dong_111
    from_date: date
    to_date: date | None = None
    in_union: bool = True  # False: work history before the union
    document_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("document.id")))


class FamilyMember(SQLModel, table=True):
    """Quan hệ gia đình (Mẫu 2C): sensitive — private and family life."""

    __tablename__ = "family_member"
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(sa_column=Column(Integer, ForeignKey("cadre.id"), nullable=False, index=True))
    relation: str = Field(max_length=40)
    full_name: str = Field(max_length=200)
    birth_year: int | None = None
    occupation: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=500)
