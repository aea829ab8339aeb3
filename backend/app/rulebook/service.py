"""The rulebook's service: versioned thresholds read by every rule, and their administration.

Versioned thresholds: a new value starts on a date and closes the previous version (past decisions keep the
value that applied to them). Title standards: one per post and unit level (null level = every level)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.db import table_of
from app.core.errors import Conflict, FieldProblem, RuleViolation
from app.core.scope import in_scope
from app.core.security import Principal
from app.rulebook.models import RuleCode, RuleSetting, TitleStandard
from app.rulebook.schemas import (
    RuleSettingCreate,
    RuleSettingList,
    RuleSettingRead,
    TitleStandardBody,
    TitleStandardList,
    TitleStandardRead,
)
from app.terms.models import Position

settings = table_of(RuleSetting)
standards = table_of(TitleStandard)


async def rule_value(session: AsyncSession, code: RuleCode, on: date) -> float:
    """The value of a threshold in force on `on`."""
    row = (await session.execute(select(settings.c.value).where(
        settings.c.code == code, settings.c.valid_from <= on,
        or_(settings.c.valid_to.is_(None), settings.c.valid_to > on)).order_by(settings.c.valid_from.desc())
    )).first()
    if row is None:
        # a date before the rulebook's first version of this setting (e.g. `as_of` in 1993): the caller's date,
        # not the server, is at fault
        raise RuleViolation("rule_not_in_force", f"no value for rule setting {code} on {on}",
                            setting=str(code), on=on.isoformat())
    return float(row.value)


async def rule_int(session: AsyncSession, code: RuleCode, on: date) -> int:
    return int(await rule_value(session, code, on))


SENSITIVE = "cadres:read_sensitive"


@dataclass(frozen=True)
class SmallCells:
    """Rule 26 (D13) for one caller and unit: groups smaller than `k_min` are counts only — their sensitive
    breakdowns (ethnic minority, party, religion) and the records behind them are hidden — unless the caller may
    read sensitive fields over the unit (`applies` is then False)."""

    k_min: int
    applies: bool

    def small(self, size: float) -> bool:
        return self.applies and size < self.k_min


async def small_cells(session: AsyncSession, principal: Principal, unit_id: int, on: date) -> SmallCells:
    """The one definition of rule 26's threshold: the versioned rule setting `stats_k_min` in force on `on`
    (5 by default), used by the statistics (JSON, xlsx, docx) and the indicator drill-down alike."""
    k_min = await rule_int(session, RuleCode.stats_k_min, on)
    return SmallCells(k_min=k_min, applies=not await in_scope(session, principal, SENSITIVE, unit_id))


async def title_standard_for(session: AsyncSession, position_code: str, unit_level: str) -> TitleStandard | None:
    """The standard of a post at a unit level: the level-specific row, else the every-level row."""
    rows = (await session.execute(select(TitleStandard).where(
        standards.c.position_code == position_code,
        or_(standards.c.unit_level.is_(None), standards.c.unit_level == unit_level)))).scalars().all()
    specific = [r for r in rows if r.unit_level == unit_level]
    candidates = specific or list(rows)
    return candidates[0] if candidates else None


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
    rows = (await session.execute(select(TitleStandard).order_by(standards.c.position_code, standards.c.id))
            ).scalars().all()
    return TitleStandardList(items=[TitleStandardRead.model_validate(r, from_attributes=True) for r in rows])


async def put_title_standard(session: AsyncSession, actor: Principal, data: TitleStandardBody) -> TitleStandardRead:
    """One standard per post and level: replaces the existing one (audited with the old values)."""
    if await session.get(Position, data.position_code) is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("position_code", "not_found", data.position_code)])
    level = standards.c.unit_level
    existing = (await session.execute(select(TitleStandard).where(
        standards.c.position_code == data.position_code,
        level.is_(None) if data.unit_level is None else level == data.unit_level))).scalars().first()
    before = existing.model_dump() if existing else {}
    row = existing or TitleStandard(position_code=data.position_code, unit_level=data.unit_level)
    for key, value in data.model_dump().items():
        setattr(row, key, value)
    session.add(row)
    await session.flush()
    await audit.record(session, actor=actor.subject, action="title_standard.put", entity_type="title_standard",
                       entity_id=row.id, changes=audit.diff(before, data.model_dump()))
    return TitleStandardRead.model_validate(row, from_attributes=True)
