"""Personal-data duties (nghĩa vụ bảo vệ dữ liệu cá nhân; Law 91/2025/QH15, Decree 356/2025/NĐ-CP; rule 27).

- A data-subject request gets `ack_due` = received + 2 working days and `complete_due` = received + 10, 15 or
  20 days by kind (`COMPLETION_DAYS`); a `data_subject_request_due` task is raised for the acknowledgement and
  then for the completion, and again when a request is overdue (daily check).
- Completing a restriction, objection or deletion request puts the person under a processing restriction:
  `not_restricted()` is the filter the cadres service applies to every list, export and report.
- `personal_data_export` returns everything held about one person, found through every table that refers to
  the cadre, plus the audit and access trail about them; the export itself is access-logged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from app.core import audit
from app.core.access_log import AccessLog, log_access
from app.core.db import metadata, table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, unit_filter
from app.core.security import Principal
from app.privacy.models import DataSubjectRequest, ProcessingRestriction, RequestKind, RequestStatus
from app.privacy.schemas import (
    DataSubjectRequestComplete,
    DataSubjectRequestCreate,
    DataSubjectRequestPage,
    DataSubjectRequestRead,
    PersonalDataExport,
)

requests_t = table_of(DataSubjectRequest)
restrictions = table_of(ProcessingRestriction)
READ, WRITE = "cadres:read", "cadres:write"

ACK_WORKING_DAYS = 2
COMPLETION_DAYS: dict[RequestKind, int] = {
    RequestKind.correction: 10,
    RequestKind.restriction: 15,
    RequestKind.objection: 15,
    RequestKind.access: 20,
    RequestKind.deletion: 20,
}
RESTRICTING_KINDS = frozenset({RequestKind.restriction, RequestKind.objection, RequestKind.deletion})
OPEN = (RequestStatus.received, RequestStatus.acknowledged)
KIND_VI = {"access": "cung cấp dữ liệu", "correction": "chỉnh sửa", "deletion": "xóa dữ liệu",
           "restriction": "hạn chế xử lý", "objection": "phản đối xử lý"}
# Columns never put in an export: secrets and derived keys (the national ID is exported decrypted).
NOT_EXPORTED = frozenset({"national_id_enc", "national_id_hash", "name_key", "content", "password_hash"})


def add_working_days(start: date, days: int) -> date:
    """Monday–Friday; public holidays are not modelled (a deadline may fall on one: the task still shows)."""
    d = start
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


def deadlines(kind: RequestKind, received_on: date) -> tuple[date, date]:
    return add_working_days(received_on, ACK_WORKING_DAYS), received_on + timedelta(days=COMPLETION_DAYS[kind])


def not_restricted(cadre_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """The filter owning services add to lists, exports and reports: no restriction in force for the person."""
    return ~exists().where(restrictions.c.cadre_id == cadre_id, restrictions.c.lifted_at.is_(None))


async def is_restricted(session: AsyncSession, cadre_id: int) -> bool:
    return bool((await session.execute(select(restrictions.c.id).where(
        restrictions.c.cadre_id == cadre_id, restrictions.c.lifted_at.is_(None)).limit(1))).first())


def _read(row: Any, names: dict[int, str] | None = None) -> DataSubjectRequestRead:
    return DataSubjectRequestRead.model_validate({**row._mapping, "cadre_name": (names or {}).get(row.cadre_id)})


async def _named(session: AsyncSession, rows: list[Any]) -> list[DataSubjectRequestRead]:
    from app.cadres.service import full_names

    names = await full_names(session, [r.cadre_id for r in rows])
    return [_read(r, names) for r in rows]


async def _row(session: AsyncSession, principal: Principal, request_id: int, permission: str) -> Any:
    row = (await session.execute(select(requests_t).where(requests_t.c.id == request_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


async def _raise(session: AsyncSession, row: Any, stage: str, due_on: date) -> None:
    from app.tasks.models import TaskKind
    from app.tasks.service import raise_task

    what = KIND_VI.get(row.kind, row.kind)
    step_vi = {"ack": "xác nhận đã nhận", "complete": "hoàn thành", "overdue": "QUÁ HẠN — hoàn thành"}[stage]
    step_en = {"ack": "acknowledge", "complete": "complete", "overdue": "OVERDUE — complete"}[stage]
    await raise_task(session, kind=TaskKind.data_subject_request_due, unit_id=row.unit_id, due_on=due_on,
                     title_vi=f"Yêu cầu {what} dữ liệu cá nhân: {step_vi} trước {due_on.strftime('%d/%m/%Y')}",
                     title_en=f"Personal-data request ({row.kind}): {step_en} by {due_on.isoformat()}",
                     dedupe_key=f"dsr:{row.id}:{stage}", cadre_id=row.cadre_id,
                     source_type="data_subject_request", source_id=row.id)


async def create_request(session: AsyncSession, actor: Principal, data: DataSubjectRequestCreate
                         ) -> DataSubjectRequestRead:
    from app.cadres.service import visible_cadre

    person = await visible_cadre(session, actor, data.cadre_id, WRITE)
    on = today()
    if not on - timedelta(days=366) <= data.received_on <= on:
        raise RuleViolation("validation_error", errors=[FieldProblem(
            "received_on", "value_out_of_range", "must be within the past year and not in the future")])
    ack_due, complete_due = deadlines(data.kind, data.received_on)
    new_id = (await session.execute(insert(requests_t).values(
        cadre_id=data.cadre_id, unit_id=person.unit_id, kind=str(data.kind), status=RequestStatus.received,
        received_on=data.received_on, ack_due=ack_due, complete_due=complete_due, note=data.note,
        created_by=actor.subject, created_at=utcnow(), version=1).returning(requests_t.c.id))).scalar_one()
    row = (await session.execute(select(requests_t).where(requests_t.c.id == new_id))).one()
    await _raise(session, row, "ack", ack_due)
    await audit.record(session, actor=actor.subject, action="data_subject_request.create",
                       entity_type="data_subject_request", entity_id=new_id, unit_id=person.unit_id,
                       changes={"cadre_id": data.cadre_id, "kind": str(data.kind),
                                "received_on": data.received_on, "ack_due": ack_due, "complete_due": complete_due})
    return (await _named(session, [row]))[0]


async def get_request(session: AsyncSession, principal: Principal, request_id: int) -> DataSubjectRequestRead:
    return (await _named(session, [await _row(session, principal, request_id, READ)]))[0]


async def list_requests(session: AsyncSession, principal: Principal, *, status: RequestStatus | None,
                        cadre_id: int | None, overdue: bool | None, cursor: str | None, limit: int
                        ) -> DataSubjectRequestPage:
    stmt = select(requests_t).where(unit_filter(principal, READ, requests_t.c.unit_id))
    if status is not None:
        stmt = stmt.where(requests_t.c.status == str(status))
    if cadre_id is not None:
        stmt = stmt.where(requests_t.c.cadre_id == cadre_id)
    if overdue is not None:
        late = (requests_t.c.status.in_([str(s) for s in OPEN])) & (requests_t.c.complete_due < today())
        stmt = stmt.where(late if overdue else ~late)
    rows = (await session.execute(keyset(stmt, [requests_t.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return DataSubjectRequestPage(items=await _named(session, list(items)), next_cursor=next_cursor)


async def acknowledge(session: AsyncSession, actor: Principal, request_id: int) -> DataSubjectRequestRead:
    row = await _row(session, actor, request_id, WRITE)
    if row.status != RequestStatus.received:
        raise Conflict("invalid_transition", f"the request is {row.status}")
    await session.execute(update(requests_t).where(requests_t.c.id == request_id).values(
        status=RequestStatus.acknowledged, acknowledged_at=utcnow(), version=requests_t.c.version + 1))
    row = (await session.execute(select(requests_t).where(requests_t.c.id == request_id))).one()
    await _raise(session, row, "complete", row.complete_due)
    await audit.record(session, actor=actor.subject, action="data_subject_request.acknowledge",
                       entity_type="data_subject_request", entity_id=request_id, unit_id=row.unit_id)
    return (await _named(session, [row]))[0]


async def complete(session: AsyncSession, actor: Principal, request_id: int, data: DataSubjectRequestComplete
                   ) -> DataSubjectRequestRead:
    row = await _row(session, actor, request_id, WRITE)
    if row.status not in OPEN:
        raise Conflict("invalid_transition", f"the request is {row.status}")
    status = RequestStatus.rejected if data.rejected else RequestStatus.completed
    now = utcnow()
    await session.execute(update(requests_t).where(requests_t.c.id == request_id).values(
        status=status, completed_at=now, outcome=data.outcome, version=requests_t.c.version + 1,
        acknowledged_at=row.acknowledged_at or now))
    restricted = False
    if status == RequestStatus.completed and row.kind in RESTRICTING_KINDS \
            and not await is_restricted(session, row.cadre_id):
        await session.execute(insert(restrictions).values(cadre_id=row.cadre_id, request_id=request_id, since=now))
        restricted = True
    await audit.record(session, actor=actor.subject, action=f"data_subject_request.{status}",
                       entity_type="data_subject_request", entity_id=request_id, unit_id=row.unit_id,
                       changes={"restricted": restricted})
    return (await _named(session, [(await session.execute(select(requests_t).where(
        requests_t.c.id == request_id))).one()]))[0]


async def scheduled_overdue_check(session: AsyncSession) -> int:
    """Daily: every open request past its completion deadline raises an (idempotent) overdue task."""
    rows = (await session.execute(select(requests_t).where(
        requests_t.c.status.in_([str(s) for s in OPEN]), requests_t.c.complete_due < today()))).all()
    for row in rows:
        await _raise(session, row, "overdue", today())
    return len(rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


async def personal_data_export(session: AsyncSession, principal: Principal, cadre_id: int) -> PersonalDataExport:
    """Everything held about the person: the profile (sensitive fields included: the route needs
    cadres:read_sensitive) and every row of every table that refers to the cadre, plus the audit trail and the
    access log about them. Found through the schema's foreign keys, so a new table is never forgotten."""
    from app.cadres.service import get_cadre

    profile = await get_cadre(session, principal, cadre_id, log=False)
    sections: dict[str, list[dict[str, Any]]] = {}
    for table in sorted(metadata.sorted_tables, key=lambda t: t.name):
        refs = [fk.parent for fk in table.foreign_keys
                if fk.column.table.name == "cadre" and fk.column.name == "id"]
        if not refs or table.name == "cadre":
            continue
        cond = refs[0] == cadre_id
        for col in refs[1:]:
            cond = cond | (col == cadre_id)
        rows = (await session.execute(select(table).where(cond).limit(10_000))).all()
        if rows:
            sections[table.name] = [{k: _jsonable(v) for k, v in r._mapping.items() if k not in NOT_EXPORTED}
                                    for r in rows]
    audit_t = table_of(audit.AuditLog)
    trail = (await session.execute(select(audit_t.c.seq, audit_t.c.occurred_at, audit_t.c.actor, audit_t.c.action,
                                          audit_t.c.changes, audit_t.c.decision_no)
                                   .where(audit_t.c.entity_type == "cadre", audit_t.c.entity_id == str(cadre_id))
                                   .order_by(audit_t.c.seq).limit(10_000))).all()
    sections["audit_log"] = [{k: _jsonable(v) for k, v in r._mapping.items()} for r in trail]
    access_t = table_of(AccessLog)
    reads = (await session.execute(select(access_t.c.occurred_at, access_t.c.actor, access_t.c.category,
                                          access_t.c.purpose)
                                   .where(access_t.c.subject_type == "cadre",
                                          cast(access_t.c.subject_ids, String).like(f'%"{cadre_id}"%'))
                                   .order_by(access_t.c.id).limit(10_000))).all()
    sections["access_log"] = [{k: _jsonable(v) for k, v in r._mapping.items()} for r in reads]
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[cadre_id],
                     category="export", purpose="personal_data_export", unit_id=profile.unit_id)
    return PersonalDataExport(generated_at=utcnow(), cadre=profile.model_dump(mode="json"), sections=sections)
