"""Rotation programmes (luân chuyển, điều động, biệt phái): who moves from where to where, when, for how long.

Written with `actions:write` over both the origin and the destination; read with `cadres:read` over either. A
rotation or secondment has a planned end (starts_on + planned_months); `RETURN_NOTICE_DAYS` before it a
`rotation_ending` task is raised through the tasks service (at creation when already that close, else by the
daily check), so people prepare the return or an extension. Counts per period feed the reports (Lai Châu:
"2 luân chuyển, 6 điều động người đứng đầu").
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.cadres.models import Cadre
from app.core import audit
from app.core.dates import add_months
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.rotations.models import Rotation
from app.rotations.schemas import RotationCounts, RotationCreate, RotationPage, RotationRead, RotationReturn

rotations = table_of(Rotation)
cadres = table_of(Cadre)

READ = "cadres:read"
WRITE = "actions:write"
RETURN_NOTICE_DAYS = 60  # [A] how long before the planned end the return task is raised


def _select() -> Any:
    return select(rotations, cadres.c.full_name.label("cadre_name")).join(cadres, cadres.c.id == rotations.c.cadre_id)


async def _row(session: AsyncSession, principal: Principal, rotation_id: int, permission: str) -> Any:
    row = (await session.execute(_select().where(rotations.c.id == rotation_id))).first()
    if row is None:
        raise NotFound()
    if not (await in_scope(session, principal, permission, row.from_unit_id)
            or await in_scope(session, principal, permission, row.to_unit_id)):
        raise NotFound()
    return row


async def get_rotation(session: AsyncSession, principal: Principal, rotation_id: int) -> RotationRead:
    return RotationRead.model_validate(dict((await _row(session, principal, rotation_id, READ))._mapping))


async def raise_ending_task(session: AsyncSession, row: Any) -> None:
    from app.tasks import service as tasks
    from app.tasks.models import TaskKind

    name = (await session.execute(select(cadres.c.full_name).where(cadres.c.id == row.cadre_id))).scalar_one()
    end: date = row.planned_end_on
    await tasks.raise_task(
        session, kind=TaskKind.rotation_ending, unit_id=row.from_unit_id, cadre_id=row.cadre_id, due_on=end,
        dedupe_key=f"rotation_ending:{row.id}:{end.isoformat()}",
        title_vi=f"Sắp hết thời hạn luân chuyển/biệt phái của {name} ({end:%d/%m/%Y}): bố trí trở về hoặc gia hạn",
        title_en=f"{name}'s rotation/secondment ends on {end:%d/%m/%Y}: arrange the return or an extension",
        source_type="rotation", source_id=row.id)


async def create_rotation(session: AsyncSession, actor: Principal, data: RotationCreate) -> RotationRead:
    await ensure_in_scope(session, actor, WRITE, data.from_unit_id)
    await ensure_in_scope(session, actor, WRITE, data.to_unit_id)
    try:
        await cadres_service.visible_cadre(session, actor, data.cadre_id)
    except NotFound:
        raise RuleViolation("validation_error", errors=[FieldProblem("cadre_id", "not_found", str(data.cadre_id))]) \
            from None
    end = add_months(data.starts_on, data.planned_months) if data.planned_months else None
    rid = (await session.execute(insert(rotations).values(
        **data.model_dump(), planned_end_on=end, created_by=actor.subject, created_at=utcnow(), version=1)
        .returning(rotations.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action=f"rotation.create.{data.kind}", entity_type="rotation",
                       entity_id=rid, unit_id=data.from_unit_id, changes=data.model_dump(mode="json"),
                       decision_no=data.decision_no)
    row = (await session.execute(select(rotations).where(rotations.c.id == rid))).one()
    if end is not None and end <= today() + timedelta(days=RETURN_NOTICE_DAYS):
        await raise_ending_task(session, row)
    return await get_rotation(session, actor, rid)


async def record_return(session: AsyncSession, actor: Principal, rotation_id: int,
                        data: RotationReturn) -> RotationRead:
    row = await _row(session, actor, rotation_id, WRITE)
    if row.returned_on is not None:
        raise Conflict("invalid_transition", "the return is already recorded")
    if data.returned_on < row.starts_on:
        raise RuleViolation("validation_error", errors=[FieldProblem("returned_on", "before_start", "before start")])
    await session.execute(update(rotations).where(rotations.c.id == rotation_id).values(
        returned_on=data.returned_on, version=rotations.c.version + 1))
    await audit.record(session, actor=actor.subject, action="rotation.return", entity_type="rotation",
                       entity_id=rotation_id, unit_id=row.from_unit_id, changes={"returned_on": data.returned_on})
    return await get_rotation(session, actor, rotation_id)


async def list_rotations(session: AsyncSession, principal: Principal, *, within: int | None, cadre_id: int | None,
                         ending_before: date | None, cursor: str | None, limit: int) -> RotationPage:
    stmt = _select().where(or_(unit_filter(principal, READ, rotations.c.from_unit_id),
                               unit_filter(principal, READ, rotations.c.to_unit_id)))
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        sub = subtree_ids([within])
        stmt = stmt.where(or_(rotations.c.from_unit_id.in_(sub), rotations.c.to_unit_id.in_(sub)))
    if cadre_id is not None:
        stmt = stmt.where(rotations.c.cadre_id == cadre_id)
    if ending_before is not None:
        stmt = stmt.where(rotations.c.returned_on.is_(None), rotations.c.planned_end_on <= ending_before)
    rows = (await session.execute(keyset(stmt, [rotations.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return RotationPage(items=[RotationRead.model_validate(dict(r._mapping)) for r in items], next_cursor=nxt)


async def counts(session: AsyncSession, *, unit_id: int, period_start: date, period_end: date) -> RotationCounts:
    """Movements started in [period_start, period_end] with origin or destination in the subtree (the caller
    checked the scope)."""
    sub = subtree_ids([unit_id])
    rows = (await session.execute(
        select(rotations.c.kind, rotations.c.head_of_unit, func.count())
        .where(rotations.c.starts_on >= period_start, rotations.c.starts_on <= period_end,
               or_(rotations.c.from_unit_id.in_(sub), rotations.c.to_unit_id.in_(sub)))
        .group_by(rotations.c.kind, rotations.c.head_of_unit))).all()
    by: dict[tuple[str, bool], int] = {(k, bool(h)): n for k, h, n in rows}

    def total(kind: str) -> int:
        return by.get((kind, True), 0) + by.get((kind, False), 0)

    return RotationCounts(unit_id=unit_id, period_start=period_start, period_end=period_end,
                          rotations=total("rotation"), transfers=total("transfer"), secondments=total("secondment"),
                          head_rotations=by.get(("rotation", True), 0), head_transfers=by.get(("transfer", True), 0))


async def scoped_counts(session: AsyncSession, principal: Principal, *, unit_id: int, period_start: date | None,
                        period_end: date | None) -> RotationCounts:
    await ensure_in_scope(session, principal, "reports:read", unit_id)
    end = period_end or today()
    start = period_start or date(end.year, 1, 1)
    if start > end:
        raise RuleViolation("validation_error", errors=[FieldProblem("period_start", "after_end", "after end")])
    return await counts(session, unit_id=unit_id, period_start=start, period_end=end)


async def scheduled_rotation_endings(session: AsyncSession) -> int:
    """Daily: raise `rotation_ending` for every open rotation/secondment ending within the notice period
    (idempotent per rotation and planned end)."""
    horizon = today() + timedelta(days=RETURN_NOTICE_DAYS)
    rows = (await session.execute(select(rotations).where(
        rotations.c.returned_on.is_(None), rotations.c.planned_end_on.is_not(None),
        rotations.c.planned_end_on <= horizon))).all()
    for row in rows:
        await raise_ending_task(session, row)
    return len(rows)
