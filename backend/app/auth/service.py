"""Accounts and clients: creation with hashed secrets, role grants on a unit subtree."""

from __future__ import annotations

import secrets
from datetime import date

from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.auth import totp
from app.auth.models import OAuthClient, RoleGrant, UserAccount
from app.core import audit, crypto
from app.core.db import pk
from app.core.errors import Conflict, FieldProblem, RuleViolation
from app.core.security import ALL_SCOPES, ROLE_PERMISSIONS, ROLES
from app.org_units.models import OrgUnit

password_hash = PasswordHash.recommended()  # Argon2id


async def unit_by_code(session: AsyncSession, code: str) -> OrgUnit:
    unit = (await session.execute(select(OrgUnit).where(col(OrgUnit.code) == code))).scalars().first()
    if unit is None:
        raise RuleViolation("validation_error", f"unknown unit code {code}",
                            errors=[FieldProblem("unit_code", "not_found", code)])
    return unit


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise RuleViolation("validation_error", f"unknown role {role}", errors=[FieldProblem("role", "invalid", role)])


async def create_user(session: AsyncSession, *, username: str, password: str, role: str, unit_code: str,
                      display_name: str | None = None, valid_from: date | None = None,
                      valid_to: date | None = None, actor: str = "cli", cadre_id: int | None = None) -> UserAccount:
    _check_role(role)
    unit = await unit_by_code(session, unit_code)
    if (await session.execute(select(col(UserAccount.id)).where(col(UserAccount.username) == username))).first():
        raise Conflict("conflict", f"user {username} exists")
    user = UserAccount(username=username, password_hash=password_hash.hash(password),
                       display_name=display_name or username, cadre_id=cadre_id)
    session.add(user)
    await session.flush()
    session.add(RoleGrant(user_id=user.id, role=role, unit_id=pk(unit), valid_from=valid_from, valid_to=valid_to))
    await session.flush()
    await audit.record(session, actor=actor, action="user.create", entity_type="user_account", entity_id=user.id,
                       unit_id=unit.id, changes={"username": username, "role": role, "unit_code": unit_code})
    return user


def default_scope(role: str) -> str:
    return " ".join(s for s in ALL_SCOPES if s in ROLE_PERMISSIONS[role])


async def create_client(session: AsyncSession, *, name: str, role: str, unit_code: str, scope: str | None = None,
                        client_id: str | None = None, client_secret: str | None = None,
                        grant_types: list[str] | None = None, redirect_uris: list[str] | None = None,
                        public: bool = False, actor: str = "cli") -> tuple[OAuthClient, str | None]:
    """Register a client; returns it with its plain secret (shown once, stored only as an Argon2 hash)."""
    _check_role(role)
    unit = await unit_by_code(session, unit_code)
    client_id = client_id or "c_" + secrets.token_urlsafe(12)
    if (await session.execute(select(col(OAuthClient.id)).where(col(OAuthClient.client_id) == client_id))).first():
        raise Conflict("conflict", f"client {client_id} exists")
    requested = set((scope or default_scope(role)).split())
    unknown = requested - set(ALL_SCOPES) - {"openid", "profile", "offline_access"}
    if unknown:
        raise RuleViolation("validation_error", f"unknown scopes {sorted(unknown)}",
                            errors=[FieldProblem("scope", "invalid", " ".join(sorted(unknown)))])
    secret = None if public else (client_secret or secrets.token_urlsafe(32))
    client = OAuthClient(
        client_id=client_id, name=name, is_public=public,
        client_secret_hash=password_hash.hash(secret) if secret else None,
        redirect_uris=redirect_uris or [],
        grant_types=grant_types or (["authorization_code", "refresh_token"] if public else ["client_credentials"]),
        scope=" ".join(sorted(requested)),
        token_endpoint_auth_method="none" if public else "client_secret_basic",
    )
    session.add(client)
    await session.flush()
    session.add(RoleGrant(client_pk=client.id, role=role, unit_id=pk(unit)))
    await session.flush()
    await audit.record(session, actor=actor, action="client.create", entity_type="oauth_client",
                       entity_id=client.client_id, unit_id=unit.id, changes={"name": name, "role": role})
    return client, secret


async def enable_totp(session: AsyncSession, username: str, *, actor: str = "cli") -> str:
    """Give an account a new TOTP secret (stored encrypted); returns the otpauth:// URI to show it once."""
    user = (await session.execute(select(UserAccount).where(col(UserAccount.username) == username))).scalars().first()
    if user is None:
        raise RuleViolation("validation_error", f"unknown user {username}",
                            errors=[FieldProblem("username", "not_found", username)])
    secret = totp.new_secret()
    user.totp_secret = crypto.encrypt(secret)
    await session.flush()
    await audit.record(session, actor=actor, action="user.enable_totp", entity_type="user_account",
                       entity_id=user.id, changes={"totp_secret": "set"})
    return totp.provisioning_uri(secret, username)
