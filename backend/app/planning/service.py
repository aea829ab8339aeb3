"""Cadre planning (quy hoạch cán bộ, QĐ 50-QĐ/TW; HD 16-HD/BTCTW).

Rules (tests in tests/planning/ carry their names):
- rule 14: a candidate may only be planned for a post higher than the one they hold;
- rule 15: a candidate needs at least one term of working time left (Decree 135 retirement date);
- rule 16: at most `planning_max_per_post` candidates per post and `planning_max_posts_per_person` posts per
  person (defaults 3 and 3, versioned settings);
- live structure checks: women ≥ 25 %, young ≥ 15 %, three age bands;
- submission and approval by the upper level freeze an immutable snapshot; the annual review opens a revision;
- rule 17: a discipline (khiển trách or heavier) or a negative political clearance removes the person from every
  open cycle automatically, with the reason recorded.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import Cadre
from app.cadres.service import visible_cadre
from app.conduct import service as conduct
from app.core import audit
from app.core.dates import age_on, months_between
from app.core.db import rowcount, table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, Forbidden, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.org_units.models import OrgUnitClosure
from app.planning.models import PlanningCycle, PlanningEntry
from app.planning.schemas import (
    ApproveCycle,
    CandidateCreate,
    CandidateList,
    CandidateRead,
    CandidateRemove,
    CycleCreate,
    CycleList,
    CycleRead,
    CycleStructure,
    PostStructure,
    Shares,
    ShortfallAck,
    StructureCheck,
    SubmitCycle,
)
from app.rulebook import service as rulebook
from app.rulebook.models import RuleCode
from app.rulebook.retirement import retirement_date
from app.tasks import service as tasks
from app.tasks.models import TaskKind
from app.terms import service as terms
from app.terms.models import Assignment, Position

cycles = table_of(PlanningCycle)
entries = table_of(PlanningEntry)
cadres = table_of(Cadre)
assignments = table_of(Assignment)
closure = table_of(OrgUnitClosure)

READ, WRITE, APPROVE = "cadres:read", "actions:write", "actions:approve"
OPEN_STATUSES = ("draft", "submitted", "approved")


async def _cycle(session: AsyncSession, cycle_id: int) -> Any:
    row = (await session.execute(select(cycles).where(cycles.c.id == cycle_id))).first()
    if row is None:
        raise NotFound()
    return row


async def visible_cycle(session: AsyncSession, principal: Principal, cycle_id: int, permission: str = READ) -> Any:
    row = await _cycle(session, cycle_id)
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


def _read(row: Any) -> CycleRead:
    data = dict(row._mapping)
    data["acknowledgements"] = data.get("acknowledgements") or []
    return CycleRead.model_validate(data)


async def create_cycle(session: AsyncSession, actor: Principal, data: CycleCreate) -> CycleRead:
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    cycle_id = (await session.execute(insert(cycles).values(**data.model_dump(), status="draft", version=1,
                                                            created_at=utcnow()).returning(cycles.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="planning.cycle.create", entity_type="planning_cycle",
                       entity_id=cycle_id, unit_id=data.unit_id, changes=data.model_dump())
    return _read(await _cycle(session, cycle_id))


async def get_cycle(session: AsyncSession, principal: Principal, cycle_id: int) -> CycleRead:
    return _read(await visible_cycle(session, principal, cycle_id))


async def list_cycles(session: AsyncSession, principal: Principal, *, within: int | None, unit_id: int | None,
                      cursor: str | None, limit: int) -> CycleList:
    stmt = select(cycles).where(unit_filter(principal, READ, cycles.c.unit_id))
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        stmt = stmt.where(cycles.c.unit_id.in_(subtree_ids([within])))
    if unit_id is not None:
        stmt = stmt.where(cycles.c.unit_id == unit_id)
    rows = (await session.execute(keyset(stmt, [cycles.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return CycleList(items=[_read(r) for r in items], next_cursor=next_cursor)


def _entry_select() -> Any:
    return (select(entries, cadres.c.full_name, cadres.c.gender, cadres.c.birth_date)
            .join(cadres, cadres.c.id == entries.c.cadre_id))


async def list_candidates(session: AsyncSession, principal: Principal, cycle_id: int,
                          include_removed: bool = False) -> CandidateList:
    await visible_cycle(session, principal, cycle_id)
    stmt = _entry_select().where(entries.c.cycle_id == cycle_id)
    if not include_removed:
        stmt = stmt.where(entries.c.removed_on.is_(None))
    rows = (await session.execute(stmt.order_by(entries.c.position_code, cadres.c.sort_key))).all()
    return CandidateList(items=[CandidateRead.model_validate(dict(r._mapping)) for r in rows])


async def add_candidate(session: AsyncSession, actor: Principal, cycle_id: int, data: CandidateCreate) -> CandidateRead:
    cycle = await visible_cycle(session, actor, cycle_id, WRITE)
    if cycle.status != "draft":
        raise Conflict("cycle_frozen", f"the cycle is {cycle.status}; open a revision to change it")
    cadre = await visible_cadre(session, actor, data.cadre_id)
    position = await session.get(Position, data.position_code)
    if position is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("position_code", "not_found", data.position_code)])
    on = data.added_on or today()
    start = date(cycle.start_year, 1, 1)

    blocked = await conduct.blocking_conduct(session, cadre.id, on)
    if blocked:
        raise RuleViolation("planning_blocked", blocked)
    current = await terms.current_standing(session, cadre.id, on)
    target = await terms.post_standing(session, cycle.unit_id, data.position_code)
    if current is not None and target >= current:  # rule 14, D5: unit level and post compared together
        raise RuleViolation("planning_not_higher_post",
                            f"{data.position_code} is not higher than the post the person holds")
    needed = await rulebook.rule_int(session, RuleCode.planning_min_months_left, on)
    left = months_between(start, retirement_date(cadre.birth_date, cadre.gender))
    if left < needed:  # rule 15
        raise RuleViolation("planning_runway", f"còn {max(left, 0)} tháng công tác từ {start:%d/%m/%Y}, cần ≥ {needed}")
    active = entries.c.removed_on.is_(None)
    if (await session.execute(select(entries.c.id).where(entries.c.cycle_id == cycle_id, active,
                                                         entries.c.cadre_id == cadre.id,
                                                         entries.c.position_code == data.position_code))).first():
        raise Conflict("conflict", "already a candidate for this post")
    per_post = (await session.execute(select(func.count()).select_from(entries).where(
        entries.c.cycle_id == cycle_id, active, entries.c.position_code == data.position_code))).scalar_one()
    max_per_post = await rulebook.rule_int(session, RuleCode.planning_max_per_post, on)
    if per_post >= max_per_post:  # rule 16
        raise RuleViolation("planning_post_full", f"{per_post} candidates already, at most {max_per_post} per post")
    per_person = (await session.execute(select(func.count(func.distinct(entries.c.position_code)))
                                        .select_from(entries.join(cycles, cycles.c.id == entries.c.cycle_id))
                                        .where(entries.c.cadre_id == cadre.id, active,
                                               cycles.c.status.in_(OPEN_STATUSES),
                                               cycles.c.start_year == cycle.start_year))).scalar_one()
    max_per_person = await rulebook.rule_int(session, RuleCode.planning_max_posts_per_person, on)
    if per_person >= max_per_person:  # rule 16
        raise RuleViolation("planning_person_full", f"planned for {per_person} posts, at most {max_per_person}")
    entry_id = (await session.execute(insert(entries).values(
        cycle_id=cycle_id, cadre_id=cadre.id, position_code=data.position_code, source=data.source, added_on=on,
        added_reason=data.reason).returning(entries.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="planning.candidate.add", entity_type="planning_cycle",
                       entity_id=cycle_id, unit_id=cycle.unit_id,
                       changes={"cadre_id": cadre.id, "position_code": data.position_code, "reason": data.reason})
    row = (await session.execute(_entry_select().where(entries.c.id == entry_id))).one()
    return CandidateRead.model_validate(dict(row._mapping))


async def remove_candidate(session: AsyncSession, actor: Principal, entry_id: int,
                           data: CandidateRemove) -> CandidateRead:
    entry = (await session.execute(select(entries).where(entries.c.id == entry_id))).first()
    if entry is None:
        raise NotFound()
    cycle = await visible_cycle(session, actor, entry.cycle_id, WRITE)
    if cycle.status != "draft":
        raise Conflict("cycle_frozen", f"the cycle is {cycle.status}; open a revision to change it")
    if entry.removed_on is not None:
        raise Conflict("conflict", "already removed")
    await session.execute(update(entries).where(entries.c.id == entry_id).values(
        removed_on=data.removed_on or today(), removed_reason=data.reason))
    await audit.record(session, actor=actor.subject, action="planning.candidate.remove", entity_type="planning_cycle",
                       entity_id=entry.cycle_id, unit_id=cycle.unit_id,
                       changes={"cadre_id": entry.cadre_id, "reason": data.reason})
    row = (await session.execute(_entry_select().where(entries.c.id == entry_id))).one()
    return CandidateRead.model_validate(dict(row._mapping))


async def remove_everywhere(session: AsyncSession, actor: str, cadre_id: int, on: date, reason: str) -> int:
    """Rule 17: take the person out of every open cycle (frozen approvals keep their snapshot)."""
    open_cycles = select(cycles.c.id).where(cycles.c.status.in_(OPEN_STATUSES))
    ids = (await session.execute(select(entries.c.id, entries.c.cycle_id).where(
        entries.c.cadre_id == cadre_id, entries.c.removed_on.is_(None), entries.c.cycle_id.in_(open_cycles)))).all()
    if ids:
        await session.execute(update(entries).where(entries.c.id.in_([r.id for r in ids]))
                              .values(removed_on=on, removed_reason=reason))
        await audit.record(session, actor=actor, action="planning.candidate.auto_remove", entity_type="cadre",
                           entity_id=cadre_id, changes={"entries": [r.id for r in ids], "reason": reason})
    return len(ids)


def _shares(people: list[Any], on: date, young_under: int) -> Shares:
    n = len(people)
    women = sum(1 for p in people if p.gender == "female")
    ages = [age_on(p.birth_date, on) for p in people]
    young = sum(1 for a in ages if a < young_under)
    bands = Counter("under_40" if a < 40 else "from_40_to_50" if a <= 50 else "over_50" for a in ages)
    return Shares(candidates=n, women=women, women_share=round(women / n, 4) if n else None, young=young,
                  young_share=round(young / n, 4) if n else None,
                  age_bands={k: bands.get(k, 0) for k in ("under_40", "from_40_to_50", "over_50")})


async def structure(session: AsyncSession, principal: Principal, cycle_id: int) -> CycleStructure:
    """Live structure of a cycle: shares overall and per post, and the checks against the thresholds."""
    cycle = await visible_cycle(session, principal, cycle_id)
    on = today()
    rows = (await session.execute(_entry_select().where(entries.c.cycle_id == cycle_id,
                                                        entries.c.removed_on.is_(None)))).all()
    young_under = await rulebook.rule_int(session, RuleCode.young_age_under, on)
    max_per_post = await rulebook.rule_int(session, RuleCode.planning_max_per_post, on)
    min_women = await rulebook.rule_value(session, RuleCode.planning_min_women_share, on)
    min_young = await rulebook.rule_value(session, RuleCode.planning_min_young_share, on)
    unique = list({r.cadre_id: r for r in rows}.values())
    overall = _shares(unique, on, young_under)
    by_post: dict[str, list[Any]] = {}
    for r in rows:
        by_post.setdefault(r.position_code, []).append(r)
    posts = [PostStructure(position_code=code, max_candidates=max_per_post,
                           **_shares(people, on, young_under).model_dump()) for code, people in sorted(by_post.items())]
    women_ok = overall.women_share is not None and overall.women_share >= min_women
    young_ok = overall.young_share is not None and overall.young_share >= min_young
    bands_ok = all(overall.age_bands[b] > 0 for b in overall.age_bands)
    checks = [
        StructureCheck(check="women_share", passed=women_ok,
                       message=f"nữ {overall.women}/{overall.candidates}, cần ≥ {min_women:.0%}"),
        StructureCheck(check="young_share", passed=young_ok,
                       message=f"trẻ (dưới {young_under} tuổi) {overall.young}/{overall.candidates}, "
                               f"cần ≥ {min_young:.0%}"),
        StructureCheck(check="three_age_bands", passed=bands_ok,
                       message="đủ 3 độ tuổi" if bands_ok else "chưa đủ 3 độ tuổi (dưới 40, 40–50, trên 50)"),
    ] + [StructureCheck(check=f"max_per_post:{p.position_code}", passed=p.candidates <= max_per_post,
                        message=f"{p.position_code}: {p.candidates}/{max_per_post}") for p in posts]
    return CycleStructure(cycle_id=cycle_id, as_of=on, overall=overall, posts=posts, checks=checks,
                          snapshot=cycle.snapshot)


async def _transition(session: AsyncSession, cycle_id: int, expected: str, **values: Any) -> None:
    result = await session.execute(update(cycles).where(cycles.c.id == cycle_id, cycles.c.status == expected)
                                   .values(**values, version=cycles.c.version + 1))
    if rowcount(result) != 1:
        raise Conflict("invalid_transition", f"the cycle is not {expected}")


SHARE_CHECKS = ("women_share", "young_share")


async def _shortfall_acknowledgement(session: AsyncSession, actor: Principal, cycle: Any, body: ShortfallAck,
                                     stage: str) -> list[dict[str, Any]]:
    """D8: below the women or young targets, submitting or approving needs `acknowledge_shortfall: true` with a
    reason (else 422 `planning_shortfall_unacknowledged`). Returns the cycle's acknowledgements, this one added."""
    acks: list[dict[str, Any]] = list(cycle.acknowledgements or [])
    if cycle.status != ("draft" if stage == "submit" else "submitted"):
        return acks  # the transition itself answers 409
    checks = (await structure(session, actor, cycle.id)).checks
    short = [c for c in checks if c.check in SHARE_CHECKS and not c.passed]
    if not short:
        return acks
    if not (body.acknowledge_shortfall and body.shortfall_reason):
        raise RuleViolation("planning_shortfall_unacknowledged", "; ".join(c.message for c in short), errors=[
            FieldProblem("acknowledge_shortfall", c.check, c.message) for c in short])
    acks.append({"stage": stage, "by": actor.subject, "at": utcnow().isoformat(), "reason": body.shortfall_reason,
                 "checks": [c.check for c in short], "messages": [c.message for c in short]})
    return acks


async def submit_cycle(session: AsyncSession, actor: Principal, cycle_id: int,
                       body: SubmitCycle | None = None) -> CycleRead:
    cycle = await visible_cycle(session, actor, cycle_id, WRITE)
    acks = await _shortfall_acknowledgement(session, actor, cycle, body or SubmitCycle(), "submit")
    await _transition(session, cycle_id, "draft", status="submitted", submitted_at=utcnow(), acknowledgements=acks)
    await audit.record(session, actor=actor.subject, action="planning.cycle.submit", entity_type="planning_cycle",
                       entity_id=cycle_id, unit_id=cycle.unit_id,
                       changes={"acknowledgement": acks[-1]} if len(acks) > len(cycle.acknowledgements or []) else {})
    return _read(await _cycle(session, cycle_id))


async def _is_upper_level_approver(session: AsyncSession, principal: Principal, unit_id: int) -> bool:
    roots = principal.roots(APPROVE)
    if roots is None:
        return True
    if not roots:
        return False
    hit = (await session.execute(select(closure.c.depth).where(
        closure.c.ancestor_id.in_(roots), closure.c.descendant_id == unit_id, closure.c.depth >= 1))).first()
    return hit is not None


async def approve_cycle(session: AsyncSession, actor: Principal, cycle_id: int,
                        body: ApproveCycle | None = None) -> CycleRead:
    """Approval by the upper level freezes the list: the snapshot is what was approved, for good (with the
    acknowledgements of any shortfall, D8)."""
    body = body or ApproveCycle()
    decision_no = body.decision_no
    cycle = await visible_cycle(session, actor, cycle_id, READ)
    if not await _is_upper_level_approver(session, actor, cycle.unit_id):
        raise Forbidden("a plan is approved by the upper level")
    acks = await _shortfall_acknowledgement(session, actor, cycle, body, "approve")
    snapshot = (await structure(session, actor, cycle_id)).model_dump(mode="json", exclude={"snapshot"})
    snapshot["candidates"] = [c.model_dump(mode="json") for c in
                              (await list_candidates(session, actor, cycle_id)).items]
    snapshot["acknowledgements"] = acks
    await _transition(session, cycle_id, "submitted", status="approved", approved_at=utcnow(),
                      approved_by=actor.subject, decision_no=decision_no, snapshot=snapshot, acknowledgements=acks)
    if cycle.revision_of is not None:
        await session.execute(update(cycles).where(cycles.c.id == cycle.revision_of).values(status="superseded"))
    await audit.record(session, actor=actor.subject, action="planning.cycle.approve", entity_type="planning_cycle",
                       entity_id=cycle_id, unit_id=cycle.unit_id, decision_no=decision_no,
                       changes={"candidates": len(snapshot["candidates"])})
    return _read(await _cycle(session, cycle_id))


async def open_revision(session: AsyncSession, actor: Principal, cycle_id: int) -> CycleRead:
    """Annual review (rà soát, bổ sung quy hoạch hằng năm, Q1): a draft copy of an approved cycle."""
    cycle = await visible_cycle(session, actor, cycle_id, WRITE)
    if cycle.status != "approved":
        raise Conflict("invalid_transition", "only an approved cycle can be revised")
    if (await session.execute(select(cycles.c.id).where(cycles.c.revision_of == cycle_id,
                                                        cycles.c.status.in_(("draft", "submitted"))))).first():
        raise Conflict("conflict", "a revision is already open")
    new_id = (await session.execute(insert(cycles).values(
        unit_id=cycle.unit_id, name=f"{cycle.name} (rà soát {today().year})", start_year=cycle.start_year,
        end_year=cycle.end_year, status="draft", revision_of=cycle_id, version=1, created_at=utcnow())
        .returning(cycles.c.id))).scalar_one()
    live = (await session.execute(select(entries).where(entries.c.cycle_id == cycle_id,
                                                        entries.c.removed_on.is_(None)))).all()
    if live:
        await session.execute(insert(entries), [
            {"cycle_id": new_id, "cadre_id": e.cadre_id, "position_code": e.position_code, "source": e.source,
             "added_on": e.added_on, "added_reason": e.added_reason} for e in live])
    await audit.record(session, actor=actor.subject, action="planning.cycle.revise", entity_type="planning_cycle",
                       entity_id=new_id, unit_id=cycle.unit_id, changes={"revision_of": cycle_id})
    return _read(await _cycle(session, new_id))


async def approved_plan_posts(session: AsyncSession, cadre_id: int, unit_id: int) -> list[str]:
    """The posts of the unit the person is planned for in an approved plan (active entries), highest first."""
    rows = (await session.execute(
        select(entries.c.position_code, col(Position.rank)).join(cycles, cycles.c.id == entries.c.cycle_id)
        .join(Position, col(Position.code) == entries.c.position_code)
        .where(entries.c.cadre_id == cadre_id, entries.c.removed_on.is_(None), cycles.c.unit_id == unit_id,
               cycles.c.status == "approved").distinct().order_by(col(Position.rank), entries.c.position_code))).all()
    return [r.position_code for r in rows]


async def planning_list(session: AsyncSession, principal: Principal, cycle_id: int, fmt: str) -> tuple[bytes, str]:
    """The cycle's list as a file: the approved snapshot once approved, else the live candidates."""
    from app.core import documents as docs
    from app.core.access_log import log_access
    from app.org_units.models import OrgUnit
    from app.planning import documents
    from app.reports.documents import XLSX_TYPE

    cycle = await visible_cycle(session, principal, cycle_id)
    live = (await list_candidates(session, principal, cycle_id)).items
    candidates = [CandidateRead.model_validate(c) for c in cycle.snapshot["candidates"]] \
        if cycle.snapshot else live
    names = dict((await session.execute(select(col(Position.code), col(Position.name_vi)))).all())
    rows = documents.table_rows(candidates, names)
    await log_access(session, actor=principal.subject, subject_type="cadre",
                     subject_ids=[c.cadre_id for c in candidates], category="export",
                     purpose=f"planning list {cycle_id}", unit_id=cycle.unit_id)
    notes = documents.acknowledgement_lines(cycle.acknowledgements or [])
    if fmt == "xlsx":
        return documents.to_xlsx(f"Danh sách quy hoạch — {cycle.name}", rows, notes), XLSX_TYPE
    units = table_of(OrgUnit)
    unit = (await session.execute(select(units).where(units.c.id == cycle.unit_id))).one()
    parent = (await session.execute(select(units.c.name).where(units.c.id == unit.parent_id))).scalar() or ""
    on = today()
    young_under = await rulebook.rule_int(session, RuleCode.young_age_under, on)
    unique = {c.cadre_id: c for c in candidates}.values()
    return documents.to_docx(cycle=cycle, unit=unit, issuer_parent=parent, rows=rows,
                             women=sum(c.gender == "female" for c in unique),
                             young=sum(age_on(c.birth_date, on) < young_under for c in unique),
                             young_under=young_under, on=on, notes=notes), docs.DOCX_TYPE


async def scheduled_review_check(session: AsyncSession, on: date | None = None) -> int:
    """Rule 18: after 31/3, every plan approved before that year with no review (revision) opened in Q1 raises a
    `planning_review_missing` task for its unit. Idempotent per cycle and year. Returns the tasks raised or kept."""
    on = on or today()
    deadline = date(on.year, 3, 31)
    if on <= deadline:
        return 0
    q1_start, q1_end = datetime(on.year, 1, 1, tzinfo=UTC), datetime(on.year, 4, 1, tzinfo=UTC)
    reviewed = select(cycles.c.revision_of).where(cycles.c.revision_of.is_not(None),
                                                  cycles.c.created_at >= q1_start, cycles.c.created_at < q1_end)
    due = (await session.execute(select(cycles.c.id, cycles.c.unit_id, cycles.c.name).where(
        cycles.c.status == "approved", cycles.c.approved_at < q1_start, cycles.c.end_year >= on.year,
        cycles.c.id.not_in(reviewed)).order_by(cycles.c.id))).all()
    for cycle in due:
        await tasks.raise_task(
            session, kind=TaskKind.planning_review_missing, unit_id=cycle.unit_id, due_on=deadline,
            dedupe_key=f"planning_review_missing:{cycle.id}:{on.year}", source_type="planning_cycle",
            source_id=cycle.id,
            title_vi=f"Chưa rà soát quy hoạch quý I/{on.year}: {cycle.name}",
            title_en=f"No Q1 {on.year} planning review recorded: {cycle.name}")
    return len(due)
