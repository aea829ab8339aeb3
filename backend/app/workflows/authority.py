"""Approval authority (phân cấp quản lý cán bộ): which level decides an action on a post, edited by a system
admin. Most specific row wins (action type and post before wildcards)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.security import Principal
from app.workflows.models import ApprovalAuthority
from app.workflows.schemas import AuthorityBody, AuthorityList, AuthorityRead


async def levels_above_required(session: AsyncSession, action_type: str, position_code: str, unit_level: str) -> int:
    rows = (await session.execute(select(ApprovalAuthority))).scalars().all()

    def score(r: ApprovalAuthority) -> int | None:
        parts = ((r.action_type, action_type), (r.position_code, position_code), (r.unit_level, unit_level))
        if any(v is not None and v != want for v, want in parts):
            return None
        return sum(v is not None for v, _ in parts)

    ranked = sorted(((score(r), r.id or 0, r) for r in rows if score(r) is not None), key=lambda t: (-t[0], t[1]))
    return ranked[0][2].levels_above if ranked else 1


async def list_authority(session: AsyncSession) -> AuthorityList:
    rows = (await session.execute(select(ApprovalAuthority).order_by(ApprovalAuthority.id))).scalars().all()
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
