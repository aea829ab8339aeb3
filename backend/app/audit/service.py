"""Reading the audit trail (nhật ký thay đổi) and the access log (nhật ký truy cập), newest first.

Both are scoped like everything else: a row is visible when its `unit_id` lies in the caller's subtree for
the permission (`core/scope.unit_filter`); rows without a unit are visible to national scope only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, cast, column, exists, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.schemas import AccessEntryRead, AccessPage, AuditEntryRead, AuditPage
from app.core.access_log import AccessLog
from app.core.audit import AuditLog
from app.core.db import table_of
from app.core.pagination import decode_cursor, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal

AUDIT_READ = "audit:read"
ACCESS_LOG_READ = "access_log:read"

audit_log = table_of(AuditLog)
access_log = table_of(AccessLog)


def _newest_first(stmt: Select[Any], key: Any, cursor: str | None, limit: int) -> Select[Any]:
    """Keyset pagination on a descending unique key."""
    if cursor:
        (last,) = decode_cursor(cursor, 1)
        stmt = stmt.where(key < last)
    return stmt.order_by(key.desc()).limit(limit + 1)


async def _unit_conditions(session: AsyncSession, principal: Principal, permission: str, unit_col: Any,
                           unit_id: int | None, within: int | None) -> list[Any]:
    conditions = [unit_filter(principal, permission, unit_col)]
    if unit_id is not None:
        await ensure_in_scope(session, principal, permission, unit_id)
        conditions.append(unit_col == unit_id)
    if within is not None:
        await ensure_in_scope(session, principal, permission, within)
        conditions.append(unit_col.in_(subtree_ids([within])))
    return conditions


@dataclass(frozen=True)
class AuditFilters:
    unit_id: int | None = None
    within: int | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None


async def list_audit(session: AsyncSession, principal: Principal, f: AuditFilters, *, cursor: str | None,
                     limit: int) -> AuditPage:
    conditions = await _unit_conditions(session, principal, AUDIT_READ, audit_log.c.unit_id, f.unit_id, f.within)
    for col, value in ((audit_log.c.entity_type, f.entity_type), (audit_log.c.entity_id, f.entity_id),
                       (audit_log.c.actor, f.actor), (audit_log.c.action, f.action)):
        if value is not None:
            conditions.append(col == value)
    stmt = _newest_first(select(audit_log).where(*conditions), audit_log.c.seq, cursor, limit)
    rows, next_cursor = page_from_rows((await session.execute(stmt)).all(), ["seq"], limit)
    return AuditPage(items=[AuditEntryRead.model_validate(dict(r._mapping)) for r in rows], next_cursor=next_cursor)


@dataclass(frozen=True)
class AccessFilters:
    unit_id: int | None = None
    within: int | None = None
    actor: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    category: str | None = None


def _has_subject(session: AsyncSession, subject_id: str) -> Any:
    """`subject_id` ∈ the row's JSON array, on PostgreSQL (jsonb containment) and SQLite (json_each)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(access_log.c.subject_ids, JSONB).contains([subject_id])
    each = func.json_each(access_log.c.subject_ids).table_valued("value")
    return exists(select(1).select_from(each).where(column("value") == subject_id))


async def list_access(session: AsyncSession, principal: Principal, f: AccessFilters, *, cursor: str | None,
                      limit: int) -> AccessPage:
    conditions = await _unit_conditions(session, principal, ACCESS_LOG_READ, access_log.c.unit_id, f.unit_id,
                                        f.within)
    for col, value in ((access_log.c.actor, f.actor), (access_log.c.subject_type, f.subject_type),
                       (access_log.c.category, f.category)):
        if value is not None:
            conditions.append(col == value)
    if f.subject_id is not None:
        conditions.append(_has_subject(session, f.subject_id))
    stmt = _newest_first(select(access_log).where(*conditions), access_log.c.id, cursor, limit)
    rows, next_cursor = page_from_rows((await session.execute(stmt)).all(), ["id"], limit)
    return AccessPage(items=[AccessEntryRead.model_validate(dict(r._mapping)) for r in rows],
                      next_cursor=next_cursor)


