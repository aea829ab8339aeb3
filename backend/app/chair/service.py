"""The chair's phone client: one compact overview of their union, dated facts, and a sync estimate.

This package owns no table: it reads through the owning services (units, terms, report requests, plans) and
writes the unit's facts through `org_units.service.update_unit` with the narrower `units:facts` permission.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.chair.schemas import (
    ChairCommitteeRequest,
    ChairNotification,
    ChairOverview,
    ChairPerson,
    ChairReportRequest,
    ChairTarget,
    ChairTask,
    ChairUnit,
    CommitteeBody,
    CommitteeMember,
    Deadline,
    FactsUpdate,
    IndicatorLabel,
    SyncEstimate,
    SyncEstimateItem,
)
from app.committee_changes import service as committee_service
from app.core.concurrency import IfMatch
from app.core.db import today, utcnow
from app.core.errors import FieldProblem, RuleViolation
from app.core.scope import ensure_in_scope
from app.core.security import Principal
from app.indicators import service as indicators_service
from app.org_units import service as units_service
from app.org_units.schemas import UnitRead, UnitUpdate
from app.plans import service as plans_service
from app.report_requests import service as requests_service
from app.terms import service as terms_service

UNITS_READ = "units:read"
FACTS = "units:facts"
CADRES_READ = "cadres:read"
REPORTS_READ = "reports:read"
TERM_END_HORIZON = timedelta(days=180)  # a congress is prepared months ahead: show the term's end from then
MAX_NOTIFICATIONS = 20
MAX_DEADLINES = 10
MAX_COMMITTEE_REQUESTS = 20
MAX_PEOPLE = 200


async def chair_unit_id(session: AsyncSession, principal: Principal, unit_id: int | None) -> int:
    """The unit the phone shows: the one asked for (in scope), else the caller's own (first) grant unit."""
    if unit_id is not None:
        await ensure_in_scope(session, principal, UNITS_READ, unit_id)
        return unit_id
    roots = principal.roots(UNITS_READ)
    if not roots:  # None: national scope, there is no "own" union to pick
        raise RuleViolation("validation_error", errors=[FieldProblem("unit_id", "required",
                                                                    "unit_id is required for national users")])
    return roots[0]


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive UTC timestamps and a client may send a naive `updated_since`: both mean UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _compact_unit(u: UnitRead) -> ChairUnit:
    return ChairUnit(id=u.id, code=u.code, name=u.name, unit_type=u.unit_type, member_count=u.member_count,
                     workforce=u.workforce, version=u.version)


async def _committee(session: AsyncSession, principal: Principal, unit_id: int, on: date) -> list[CommitteeBody]:
    """The bodies (BCH, BTV, UBKT…) of the term in force, each with its current members and posts."""
    if principal.roots(CADRES_READ) == []:
        return []
    page = await terms_service.list_terms(session, principal, unit_id=unit_id, within=None, cursor=None, limit=50)
    current = [t for t in page.items if t.start_date <= on <= t.end_date]
    out: list[CommitteeBody] = []
    for term in current:
        for body in term.bodies:
            comp = await terms_service.body_composition(session, principal, body.id, on)
            out.append(CommitteeBody(
                body_id=body.id, kind=body.kind, term_id=term.id, term_name=term.name, term_start=term.start_date,
                term_end=term.end_date,
                members=[CommitteeMember(assignment_id=m.assignment_id, cadre_id=m.cadre_id, full_name=m.full_name,
                                         position_code=m.position_code)
                         for m in comp.members]))
    return out


async def _committee_requests(session: AsyncSession, principal: Principal,
                              unit_id: int) -> list[ChairCommitteeRequest]:
    if principal.roots(CADRES_READ) == []:
        return []
    page = await committee_service.list_requests(session, principal, unit_id=unit_id, status=None, cursor=None,
                                                 limit=200)
    latest = sorted(page.items, key=lambda r: r.id, reverse=True)[:MAX_COMMITTEE_REQUESTS]
    return [ChairCommitteeRequest.model_validate(r.model_dump()) for r in latest]


async def _people(session: AsyncSession, principal: Principal, unit_id: int) -> list[ChairPerson]:
    if principal.roots(CADRES_READ) == []:
        return []
    page = await cadres_service.list_cadres(session, principal, cadres_service.CadreFilters(unit_id=unit_id),
                                            cursor=None, limit=MAX_PEOPLE)
    return [ChairPerson(id=c.id, full_name=c.full_name) for c in page.items]


async def _report_requests(session: AsyncSession, principal: Principal, unit_id: int,
                           since: datetime | None) -> list[ChairReportRequest]:
    if principal.roots(REPORTS_READ) == []:
        return []
    page = await requests_service.list_requests(session, principal, box="inbox", cursor=None, limit=200)
    mine = [r for r in page.items
            if unit_id in r.recipient_unit_ids and (since is None or _utc(r.created_at) >= _utc(since))]
    revisions = await requests_service.submission_revisions(session, [r.id for r in mine], unit_id)
    return [ChairReportRequest(id=r.id, title=r.title, deadline=r.deadline, indicator_codes=r.indicator_codes,
                               requires_file=r.requires_file, note=r.note, revision=revisions.get(r.id))
            for r in sorted(mine, key=lambda r: (r.deadline, r.id))]


async def _notifications(session: AsyncSession, principal: Principal,
                         since: datetime | None) -> list[ChairNotification]:
    page = await requests_service.list_notifications(session, principal, unread=False, cursor=None,
                                                     limit=MAX_NOTIFICATIONS)
    return [ChairNotification(id=n.id, title=n.title, body=n.body, created_at=n.created_at, read=n.read_at is not None)
            for n in page.items if since is None or _utc(n.created_at) >= _utc(since)]


def _deadlines(on: date, requests: list[ChairReportRequest], tasks: list[ChairTask],
               committee: list[CommitteeBody]) -> list[Deadline]:
    out = [Deadline(kind="report_request", ref_id=r.id, title=r.title, due_on=r.deadline)
           for r in requests if r.revision is None and r.deadline >= on]
    out += [Deadline(kind="task", ref_id=t.id, title=t.title, due_on=t.deadline)
            for t in tasks if t.deadline is not None and t.deadline >= on and t.status in ("open", "in_progress")]
    terms = {b.term_id: b for b in committee}
    out += [Deadline(kind="term_end", ref_id=b.term_id, title=b.term_name, due_on=b.term_end)
            for b in terms.values() if b.term_end - on <= TERM_END_HORIZON]
    return sorted(out, key=lambda d: (d.due_on, d.kind, d.ref_id))[:MAX_DEADLINES]


async def overview(session: AsyncSession, principal: Principal, unit_id: int | None,
                   updated_since: datetime | None = None) -> ChairOverview:
    """The chair's home screen in one payload. With `updated_since`, the growing lists (report requests,
    notifications) carry only what was created since; the small sections are always complete."""
    uid = await chair_unit_id(session, principal, unit_id)
    on = today()
    unit = await units_service.get_unit(session, principal, uid)
    committee = await _committee(session, principal, uid, on)
    all_requests = await _report_requests(session, principal, uid, None)
    target_rows, task_rows = await plans_service.addressed_to(session, uid)
    targets = [ChairTarget.model_validate(r) for r in target_rows]
    tasks = [ChairTask.model_validate(r) for r in task_rows]
    requests = all_requests if updated_since is None else await _report_requests(session, principal, uid,
                                                                                 updated_since)
    used = {c for r in all_requests for c in r.indicator_codes} | {t.indicator_code for t in targets}
    labels = [IndicatorLabel(code=i.code, name_vi=i.name_vi, name_en=i.name_en, unit_label=i.unit_label)
              for i in (await indicators_service.list_indicators(session)).items if i.code in used]
    return ChairOverview(
        unit=_compact_unit(unit), committee=committee,
        committee_requests=await _committee_requests(session, principal, uid),
        people=await _people(session, principal, uid), indicators=labels, report_requests=requests, targets=targets,
        tasks=tasks,
        notifications=await _notifications(session, principal, updated_since),
        deadlines=_deadlines(on, all_requests, tasks, committee), delta=updated_since is not None,
        generated_at=utcnow())


async def update_facts(session: AsyncSession, principal: Principal, unit_id: int, expected_version: IfMatch,
                       data: FactsUpdate) -> ChairUnit:
    """Member count and workforce of the chair's own union, with the version it was read at (412 when stale)."""
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise RuleViolation("validation_error", errors=[FieldProblem("member_count", "required",
                                                                    "send member_count, workforce or both")])
    for key, value in changes.items():
        if value is None:
            raise RuleViolation("validation_error", errors=[FieldProblem(key, "required", f"{key} cannot be null")])
    unit = await units_service.update_unit(session, principal, unit_id, expected_version, UnitUpdate(**changes),
                                           permission=FACTS)
    return _compact_unit(unit)


def _size(value: object) -> tuple[int, int]:
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    return len(raw), len(gzip.compress(raw))


async def sync_estimate(session: AsyncSession, principal: Principal, unit_id: int | None) -> SyncEstimate:
    """What the phone downloads on a first sync: measured on the real payloads it would fetch."""
    view = await overview(session, principal, unit_id)
    sections: dict[str, Sequence[BaseModel]] = {
        "unit": [view.unit], "committee": view.committee, "committee_requests": view.committee_requests,
        "people": view.people, "report_requests": view.report_requests,
        "targets": view.targets, "tasks": view.tasks, "notifications": view.notifications,
    }
    items: list[SyncEstimateItem] = []
    for name, rows in sections.items():
        raw, _ = _size([r.model_dump(mode="json") for r in rows])
        items.append(SyncEstimateItem(resource=name, items=len(rows), bytes=raw))
    raw, packed = _size(view.model_dump(mode="json"))
    return SyncEstimate(unit_id=view.unit.id, resources=items, total_bytes=raw, total_bytes_gzip=packed)
