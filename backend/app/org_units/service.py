"""Rules of the union unit hierarchy: creating units, corrections, and dated restructuring.

Every change runs inside the caller's transaction: the unit rows, the dated state, the closure table and
path, the event and its audit row commit together or not at all.

Rules (domain-rulebook §9, tests named after them in tests/org_units/):
- a unit's parent must be of an allowed type on the effective date (`invalid_parent_type`);
- no cycles: a unit cannot move under itself or a descendant (`unit_cycle`);
- unit codes are unique (`duplicate_code`, 409);
- merge ends the sources on the effective date and re-parents their children to the target;
- dissolving a unit with live children is refused unless the request moves them (`unit_has_live_children`);
- a subtree queried as of D equals the tree valid on D (`org_unit_state` + `tree.dated_tree`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import Cadre
from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import plan_for_own_values, table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.core.text import fold
from app.org_units import tree
from app.org_units.models import (
    OrgEvent,
    OrgEventUnit,
    UnitLevel,
    UnitType,
    UnitTypeRule,
)
from app.org_units.schemas import (
    AbolishedTypePage,
    DissolveRequest,
    MergeRequest,
    MoveRequest,
    NewUnit,
    RenameRequest,
    SplitRequest,
    UnitCreate,
    UnitEventRead,
    UnitHistory,
    UnitPage,
    UnitRead,
    UnitTypeList,
    UnitTypeRead,
    UnitTypeRuleRead,
    UnitUpdate,
)

units = tree.units
states = tree.states
counts = tree.counts
closure = tree.closure
events = table_of(OrgEvent)
cadres = table_of(Cadre)
event_units = table_of(OrgEventUnit)

READ = "units:read"
CADRE_READ = "cadres:read"
WRITE = "units:write"

UNIT_COLUMNS = (units.c.id, units.c.code, units.c.name, units.c.unit_type, units.c.parent_id, units.c.path,
                units.c.depth, units.c.sector, units.c.member_count, units.c.workforce, units.c.admin_area,
                units.c.established_on, units.c.ended_on, units.c.version)


def _read(row: Any) -> UnitRead:
    return UnitRead.model_validate(dict(row._mapping))


# --- reference data --------------------------------------------------------------------------------------

async def list_unit_types(session: AsyncSession) -> UnitTypeList:
    types = (await session.execute(
        select(UnitType, UnitLevel).join(UnitLevel, col(UnitLevel.code) == col(UnitType.level_code))
        .order_by(col(UnitType.sort_order), col(UnitType.code)))).all()
    rules = (await session.execute(select(UnitTypeRule).order_by(col(UnitTypeRule.id)))).scalars().all()
    by_child: dict[str, list[UnitTypeRuleRead]] = {}
    for r in rules:
        by_child.setdefault(r.child_type, []).append(
            UnitTypeRuleRead(parent_type=r.parent_type, valid_from=r.valid_from, valid_to=r.valid_to))
    return UnitTypeList(items=[
        UnitTypeRead(code=t.code, label_vi=t.name_vi, label_en=t.name_en, level=lv.code, level_rank=lv.rank,
                     is_grassroots=t.is_grassroots, allowed_parent_types=by_child.get(t.code, []))
        for t, lv in types
    ])


async def _require_type(session: AsyncSession, code: str) -> UnitType:
    unit_type = await session.get(UnitType, code)
    if unit_type is None:
        raise RuleViolation("unknown_unit_type", errors=[FieldProblem("unit_type", "unknown_unit_type", code)])
    return unit_type


async def check_parent_type(session: AsyncSession, child_type: str, parent_type: str | None, on: date) -> None:
    """Rule: a unit's parent must be of an allowed type on the effective date (types and dates are data)."""
    if parent_type is None:
        has_rules = (await session.execute(
            select(func.count()).select_from(UnitTypeRule).where(col(UnitTypeRule.child_type) == child_type))).scalar()
        if has_rules:
            raise RuleViolation("root_unit_not_allowed",
                                errors=[FieldProblem("parent_id", "root_unit_not_allowed", child_type)])
        return
    allowed = (await session.execute(select(col(UnitTypeRule.id)).where(
        col(UnitTypeRule.child_type) == child_type, col(UnitTypeRule.parent_type) == parent_type,
        or_(col(UnitTypeRule.valid_from).is_(None), col(UnitTypeRule.valid_from) <= on),
        or_(col(UnitTypeRule.valid_to).is_(None), col(UnitTypeRule.valid_to) > on)))).first()
    if allowed is None:
        raise RuleViolation(
            "invalid_parent_type",
            detail=f"{child_type} may not sit under {parent_type} on {on.isoformat()}",
            errors=[FieldProblem("parent_id", "invalid_parent_type", f"{child_type} ⊄ {parent_type} @ {on}")],
        )


# --- reads -----------------------------------------------------------------------------------------------

async def _unit_row(session: AsyncSession, unit_id: int) -> Any:
    row = (await session.execute(select(*UNIT_COLUMNS).where(units.c.id == unit_id))).first()
    if row is None:
        raise NotFound()
    return row


async def get_unit(session: AsyncSession, principal: Principal, unit_id: int) -> UnitRead:
    await ensure_in_scope(session, principal, READ, unit_id)
    return _read(await _unit_row(session, unit_id))


@dataclass(frozen=True)
class UnitFilters:
    within: int | None = None
    parent_id: int | None = None
    roots: bool = False
    unit_type: str | None = None
    sector: str | None = None
    q: str | None = None
    as_of: date | None = None
    include_ended: bool = False
    sort: str = "path"


_SORTS = {"path": ("path",), "code": ("code",), "name": ("name_key", "id")}


async def list_units(session: AsyncSession, principal: Principal, f: UnitFilters, *, cursor: str | None,
                     limit: int) -> UnitPage:
    for anchor in (f.within, f.parent_id):
        if anchor is not None:
            await ensure_in_scope(session, principal, READ, anchor)
    await plan_for_own_values(session)
    if f.as_of is not None and f.as_of != today():
        return await _list_units_as_of(session, principal, f, cursor=cursor, limit=limit)

    stmt = select(*UNIT_COLUMNS, units.c.name_key).where(unit_filter(principal, READ, units.c.id))
    if not f.include_ended:
        stmt = stmt.where(tree.alive_on(f.as_of or today()))
    if f.within is not None:
        stmt = stmt.where(units.c.id.in_(subtree_ids([f.within])))
    if f.parent_id is not None:
        stmt = stmt.where(units.c.parent_id == f.parent_id)
    if f.roots:
        scope_roots = principal.roots(READ)
        stmt = stmt.where(units.c.parent_id.is_(None) if scope_roots is None else units.c.id.in_(scope_roots))
    stmt = _common_filters(stmt, f)
    keys = _SORTS[f.sort]
    rows = (await session.execute(keyset(stmt, [units.c[k] for k in keys], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, keys, limit)
    out = await _with_cadre_counts(session, principal, [dict(r._mapping) for r in items])
    # one validation pass for the page (Pydantic's core), not one model_validate call per row
    return UnitPage.model_validate({"items": out, "next_cursor": next_cursor})


async def _with_cadre_counts(session: AsyncSession, principal: Principal,
                             items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each listed unit's own cadres the caller may read, by one grouped query for the page (the tree's nodes show
    it); null for a caller without `cadres:read`."""
    if not items or not principal.can(CADRE_READ):
        return items
    rows = await session.execute(
        select(cadres.c.unit_id, func.count())
        .where(cadres.c.unit_id.in_([i["id"] for i in items]), cadres.c.deleted_at.is_(None),
               unit_filter(principal, CADRE_READ, cadres.c.unit_id))
        .group_by(cadres.c.unit_id))
    found: dict[int, int] = {unit_id: n for unit_id, n in rows}
    for item in items:
        item["cadre_count"] = found.get(item["id"], 0)
    return items


def _common_filters(stmt: Any, f: UnitFilters) -> Any:
    if f.unit_type:
        stmt = stmt.where(units.c.unit_type == f.unit_type)
    if f.sector:
        stmt = stmt.where(units.c.sector == f.sector)
    if f.q:
        needle = fold(f.q)
        if needle:
            stmt = stmt.where(or_(units.c.name_key.contains(needle, autoescape=True),
                                  func.lower(units.c.code) == needle))
    return stmt


async def _list_units_as_of(session: AsyncSession, principal: Principal, f: UnitFilters, *, cursor: str | None,
                            limit: int) -> UnitPage:
    """The tree as it stood on `as_of`: parent and name from the dated state, ended units where alive."""
    d = f.as_of
    assert d is not None
    anchor_id = f.within if f.within is not None else f.parent_id
    anchors: dict[int, str] | None
    if anchor_id is not None:
        anchors = {anchor_id: await tree.dated_parent_path(session, anchor_id, d)}
    else:
        scope_roots = principal.roots(READ)
        anchors = None if scope_roots is None else {
            r: await tree.dated_parent_path(session, r, d) for r in scope_roots}
    dated = tree.dated_tree(d, anchors)
    depth_expr = dated.c.depth
    on_d = tree.counts_on(d)
    stmt = (
        select(units.c.id, units.c.code, dated.c.name.label("name"), units.c.unit_type,
               dated.c.parent_id.label("parent_id"), dated.c.path.label("path"),
               units.c.sector, on_d.c.member_count, on_d.c.workforce, units.c.admin_area,
               units.c.established_on, units.c.ended_on, units.c.version, units.c.name_key, depth_expr)
        .join(units, units.c.id == dated.c.unit_id)
        .outerjoin(on_d, on_d.c.unit_id == units.c.id)
        .where(unit_filter(principal, READ, units.c.id))
    )
    if f.parent_id is not None:
        stmt = stmt.where(dated.c.depth == 1)
    if f.roots:
        stmt = stmt.where(dated.c.depth == 0)
    stmt = _common_filters(stmt, f)
    order = {"path": [dated.c.path], "code": [units.c.code], "name": [units.c.name_key, units.c.id]}[f.sort]
    rows = (await session.execute(keyset(stmt, order, cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, _SORTS[f.sort], limit)
    out = []
    for r in items:
        data = dict(r._mapping)
        data["depth"] = data["path"].count("/") - 2
        out.append(data)
    out = await _with_cadre_counts(session, principal, out)
    return UnitPage.model_validate({"items": out, "next_cursor": next_cursor})


async def unit_history(session: AsyncSession, principal: Principal, unit_id: int) -> UnitHistory:
    await ensure_in_scope(session, principal, READ, unit_id)
    await _unit_row(session, unit_id)
    rows = (await session.execute(
        select(events, event_units.c.role).join(event_units, event_units.c.event_id == events.c.id)
        .where(event_units.c.unit_id == unit_id).order_by(events.c.effective_date, events.c.id))).all()
    event_ids = [r.id for r in rows]
    linked: dict[int, list[dict[str, Any]]] = {}
    if event_ids:
        for link in (await session.execute(
            select(event_units.c.event_id, event_units.c.unit_id, event_units.c.role, units.c.code, units.c.name)
            .join(units, units.c.id == event_units.c.unit_id)
            .where(event_units.c.event_id.in_(event_ids))
            .order_by(event_units.c.event_id, event_units.c.role, event_units.c.unit_id))).all():
            linked.setdefault(link.event_id, []).append(
                {"unit_id": link.unit_id, "role": link.role, "code": link.code, "name": link.name})
    return UnitHistory(items=[
        UnitEventRead(id=r.id, event_type=r.event_type, effective_date=r.effective_date, decision_no=r.decision_no,
                      note=r.note, role=r.role, details=r.details or {}, units=linked.get(r.id, []))
        for r in rows
    ])


# --- writes ----------------------------------------------------------------------------------------------

async def _record_event(session: AsyncSession, actor: Principal, event_type: str, effective_date: date,
                        decision_no: str | None, note: str | None, links: list[tuple[int, str]],
                        details: dict[str, Any]) -> int:
    result = await session.execute(insert(events).values(
        event_type=event_type, effective_date=effective_date, decision_no=decision_no, note=note,
        details=audit.mask(details), created_by=actor.subject, created_at=utcnow()).returning(events.c.id))
    event_id = result.scalar_one()
    seen: set[tuple[int, str]] = set()
    for unit_id, role in links:
        if (unit_id, role) not in seen:
            seen.add((unit_id, role))
            await session.execute(insert(event_units).values(event_id=event_id, unit_id=unit_id, role=role))
    primary = links[0][0] if links else None
    await audit.record(session, actor=actor.subject, action=f"unit.{event_type}", entity_type="org_unit",
                       entity_id=primary, unit_id=primary, changes={"event_id": event_id, **details},
                       decision_no=decision_no)
    return event_id


async def _alive_unit(session: AsyncSession, unit_id: int, on: date, *, code: str = "unit_not_active",
                      field: str = "unit_id") -> Any:
    row = await _unit_row(session, unit_id)
    if not ((row.established_on is None or row.established_on <= on) and (row.ended_on is None or row.ended_on > on)):
        raise RuleViolation(code, errors=[FieldProblem(field, code, f"unit {unit_id} not active on {on}")])
    return row


def _check_not_before(latest: Any, on: date) -> None:
    if latest is not None and on < latest.valid_from:
        raise RuleViolation("effective_date_before_last_change",
                            errors=[FieldProblem("effective_date", "effective_date_before_last_change",
                                                 f"last change on {latest.valid_from.isoformat()}")])


async def _check_date_after_last_change(session: AsyncSession, unit_id: int, on: date) -> None:
    _check_not_before(await tree.latest_state(session, unit_id), on)


async def _insert_unit(session: AsyncSession, actor: Principal, data: UnitCreate | NewUnit, on: date,
                       decision_no: str | None, *, event: bool = True) -> int:
    await _require_type(session, data.unit_type)
    parent = None
    if data.parent_id is not None:
        await ensure_in_scope(session, actor, WRITE, data.parent_id)
        parent = await _alive_unit(session, data.parent_id, on, code="parent_not_active", field="parent_id")
    elif actor.roots(WRITE) is not None:
        raise NotFound()  # only national-scope principals may create a top-level unit
    await check_parent_type(session, data.unit_type, parent.unit_type if parent else None, on)
    exists = (await session.execute(select(units.c.id).where(units.c.code == data.code))).first()
    if exists:
        raise Conflict("duplicate_code", f"unit code {data.code} exists", existing_id=exists.id)
    values = data.model_dump(exclude={"decision_no", "child_ids", "parent_id"}, exclude_none=False)
    values.pop("established_on", None)
    try:
        async with session.begin_nested():
            result = await session.execute(insert(units).values(
                **{k: v for k, v in values.items() if k in units.c},
                name_key=fold(data.name), parent_id=None, path="/", depth=0, established_on=on,
                version=1, created_at=utcnow(), updated_at=utcnow()).returning(units.c.id))
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise Conflict("duplicate_code", f"unit code {data.code} exists") from exc
    unit_id = result.scalar_one()
    await tree.attach_new(session, unit_id, parent)
    await session.execute(insert(states).values(unit_id=unit_id, parent_id=data.parent_id, name=data.name,
                                                valid_from=on, valid_to=None))
    if data.member_count is not None or data.workforce is not None:
        await record_counts(session, unit_id, valid_from=on, member_count=data.member_count,
                            workforce=data.workforce, source="create", allow_future=True)
    if event:
        await _record_event(session, actor, "establish", on, decision_no, None, [(unit_id, "subject")],
                            {"code": data.code, "name": data.name, "unit_type": data.unit_type,
                             "parent_id": data.parent_id})
    return unit_id


async def create_unit(session: AsyncSession, actor: Principal, data: UnitCreate) -> UnitRead:
    on = data.established_on or today()
    unit_id = await _insert_unit(session, actor, data, on, data.decision_no)
    return _read(await _unit_row(session, unit_id))


async def update_unit(session: AsyncSession, actor: Principal, unit_id: int, expected_version: IfMatch,
                      data: UnitUpdate, *, permission: str = WRITE) -> UnitRead:
    """PATCH a unit. `permission` is `units:facts` when only the dated facts (member count, workforce) change."""
    await ensure_in_scope(session, actor, permission, unit_id)
    before = await _unit_row(session, unit_id)
    await claim_version(session, units, unit_id, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("name", "required", "name cannot be null")])
    valid_from = changes.pop("valid_from", None)
    counted = {k: changes.pop(k) for k in COUNT_FIELDS if k in changes}
    if valid_from is not None and not counted:
        raise RuleViolation("validation_error", errors=[FieldProblem(
            "valid_from", "counts_required", "valid_from dates a new member_count or workforce")])
    if counted:
        await record_counts(session, unit_id, valid_from=valid_from or today(), source="update", **counted)
    if changes:
        values = dict(changes, updated_at=utcnow())
        if "name" in changes:
            values["name_key"] = fold(changes["name"])
            # A correction, not a rename: fix the name in the current dated state too.
            await session.execute(update(states).where(states.c.unit_id == unit_id, states.c.valid_to.is_(None))
                                  .values(name=changes["name"]))
        await session.execute(update(units).where(units.c.id == unit_id).values(**values))
    after = await _unit_row(session, unit_id)
    await audit.record(session, actor=actor.subject, action="unit.update", entity_type="org_unit",
                       entity_id=unit_id, unit_id=unit_id,
                       changes={**audit.diff(dict(before._mapping), {k: getattr(after, k) for k in changes}),
                                **({"counts": counted, "valid_from": valid_from or today()} if counted else {})})
    return _read(after)


COUNT_FIELDS = ("member_count", "workforce")


async def record_counts(session: AsyncSession, unit_id: int, *, valid_from: date, source: str,
                        member_count: int | None = None, workforce: int | None = None,
                        keep_unset: bool = True, allow_future: bool = False) -> None:
    """The one writer of dated counts (D9, rules 5 and 25): from `valid_from` on, the unit has these values.

    A field not given keeps the value in force on `valid_from` (`keep_unset`). The row in force is closed at
    `valid_from` (or replaced when it starts that same day); a date before the latest row, or in the future, is
    refused (a restructuring may be dated ahead: `allow_future`). Today's values on `org_unit` follow, at once or
    when the date comes (`apply_due_changes`)."""
    if valid_from > today() and not allow_future:
        raise RuleViolation("validation_error", errors=[FieldProblem("valid_from", "in_future", str(valid_from))])
    latest = (await session.execute(select(counts).where(counts.c.unit_id == unit_id)
                                    .order_by(counts.c.valid_from.desc()).limit(1))).first()
    if latest is not None and valid_from < latest.valid_from:
        raise RuleViolation("effective_date_before_last_change", errors=[FieldProblem(
            "valid_from", "effective_date_before_last_change", f"last count on {latest.valid_from.isoformat()}")])
    values = {"member_count": member_count, "workforce": workforce}
    if keep_unset and latest is not None:
        values = {k: latest._mapping[k] if v is None else v for k, v in values.items()}
    if latest is not None and latest.valid_from == valid_from:
        await session.execute(update(counts).where(counts.c.id == latest.id).values(**values, source=source))
    else:
        await session.execute(update(counts).where(counts.c.unit_id == unit_id, counts.c.valid_to.is_(None))
                              .values(valid_to=valid_from))
        await session.execute(insert(counts).values(unit_id=unit_id, valid_from=valid_from, valid_to=None,
                                                    source=source, **values))
    if valid_from <= today():
        await session.execute(update(units).where(units.c.id == unit_id).values(**values, updated_at=utcnow()))


async def _refresh_due_counts(session: AsyncSession, d: date) -> int:
    """Today's `org_unit` counts from dated rows that have come due (future-dated merges)."""
    due = (await session.execute(select(counts.c.unit_id, counts.c.member_count, counts.c.workforce)
                                 .join(units, units.c.id == counts.c.unit_id)
                                 .where(tree.state_valid_on(d, counts),
                                        or_(units.c.member_count.is_distinct_from(counts.c.member_count),
                                            units.c.workforce.is_distinct_from(counts.c.workforce))))).all()
    for row in due:
        await session.execute(update(units).where(units.c.id == row.unit_id).values(
            member_count=row.member_count, workforce=row.workforce))
    return len(due)


async def _apply_today(session: AsyncSession, unit_id: int) -> None:
    """Make today's tree (parent_id, closure, path, name) match the dated state valid today."""
    state = (await session.execute(select(states).where(states.c.unit_id == unit_id,
                                                        tree.state_valid_on(today())))).first()
    if state is None:
        return
    current = await _unit_row(session, unit_id)
    if state.parent_id != current.parent_id and state.parent_id is not None:
        await tree.reparent(session, current, await _unit_row(session, state.parent_id))
    if state.name != current.name:
        await session.execute(update(units).where(units.c.id == unit_id)
                              .values(name=state.name, name_key=fold(state.name)))


async def apply_due_changes(session: AsyncSession) -> int:
    """Scheduled daily (and at start-up): future-dated moves and renames whose day has come."""
    d = today()
    due = (await session.execute(
        select(states.c.unit_id).join(units, units.c.id == states.c.unit_id)
        .where(tree.state_valid_on(d), or_(states.c.parent_id != units.c.parent_id, states.c.name != units.c.name))
    )).scalars().all()
    for unit_id in due:
        await _apply_today(session, unit_id)
    return len(due) + await _refresh_due_counts(session, d)


async def _move(session: AsyncSession, actor: Principal, unit_id: int, new_parent_id: int, on: date) -> int | None:
    """Dated re-parenting with every rule checked; returns the previous parent."""
    # Scope first: a rule failure about units the caller cannot see would reveal that they exist.
    await ensure_in_scope(session, actor, WRITE, unit_id)
    await ensure_in_scope(session, actor, WRITE, new_parent_id)
    if unit_id == new_parent_id or await tree.is_descendant(session, unit_id, new_parent_id):
        raise RuleViolation("unit_cycle", errors=[FieldProblem("new_parent_id", "unit_cycle", str(new_parent_id))])
    unit = await _alive_unit(session, unit_id, on)
    parent = await _alive_unit(session, new_parent_id, on, code="parent_not_active", field="new_parent_id")
    await check_parent_type(session, unit.unit_type, parent.unit_type, on)
    latest = await tree.latest_state(session, unit_id)
    _check_not_before(latest, on)
    old_parent = latest.parent_id if latest else unit.parent_id
    await tree.open_state(session, unit_id, valid_from=on, parent_id=new_parent_id,
                          name=latest.name if latest else unit.name)
    if on <= today() and unit.parent_id != new_parent_id:
        await tree.reparent(session, unit, parent)
    await session.execute(update(units).where(units.c.id == unit_id)
                          .values(version=units.c.version + 1, updated_at=utcnow()))
    return old_parent


async def move_unit(session: AsyncSession, actor: Principal, unit_id: int, req: MoveRequest) -> UnitRead:
    old_parent = await _move(session, actor, unit_id, req.new_parent_id, req.effective_date)
    await _record_event(session, actor, "move", req.effective_date, req.decision_no, req.note,
                        [(unit_id, "subject"), (req.new_parent_id, "target")]
                        + ([(old_parent, "source")] if old_parent else []),
                        {"from_parent_id": old_parent, "to_parent_id": req.new_parent_id})
    return _read(await _unit_row(session, unit_id))


async def rename_unit(session: AsyncSession, actor: Principal, unit_id: int, req: RenameRequest) -> UnitRead:
    await ensure_in_scope(session, actor, WRITE, unit_id)
    unit = await _alive_unit(session, unit_id, req.effective_date)
    latest = await tree.latest_state(session, unit_id)
    _check_not_before(latest, req.effective_date)
    old_name = latest.name if latest else unit.name
    await tree.open_state(session, unit_id, valid_from=req.effective_date,
                          parent_id=latest.parent_id if latest else unit.parent_id, name=req.name)
    if req.effective_date <= today():
        await _apply_today(session, unit_id)
    await session.execute(update(units).where(units.c.id == unit_id)
                          .values(version=units.c.version + 1, updated_at=utcnow()))
    await _record_event(session, actor, "rename", req.effective_date, req.decision_no, req.note,
                        [(unit_id, "subject")], {"old_name": old_name, "new_name": req.name})
    return _read(await _unit_row(session, unit_id))


async def _live_children(session: AsyncSession, unit_id: int, on: date) -> list[int]:
    return list((await session.execute(tree.dated_children(on, unit_id))).scalars())


async def _end_unit(session: AsyncSession, actor: Principal, unit_id: int, on: date,
                    successor_id: int | None) -> None:
    """End a unit on `on`; its assignments close and its cadres move to the successor (rule 3)."""
    from app.terms.service import close_for_ended_unit

    if successor_id is None:
        successor_id = await tree.parent_on(session, unit_id, on - timedelta(days=1))
    await tree.close_state(session, unit_id, on)
    await session.execute(update(units).where(units.c.id == unit_id)
                          .values(ended_on=on, version=units.c.version + 1, updated_at=utcnow()))
    await close_for_ended_unit(session, actor.subject, unit_id, on, successor_id)


async def merge_units(session: AsyncSession, actor: Principal, req: MergeRequest) -> UnitRead:
    """Hợp nhất: the sources end on the effective date; their live children move to the target."""
    on = req.effective_date
    source_ids = list(dict.fromkeys(req.source_ids))
    for sid in source_ids:
        await ensure_in_scope(session, actor, WRITE, sid)
        await _alive_unit(session, sid, on, field="source_ids")
        await _check_date_after_last_change(session, sid, on)
    if req.target_id is not None:
        if req.target_id in source_ids:
            raise RuleViolation("invalid_merge", "the target cannot also be a source",
                                errors=[FieldProblem("target_id", "invalid_merge", "target is a source")])
        await ensure_in_scope(session, actor, WRITE, req.target_id)
        await _alive_unit(session, req.target_id, on, field="target_id")
        target_id = req.target_id
        created = False
    else:
        assert req.target is not None
        target_id = await _insert_unit(session, actor, req.target, on, req.decision_no, event=False)
        created = True
    for sid in source_ids:
        if await tree.is_descendant(session, sid, target_id):
            raise RuleViolation("invalid_merge", "the target lies inside a source",
                                errors=[FieldProblem("target_id", "unit_cycle", str(sid))])
    moved: list[dict[str, int]] = []
    links: list[tuple[int, str]] = [(target_id, "target")] + [(sid, "source") for sid in source_ids]
    members = 0
    any_members = False
    for sid in source_ids:
        for child in await _live_children(session, sid, on):
            await _move(session, actor, child, target_id, on)
            moved.append({"unit_id": child, "from_parent_id": sid})
            links.append((child, "child"))
        src = await _counts_on(session, sid, on - timedelta(days=1))
        if src is not None and src.member_count is not None:
            members += src.member_count
            any_members = True
        await _end_unit(session, actor, sid, on, target_id)
    if any_members and not (created and req.target and req.target.member_count is not None):
        before = None if created else await _counts_on(session, target_id, on - timedelta(days=1))
        total = (before.member_count or 0 if before is not None else 0) + members
        await record_counts(session, target_id, valid_from=on, member_count=total, source="merge",
                            allow_future=True)
    await _record_event(session, actor, "merge", on, req.decision_no, req.note, links,
                        {"source_ids": source_ids, "target_id": target_id, "target_created": created,
                         "moved_children": moved})
    return _read(await _unit_row(session, target_id))


async def _counts_on(session: AsyncSession, unit_id: int, on: date) -> Any:
    """The unit's dated counts row valid on `on`, or None."""
    return (await session.execute(select(counts).where(counts.c.unit_id == unit_id,
                                                       tree.state_valid_on(on, counts)))).first()


async def split_unit(session: AsyncSession, actor: Principal, unit_id: int, req: SplitRequest) -> list[UnitRead]:
    """Chia tách: new units are created from one; listed children move to their new part."""
    on = req.effective_date
    await ensure_in_scope(session, actor, WRITE, unit_id)
    await _alive_unit(session, unit_id, on)
    await _check_date_after_last_change(session, unit_id, on)
    children = set(await _live_children(session, unit_id, on))
    assigned = [c for part in req.parts for c in part.child_ids]
    if len(assigned) != len(set(assigned)):
        raise RuleViolation("invalid_split", "a child is assigned to two parts")
    stray = set(assigned) - children
    if stray:
        raise RuleViolation("invalid_split", f"not live children of the unit: {sorted(stray)}",
                            errors=[FieldProblem("parts.child_ids", "invalid_split", str(sorted(stray)))])
    if req.end_source and children - set(assigned):
        raise RuleViolation("unit_has_live_children", f"children without a part: {sorted(children - set(assigned))}")
    links: list[tuple[int, str]] = [(unit_id, "source")]
    created: list[int] = []
    for part in req.parts:
        new_id = await _insert_unit(session, actor, part, on, req.decision_no, event=False)
        created.append(new_id)
        links.append((new_id, "part"))
        for child in part.child_ids:
            await _move(session, actor, child, new_id, on)
            links.append((child, "child"))
    if req.end_source:
        await _end_unit(session, actor, unit_id, on, None)
    await _record_event(session, actor, "split", on, req.decision_no, req.note, links,
                        {"source_id": unit_id, "part_ids": created, "source_ended": req.end_source})
    return [_read(await _unit_row(session, u)) for u in created]


async def dissolve_unit(session: AsyncSession, actor: Principal, unit_id: int, req: DissolveRequest) -> UnitRead:
    """Giải thể: refused while live children remain, unless the same request moves every one of them."""
    on = req.effective_date
    await ensure_in_scope(session, actor, WRITE, unit_id)
    await _alive_unit(session, unit_id, on)
    await _check_date_after_last_change(session, unit_id, on)
    children = await _live_children(session, unit_id, on)
    moves = {m.unit_id: m.new_parent_id for m in req.move_children}
    unknown = set(moves) - set(children)
    if unknown:
        raise RuleViolation("validation_error", f"not live children of the unit: {sorted(unknown)}",
                            errors=[FieldProblem("move_children", "not_a_child", str(sorted(unknown)))])
    missing = [c for c in children if c not in moves]
    if missing:
        raise RuleViolation("unit_has_live_children", f"{len(missing)} live child unit(s) not moved",
                            errors=[FieldProblem("move_children", "unit_has_live_children", str(missing[:50]))],
                            child_ids=missing[:200])
    links: list[tuple[int, str]] = [(unit_id, "subject")]
    for child, new_parent in moves.items():
        if new_parent == unit_id:
            raise RuleViolation("unit_cycle", errors=[FieldProblem("move_children", "unit_cycle", str(child))])
        await _move(session, actor, child, new_parent, on)
        links.append((child, "child"))
    await _end_unit(session, actor, unit_id, on, None)
    await _record_event(session, actor, "dissolve", on, req.decision_no, req.note, links,
                        {"moved_children": [{"unit_id": c, "to_parent_id": p} for c, p in moves.items()]})
    return _read(await _unit_row(session, unit_id))


# --- data quality ----------------------------------------------------------------------------------------

REFORM_DATE = date(2025, 7, 1)  # Luật 97/2025/QH15: four levels become three; district federations end


async def abolished_unit_types(session: AsyncSession, principal: Principal, *, within: int | None,
                               cursor: str | None, limit: int) -> AbolishedTypePage:
    """D10: units alive after 1/7/2025 (on today or the reform date, whichever is later) whose type may not sit
    under their parent's type by the rules in force then — e.g. district federations, or grassroots unions still
    under one. The screen offers a one-click dissolve or move through the existing endpoints."""
    on = max(today(), REFORM_DATE)
    parent = units.alias("parent")
    rules = table_of(UnitTypeRule)
    allowed_now = (select(rules.c.id).where(
        rules.c.child_type == units.c.unit_type, rules.c.parent_type == parent.c.unit_type,
        or_(rules.c.valid_from.is_(None), rules.c.valid_from <= on),
        or_(rules.c.valid_to.is_(None), rules.c.valid_to > on)).exists())
    until = (select(func.max(rules.c.valid_to)).where(rules.c.child_type == units.c.unit_type,
                                                      rules.c.parent_type == parent.c.unit_type)
             .scalar_subquery())
    stmt = (select(*UNIT_COLUMNS, parent.c.unit_type.label("parent_type"), until.label("allowed_until"))
            .join(parent, parent.c.id == units.c.parent_id)
            .where(unit_filter(principal, READ, units.c.id), tree.alive_on(on), ~allowed_now))
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        stmt = stmt.where(units.c.id.in_(subtree_ids([within])))
    rows = (await session.execute(keyset(stmt, [units.c.path], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["path"], limit)
    names = dict((await session.execute(select(col(UnitType.code), col(UnitType.name_vi)))).all())
    names_en = dict((await session.execute(select(col(UnitType.code), col(UnitType.name_en)))).all())
    out = []
    for r in items:
        data = dict(r._mapping)
        child, up, last = data["unit_type"], data["parent_type"], data["allowed_until"]
        if last is not None:
            last_day = last - timedelta(days=1)
            vi = (f"{names.get(child, child)} không còn được đặt dưới {names.get(up, up)} "
                  f"từ {last:%d/%m/%Y} (cho phép đến {last_day:%d/%m/%Y})")
            en = f"{names_en.get(child, child)} may no longer sit under {names_en.get(up, up)} from {last:%Y-%m-%d}"
            data["allowed_until"] = last_day
        else:
            vi = f"{names.get(child, child)} không được đặt dưới {names.get(up, up)} theo quy định hiện hành"
            en = f"{names_en.get(child, child)} may not sit under {names_en.get(up, up)} under the rules in force"
        out.append({**data, "allowed": False, "reason_vi": vi, "reason_en": en})
    return AbolishedTypePage.model_validate({"items": out, "next_cursor": next_cursor})
