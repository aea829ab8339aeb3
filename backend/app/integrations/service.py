"""Upsert by another system's id, bulk upsert and the change feed (issue 15).

Creates and updates go through the owning packages' services (`org_units.service`, `cadres.service`): the same
scope, validation, duplicate and audit rules as a single create; this package only owns `external_ref`.
The change feed reads the audit trail, whose `seq` is assigned under the audit head's row lock in the
transaction of the change: committed changes appear in `seq` order and a poller never skips one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.cadres.schemas import CadreCreate, CadreUpdate
from app.core.audit import AuditLog
from app.core.concurrency import IfMatch, version_precondition
from app.core.db import table_of, utcnow
from app.core.errors import AppError, Conflict, FieldProblem, NotFound, RuleViolation, message
from app.core.pagination import decode_cursor, encode_cursor
from app.core.scope import unit_filter
from app.core.security import Principal
from app.integrations.models import ExternalRef
from app.integrations.schemas import (
    BulkCadreResult,
    BulkCadreUpsert,
    BulkRowResult,
    CadreUpsert,
    CadreUpserted,
    Change,
    ChangePage,
    UnitUpsert,
    UnitUpserted,
)
from app.org_units import service as units_service
from app.org_units.schemas import UnitCreate, UnitUpdate

refs = table_of(ExternalRef)
audit_log = table_of(AuditLog)


async def lookup(session: AsyncSession, entity_type: str, system: str, external_id: str) -> int | None:
    return (await session.execute(select(refs.c.entity_id).where(
        refs.c.entity_type == entity_type, refs.c.system == system, refs.c.external_id == external_id))).scalar()


async def _link(session: AsyncSession, entity_type: str, system: str, external_id: str, entity_id: int) -> None:
    """Record the mapping; a concurrent upsert of the same external id that won the race makes this one 409."""
    try:
        async with session.begin_nested():
            await session.execute(insert(refs).values(entity_type=entity_type, system=system,
                                                      external_id=external_id, entity_id=entity_id,
                                                      created_at=utcnow()))
    except IntegrityError:
        raise Conflict("conflict", detail="the same external id was created concurrently; retry the request")


def _immutable(fields: list[str], hint: str) -> RuleViolation:
    return RuleViolation("upsert_field_immutable", detail=hint, errors=[
        FieldProblem(f, "immutable", hint) for f in fields])


# --- units -----------------------------------------------------------------------------------------------

async def upsert_unit(session: AsyncSession, actor: Principal, system: str, external_id: str,
                      data: UnitUpsert, expected_version: IfMatch | None) -> UnitUpserted:
    unit_id = await lookup(session, "unit", system, external_id)
    if unit_id is None:
        created = await units_service.create_unit(session, actor, UnitCreate(**data.model_dump(exclude_unset=True)))
        await _link(session, "unit", system, external_id, created.id)
        return UnitUpserted(**created.model_dump(), created=True)
    current = await units_service.get_unit(session, actor, unit_id)  # 404 outside the caller's scope
    moved = [f for f in ("code", "unit_type", "parent_id") if getattr(data, f) != getattr(current, f)]
    if moved:
        raise _immutable(moved, "a new code, type or parent is a restructuring: use the unit's move/merge/split")
    wanted = data.model_dump(exclude_unset=True, include=set(UnitUpdate.model_fields))
    changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
    if not changes:
        return UnitUpserted(**current.model_dump(), created=False)
    precondition = expected_version or version_precondition(current.version)
    updated = await units_service.update_unit(session, actor, unit_id, precondition, UnitUpdate(**changes))
    return UnitUpserted(**updated.model_dump(), created=False)


async def get_unit_by_external_id(session: AsyncSession, actor: Principal, system: str,
                                  external_id: str) -> UnitUpserted:
    unit_id = await lookup(session, "unit", system, external_id)
    if unit_id is None:
        raise NotFound()
    return UnitUpserted(**(await units_service.get_unit(session, actor, unit_id)).model_dump(), created=False)


# --- cadres ----------------------------------------------------------------------------------------------

_CREATE_ONLY = ("education_level", "political_theory")


async def _upsert_cadre(session: AsyncSession, actor: Principal, system: str, external_id: str,
                        data: CadreUpsert, expected_version: IfMatch | None) -> tuple[CadreUpserted, str]:
    """Create or update; returns the cadre and what happened (created, updated, unchanged)."""
    cadre_id = await lookup(session, "cadre", system, external_id)
    given = data.model_dump(exclude_unset=True, exclude={"external_id"})
    if cadre_id is None:
        created = await cadres_service.create_cadre(session, actor, CadreCreate(**given))
        await _link(session, "cadre", system, external_id, created.id)
        return CadreUpserted(**created.model_dump(exclude_unset=True), created=True), "created"
    current = await cadres_service.get_cadre(session, actor, cadre_id, log=False)
    shown = current.model_dump(exclude_unset=True)
    fixed = [f for f in _CREATE_ONLY if f in given and given[f] != shown.get(f)]
    if fixed:
        raise _immutable(fixed, "qualifications change through dated history rows (/cadres/{id}/qualifications)")
    changes = {k: v for k, v in given.items() if k in CadreUpdate.model_fields and (k not in shown or shown[k] != v)}
    if not changes:
        return CadreUpserted(**shown, created=False), "unchanged"
    precondition = expected_version or version_precondition(current.version)
    updated = await cadres_service.update_cadre(session, actor, cadre_id, precondition, CadreUpdate(**changes))
    return CadreUpserted(**updated.model_dump(exclude_unset=True), created=False), "updated"


async def upsert_cadre(session: AsyncSession, actor: Principal, system: str, external_id: str, data: CadreUpsert,
                       expected_version: IfMatch | None) -> CadreUpserted:
    return (await _upsert_cadre(session, actor, system, external_id, data, expected_version))[0]


async def get_cadre_by_external_id(session: AsyncSession, actor: Principal, system: str,
                                   external_id: str) -> CadreUpserted:
    cadre_id = await lookup(session, "cadre", system, external_id)
    if cadre_id is None:
        raise NotFound()
    cadre = await cadres_service.get_cadre(session, actor, cadre_id)
    return CadreUpserted(**cadre.model_dump(exclude_unset=True), created=False)


def _row_problems(index: int, exc: AppError, lang: str) -> list[FieldProblem]:
    if exc.errors:
        return [FieldProblem(f"items.{index}.{e.field}", e.code, e.message) for e in exc.errors]
    return [FieldProblem(f"items.{index}", exc.code, exc.detail or message(exc.code, lang))]


async def bulk_upsert_cadres(session: AsyncSession, actor: Principal, data: BulkCadreUpsert,
                             lang: str = "vi") -> BulkCadreResult:
    """All or nothing: every row goes through the single-upsert rules in a savepoint (so one bad row does not
    stop the others from being checked); if any row fails, nothing is kept and every row's problems are
    returned as `errors[]` with `field` = `items.N.<name>`."""
    seen: dict[str, int] = {}
    problems: list[FieldProblem] = []
    results: list[BulkRowResult] = []
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for index, item in enumerate(data.items):
        if item.external_id in seen:
            problems.append(FieldProblem(f"items.{index}.external_id", "duplicate_in_batch",
                                         f"same external_id as items.{seen[item.external_id]}"))
            continue
        seen[item.external_id] = index
        try:
            async with session.begin_nested():
                cadre, outcome = await _upsert_cadre(session, actor, data.system, item.external_id, item, None)
        except AppError as exc:
            problems.extend(_row_problems(index, exc, lang))
            continue
        counts[outcome] += 1
        results.append(BulkRowResult(index=index, external_id=item.external_id, id=cadre.id,
                                     created=outcome == "created"))
    if problems:
        raise RuleViolation("batch_item_invalid", errors=problems)
    return BulkCadreResult(items=results, **counts)


# --- change feed -----------------------------------------------------------------------------------------

_ENTITY = {"org_unit": "unit", "cadre": "cadre"}


def _change_kind(action: str) -> str:
    if action in ("cadre.create", "unit.establish"):
        return "created"
    if action == "cadre.delete":
        return "deleted"
    if action.startswith("unit.") and action not in ("unit.update", "unit.carry_over"):
        return "restructured"
    return "updated"


async def list_changes(session: AsyncSession, principal: Principal, since: str | None, limit: int) -> ChangePage:
    """Units and cadres changed after `since` (an earlier page's `next_cursor`; none: from the beginning), in
    the order they were committed, limited to the caller's scope (units:read for units, cadres:read for
    cadres)."""
    after = 0
    if since:
        value = decode_cursor(since, 1)[0]
        if not isinstance(value, int) or value < 0 or value > 2**62:
            raise RuleViolation("invalid_cursor", errors=[FieldProblem("since", "invalid_cursor", "bad cursor")])
        after = value
    visible: list[Any] = []
    if principal.can("units:read"):
        visible.append(and_(audit_log.c.entity_type == "org_unit",
                            unit_filter(principal, "units:read", audit_log.c.unit_id)))
    if principal.can("cadres:read"):
        visible.append(and_(audit_log.c.entity_type == "cadre",
                            unit_filter(principal, "cadres:read", audit_log.c.unit_id)))
    if not visible:
        return ChangePage(items=[], next_cursor=encode_cursor([after]), has_more=False)
    rows = (await session.execute(
        select(audit_log.c.seq, audit_log.c.entity_type, audit_log.c.entity_id, audit_log.c.action,
               audit_log.c.unit_id, audit_log.c.occurred_at)
        .where(audit_log.c.seq > after, audit_log.c.entity_id.is_not(None), or_(*visible))
        .order_by(audit_log.c.seq).limit(limit + 1))).all()
    has_more = len(rows) > limit
    items = [Change.model_validate({"seq": r.seq, "entity_type": _ENTITY[r.entity_type],
                                    "entity_id": int(r.entity_id), "change": _change_kind(r.action),
                                    "action": r.action, "unit_id": r.unit_id, "changed_at": r.occurred_at})
             for r in rows[:limit] if str(r.entity_id).isdigit()]
    last = rows[:limit][-1].seq if rows[:limit] else after
    return ChangePage(items=items, next_cursor=encode_cursor([last]), has_more=has_more)
