"""Identity tables: user accounts, OAuth clients, role grants scoped to a unit subtree, signing keys."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from app.core.db import utcnow


class UserAccount(SQLModel, table=True):
    """Tài khoản người dùng (cán bộ tổ chức, lãnh đạo, chủ tịch CĐCS...)."""

    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=120, unique=True)
    password_hash: str = Field(max_length=300)
    display_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=200)
    locale: str = Field(default="vi", max_length=5)
    totp_secret: str | None = Field(default=None, max_length=300)  # encrypted
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class OAuthClient(SQLModel, table=True):
    """An OAuth 2 client: the SPA/mobile (public, code+PKCE) or a third-party system (client_credentials)."""

    __tablename__ = "oauth_client"
    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=120, unique=True)
    client_secret_hash: str | None = Field(default=None, max_length=300)
    name: str = Field(max_length=200)
    is_public: bool = False
    redirect_uris: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grant_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False))
    token_endpoint_auth_method: str = Field(default="client_secret_basic", max_length=40)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class RoleGrant(SQLModel, table=True):
    """Vai trò của một người dùng hoặc client trên cây con của một đơn vị, trong một thời hạn."""

    __tablename__ = "role_grant"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (client_pk IS NULL)", name="one_principal"),
        CheckConstraint(
            "role IN ('system_admin','org_officer','approver','grassroots_chair','viewer','integration')", name="role"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("user_account.id"), index=True))
    client_pk: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("oauth_client.id"), index=True))
    role: str = Field(max_length=40)
    unit_id: int = Field(sa_column=Column(Integer, ForeignKey("org_unit.id"), nullable=False))
    valid_from: date | None = None
    valid_to: date | None = None  # exclusive
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class SigningKey(SQLModel, table=True):
    """ES256 keys for access tokens. Several are published in the JWKS so rotation logs nobody out."""

    __tablename__ = "signing_key"
    id: int | None = Field(default=None, primary_key=True)
    kid: str = Field(max_length=80, unique=True)
    private_jwk: str = Field(sa_column=Column(Text, nullable=False))  # Fernet-encrypted JSON
    public_jwk: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    is_current: bool = False  # the one that signs new tokens
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    retired_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
