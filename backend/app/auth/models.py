"""Identity tables: user accounts, OAuth clients, role grants scoped to a unit subtree, signing keys, and the
authorization server's codes, refresh tokens, access-token deny-list and login attempts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Text
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
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    # the cadre this account belongs to (tài khoản của chính cán bộ): their own self-assessment, nothing more
    cadre_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("cadre.id"), unique=True))


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
    # requests per minute this client may make (None: the server-wide default, CADRE_RATE_LIMIT_PER_MINUTE)
    rate_limit_per_minute: int | None = Field(default=None, sa_column=Column(Integer))
    # processing agreement (thỏa thuận xử lý dữ liệu cá nhân, rule 28): what a third-party system may receive
    agreement_no: str | None = Field(default=None, max_length=80)
    agreement_signed_on: date | None = None
    agreement_purpose: str | None = Field(default=None, sa_column=Column(Text))
    agreement_data_categories: list[str] | None = Field(default=None, sa_column=Column(JSON))
    agreement_expires_on: date | None = None
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))


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


class AuthorizationCode(SQLModel, table=True):
    """A single-use authorization code (mã ủy quyền), stored only as a keyed hash, valid for seconds."""

    __tablename__ = "oauth_authorization_code"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    client_id: str = Field(max_length=120)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id"), nullable=False))
    redirect_uri: str | None = Field(default=None, sa_column=Column(Text))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False))
    code_challenge: str = Field(max_length=128)
    code_challenge_method: str = Field(max_length=10)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    family_id: str | None = Field(default=None, max_length=40)  # refresh family created when redeemed
    # the access token issued on redemption, deny-listed if the code is presented again
    access_jti: str | None = Field(default=None, max_length=64)
    access_expires_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class RefreshToken(SQLModel, table=True):
    """An opaque refresh token (stored hashed). Each use rotates it; all rotations share a `family_id`, so
    presenting an already-rotated token revokes the whole family (reuse detection)."""

    __tablename__ = "oauth_refresh_token"
    __table_args__ = (Index("ix_oauth_refresh_token_family_id", "family_id"),)
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    family_id: str = Field(max_length=40)
    client_id: str = Field(max_length=120)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id"), nullable=False))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False))
    issued_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    rotated_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # the access token issued together with this refresh token, deny-listed when the family is revoked
    access_jti: str | None = Field(default=None, max_length=64)
    access_expires_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class RevokedToken(SQLModel, table=True):
    """Deny-list of revoked JWT access tokens by `jti`, kept until the token would have expired anyway."""

    __tablename__ = "oauth_revoked_token"
    jti: str = Field(sa_column=Column(String(64), primary_key=True))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    revoked_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt (lần đăng nhập), for throttling per account and per IP across replicas."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_username_at", "username", "occurred_at"),
                      Index("ix_login_attempt_ip_at", "ip", "occurred_at"))
    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    username: str = Field(max_length=120)  # as typed, lower-cased
    ip: str = Field(max_length=64)
    succeeded: bool = False
    totp_step: int | None = None  # the TOTP time step accepted by a successful second factor (no replay)
