"""Configuration of the rules, edited by a system admin.

Versioned thresholds: a new value starts on a date and closes the previous version (past decisions keep the
value that applied to them)."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.errors import Conflict, FieldProblem, RuleViolation
from app.core.security import Principal
from app.terms.models import Position
from app.workflows.models import ApprovalAuthority, RuleSetting, TitleStandard
from app.workflows.schemas import (
    AuthorityBody,
    AuthorityList,
    AuthorityRead,
    RuleSettingCreate,
    RuleSettingList,
    RuleSettingRead,
    TitleStandardBody,
    TitleStandardList,
    TitleStandardRead,
)

settings = RuleSetting.__table__  # type: ignore[attr-defined]


async def list_settings(session: AsyncSession) -> RuleSettingList:
    rows = (await session.execute(select(settings).order_by(settings.c.code, settings.c.valid_from))).all()
    return RuleSettingList(items=[RuleSettingRead.model_validate(dict(r._mapping)) for r in rows])


async def new_version(session: AsyncSession, actor: Principal, data: RuleSettingCreate) -> RuleSettingRead:
    current = (await session.execute(select(settings).where(settings.c.code == data.code,
                                                            settings.c.valid_to.is_(None)))).first()
    if current is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("code", "not_found", data.code)])
    if data.valid_from <= current.valid_from:
        raise Conflict("conflict", f"a new version must start after {current.valid_from}")
    await session.execute(update(settings).where(settings.c.id == current.id).values(valid_to=data.valid_from))
    new_id = (await session.execute(insert(settings).values(**data.model_dump()).returning(settings.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="rule_setting.version", entity_type="rule_setting",
                       entity_id=new_id, changes={"code": data.code, "value": [current.value, data.value],
                                                  "valid_from": data.valid_from})
    return RuleSettingRead(id=new_id, valid_to=None, **data.model_dump())


async def list_title_standards(session: AsyncSession) -> TitleStandardList:
    rows = (await session.execute(select(TitleStandard).order_by(TitleStandard.position_code, TitleStandard.id))
            ).scalars().all()
    return TitleStandardList(items=[TitleStandardRead.model_validate(r, from_attributes=True) for r in rows])


async def put_title_standard(session: AsyncSession, actor: Principal, data: TitleStandardBody) -> TitleStandardRead:
    """One standard per post and level: replaces the existing one (audited with the old values)."""
    if await session.get(Position, data.position_code) is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("position_code", "not_found", data.position_code)])
    existing = (await session.execute(select(TitleStandard).where(
        TitleStandard.position_code == data.position_code, TitleStandard.unit_level.is_(None)
        if data.unit_level is None else TitleStandard.unit_level == data.unit_level))).scalars().first()
    before = existing.model_dump() if existing else {}
    row = existing or TitleStandard(position_code=data.position_code, unit_level=data.unit_level)
    for key, value in data.model_dump().items():
        setattr(row, key, value)
    session.add(row)
    await session.flush()
    await audit.record(session, actor=actor.subject, action="title_standard.put", entity_type="title_standard",
                       entity_id=row.id, changes=audit.diff(before, data.model_dump()))
    return TitleStandardRead.model_validate(row, from_attributes=True)


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
