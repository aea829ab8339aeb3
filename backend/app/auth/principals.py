"""Turn verified token claims into a Principal: the user or client plus its role grants valid today."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import OAuthClient, RoleGrant, UserAccount
from app.core.db import table_of, today
from app.core.errors import Unauthorized
from app.core.security import Grant, Principal
from app.org_units.models import OrgUnit

# A commit that writes one of these tables drops the per-process principal cache (core/security.PrincipalCache).
PRINCIPAL_TABLES: frozenset[str] = frozenset({"user_account", "oauth_client", "role_grant", "signing_key"})


async def load_principal(session: AsyncSession, claims: dict[str, Any]) -> Principal:
    """One query per request: the account and its grants valid today (LEFT JOIN), no ORM objects."""
    sub = str(claims["sub"])
    scopes = frozenset(str(claims.get("scope", "")).split())
    kind, _, ident = sub.partition(":")
    grants = table_of(RoleGrant)
    units = table_of(OrgUnit)
    if kind == "user" and ident.isdigit():
        owner = table_of(UserAccount)
        key, name_column, where, grant_owner = owner.c.id, owner.c.display_name, owner.c.id == int(ident), \
            grants.c.user_id
        cadre_column: Any = owner.c.cadre_id
    elif kind == "client":
        owner = table_of(OAuthClient)
        key, name_column, where, grant_owner = owner.c.id, owner.c.name, owner.c.client_id == ident, \
            grants.c.client_pk
        cadre_column = literal(None, Integer)
    else:
        raise Unauthorized("unknown subject")
    d = today()
    valid = and_(grant_owner == key, or_(grants.c.valid_from.is_(None), grants.c.valid_from <= d),
                 or_(grants.c.valid_to.is_(None), grants.c.valid_to > d))
    rows = (await session.execute(
        select(key.label("pk"), name_column.label("display_name"), owner.c.is_active,
               cadre_column.label("cadre_id"), grants.c.role,
               grants.c.unit_id, units.c.parent_id)
        .select_from(owner.outerjoin(grants, valid).outerjoin(units, units.c.id == grants.c.unit_id))
        .where(where))).all()
    if not rows or not rows[0].is_active:
        raise Unauthorized(f"unknown or inactive {kind}")
    return Principal(subject=sub, kind="user" if kind == "user" else "client", display_name=rows[0].display_name,
                     token_scopes=scopes, principal_id=rows[0].pk, cadre_id=rows[0].cadre_id,
                     grants=tuple(Grant(role=r.role, unit_id=r.unit_id, national=r.parent_id is None)
                                  for r in rows if r.role is not None))
