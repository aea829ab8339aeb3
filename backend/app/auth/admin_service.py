"""Administration of accounts, role grants and OAuth clients (quản trị hệ thống), for system admins.

Scope: a system admin administers the principals that hold a grant inside the subtrees where the admin's own
`admin` grants lie; a national admin also sees principals without any grant. Anything else answers 404.
Every write is audited with the admin as actor; secrets and passwords never reach the audit log.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, exists, func, or_, select, true, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from app.auth import oauth_store as store
from app.auth.admin_schemas import (
    ClientCreate,
    ClientCreated,
    ClientPage,
    ClientRead,
    ClientSecret,
    ClientUpdate,
    PasswordReset,
    PasswordResetResult,
    ProcessingAgreement,
    RoleGrantCreate,
    RoleGrantEnd,
    RoleGrantPage,
    RoleGrantRead,
    SessionsRevoked,
    UserCreate,
    UserPage,
    UserRead,
    UserUpdate,
)
from app.auth.models import OAuthClient, RefreshToken, RoleGrant, UserAccount
from app.auth.service import password_hash
from app.cadres import service as cadres_service
from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import today
from app.core.errors import AppError, Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import ALL_SCOPES, ROLE_PERMISSIONS, Principal, registry
from app.org_units.models import OrgUnit

ADMIN = "admin"
PROTOCOL_SCOPES = frozenset({"openid", "profile", "offline_access"})
# Rule 28: a REST client sees only what its processing agreement covers; sensitive fields need their own category.
CATEGORY_SCOPES: dict[str, frozenset[str]] = {
    "units": frozenset({"units:read", "units:write"}),
    "cadres": frozenset({"cadres:read", "cadres:write"}),
    "sensitive": frozenset({"cadres:read_sensitive"}),
    "reports": frozenset({"reports:read"}),
}



def _table(model: type[SQLModel]) -> Table:
    return cast(Table, sa_inspect(model).local_table)


users = _table(UserAccount)
clients = _table(OAuthClient)
grants = _table(RoleGrant)
units = _table(OrgUnit)
refresh_tokens = _table(RefreshToken)


# --- grants ------------------------------------------------------------------------------------------------

def _active(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or valid_to > on)


def _check_period(valid_from: date | None, valid_to: date | None) -> None:
    """rule: a grant's validity period is not empty (valid_to is exclusive)."""
    if valid_from is not None and valid_to is not None and valid_to <= valid_from:
        raise RuleViolation("invalid_validity_period", errors=[
            FieldProblem("valid_to", "invalid_validity_period", "valid_to must be after valid_from")])


async def _grants_of(session: AsyncSession, principal: Principal, *, user_ids: Sequence[int] = (),
                     client_pks: Sequence[int] = ()) -> list[RoleGrantRead]:
    """The grants of these principals that lie inside the admin's scope, oldest first."""
    if not user_ids and not client_pks:
        return []
    stmt = (select(grants, units.c.name.label("unit_name"), clients.c.client_id.label("client_code"))
            .join(units, units.c.id == grants.c.unit_id)
            .outerjoin(clients, clients.c.id == grants.c.client_pk)
            .where(or_(grants.c.user_id.in_(list(user_ids)), grants.c.client_pk.in_(list(client_pks))),
                   unit_filter(principal, ADMIN, grants.c.unit_id))
            .order_by(grants.c.id))
    return [_grant_read(r._mapping) for r in (await session.execute(stmt)).all()]


def _grant_read(row: Any) -> RoleGrantRead:
    return RoleGrantRead(id=row["id"], role=row["role"], unit_id=row["unit_id"], unit_name=row["unit_name"],
                     valid_from=row["valid_from"], valid_to=row["valid_to"],
                     active=_active(row["valid_from"], row["valid_to"], today()),
                     user_id=row["user_id"], client_id=row["client_code"])


def _visible(principal: Principal, owner_column: Any) -> Any:
    """Principals holding some grant in the admin's subtrees; a national admin sees everyone."""
    if principal.roots(ADMIN) is None:
        return true()
    return exists().where(owner_column, unit_filter(principal, ADMIN, grants.c.unit_id))


async def list_grants(session: AsyncSession, principal: Principal, *, user_id: int | None, client_id: str | None,
                      within: int | None, active: bool | None, cursor: str | None, limit: int) -> RoleGrantPage:
    conditions: list[Any] = [unit_filter(principal, ADMIN, grants.c.unit_id)]
    if user_id is not None:
        conditions.append(grants.c.user_id == user_id)
    if client_id is not None:
        conditions.append(clients.c.client_id == client_id)
    if within is not None:
        await ensure_in_scope(session, principal, ADMIN, within)
        conditions.append(grants.c.unit_id.in_(subtree_ids([within])))
    if active is not None:
        d = today()
        live = (or_(grants.c.valid_from.is_(None), grants.c.valid_from <= d)
                & or_(grants.c.valid_to.is_(None), grants.c.valid_to > d))
        conditions.append(live if active else ~live)
    stmt = (select(grants, units.c.name.label("unit_name"), clients.c.client_id.label("client_code"))
            .join(units, units.c.id == grants.c.unit_id).outerjoin(clients, clients.c.id == grants.c.client_pk)
            .where(*conditions))
    rows, next_cursor = page_from_rows((await session.execute(keyset(stmt, [grants.c.id], cursor, limit))).all(),
                                       ["id"], limit)
    return RoleGrantPage(items=[_grant_read(r._mapping) for r in rows], next_cursor=next_cursor)


def _not_self(principal: Principal, *, user_id: int | None) -> None:
    """rule: an admin does not change their own account or grants (no self-escalation, no self-lock-out)."""
    if principal.kind == "user" and user_id is not None and user_id == principal.principal_id:
        raise RuleViolation("cannot_change_own_account")


async def add_grant(session: AsyncSession, principal: Principal, data: RoleGrantCreate) -> RoleGrantRead:
    await ensure_in_scope(session, principal, ADMIN, data.unit_id)
    _check_period(data.valid_from, data.valid_to)
    client_pk: int | None = None
    if data.user_id is not None:
        await _user(session, principal, data.user_id)
        _not_self(principal, user_id=data.user_id)
    else:
        client_pk = (await _client(session, principal, str(data.client_id))).id
    grant = RoleGrant(user_id=data.user_id, client_pk=client_pk, role=data.role, unit_id=data.unit_id,
                      valid_from=data.valid_from, valid_to=data.valid_to)
    session.add(grant)
    await session.flush()
    await audit.record(session, actor=principal.subject, action="role_grant.add", entity_type="role_grant",
                       entity_id=grant.id, unit_id=data.unit_id, changes=data.model_dump(mode="json"))
    assert grant.id is not None
    return await _grant(session, principal, grant.id)


async def _grant(session: AsyncSession, principal: Principal, grant_id: int) -> RoleGrantRead:
    row = (await session.execute(
        select(grants, units.c.name.label("unit_name"), clients.c.client_id.label("client_code"))
        .join(units, units.c.id == grants.c.unit_id).outerjoin(clients, clients.c.id == grants.c.client_pk)
        .where(grants.c.id == grant_id, unit_filter(principal, ADMIN, grants.c.unit_id)))).first()
    if row is None:
        raise NotFound()
    return _grant_read(row._mapping)


async def end_grant(session: AsyncSession, principal: Principal, grant_id: int, data: RoleGrantEnd) -> RoleGrantRead:
    """rule: ending a grant only shortens it, from today on: the past stays as it was."""
    current = await _grant(session, principal, grant_id)
    _not_self(principal, user_id=current.user_id)
    d = today()
    if current.valid_to is not None and current.valid_to <= d:
        raise Conflict("grant_already_ended")
    if data.valid_to < d or (current.valid_to is not None and data.valid_to > current.valid_to):
        raise RuleViolation("invalid_validity_period", errors=[FieldProblem(
            "valid_to", "invalid_validity_period", "a grant can only be ended from today on, never lengthened")])
    _check_period(current.valid_from, data.valid_to)
    await session.execute(update(grants).where(grants.c.id == grant_id).values(valid_to=data.valid_to))
    await audit.record(session, actor=principal.subject, action="role_grant.end", entity_type="role_grant",
                       entity_id=grant_id, unit_id=current.unit_id,
                       changes={"valid_to": [current.valid_to.isoformat() if current.valid_to else None,
                                             data.valid_to.isoformat()]})
    return await _grant(session, principal, grant_id)


# --- users -------------------------------------------------------------------------------------------------

async def _user(session: AsyncSession, principal: Principal, user_id: int) -> UserAccount:
    user = (await session.execute(select(UserAccount).where(
        users.c.id == user_id, _visible(principal, grants.c.user_id == users.c.id))
        .execution_options(populate_existing=True))).scalars().first()
    if user is None:
        raise NotFound()
    return user


async def _user_read(session: AsyncSession, principal: Principal, user: UserAccount) -> UserRead:
    assert user.id is not None
    return UserRead(id=user.id, username=user.username, display_name=user.display_name, email=user.email,
                    is_active=user.is_active, totp_enabled=user.totp_secret is not None, created_at=user.created_at,
                    version=user.version, grants=await _grants_of(session, principal, user_ids=[user.id]),
                    cadre_id=user.cadre_id)


async def _check_cadre_link(session: AsyncSession, principal: Principal, cadre_id: int,
                            user_id: int | None = None) -> None:
    """The cadre must exist in the admin's scope (else 422 on the field, never a leak) and belong to no other
    account (409 cadre_already_linked)."""
    try:
        await cadres_service.visible_cadre(session, principal, cadre_id, ADMIN)
    except NotFound:
        raise RuleViolation("validation_error", errors=[FieldProblem("cadre_id", "not_found", str(cadre_id))]) \
            from None
    other = (await session.execute(select(users.c.id).where(users.c.cadre_id == cadre_id,
                                                             users.c.id != (user_id or 0)))).first()
    if other is not None:
        raise AppError("cadre_already_linked", 409, errors=[FieldProblem("cadre_id", "cadre_already_linked",
                                                                          str(cadre_id))])


async def list_users(session: AsyncSession, principal: Principal, *, q: str | None, within: int | None,
                     active: bool | None, cursor: str | None, limit: int) -> UserPage:
    conditions: list[Any] = [_visible(principal, grants.c.user_id == users.c.id)]
    if q:
        like = f"%{q.strip().lower()}%"
        conditions.append(or_(func.lower(users.c.username).like(like), func.lower(users.c.display_name).like(like)))
    if within is not None:
        await ensure_in_scope(session, principal, ADMIN, within)
        conditions.append(exists().where(grants.c.user_id == users.c.id,
                                         grants.c.unit_id.in_(subtree_ids([within]))))
    if active is not None:
        conditions.append(users.c.is_active.is_(active))
    stmt = select(users).where(*conditions)
    rows, next_cursor = page_from_rows((await session.execute(keyset(stmt, [users.c.id], cursor, limit))).all(),
                                       ["id"], limit)
    by_user: dict[int, list[RoleGrantRead]] = {}
    for g in await _grants_of(session, principal, user_ids=[r.id for r in rows]):
        by_user.setdefault(int(g.user_id or 0), []).append(g)
    return UserPage(items=[UserRead(id=r.id, username=r.username, display_name=r.display_name, email=r.email,
                                    is_active=r.is_active, totp_enabled=r.totp_secret is not None,
                                    created_at=r.created_at, version=r.version, grants=by_user.get(r.id, []),
                                    cadre_id=r.cadre_id)
                           for r in rows], next_cursor=next_cursor)


async def get_user(session: AsyncSession, principal: Principal, user_id: int) -> UserRead:
    return await _user_read(session, principal, await _user(session, principal, user_id))


async def create_user(session: AsyncSession, principal: Principal, data: UserCreate) -> UserRead:
    await ensure_in_scope(session, principal, ADMIN, data.unit_id)
    _check_period(data.valid_from, data.valid_to)
    if (await session.execute(select(users.c.id).where(func.lower(users.c.username) == data.username))).first():
        raise AppError("username_taken", 409, errors=[FieldProblem("username", "username_taken", data.username)])
    if data.cadre_id is not None:
        await _check_cadre_link(session, principal, data.cadre_id)
    hashed = await asyncio.to_thread(password_hash.hash, data.password)  # Argon2: off the event loop
    user = UserAccount(username=data.username, password_hash=hashed, display_name=data.display_name,
                       email=data.email, cadre_id=data.cadre_id)
    session.add(user)
    await session.flush()
    session.add(RoleGrant(user_id=user.id, role=data.role, unit_id=data.unit_id, valid_from=data.valid_from,
                          valid_to=data.valid_to))
    await session.flush()
    await audit.record(session, actor=principal.subject, action="user.create", entity_type="user_account",
                       entity_id=user.id, unit_id=data.unit_id,
                       changes=data.model_dump(mode="json", exclude={"password"}))
    return await _user_read(session, principal, user)


async def update_user(session: AsyncSession, principal: Principal, user_id: int, data: UserUpdate,
                      expected: IfMatch) -> UserRead:
    user = await _user(session, principal, user_id)
    changes = data.model_dump(exclude_unset=True)
    if "display_name" in changes and changes["display_name"] is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("display_name", "missing", "required")])
    if changes.get("cadre_id") is not None:
        await _check_cadre_link(session, principal, changes["cadre_id"], user_id)
    await claim_version(session, users, user_id, expected)
    await session.execute(update(users).where(users.c.id == user_id).values(**changes))
    await audit.record(session, actor=principal.subject, action="user.update", entity_type="user_account",
                       entity_id=user_id, changes={k: [getattr(user, k), v] for k, v in changes.items()})
    await session.refresh(user)
    return await _user_read(session, principal, user)


async def revoke_sessions(session: AsyncSession, principal: Principal, user_id: int, *,
                          reason: str = "admin") -> SessionsRevoked:
    """rule: revoking a user's sessions ends every refresh-token family (each signed-in device) and deny-lists
    the access tokens issued with them: the lost phone is signed out at once."""
    await _user(session, principal, user_id)
    families = list((await session.execute(select(refresh_tokens.c.family_id).where(
        refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None)).distinct()
        .order_by(refresh_tokens.c.family_id))).scalars())
    def revoke_all(sync_session: Session) -> None:
        for family in families:
            store.revoke_family(sync_session, family)

    await session.run_sync(revoke_all)
    if families and registry.denylist is not None:
        invalidate = getattr(registry.denylist, "invalidate", None)
        if invalidate is not None:
            invalidate()
    await audit.record(session, actor=principal.subject, action="user.revoke_sessions", entity_type="user_account",
                       entity_id=user_id, changes={"families": len(families), "reason": reason})
    return SessionsRevoked(user_id=user_id, revoked_sessions=len(families))


async def set_user_active(session: AsyncSession, principal: Principal, user_id: int, active: bool) -> UserRead:
    """Disabling an account also signs it out everywhere; enabling does not restore old sessions."""
    user = await _user(session, principal, user_id)
    _not_self(principal, user_id=user_id)
    if user.is_active != active:
        await session.execute(update(users).where(users.c.id == user_id)
                              .values(is_active=active, version=users.c.version + 1))
        await audit.record(session, actor=principal.subject, action="user.enable" if active else "user.disable",
                           entity_type="user_account", entity_id=user_id, changes={"is_active": [not active, active]})
        if not active:
            await revoke_sessions(session, principal, user_id, reason="disabled")
        await session.refresh(user)
    return await _user_read(session, principal, user)


async def reset_password(session: AsyncSession, principal: Principal, user_id: int,
                         data: PasswordReset) -> PasswordResetResult:
    await _user(session, principal, user_id)
    _not_self(principal, user_id=user_id)
    temporary = None if data.password else secrets.token_urlsafe(12)
    hashed = await asyncio.to_thread(password_hash.hash, data.password or str(temporary))
    await session.execute(update(users).where(users.c.id == user_id)
                          .values(password_hash=hashed, version=users.c.version + 1))
    await audit.record(session, actor=principal.subject, action="user.reset_password", entity_type="user_account",
                       entity_id=user_id, changes={"password": "reset", "generated": temporary is not None})
    revoked = await revoke_sessions(session, principal, user_id, reason="password_reset")
    return PasswordResetResult(user_id=user_id, temporary_password=temporary,
                               revoked_sessions=revoked.revoked_sessions)


# --- OAuth clients -----------------------------------------------------------------------------------------

def check_client_scopes(scopes: Sequence[str], role: str | None, agreement: ProcessingAgreement | None,
                        grant_types: Sequence[str]) -> None:
    """rule 28 (client_scopes_within_processing_agreement): a third-party system (client_credentials) needs a
    processing agreement in force, and its scopes must be covered by the agreement's data categories (sensitive
    fields by the explicit `sensitive` category) and by its role."""
    requested = set(scopes)
    unknown = requested - set(ALL_SCOPES) - PROTOCOL_SCOPES
    if unknown:
        raise RuleViolation("validation_error", errors=[FieldProblem("scopes", "invalid", " ".join(sorted(unknown)))])
    if role is not None and (beyond := requested - PROTOCOL_SCOPES - ROLE_PERMISSIONS[role]):
        raise RuleViolation("scope_not_allowed_for_role", errors=[
            FieldProblem("scopes", "scope_not_allowed_for_role", " ".join(sorted(beyond)))])
    if "client_credentials" in grant_types and agreement is None:
        raise RuleViolation("processing_agreement_required", errors=[
            FieldProblem("processing_agreement", "processing_agreement_required", "required")])
    if agreement is not None:
        if agreement.expires_on < today():
            raise RuleViolation("agreement_expired", errors=[
                FieldProblem("processing_agreement.expires_on", "agreement_expired", agreement.expires_on.isoformat())])
        covered = set().union(*(CATEGORY_SCOPES[c] for c in agreement.data_categories))
        # webhooks:manage opens no personal data (messages carry ids only): no agreement category needed
        if outside := requested - PROTOCOL_SCOPES - {"webhooks:manage"} - covered:
            raise RuleViolation("client_scope_outside_agreement", errors=[
                FieldProblem("scopes", "client_scope_outside_agreement", " ".join(sorted(outside)))])


def _agreement(row: Any) -> ProcessingAgreement | None:
    if row.agreement_no is None:
        return None
    return ProcessingAgreement(number=row.agreement_no, signed_on=row.agreement_signed_on,
                               purpose=row.agreement_purpose or "", data_categories=row.agreement_data_categories or [],
                               expires_on=row.agreement_expires_on)


def _agreement_columns(agreement: ProcessingAgreement | None) -> dict[str, Any]:
    return {"agreement_no": agreement.number if agreement else None,
            "agreement_signed_on": agreement.signed_on if agreement else None,
            "agreement_purpose": agreement.purpose if agreement else None,
            "agreement_data_categories": list(agreement.data_categories) if agreement else None,
            "agreement_expires_on": agreement.expires_on if agreement else None}


def _client_read(row: Any, grant_rows: list[RoleGrantRead]) -> ClientRead:
    return ClientRead(id=row.id, client_id=row.client_id, name=row.name, is_public=row.is_public,
                      grant_types=list(row.grant_types), scopes=row.scope.split(),
                      redirect_uris=list(row.redirect_uris), is_active=row.is_active,
                      rate_limit_per_minute=row.rate_limit_per_minute, processing_agreement=_agreement(row),
                      created_at=row.created_at, version=row.version, grants=grant_rows)


async def _client(session: AsyncSession, principal: Principal, client_id: str) -> OAuthClient:
    client = (await session.execute(select(OAuthClient).where(
        clients.c.client_id == client_id, _visible(principal, grants.c.client_pk == clients.c.id))
        .execution_options(populate_existing=True))).scalars().first()
    if client is None:
        raise NotFound()
    return client


async def list_clients(session: AsyncSession, principal: Principal, *, q: str | None, active: bool | None,
                       cursor: str | None, limit: int) -> ClientPage:
    conditions: list[Any] = [_visible(principal, grants.c.client_pk == clients.c.id)]
    if q:
        like = f"%{q.strip().lower()}%"
        conditions.append(or_(func.lower(clients.c.name).like(like), func.lower(clients.c.client_id).like(like)))
    if active is not None:
        conditions.append(clients.c.is_active.is_(active))
    stmt = select(clients).where(*conditions)
    rows, next_cursor = page_from_rows((await session.execute(keyset(stmt, [clients.c.id], cursor, limit))).all(),
                                       ["id"], limit)
    by_client: dict[str, list[RoleGrantRead]] = {}
    for g in await _grants_of(session, principal, client_pks=[r.id for r in rows]):
        by_client.setdefault(str(g.client_id), []).append(g)
    return ClientPage(items=[_client_read(r, by_client.get(r.client_id, [])) for r in rows],
                      next_cursor=next_cursor)


async def get_client(session: AsyncSession, principal: Principal, client_id: str) -> ClientRead:
    client = await _client(session, principal, client_id)
    assert client.id is not None
    return _client_read(client, await _grants_of(session, principal, client_pks=[client.id]))


async def create_client(session: AsyncSession, principal: Principal, data: ClientCreate) -> ClientCreated:
    await ensure_in_scope(session, principal, ADMIN, data.unit_id)
    check_client_scopes(data.scopes, data.role, data.processing_agreement, data.grant_types)
    public = "client_credentials" not in data.grant_types
    if "authorization_code" in data.grant_types and not data.redirect_uris:
        raise RuleViolation("validation_error", errors=[FieldProblem("redirect_uris", "missing", "required")])
    secret = None if public else secrets.token_urlsafe(32)
    hashed = await asyncio.to_thread(password_hash.hash, secret) if secret else None
    client = OAuthClient(client_id="c_" + secrets.token_urlsafe(12), name=data.name, is_public=public,
                         client_secret_hash=hashed, redirect_uris=list(data.redirect_uris),
                         grant_types=list(dict.fromkeys(data.grant_types)), scope=" ".join(sorted(set(data.scopes))),
                         token_endpoint_auth_method="none" if public else "client_secret_basic",
                         rate_limit_per_minute=data.rate_limit_per_minute,
                         **_agreement_columns(data.processing_agreement))
    session.add(client)
    await session.flush()
    session.add(RoleGrant(client_pk=client.id, role=data.role, unit_id=data.unit_id))
    await session.flush()
    await audit.record(session, actor=principal.subject, action="client.create", entity_type="oauth_client",
                       entity_id=client.client_id, unit_id=data.unit_id, changes=data.model_dump(mode="json"))
    read = await get_client(session, principal, client.client_id)
    return ClientCreated(**read.model_dump(), client_secret=secret)


async def update_client(session: AsyncSession, principal: Principal, client_id: str, data: ClientUpdate,
                        expected: IfMatch) -> ClientRead:
    client = await _client(session, principal, client_id)
    fields = data.model_fields_set
    scopes = data.scopes if "scopes" in fields and data.scopes is not None else client.scope.split()
    agreement = data.processing_agreement if "processing_agreement" in fields else _agreement(client)
    roles = (await session.execute(select(grants.c.role).where(grants.c.client_pk == client.id))).scalars().all()
    for role in set(roles) or {None}:
        check_client_scopes(scopes, role, agreement, client.grant_types)
    values: dict[str, Any] = {}
    if "name" in fields and data.name is not None:
        values["name"] = data.name
    if "scopes" in fields:
        values["scope"] = " ".join(sorted(set(scopes)))
    if "rate_limit_per_minute" in fields:
        values["rate_limit_per_minute"] = data.rate_limit_per_minute
    if "processing_agreement" in fields:
        values.update(_agreement_columns(agreement))
    assert client.id is not None
    await claim_version(session, clients, client.id, expected)
    if values:
        await session.execute(update(clients).where(clients.c.id == client.id).values(**values))
    await audit.record(session, actor=principal.subject, action="client.update", entity_type="oauth_client",
                       entity_id=client_id, changes=data.model_dump(mode="json", exclude_unset=True))
    await session.refresh(client)
    return await get_client(session, principal, client_id)


async def rotate_client_secret(session: AsyncSession, principal: Principal, client_id: str) -> ClientSecret:
    """A new secret, shown once; the old one stops working at once (tokens already issued expire in minutes)."""
    client = await _client(session, principal, client_id)
    if client.is_public:
        raise RuleViolation("public_client_has_no_secret")
    secret = secrets.token_urlsafe(32)
    hashed = await asyncio.to_thread(password_hash.hash, secret)
    await session.execute(update(clients).where(clients.c.id == client.id)
                          .values(client_secret_hash=hashed, version=clients.c.version + 1))
    await audit.record(session, actor=principal.subject, action="client.rotate_secret", entity_type="oauth_client",
                       entity_id=client_id, changes={"client_secret": "rotated"})
    return ClientSecret(client_id=client_id, client_secret=secret)


async def set_client_active(session: AsyncSession, principal: Principal, client_id: str,
                            active: bool) -> ClientRead:
    client = await _client(session, principal, client_id)
    if principal.kind == "client" and principal.subject == f"client:{client_id}":
        raise RuleViolation("cannot_change_own_account")
    if client.is_active != active:
        await session.execute(update(clients).where(clients.c.id == client.id)
                              .values(is_active=active, version=clients.c.version + 1))
        await audit.record(session, actor=principal.subject, action="client.enable" if active else "client.disable",
                           entity_type="oauth_client", entity_id=client_id, changes={"is_active": [not active, active]})
    return await get_client(session, principal, client_id)

