"""Committee change requests: the chair proposes, the upper level decides.

Rules (tested by name in tests/committee_changes):
- a request is made for a union in the requester's scope (`units:facts`, the chair's permission), about a body of
  that union and, for `end`, an assignment of that body that is still open;
- one pending request per assignment to end (a second one is refused until the first is decided);
- every committee change needs the upper level's confirmation (Điều lệ: cấp trên trực tiếp công nhận): the
  decider holds `cadres:write` on an ancestor of the union, so a chair cannot confirm their own request;
- confirming writes through `terms.service` (the one write path of assignments): every post rule (one chair,
  term dates, early-end reason…) applies, and a refusal leaves the request pending;
- a decided request is final; decisions carry If-Match.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.committee_changes.models import CommitteeChangeRequest
from app.committee_changes.schemas import (
    ChangeRequestCreate,
    ChangeRequestDecision,
    ChangeRequestPage,
    ChangeRequestRead,
    Status,
)
from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import table_of, utcnow
from app.core.errors import Conflict, FieldProblem, Forbidden, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import closure, ensure_in_scope, unit_filter
from app.core.security import Principal
from app.org_units import service as units_service
from app.terms import service as terms_service
from app.terms.models import Body
from app.terms.schemas import AssignmentCreate, AssignmentEnd

requests = table_of(CommitteeChangeRequest)
cadres = table_of(Cadre)
bodies = table_of(Body)
units = units_service.units

PROPOSE = "units:facts"
READ = "cadres:read"
DECIDE = "cadres:write"


def _select() -> Any:
    return (select(requests, units.c.name.label("unit_name"), cadres.c.full_name, bodies.c.kind.label("body_kind"))
            .join(units, units.c.id == requests.c.unit_id)
            .join(cadres, cadres.c.id == requests.c.cadre_id)
            .join(bodies, bodies.c.id == requests.c.body_id))


async def _read(session: AsyncSession, request_id: int) -> ChangeRequestRead:
    row = (await session.execute(_select().where(requests.c.id == request_id))).first()
    if row is None:
        raise NotFound()
    return ChangeRequestRead.model_validate(dict(row._mapping))


def _missing(field: str) -> RuleViolation:
    return RuleViolation("validation_error", errors=[FieldProblem(field, "required", f"{field} is required")])


async def create(session: AsyncSession, actor: Principal, data: ChangeRequestCreate) -> ChangeRequestRead:
    await ensure_in_scope(session, actor, PROPOSE, data.unit_id)
    values: dict[str, Any] = {"unit_id": data.unit_id, "kind": data.kind, "effective_date": data.effective_date,
                              "reason": data.reason, "decision_no": data.decision_no}
    if data.kind == "appoint":
        for name in ("cadre_id", "body_id", "position_code", "basis"):
            if getattr(data, name) is None:
                raise _missing(name)
        assert data.body_id is not None and data.cadre_id is not None
        body = await terms_service.body_of(session, data.body_id)
        if body.unit_id != data.unit_id:
            raise RuleViolation("validation_error", errors=[FieldProblem("body_id", "invalid", "body of another unit")])
        cadre_unit = (await session.execute(select(cadres.c.unit_id).where(
            cadres.c.id == data.cadre_id, cadres.c.deleted_at.is_(None)))).scalar()
        if cadre_unit is None or not await _in_subtree(session, data.unit_id, cadre_unit):
            raise RuleViolation("validation_error", errors=[FieldProblem("cadre_id", "not_found", "no such cadre")])
        values.update(cadre_id=data.cadre_id, body_id=data.body_id, position_code=data.position_code,
                      basis=str(data.basis))
    else:
        if data.assignment_id is None:
            raise _missing("assignment_id")
        if data.end_reason is None:
            raise _missing("end_reason")
        try:
            a = await terms_service.assignment_of(session, data.assignment_id)
        except NotFound:
            raise RuleViolation("validation_error", errors=[
                FieldProblem("assignment_id", "not_found", "no such assignment")]) from None
        if a.unit_id != data.unit_id:
            raise RuleViolation("validation_error", errors=[
                FieldProblem("assignment_id", "not_found", "no such assignment")])
        if a.end_reason is not None:
            raise Conflict("assignment_already_ended", f"ended on {a.to_date} ({a.end_reason})")
        pending = (await session.execute(select(requests.c.id).where(
            requests.c.assignment_id == a.id, requests.c.status == "pending"))).scalar()
        if pending is not None:
            raise Conflict("committee_change_pending", "a request about this post is already waiting",
                           existing_id=pending)
        values.update(cadre_id=a.cadre_id, body_id=a.body_id, position_code=a.position_code, assignment_id=a.id,
                      end_reason=str(data.end_reason))
    values.update(status="pending", requested_by=actor.subject, requested_at=utcnow(), version=1)
    rid = (await session.execute(insert(requests).values(**values).returning(requests.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="committee_change.request",
                       entity_type="committee_change_request", entity_id=rid, unit_id=data.unit_id,
                       changes=data.model_dump(mode="json", exclude_none=True))
    return await _read(session, rid)


async def _in_subtree(session: AsyncSession, root: int, unit_id: int) -> bool:
    return bool((await session.execute(select(exists().where(
        closure.c.ancestor_id == root, closure.c.descendant_id == unit_id)))).scalar())


async def get(session: AsyncSession, principal: Principal, request_id: int) -> ChangeRequestRead:
    unit_id = (await session.execute(select(requests.c.unit_id).where(requests.c.id == request_id))).scalar()
    if unit_id is None:
        raise NotFound()
    await ensure_in_scope(session, principal, READ, unit_id)
    return await _read(session, request_id)


async def list_requests(session: AsyncSession, principal: Principal, *, unit_id: int | None, status: Status | None,
                        cursor: str | None, limit: int) -> ChangeRequestPage:
    stmt = _select().where(unit_filter(principal, READ, requests.c.unit_id))
    if unit_id is not None:
        await ensure_in_scope(session, principal, READ, unit_id)
        stmt = stmt.where(requests.c.unit_id == unit_id)
    if status is not None:
        stmt = stmt.where(requests.c.status == status)
    rows = (await session.execute(keyset(stmt, [requests.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return ChangeRequestPage(items=[ChangeRequestRead.model_validate(dict(r._mapping)) for r in items],
                             next_cursor=next_cursor)


async def _decidable(session: AsyncSession, actor: Principal, request_id: int) -> Any:
    """The pending request, if the actor is its union's upper level (404 outside scope, 403 for the union itself)."""
    row = (await session.execute(select(requests).where(requests.c.id == request_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, actor, READ, row.unit_id)
    roots = actor.roots(DECIDE)
    if roots is not None:
        above = (await session.execute(select(exists().where(
            closure.c.ancestor_id.in_(roots), closure.c.descendant_id == row.unit_id, closure.c.depth >= 1)))).scalar()
        if not above:
            raise Forbidden("committee changes are confirmed by the upper level")
    if row.status != "pending":
        raise Conflict("committee_change_decided", f"already {row.status}")
    return row


async def confirm(session: AsyncSession, actor: Principal, request_id: int, expected: IfMatch,
                  data: ChangeRequestDecision) -> ChangeRequestRead:
    row = await _decidable(session, actor, request_id)
    await claim_version(session, requests, request_id, expected)
    if row.kind == "appoint":
        made = await terms_service.create_assignment(session, actor, AssignmentCreate(
            cadre_id=row.cadre_id, body_id=row.body_id, position_code=row.position_code, basis=row.basis,
            from_date=row.effective_date, decision_no=row.decision_no))
        result_id = made.id
    else:
        ended = await terms_service.end_assignment(session, actor, row.assignment_id, AssignmentEnd(
            to_date=row.effective_date, end_reason=row.end_reason, decision_no=row.decision_no))
        result_id = ended.id
    await session.execute(update(requests).where(requests.c.id == request_id).values(
        status="confirmed", decided_by=actor.subject, decided_at=utcnow(), decision_note=data.note,
        result_assignment_id=result_id))
    await audit.record(session, actor=actor.subject, action="committee_change.confirm",
                       entity_type="committee_change_request", entity_id=request_id, unit_id=row.unit_id,
                       changes={"assignment_id": result_id, "note": data.note})
    return await _read(session, request_id)


async def reject(session: AsyncSession, actor: Principal, request_id: int, expected: IfMatch,
                 data: ChangeRequestDecision) -> ChangeRequestRead:
    if not data.note:
        raise RuleViolation("committee_change_reason_required", errors=[FieldProblem(
            "note", "required", "say why the request is rejected")])
    row = await _decidable(session, actor, request_id)
    await claim_version(session, requests, request_id, expected)
    await session.execute(update(requests).where(requests.c.id == request_id).values(
        status="rejected", decided_by=actor.subject, decided_at=utcnow(), decision_note=data.note))
    await audit.record(session, actor=actor.subject, action="committee_change.reject",
                       entity_type="committee_change_request", entity_id=request_id, unit_id=row.unit_id,
                       changes={"note": data.note})
    return await _read(session, request_id)
