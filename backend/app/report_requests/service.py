"""Report requests (yêu cầu báo cáo): an upper unit asks subordinate units for a return by a deadline.

- Addressed units are fixed when the request is sent: all direct children, all grassroots units of the
  subtree, or an explicit list of subordinate units (as the tree stands that day).
- An addressed unit submits figures for the requested indicator codes and/or a file; it may correct the
  submission until the deadline (inclusive, Asia/Ho_Chi_Minh business date); a later correction is 409
  `deadline_passed`. A first submission after the deadline is accepted and tracked as late.
- Tracking per unit: submitted (on time) / late / missing, with the figures summed over the submissions.
- Reminders: on demand to the units that have not submitted, and daily from `report_reminder_days` before the
  deadline until the deadline (`due_reminders`, idempotent per request, unit and day).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, in_scope, unit_filter
from app.core.security import Principal
from app.indicators.service import indicator_row, store_attachment
from app.indicators.settings import feature_settings
from app.org_units import tree
from app.org_units.models import OrgUnit, OrgUnitClosure, UnitType
from app.plans.service import ensure_plan_visible
from app.report_requests.models import Notification, ReportRecipient, ReportRequest, ReportSubmission
from app.report_requests.notify import notify_unit
from app.report_requests.schemas import (
    NotificationPage,
    NotificationRead,
    RemindResult,
    ReportRequestCreate,
    ReportRequestPage,
    ReportRequestRead,
    SubmissionCreate,
    SubmissionRead,
    Tracking,
    TrackingRow,
)

requests_t = table_of(ReportRequest)
recipients = table_of(ReportRecipient)
submissions = table_of(ReportSubmission)
notifications = table_of(Notification)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
closure = table_of(OrgUnitClosure)

READ = "reports:read"
SEND = "units:write"
SUBMIT = "cadres:write"


def _link(request_id: int) -> str:
    return f"/report-requests/{request_id}"


async def _read(session: AsyncSession, row: Any) -> ReportRequestRead:
    ids = (await session.execute(select(recipients.c.unit_id).where(recipients.c.request_id == row.id)
                                 .order_by(recipients.c.unit_id))).scalars().all()
    return ReportRequestRead.model_validate({**row._mapping, "recipient_unit_ids": list(ids)})


async def _request(session: AsyncSession, request_id: int) -> Any:
    row = (await session.execute(select(requests_t).where(requests_t.c.id == request_id))).first()
    if row is None:
        raise NotFound()
    return row


async def _addressed(session: AsyncSession, data: ReportRequestCreate, on: date) -> list[int]:
    issuer = data.issuer_unit_id
    if data.audience == "direct_children":
        return sorted((await session.execute(tree.dated_children(on, issuer))).scalars().all())
    if data.audience == "grassroots":
        return sorted((await session.execute(
            select(units.c.id).join(closure, closure.c.descendant_id == units.c.id)
            .join(unit_types, unit_types.c.code == units.c.unit_type)
            .where(closure.c.ancestor_id == issuer, closure.c.depth > 0, unit_types.c.is_grassroots.is_(True),
                   tree.alive_on(on)))).scalars().all())
    ids = list(dict.fromkeys(data.unit_ids))
    ok = set((await session.execute(
        select(closure.c.descendant_id).join(units, units.c.id == closure.c.descendant_id)
        .where(closure.c.ancestor_id == issuer, closure.c.depth > 0, closure.c.descendant_id.in_(ids),
               tree.alive_on(on)))).scalars().all())
    bad = [FieldProblem(f"unit_ids.{i}", "not_subordinate_unit", str(u)) for i, u in enumerate(ids) if u not in ok]
    if bad:
        raise RuleViolation("not_subordinate_unit", errors=bad)
    return sorted(ids)


async def create_request(session: AsyncSession, actor: Principal, data: ReportRequestCreate) -> ReportRequestRead:
    await ensure_in_scope(session, actor, SEND, data.issuer_unit_id)
    on = today()
    if data.deadline < on:
        raise RuleViolation("deadline_in_past", errors=[FieldProblem("deadline", "deadline_in_past",
                                                                     data.deadline.isoformat())])
    for i, code in enumerate(dict.fromkeys(data.indicator_codes)):
        await indicator_row(session, code, f"indicator_codes.{i}")
    if data.plan_id is not None:  # the plan a request refers to must be one the sender may see: no oracle
        try:
            await ensure_plan_visible(session, actor, data.plan_id)
        except NotFound:
            raise RuleViolation("unknown_reference", errors=[FieldProblem("plan_id", "unknown_reference",
                                                                          str(data.plan_id))]) from None
    unit_ids = await _addressed(session, data, on)
    if not unit_ids:
        raise RuleViolation("no_recipients")
    values = data.model_dump(exclude={"unit_ids"})
    values["indicator_codes"] = list(dict.fromkeys(data.indicator_codes))
    new_id = (await session.execute(insert(requests_t).values(**values, created_by=actor.subject,
                                                              created_at=utcnow()).returning(requests_t.c.id))
              ).scalar_one()
    await session.execute(insert(recipients), [{"request_id": new_id, "unit_id": u} for u in unit_ids])
    issuer_name = (await session.execute(select(units.c.name).where(units.c.id == data.issuer_unit_id))).scalar()
    body = (f"{issuer_name} yêu cầu báo cáo: {data.title}. Hạn nộp: {data.deadline.strftime('%d/%m/%Y')}."
            + (f" Số liệu: {', '.join(values['indicator_codes'])}." if values["indicator_codes"] else "")
            + (" Kèm tệp báo cáo." if data.requires_file else ""))
    for u in unit_ids:
        await notify_unit(session, u, title=f"Yêu cầu báo cáo: {data.title}", body=body, link=_link(new_id), on=on)
    await audit.record(session, actor=actor.subject, action="report_request.create", entity_type="report_request",
                       entity_id=new_id, unit_id=data.issuer_unit_id,
                       changes={**data.model_dump(mode="json", exclude={"unit_ids"}), "recipients": unit_ids})
    return await _read(session, await _request(session, new_id))


async def _visible(session: AsyncSession, principal: Principal, row: Any) -> bool:
    if await in_scope(session, principal, READ, row.issuer_unit_id):
        return True
    addressed = (await session.execute(select(recipients.c.unit_id).where(
        recipients.c.request_id == row.id, unit_filter(principal, READ, recipients.c.unit_id)).limit(1))).first()
    return addressed is not None


async def get_request(session: AsyncSession, principal: Principal, request_id: int) -> ReportRequestRead:
    row = await _request(session, request_id)
    if not await _visible(session, principal, row):
        raise NotFound()
    return await _read(session, row)


async def list_requests(session: AsyncSession, principal: Principal, *, box: str, cursor: str | None,
                        limit: int) -> ReportRequestPage:
    """box=sent: issued by units in my scope; box=inbox: addressed to units in my scope."""
    if box == "sent":
        cond = unit_filter(principal, READ, requests_t.c.issuer_unit_id)
    else:
        cond = exists().where(recipients.c.request_id == requests_t.c.id,
                              unit_filter(principal, READ, recipients.c.unit_id))
    rows = (await session.execute(keyset(select(requests_t).where(cond), [requests_t.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return ReportRequestPage(items=[await _read(session, r) for r in items], next_cursor=nxt)


def _submission(row: Any, deadline: date) -> SubmissionRead:
    return SubmissionRead.model_validate({**row._mapping, "late": row.submitted_on > deadline})


async def submit(session: AsyncSession, actor: Principal, request_id: int, data: SubmissionCreate) -> SubmissionRead:
    req = await _request(session, request_id)
    addressed = (await session.execute(select(recipients.c.unit_id).where(
        recipients.c.request_id == request_id, recipients.c.unit_id == data.unit_id))).first()
    if addressed is None or not await in_scope(session, actor, SUBMIT, data.unit_id):
        raise NotFound()
    unknown = [FieldProblem(f"figures.{k}", "unknown_figure", k) for k in data.figures
               if k not in req.indicator_codes]
    if unknown:
        raise RuleViolation("unknown_figure", errors=unknown)
    on, now = today(), utcnow()
    current = (await session.execute(select(submissions).where(submissions.c.request_id == request_id,
                                                               submissions.c.unit_id == data.unit_id))).first()
    if current is not None and on > req.deadline:
        raise Conflict("deadline_passed", deadline=req.deadline.isoformat())
    attachment_id = await store_attachment(session, actor, data.unit_id, data.file) if data.file else None
    if req.requires_file and attachment_id is None and (current is None or current.attachment_id is None):
        raise RuleViolation("file_required", errors=[FieldProblem("file", "required", "a file is required")])
    if current is None:
        sub_id = (await session.execute(insert(submissions).values(
            request_id=request_id, unit_id=data.unit_id, figures=data.figures, note=data.note,
            attachment_id=attachment_id, submitted_by=actor.subject, first_submitted_at=now, submitted_at=now,
            submitted_on=on, revision=1).returning(submissions.c.id))).scalar_one()
        action, changes = "report_submission.create", {"figures": data.figures, "late": on > req.deadline}
    else:
        sub_id = current.id
        await session.execute(update(submissions).where(submissions.c.id == sub_id).values(
            figures=data.figures, note=data.note, attachment_id=attachment_id or current.attachment_id,
            submitted_by=actor.subject, submitted_at=now, revision=current.revision + 1))
        action, changes = "report_submission.correct", {"figures": [current.figures, data.figures]}
    await audit.record(session, actor=actor.subject, action=action, entity_type="report_submission",
                       entity_id=sub_id, unit_id=data.unit_id, changes={"request_id": request_id, **changes})
    row = (await session.execute(select(submissions).where(submissions.c.id == sub_id))).first()
    return _submission(row, req.deadline)


async def tracking(session: AsyncSession, principal: Principal, request_id: int) -> Tracking:
    req = await _request(session, request_id)
    await ensure_in_scope(session, principal, READ, req.issuer_unit_id)
    rows = (await session.execute(
        select(recipients.c.unit_id, units.c.name, submissions.c.submitted_at, submissions.c.submitted_on,
               submissions.c.revision, submissions.c.figures)
        .join(units, units.c.id == recipients.c.unit_id)
        .outerjoin(submissions, (submissions.c.request_id == recipients.c.request_id)
                   & (submissions.c.unit_id == recipients.c.unit_id))
        .where(recipients.c.request_id == request_id).order_by(units.c.path, recipients.c.unit_id))).all()
    items: list[Any] = []
    totals: defaultdict[str, float] = defaultdict(float)
    counts = {"submitted": 0, "late": 0, "missing": 0}
    for r in rows:
        if r.submitted_at is None:
            status = "missing"
        else:
            status = "late" if r.submitted_on > req.deadline else "submitted"
            for code, value in (r.figures or {}).items():
                totals[code] += float(value)
        counts[status] += 1
        items.append(TrackingRow(unit_id=r.unit_id, unit_name=r.name, status=status, submitted_at=r.submitted_at,
                                 revision=r.revision, figures=r.figures))
    return Tracking(request_id=request_id, deadline=req.deadline, deadline_passed=today() > req.deadline,
                    counts=counts, totals={c: totals.get(c, 0.0) for c in req.indicator_codes}, items=items)


async def _missing_units(session: AsyncSession, request_id: int) -> list[int]:
    return list((await session.execute(
        select(recipients.c.unit_id).where(
            recipients.c.request_id == request_id,
            ~exists().where(submissions.c.request_id == request_id, submissions.c.unit_id == recipients.c.unit_id))
        .order_by(recipients.c.unit_id))).scalars().all())


def _reminder_body(req: Any) -> tuple[str, str]:
    return (f"Nhắc nộp báo cáo: {req.title}",
            f"Đơn vị chưa nộp báo cáo \"{req.title}\". Hạn nộp: {req.deadline.strftime('%d/%m/%Y')}.")


async def remind(session: AsyncSession, actor: Principal, request_id: int) -> RemindResult:
    req = await _request(session, request_id)
    await ensure_in_scope(session, actor, SEND, req.issuer_unit_id)
    title, body = _reminder_body(req)
    missing, queued = await _missing_units(session, request_id), 0
    for u in missing:
        queued += await notify_unit(session, u, title=title, body=body, link=_link(request_id), on=today())
    await audit.record(session, actor=actor.subject, action="report_request.remind", entity_type="report_request",
                       entity_id=request_id, unit_id=req.issuer_unit_id, changes={"units": missing})
    return RemindResult(request_id=request_id, reminded_unit_ids=missing, emails_queued=queued)


SCHEDULER = "system:scheduler"


async def due_reminders(session: AsyncSession, on: date) -> int:
    """Remind the units that have not submitted, daily from `report_reminder_days` before the deadline until
    the deadline; idempotent per request, unit and day (the notification's dedupe key). Each request reminded
    that day gets one audit row (`report_request.remind` by `system:scheduler`), so webhook subscribers hear
    `report_request.due` once per request and day, like the manual reminder. Returns how many reminders were
    created."""
    days = feature_settings().report_reminder_days
    due = (await session.execute(select(requests_t).where(requests_t.c.deadline >= on,
                                                          requests_t.c.deadline <= on + timedelta(days=days))
                                 .order_by(requests_t.c.id))).all()
    created = 0
    for req in due:
        title, body = _reminder_body(req)
        reminded: list[int] = []
        for u in await _missing_units(session, req.id):
            key = f"report-reminder:{req.id}:{u}:{on.isoformat()}"
            before = (await session.execute(select(func.count()).select_from(notifications)
                                            .where(notifications.c.dedupe_key == key))).scalar()
            if before:
                continue
            await notify_unit(session, u, title=title, body=body, link=_link(req.id), on=on, dedupe_key=key)
            reminded.append(u)
        # The addressed units are fixed and a submission only shortens the missing list, so a later run on the same
        # day finds every missing unit already reminded: `reminded` is empty, and no second audit row is written.
        if reminded:
            await audit.record(session, actor=SCHEDULER, action="report_request.remind",
                               entity_type="report_request", entity_id=req.id, unit_id=req.issuer_unit_id,
                               changes={"units": reminded, "on": on.isoformat(), "automatic": True,
                                        "deadline": req.deadline.isoformat()})
        created += len(reminded)
    return created


async def scheduled_reminders(session: AsyncSession) -> int:
    """Scheduler entry: today's reminders, committed, then the e-mail outbox delivered."""
    from app.report_requests.notify import deliver_pending

    n = await due_reminders(session, today())
    await session.commit()
    await deliver_pending()
    return n


# --- notifications ----------------------------------------------------------------------------------------

def _mine(principal: Principal) -> Any:
    conds = []
    if principal.kind == "user" and principal.principal_id is not None:
        conds.append(notifications.c.recipient_user_id == principal.principal_id)
    unit_ids = sorted({g.unit_id for g in principal.grants})
    if unit_ids:
        conds.append(notifications.c.recipient_unit_id.in_(unit_ids))
    return or_(*conds) if conds else notifications.c.id.is_(None)


async def list_notifications(session: AsyncSession, principal: Principal, *, unread: bool, cursor: str | None,
                             limit: int) -> NotificationPage:
    """Newest first: the user's own notifications and those addressed to the units of the user's grants."""
    newest = (-notifications.c.id).label("newest")
    stmt = select(notifications, newest).where(_mine(principal))
    if unread:
        stmt = stmt.where(notifications.c.read_at.is_(None))
    rows = (await session.execute(keyset(stmt, [newest], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["newest"], limit)
    return NotificationPage(items=[NotificationRead.model_validate(dict(r._mapping)) for r in items], next_cursor=nxt)


async def mark_read(session: AsyncSession, principal: Principal, notification_id: int) -> NotificationRead:
    row = (await session.execute(select(notifications).where(notifications.c.id == notification_id,
                                                             _mine(principal)))).first()
    if row is None:
        raise NotFound()
    if row.read_at is None:
        await session.execute(update(notifications).where(notifications.c.id == notification_id)
                              .values(read_at=utcnow()))
        row = (await session.execute(select(notifications).where(notifications.c.id == notification_id))).one()
    return NotificationRead.model_validate(dict(row._mapping))


async def submission_revisions(session: AsyncSession, request_ids: list[int], unit_id: int) -> dict[int, int]:
    """Revision of `unit_id`'s return for each of these requests that it has answered (the chair's phone view)."""
    if not request_ids:
        return {}
    rows = (await session.execute(select(submissions.c.request_id, submissions.c.revision).where(
        submissions.c.request_id.in_(request_ids), submissions.c.unit_id == unit_id))).all()
    return {r.request_id: r.revision for r in rows}
