"""Approval authority (phân cấp quản lý cán bộ): which level decides an action on a post, edited by a system
admin. Most specific row wins (action type and post before wildcards)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.core import audit
from app.core.db import table_of
from app.core.security import Principal
from app.workflows.models import ApprovalAuthority
from app.workflows.schemas import AuthorityBody, AuthorityList, AuthorityRead

authority = table_of(ApprovalAuthority)


def levels_needed(action_type: ColumnElement[Any], position_code: ColumnElement[Any],
                  unit_level: ColumnElement[Any]) -> ColumnElement[int]:
    """SQL: how many levels above the target unit the approver's grant must sit — the most specific matching
    row (a given action type, post or level before wildcards; then the oldest), default 1. One expression serves
    a single action and the approver's inbox alike."""
    a = authority.c
    specificity = (case((a.action_type.is_not(None), 1), else_=0) + case((a.position_code.is_not(None), 1), else_=0)
                   + case((a.unit_level.is_not(None), 1), else_=0))
    best = (select(a.levels_above).where(
        or_(a.action_type.is_(None), a.action_type == action_type),
        or_(a.position_code.is_(None), a.position_code == position_code),
        or_(a.unit_level.is_(None), a.unit_level == unit_level))
        .order_by(specificity.desc(), a.id).limit(1).scalar_subquery())
    return func.coalesce(best, 1)


async def levels_above_required(session: AsyncSession, action_type: str, position_code: str, unit_level: str) -> int:
    return int((await session.execute(select(levels_needed(literal(action_type), literal(position_code),
                                                           literal(unit_level))))).scalar_one())


async def list_authority(session: AsyncSession) -> AuthorityList:
    rows = (await session.execute(select(ApprovalAuthority).order_by(col(ApprovalAuthority.id)))).scalars().all()
    return AuthorityList(items=[AuthorityRead.model_validate(r, from_attributes=True) for r in rows])


async def put_authority(session: AsyncSession, actor: Principal, data: AuthorityBody) -> AuthorityRead:
    """Who decides (phân cấp): one row per (action type, post, level); replaces the existing one."""
    match = (await session.execute(select(ApprovalAuthority).where(
        *(getattr(ApprovalAuthority, k).is_(None) if v is None else getattr(ApprovalAuthority, k) == v
          for k, v in data.model_dump(exclude={"levels_above"}).items())))).scalars().first()
    before = match.levels_above if match else None
    row = match or ApprovalAuthority(**data.model_dump(exclude={"levels_above"}))
    row.levels_above = data.levels_above
    session.add(row)
    await session.flush()
    await audit.record(session, actor=actor.subject, action="approval_authority.put", entity_type="approval_authority",
                       entity_id=row.id, changes={"levels_above": [before, data.levels_above], **data.model_dump()})
    return AuthorityRead.model_validate(row, from_attributes=True)
