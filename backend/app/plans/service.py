"""Plans (kế hoạch / nghị quyết / chương trình): CRUD, tasks, targets and cascading to subordinate units.

Reads are scoped by the issuer unit's subtree (`reports:read`), writes need `units:write` on the issuer.
Cascading creates, for each subordinate unit, one draft plan implementing the parent (parent_plan_id) with the
parent's targets copied and scoped to that unit; a unit that already has one keeps it (idempotent).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, unit_filter
from app.core.security import Principal
from app.indicators.service import indicator_row, percentage
from app.org_units import tree
from app.org_units.models import OrgUnit, OrgUnitClosure
from app.plans.models import Plan, PlanTask, Target
from app.plans.schemas import (
    CascadeItem,
    CascadeRequest,
    CascadeResult,
    PlanCreate,
    PlanDetail,
    PlanPage,
    PlanRead,
    PlanUpdate,
    TargetCreate,
    TargetRead,
    TaskCreate,
    TaskRead,
    TaskUpdate,
)

plans = table_of(Plan)
tasks = table_of(PlanTask)
targets = table_of(Target)
units = table_of(OrgUnit)
closure = table_of(OrgUnitClosure)

READ = "reports:read"
WRITE = "units:write"


async def _plan(session: AsyncSession, principal: Principal, plan_id: int, permission: str) -> Any:
    row = (await session.execute(select(plans).where(plans.c.id == plan_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, permission, row.issuer_unit_id)
    return row


async def ensure_plan_visible(session: AsyncSession, principal: Principal, plan_id: int) -> None:
    """404 unless the plan exists and its issuer lies in the caller's scope (for references from other domains)."""
    await _plan(session, principal, plan_id, READ)


async def _within(session: AsyncSession, ancestor: int, unit_id: int, *, strict: bool = False) -> bool:
    depth = (await session.execute(select(closure.c.depth).where(closure.c.ancestor_id == ancestor,
                                                                 closure.c.descendant_id == unit_id))).scalar()
    return depth is not None and (depth > 0 or not strict)


async def get_plan(session: AsyncSession, principal: Principal, plan_id: int) -> PlanDetail:
    row = await _plan(session, principal, plan_id, READ)
    task_rows = (await session.execute(select(tasks).where(tasks.c.plan_id == plan_id).order_by(tasks.c.id))).all()
    target_rows = (await session.execute(select(targets).where(targets.c.plan_id == plan_id)
                                         .order_by(targets.c.id))).all()
    return PlanDetail.model_validate({**row._mapping,
                                      "tasks": [TaskRead.model_validate(dict(t._mapping)) for t in task_rows],
                                      "targets": [TargetRead.model_validate(dict(t._mapping)) for t in target_rows]})


async def list_plans(session: AsyncSession, principal: Principal, *, issuer_unit_id: int | None,
                     within: int | None, parent_plan_id: int | None, status: str | None, cursor: str | None,
                     limit: int) -> PlanPage:
    conds = [unit_filter(principal, READ, plans.c.issuer_unit_id)]
    if issuer_unit_id is not None:
        conds.append(plans.c.issuer_unit_id == issuer_unit_id)
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        conds.append(plans.c.issuer_unit_id.in_(select(closure.c.descendant_id).where(closure.c.ancestor_id == within)))
    if parent_plan_id is not None:
        conds.append(plans.c.parent_plan_id == parent_plan_id)
    if status is not None:
        conds.append(plans.c.status == status)
    rows = (await session.execute(keyset(select(plans).where(*conds), [plans.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return PlanPage(items=[PlanRead.model_validate(dict(r._mapping)) for r in items], next_cursor=nxt)


async def _insert_target(session: AsyncSession, plan: Any, t: TargetCreate, index: int | None = None) -> int:
    where = f"targets.{index}" if index is not None else ""
    ind = await indicator_row(session, t.indicator_code, f"{where}.indicator_code".lstrip("."))
    if percentage(ind) and not 0 <= t.target_value <= 100:  # D12: a percentage target is a percentage
        raise RuleViolation("percentage_out_of_range", errors=[FieldProblem(
            f"{where}.target_value".lstrip("."), "percentage_out_of_range", "a percentage from 0 to 100")])
    scope = t.scope_unit_id or plan.issuer_unit_id
    if not await _within(session, plan.issuer_unit_id, scope):
        raise RuleViolation("target_scope_outside_issuer", errors=[FieldProblem(
            f"{where}.scope_unit_id".lstrip("."), "target_scope_outside_issuer", str(scope))])
    start, end = t.period_start or plan.period_start, t.period_end or plan.period_end
    if end < start:
        raise RuleViolation("validation_error", errors=[FieldProblem(f"{where}.period_end".lstrip("."), "period",
                                                                     "period_end before period_start")])
    result = await session.execute(insert(targets).values(
        plan_id=plan.id, indicator_code=t.indicator_code, scope_unit_id=scope, period_start=start, period_end=end,
        target_value=t.target_value, comparator=t.comparator, note=t.note).returning(targets.c.id))
    return int(result.scalar_one())


async def _insert_task(session: AsyncSession, plan: Any, t: TaskCreate) -> int:
    if t.responsible_unit_id is not None and not await _within(session, plan.issuer_unit_id, t.responsible_unit_id):
        raise RuleViolation("not_subordinate_unit", errors=[FieldProblem("responsible_unit_id",
                                                                         "not_subordinate_unit",
                                                                         str(t.responsible_unit_id))])
    result = await session.execute(insert(tasks).values(plan_id=plan.id, title=t.title,
                                                        responsible_unit_id=t.responsible_unit_id,
                                                        deadline=t.deadline, status="open").returning(tasks.c.id))
    return int(result.scalar_one())


async def create_plan(session: AsyncSession, actor: Principal, data: PlanCreate) -> PlanDetail:
    await ensure_in_scope(session, actor, WRITE, data.issuer_unit_id)
    if data.parent_plan_id is not None:
        await _plan(session, actor, data.parent_plan_id, READ)
    values = data.model_dump(exclude={"tasks", "targets"})
    new_id = (await session.execute(insert(plans).values(**values, status="draft", version=1, created_by=actor.subject,
                                                         created_at=utcnow()).returning(plans.c.id))).scalar_one()
    plan = (await session.execute(select(plans).where(plans.c.id == new_id))).first()
    for i, t in enumerate(data.targets):
        await _insert_target(session, plan, t, i)
    for t2 in data.tasks:
        await _insert_task(session, plan, t2)
    await audit.record(session, actor=actor.subject, action="plan.create", entity_type="plan", entity_id=new_id,
                       unit_id=data.issuer_unit_id, changes=data.model_dump(mode="json"), decision_no=data.number)
    return await get_plan(session, actor, new_id)


async def update_plan(session: AsyncSession, actor: Principal, plan_id: int, expected_version: IfMatch,
                      data: PlanUpdate) -> PlanDetail:
    row = await _plan(session, actor, plan_id, WRITE)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("status") == "draft" and row.status == "issued":
        raise RuleViolation("invalid_transition", errors=[FieldProblem("status", "invalid_transition",
                                                                       "an issued plan cannot go back to draft")])
    if changes.get("status") == "issued" and row.status == "draft" and "issued_on" not in changes \
            and row.issued_on is None:
        changes["issued_on"] = today()
    await claim_version(session, plans, plan_id, expected_version)
    if changes:
        await session.execute(update(plans).where(plans.c.id == plan_id).values(**changes))
    await audit.record(session, actor=actor.subject, action="plan.update", entity_type="plan", entity_id=plan_id,
                       unit_id=row.issuer_unit_id,
                       changes=audit.diff({k: getattr(row, k) for k in changes}, changes),
                       decision_no=changes.get("number") or row.number)
    return await get_plan(session, actor, plan_id)


async def add_target(session: AsyncSession, actor: Principal, plan_id: int, data: TargetCreate) -> TargetRead:
    plan = await _plan(session, actor, plan_id, WRITE)
    target_id = await _insert_target(session, plan, data)
    await audit.record(session, actor=actor.subject, action="plan.target.create", entity_type="target",
                       entity_id=target_id, unit_id=plan.issuer_unit_id, changes=data.model_dump(mode="json"))
    row = (await session.execute(select(targets).where(targets.c.id == target_id))).one()
    return TargetRead.model_validate(dict(row._mapping))


async def add_task(session: AsyncSession, actor: Principal, plan_id: int, data: TaskCreate) -> TaskRead:
    plan = await _plan(session, actor, plan_id, WRITE)
    task_id = await _insert_task(session, plan, data)
    await audit.record(session, actor=actor.subject, action="plan.task.create", entity_type="plan_task",
                       entity_id=task_id, unit_id=plan.issuer_unit_id, changes=data.model_dump(mode="json"))
    row = (await session.execute(select(tasks).where(tasks.c.id == task_id))).one()
    return TaskRead.model_validate(dict(row._mapping))


async def update_task(session: AsyncSession, actor: Principal, task_id: int, data: TaskUpdate) -> TaskRead:
    row = (await session.execute(select(tasks, plans.c.issuer_unit_id).join(plans, plans.c.id == tasks.c.plan_id)
                                 .where(tasks.c.id == task_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, actor, WRITE, row.responsible_unit_id or row.issuer_unit_id)
    await session.execute(update(tasks).where(tasks.c.id == task_id).values(status=data.status))
    await audit.record(session, actor=actor.subject, action="plan.task.update", entity_type="plan_task",
                       entity_id=task_id, unit_id=row.issuer_unit_id, changes={"status": [row.status, data.status]})
    fresh = (await session.execute(select(tasks).where(tasks.c.id == task_id))).one()
    return TaskRead.model_validate(dict(fresh._mapping))


async def cascade(session: AsyncSession, actor: Principal, plan_id: int, data: CascadeRequest) -> CascadeResult:
    """Triển khai kế hoạch xuống đơn vị trực thuộc: one draft implementing plan per unit, targets copied."""
    parent = await _plan(session, actor, plan_id, WRITE)
    on = today()
    if data.all_children:
        unit_ids = sorted((await session.execute(tree.dated_children(on, parent.issuer_unit_id))).scalars().all())
    else:
        unit_ids = list(dict.fromkeys(data.unit_ids or []))
        for i, uid in enumerate(unit_ids):
            if not await _within(session, parent.issuer_unit_id, uid, strict=True):
                raise RuleViolation("not_subordinate_unit", errors=[FieldProblem(f"unit_ids.{i}",
                                                                                 "not_subordinate_unit", str(uid))])
    existing: dict[int, int] = dict((await session.execute(select(plans.c.issuer_unit_id, plans.c.id).where(
        plans.c.parent_plan_id == plan_id, plans.c.issuer_unit_id.in_(unit_ids)))).all()) if unit_ids else {}
    source_targets = (await session.execute(select(targets).where(targets.c.plan_id == plan_id)
                                            .order_by(targets.c.id))).all()
    items = []
    for uid in unit_ids:
        if uid in existing:
            items.append(CascadeItem(unit_id=uid, plan_id=existing[uid], created=False))
            continue
        try:
            async with session.begin_nested():  # a concurrent cascade to the same unit loses cleanly (409)
                child_id = (await session.execute(insert(plans).values(
                    kind=parent.kind, number=None, title=parent.title, issuer_unit_id=uid, issued_on=None,
                    period_start=parent.period_start, period_end=parent.period_end, parent_plan_id=plan_id,
                    status="draft", version=1, created_by=actor.subject, created_at=utcnow(),
                ).returning(plans.c.id))).scalar_one()
        except IntegrityError as exc:
            raise Conflict("conflict", f"unit {uid} already has a plan implementing this one") from exc
        for t in source_targets:
            await session.execute(insert(targets).values(
                plan_id=child_id, indicator_code=t.indicator_code, scope_unit_id=uid, period_start=t.period_start,
                period_end=t.period_end, target_value=t.target_value, comparator=t.comparator, note=t.note,
                copied_from_id=t.id))
        await audit.record(session, actor=actor.subject, action="plan.cascade", entity_type="plan", entity_id=child_id,
                           unit_id=uid, changes={"parent_plan_id": plan_id, "targets": len(source_targets)},
                           decision_no=parent.number)
        items.append(CascadeItem(unit_id=uid, plan_id=child_id, created=True))
    return CascadeResult(plan_id=plan_id, items=items)




async def addressed_to(session: AsyncSession, unit_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Targets set for `unit_id` and tasks it is responsible for, from issued plans (kế hoạch gửi xuống).

    The caller has checked that `unit_id` is in its scope; the plans themselves are usually issued above it.
    """
    head = [plans.c.id.label("plan_id"), plans.c.number.label("plan_number"), plans.c.title.label("plan_title")]
    target_rows = (await session.execute(
        select(*head, targets.c.id, targets.c.indicator_code, targets.c.period_start, targets.c.period_end,
               targets.c.target_value, targets.c.comparator)
        .join(plans, plans.c.id == targets.c.plan_id)
        .where(targets.c.scope_unit_id == unit_id, plans.c.status == "issued").order_by(targets.c.id))).all()
    task_rows = (await session.execute(
        select(*head, tasks.c.id, tasks.c.title, tasks.c.deadline, tasks.c.status)
        .join(plans, plans.c.id == tasks.c.plan_id)
        .where(tasks.c.responsible_unit_id == unit_id, plans.c.status == "issued").order_by(tasks.c.id))).all()
    return [dict(r._mapping) for r in target_rows], [dict(r._mapping) for r in task_rows]
