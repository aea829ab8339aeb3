"""Regular operating funds of a unit per fiscal year (kinh phí hoạt động thường xuyên): the dated finance fact that
indicator #19 (training budget share) divides by. Owned here with the unit's other facts; docs/decisions/021.

Each figure is the unit's own funds for the year, never consolidated over its subtree, so the sum over a subtree
counts every đồng once. One row per unit and year; a correction is a PATCH with If-Match, audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import table_of, utcnow
from app.core.errors import AppError, FieldProblem, NotFound, RuleViolation
from app.core.scope import ensure_in_scope
from app.core.security import Principal
from app.org_units.models import OrgUnitFinance
from app.org_units.schemas import UnitFinanceCreate, UnitFinanceList, UnitFinanceRead, UnitFinanceUpdate

finances = table_of(OrgUnitFinance)

READ = "units:read"
WRITE = "units:write"
FACTS = "units:facts"


async def _may_write(session: AsyncSession, principal: Principal, unit_id: int) -> None:
    """`units:write` over the unit, or `units:facts` (a grassroots chair reporting their own unit's facts)."""
    try:
        await ensure_in_scope(session, principal, WRITE, unit_id)
    except NotFound:
        await ensure_in_scope(session, principal, FACTS, unit_id)


def _read(row: Any) -> UnitFinanceRead:
    return UnitFinanceRead.model_validate(dict(row._mapping))


async def list_finances(session: AsyncSession, principal: Principal, unit_id: int) -> UnitFinanceList:
    await ensure_in_scope(session, principal, READ, unit_id)
    rows = (await session.execute(select(finances).where(finances.c.unit_id == unit_id)
                                  .order_by(finances.c.year.desc()))).all()
    return UnitFinanceList(items=[_read(r) for r in rows])


async def _row(session: AsyncSession, unit_id: int, year: int) -> Any:
    row = (await session.execute(select(finances).where(finances.c.unit_id == unit_id,
                                                        finances.c.year == year))).first()
    if row is None:
        raise NotFound()
    return row


async def get_finance(session: AsyncSession, principal: Principal, unit_id: int, year: int) -> UnitFinanceRead:
    await ensure_in_scope(session, principal, READ, unit_id)
    return _read(await _row(session, unit_id, year))


async def record_finance(session: AsyncSession, actor: Principal, unit_id: int,
                         data: UnitFinanceCreate) -> UnitFinanceRead:
    """The unit's regular funds for a year not yet recorded (409 `finance_year_exists` otherwise: correct it)."""
    await _may_write(session, actor, unit_id)
    try:
        async with session.begin_nested():
            await session.execute(insert(finances).values(
                unit_id=unit_id, year=data.year, regular_funds=data.regular_funds, decision_no=data.decision_no,
                recorded_by=actor.subject, recorded_at=utcnow(), version=1))
    except IntegrityError:
        raise AppError("finance_year_exists", 409, errors=[FieldProblem("year", "finance_year_exists",
                                                                         str(data.year))]) from None
    await audit.record(session, actor=actor.subject, action="unit.finance", entity_type="org_unit",
                       entity_id=unit_id, unit_id=unit_id, changes=data.model_dump(mode="json"),
                       decision_no=data.decision_no)
    return _read(await _row(session, unit_id, data.year))


async def correct_finance(session: AsyncSession, actor: Principal, unit_id: int, year: int, expected: IfMatch,
                          data: UnitFinanceUpdate) -> UnitFinanceRead:
    await _may_write(session, actor, unit_id)
    before = await _row(session, unit_id, year)
    await claim_version(session, finances, before.id, expected)
    changes = data.model_dump(exclude_unset=True)
    if "regular_funds" in changes and changes["regular_funds"] is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("regular_funds", "required", "not null")])
    if changes:
        await session.execute(update(finances).where(finances.c.id == before.id).values(
            **changes, recorded_by=actor.subject, recorded_at=utcnow()))
    await audit.record(session, actor=actor.subject, action="unit.finance_correct", entity_type="org_unit",
                       entity_id=unit_id, unit_id=unit_id,
                       changes={k: [before._mapping[k], v] for k, v in changes.items()} | {"year": year},
                       decision_no=changes.get("decision_no"))
    return _read(await _row(session, unit_id, year))


def regular_funds_in_years(first: int, last: int) -> Any:
    """(unit_id, regular_funds) of every unit that recorded funds for a year in [first, last], summed over those
    years — for computations that divide by them (indicator #19)."""
    return (select(finances.c.unit_id, func.sum(finances.c.regular_funds).label("regular_funds"))
            .where(finances.c.year >= first, finances.c.year <= last).group_by(finances.c.unit_id))
