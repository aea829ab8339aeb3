"""Tasks (việc cần xử lý): the one writer of the `task` table.

- `raise_task(...)` is what other domains call when a rule flags something for people to decide. It is idempotent
  on `dedupe_key` (INSERT … ON CONFLICT DO NOTHING on both databases): raising the same flag twice keeps one task,
  and a task people already resolved is not reopened by the same flag.
- Who sees and resolves a task depends on its kind (`KIND_PERMISSION`): the caller's scope for that permission
  must cover the task's unit; outside it the task is 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.concurrency import IfMatch, etag_for
from app.core.db import rowcount, table_of, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, PreconditionFailed, RuleViolation
from app.core.pagination import decode_cursor, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.tasks.models import Task, TaskKind, TaskStatus
from app.tasks.schemas import TaskPage, TaskRead

tasks = table_of(Task)

DEFAULT_PERMISSION = "actions:write"  # personnel work: organisation officers and approvers
KIND_PERMISSION: dict[str, str] = {
    TaskKind.data_subject_request_due: "cadres:write",
    TaskKind.report_request_due: "cadres:write",
}


def permission_for(kind: str) -> str:
    return KIND_PERMISSION.get(kind, DEFAULT_PERMISSION)


async def raise_task(session: AsyncSession, *, kind: TaskKind, unit_id: int, due_on: date, title_vi: str,
                     title_en: str, dedupe_key: str, cadre_id: int | None = None,
                     source_type: str | None = None, source_id: int | None = None) -> Task:
    """Raise a flag for people to decide; idempotent on `dedupe_key` (returns the existing task if any)."""
    values: dict[str, Any] = {
        "kind": str(kind), "unit_id": unit_id, "cadre_id": cadre_id, "due_on": due_on, "status": TaskStatus.open,
        "title_vi": title_vi, "title_en": title_en, "dedupe_key": dedupe_key, "source_type": source_type,
        "source_id": source_id, "created_at": utcnow()}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(tasks).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    created = (await session.execute(stmt.returning(tasks.c.id))).scalar()
    if created is not None:
        await audit.record(session, actor="system:rules", action=f"task.raise.{kind}", entity_type="task",
                           entity_id=created, unit_id=unit_id, changes={"dedupe_key": dedupe_key,
                                                                        "cadre_id": cadre_id})
    return (await session.execute(select(Task).where(tasks.c.dedupe_key == dedupe_key)
                                  .execution_options(populate_existing=True))).scalars().one()


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Tasks whose kind's permission covers their unit for this caller."""
    special = sorted(KIND_PERMISSION)
    clauses = [and_(tasks.c.kind.not_in(special), unit_filter(principal, DEFAULT_PERMISSION, tasks.c.unit_id))]
    for permission in sorted(set(KIND_PERMISSION.values())):
        kinds = sorted(k for k, p in KIND_PERMISSION.items() if p == permission)
        clauses.append(and_(tasks.c.kind.in_(kinds), unit_filter(principal, permission, tasks.c.unit_id)))
    return or_(*clauses)


def _read(row: Any, lang: str) -> TaskRead:
    m = row._mapping
    return TaskRead(id=m["id"], kind=m["kind"], unit_id=m["unit_id"], cadre_id=m["cadre_id"], due_on=m["due_on"],
                    status=m["status"], title=m["title_en"] if lang == "en" else m["title_vi"],
                    created_at=m["created_at"], resolved_at=m["resolved_at"], resolved_by=m["resolved_by"],
                    resolution_note=m["resolution_note"], source_type=m["source_type"], source_id=m["source_id"],
                    version=m["version"])


async def list_tasks(session: AsyncSession, principal: Principal, *, status: TaskStatus | None,
                     kind: str | None, within: int | None, cadre_id: int | None, cursor: str | None, limit: int,
                     lang: str) -> TaskPage:
    """Tasks in the caller's scope, soonest due first (keyset on due date and id)."""
    stmt = select(tasks).where(_visible(principal))
    if status is not None:
        stmt = stmt.where(tasks.c.status == status)
    if kind is not None:
        stmt = stmt.where(tasks.c.kind == kind)
    if cadre_id is not None:
        stmt = stmt.where(tasks.c.cadre_id == cadre_id)
    if within is not None:
        if not await _covers_any(session, principal, within):
            raise NotFound()
        stmt = stmt.where(tasks.c.unit_id.in_(subtree_ids([within])))
    if cursor:
        due, last_id = decode_cursor(cursor, 2)
        try:
            after = (date.fromisoformat(str(due)), int(last_id))
        except (TypeError, ValueError) as exc:
            raise RuleViolation("invalid_cursor", errors=[FieldProblem("cursor", "invalid_cursor", "bad cursor")]
                                ) from exc
        stmt = stmt.where(tuple_(tasks.c.due_on, tasks.c.id) > tuple_(*after))
    rows = (await session.execute(stmt.order_by(tasks.c.due_on, tasks.c.id).limit(limit + 1))).all()
    items, next_cursor = page_from_rows(rows, ["due_on", "id"], limit)
    return TaskPage(items=[_read(r, lang) for r in items], next_cursor=next_cursor)


async def _covers_any(session: AsyncSession, principal: Principal, unit_id: int) -> bool:
    for permission in {DEFAULT_PERMISSION, *KIND_PERMISSION.values()}:
        try:
            await ensure_in_scope(session, principal, permission, unit_id)
            return True
        except NotFound:
            continue
    return False


async def _visible_row(session: AsyncSession, principal: Principal, task_id: int) -> Any:
    row = (await session.execute(select(tasks).where(tasks.c.id == task_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, permission_for(row.kind), row.unit_id)
    return row


async def get_task(session: AsyncSession, principal: Principal, task_id: int, lang: str) -> TaskRead:
    return _read(await _visible_row(session, principal, task_id), lang)


async def resolve_task(session: AsyncSession, *, actor: Principal, task_id: int, status: str,
                       note: str | None, lang: str = "vi", expected: IfMatch | None = None) -> TaskRead:
    """People decide: mark an open task done or dismissed, with a note (audited). Resolving twice is 409; with
    If-Match (`expected`), a task changed since it was read is 412 — checked after existence and scope."""
    if status not in (TaskStatus.done, TaskStatus.dismissed):
        raise RuleViolation("validation_error", errors=[FieldProblem("status", "invalid", status)])
    row = await _visible_row(session, actor, task_id)
    versions = expected.versions() if expected is not None else None
    if versions is not None and row.version not in versions:
        raise PreconditionFailed(current_etag=etag_for(row.version))
    result = await session.execute(update(tasks).where(tasks.c.id == task_id, tasks.c.status == TaskStatus.open,
                                                       tasks.c.version == row.version)
                                   .values(status=status, resolved_at=utcnow(), resolved_by=actor.subject,
                                           resolution_note=note, version=row.version + 1))
    if rowcount(result) != 1:
        now = (await session.execute(select(tasks.c.status, tasks.c.version).where(tasks.c.id == task_id))).one()
        if versions is not None:
            raise PreconditionFailed(current_etag=etag_for(now.version))
        raise Conflict("invalid_transition", f"the task is already {now.status}", status=now.status)
    await audit.record(session, actor=actor.subject, action=f"task.{status}", entity_type="task", entity_id=task_id,
                       unit_id=row.unit_id, changes={"note": note})
    return _read(await _visible_row(session, actor, task_id), lang)
