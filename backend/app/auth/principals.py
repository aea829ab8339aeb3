"""Turn verified token claims into a Principal: the user or client plus its role grants valid today."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import OAuthClient, RoleGrant, UserAccount
from app.core.db import today
from app.core.errors import Unauthorized
from app.core.security import Grant, Principal
from app.org_units.models import OrgUnit


async def load_grants(session: AsyncSession, *, user_id: int | None = None,
                      client_pk: int | None = None) -> tuple[Grant, ...]:
    d = today()
    owner = RoleGrant.user_id == user_id if user_id is not None else RoleGrant.client_pk == client_pk
    stmt = (
        select(RoleGrant.role, RoleGrant.unit_id, OrgUnit.parent_id)
        .join(OrgUnit, OrgUnit.id == RoleGrant.unit_id)
        .where(owner,
               or_(RoleGrant.valid_from.is_(None), RoleGrant.valid_from <= d),
               or_(RoleGrant.valid_to.is_(None), RoleGrant.valid_to > d))
    )
    rows = (await session.execute(stmt)).all()
    return tuple(Grant(role=r.role, unit_id=r.unit_id, national=r.parent_id is None) for r in rows)


async def load_principal(session: AsyncSession, claims: dict[str, Any]) -> Principal:
    sub = str(claims["sub"])
    scopes = frozenset(str(claims.get("scope", "")).split())
    kind, _, ident = sub.partition(":")
    if kind == "user":
        user = await session.get(UserAccount, int(ident)) if ident.isdigit() else None
        if user is None or not user.is_active:
            raise Unauthorized("unknown or inactive user")
        grants = await load_grants(session, user_id=user.id)
        return Principal(subject=sub, kind="user", display_name=user.display_name, token_scopes=scopes,
                         grants=grants, principal_id=user.id)
    if kind == "client":
        client = (await session.execute(
            select(OAuthClient).where(and_(OAuthClient.client_id == ident, OAuthClient.is_active.is_(True)))
        )).scalars().first()
        if client is None:
            raise Unauthorized("unknown or inactive client")
        grants = await load_grants(session, client_pk=client.id)
        return Principal(subject=sub, kind="client", display_name=client.name, token_scopes=scopes,
                         grants=grants, principal_id=client.id)
    raise Unauthorized("unknown subject")
