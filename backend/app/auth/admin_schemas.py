"""API shapes of the administration API (quản trị hệ thống): accounts, role grants, OAuth clients."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["system_admin", "org_officer", "approver", "grassroots_chair", "viewer", "integration"]
GrantType = Literal["authorization_code", "refresh_token", "client_credentials"]
# What a processing agreement may cover (rule 28). Each category opens the OAuth scopes in CATEGORY_SCOPES.
DataCategory = Literal["units", "cadres", "sensitive", "reports"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleGrantRead(BaseModel):
    id: int
    role: Role
    unit_id: int
    unit_name: str
    valid_from: date | None
    valid_to: date | None  # exclusive
    active: bool  # valid today
    user_id: int | None = None
    client_id: str | None = None


class RoleGrantPage(BaseModel):
    items: list[RoleGrantRead]
    next_cursor: str | None = None


class RoleGrantCreate(_In):
    user_id: int | None = None
    client_id: str | None = Field(default=None, max_length=120)
    role: Role
    unit_id: int
    valid_from: date | None = None
    valid_to: date | None = Field(default=None, description="Exclusive: the first day the grant no longer holds")

    @model_validator(mode="after")
    def _one_principal(self) -> RoleGrantCreate:
        if (self.user_id is None) == (self.client_id is None):
            raise ValueError("give exactly one of user_id and client_id")
        return self


class RoleGrantEnd(_In):
    valid_to: date = Field(description="Exclusive: the first day the grant no longer holds")


class UserRead(BaseModel):
    id: int
    username: str
    display_name: str
    email: str | None
    is_active: bool
    totp_enabled: bool
    created_at: datetime
    version: int
    grants: list[RoleGrantRead]
    cadre_id: int | None = None  # the cadre the account belongs to (their own self-assessment)


class UserPage(BaseModel):
    items: list[UserRead]
    next_cursor: str | None = None


class UserCreate(_In):
    username: str = Field(min_length=3, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    display_name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=12, max_length=200)
    role: Role
    unit_id: int
    valid_from: date | None = None
    valid_to: date | None = None
    cadre_id: int | None = Field(default=None, description="Link the account to this cadre (in the admin's "
                                 "scope; one account per cadre): they may then fill in their own self-assessment")


class UserUpdate(_In):
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    cadre_id: int | None = Field(default=None, description="Link to a cadre; null removes the link")


class PasswordReset(_In):
    password: str | None = Field(default=None, min_length=12, max_length=200,
                                 description="The new password; omitted: a temporary one is generated and returned")


class PasswordResetResult(BaseModel):
    user_id: int
    temporary_password: str | None  # shown once, only when generated
    revoked_sessions: int


class SessionsRevoked(BaseModel):
    user_id: int
    revoked_sessions: int  # refresh-token families ended (each a signed-in device or app)


class ProcessingAgreement(_In):
    """Thỏa thuận xử lý dữ liệu cá nhân (rule 28; Decree 356/2025)."""

    number: str = Field(min_length=1, max_length=80)
    signed_on: date
    purpose: str = Field(min_length=1, max_length=2000)
    data_categories: list[DataCategory] = Field(min_length=1)
    expires_on: date

    @model_validator(mode="after")
    def _dates(self) -> ProcessingAgreement:
        if self.expires_on <= self.signed_on:
            raise ValueError("expires_on must be after signed_on")
        return self


class ClientRead(BaseModel):
    id: int
    client_id: str
    name: str
    is_public: bool
    grant_types: list[GrantType]
    scopes: list[str]
    redirect_uris: list[str]
    is_active: bool
    rate_limit_per_minute: int | None
    processing_agreement: ProcessingAgreement | None
    created_at: datetime
    version: int
    grants: list[RoleGrantRead]


class ClientPage(BaseModel):
    items: list[ClientRead]
    next_cursor: str | None = None


def _machine_to_machine() -> list[GrantType]:
    return ["client_credentials"]


class ClientCreate(_In):
    name: str = Field(min_length=1, max_length=200)
    grant_types: list[GrantType] = Field(default_factory=_machine_to_machine, min_length=1)
    scopes: list[str] = Field(min_length=1)
    role: Role = "integration"
    unit_id: int
    redirect_uris: list[str] = Field(default_factory=list, max_length=20)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000)
    processing_agreement: ProcessingAgreement | None = None


class ClientCreated(ClientRead):
    client_secret: str | None = Field(description="Shown once; stored only as an Argon2 hash")


class ClientUpdate(_In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    scopes: list[str] | None = Field(default=None, min_length=1)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000)
    processing_agreement: ProcessingAgreement | None = None


class ClientSecret(BaseModel):
    client_id: str
    client_secret: str
