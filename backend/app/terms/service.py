"""Terms, bodies and assignments (nhiệm kỳ, cơ quan lãnh đạo, giữ chức vụ).

Rules (tests in tests/terms/ carry their names):
- at most one Chủ tịch per body at any date (rule 6);
- an assignment ends within its term unless carried over;
- ending an assignment before its term ends needs an early-end reason from the allowed list (rule 7);
- an appointment to the apparatus runs 5 years unless a date is given (rule 13);
- when a unit ends (merge, dissolution, split) its open assignments are closed with `unit_ended` and its
  cadres move to the successor unit if there is one: nothing is left dangling (rule 3).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import Cadre
from app.cadres.service import set_home_unit, visible_cadre
from app.core import audit
from app.core.dates import add_years, age_on
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.org_units.models import OrgUnit, UnitLevel, UnitType
from app.rulebook.models import RuleCode
from app.rulebook.service import rule_int
from app.terms.models import EARLY_END_REASONS, Assignment, Basis, Body, Position, Term
from app.terms.schemas import (
    AssignmentCreate,
    AssignmentEnd,
    AssignmentList,
    AssignmentRead,
    BodyComposition,
    BodyCreate,
    BodyRead,
    CompositionMember,
    ExpiringAppointment,
    ExpiringAppointmentList,
    PositionList,
    PositionRead,
    TermCreate,
    TermList,
    TermRead,
)

terms = table_of(Term)
bodies = table_of(Body)
assignments = table_of(Assignment)
cadres = table_of(Cadre)
units = table_of(OrgUnit)

READ, WRITE = "cadres:read", "cadres:write"
TERM_YEARS = 5


def overlaps(from_a: date, to_a: date | None, from_b: Any, to_b: Any) -> Any:
    """SQL: [from_b, to_b) intersects [from_a, to_a) — open ends are None."""
    cond = [or_(to_b.is_(None), to_b > from_a)]
    if to_a is not None:
        cond.append(from_b < to_a)
    return and_(*cond)


# --- reference -------------------------------------------------------------------------------------------

async def list_positions(session: AsyncSession) -> PositionList:
    rows = (await session.execute(select(Position).order_by(col(Position.rank)))).scalars().all()
    return PositionList(items=[PositionRead(code=p.code, label_vi=p.name_vi, label_en=p.name_en, rank=p.rank,
                                            is_key=p.is_key, body_kinds=p.body_kinds.split()) for p in rows])


# --- terms and bodies ------------------------------------------------------------------------------------

async def _term_read(session: AsyncSession, term_id: int) -> TermRead:
    term = (await session.execute(select(terms).where(terms.c.id == term_id))).first()
    if term is None:
        raise NotFound()
    body_rows = (await session.execute(select(bodies).where(bodies.c.term_id == term_id).order_by(bodies.c.id))).all()
    return TermRead.model_validate({**dict(term._mapping),
                                    "bodies": [dict(b._mapping) for b in body_rows]})


async def create_term(session: AsyncSession, actor: Principal, data: TermCreate) -> TermRead:
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    end = data.end_date or add_years(data.start_date, TERM_YEARS)
    if end <= data.start_date:
        raise RuleViolation("validation_error", errors=[FieldProblem("end_date", "invalid", "end before start")])
    overlapping = (await session.execute(select(terms.c.id).where(
        terms.c.unit_id == data.unit_id, terms.c.start_date < end, terms.c.end_date > data.start_date))).first()
    if overlapping is not None:
        raise Conflict("term_overlap", "the unit already has a term over these dates", existing_id=overlapping.id)
    term_id = (await session.execute(insert(terms).values(
        unit_id=data.unit_id, name=data.name, congress_date=data.congress_date, start_date=data.start_date,
        end_date=end, mode=data.mode, decision_no=data.decision_no, version=1).returning(terms.c.id))).scalar_one()
    for spec in data.bodies:
        if spec.kind == "apparatus":
            raise RuleViolation("validation_error", errors=[FieldProblem("bodies", "invalid", "apparatus has no term")])
        await session.execute(insert(bodies).values(unit_id=data.unit_id, term_id=term_id, kind=spec.kind,
                                                    seats=spec.seats))
    await audit.record(session, actor=actor.subject, action="term.create", entity_type="term", entity_id=term_id,
                       unit_id=data.unit_id, changes=data.model_dump(exclude_none=True), decision_no=data.decision_no)
    return await _term_read(session, term_id)


async def get_term(session: AsyncSession, principal: Principal, term_id: int) -> TermRead:
    read = await _term_read(session, term_id)
    await ensure_in_scope(session, principal, READ, read.unit_id)
    return read


async def list_terms(session: AsyncSession, principal: Principal, *, unit_id: int | None, within: int | None,
                     cursor: str | None, limit: int) -> TermList:
    stmt = select(terms.c.id, terms.c.start_date).where(unit_filter(principal, READ, terms.c.unit_id))
    if unit_id is not None:
        await ensure_in_scope(session, principal, READ, unit_id)
        stmt = stmt.where(terms.c.unit_id == unit_id)
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        stmt = stmt.where(terms.c.unit_id.in_(subtree_ids([within])))
    rows = (await session.execute(keyset(stmt, [terms.c.start_date, terms.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["start_date", "id"], limit)
    return TermList(items=[await _term_read(session, r.id) for r in items], next_cursor=next_cursor)


async def create_body(session: AsyncSession, actor: Principal, data: BodyCreate) -> BodyRead:
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    if data.kind == "apparatus":
        if data.term_id is not None:
            raise RuleViolation("validation_error",
                                errors=[FieldProblem("term_id", "invalid", "apparatus has no term")])
        existing = (await session.execute(select(bodies.c.id).where(
            bodies.c.unit_id == data.unit_id, bodies.c.kind == "apparatus"))).first()
        if existing is not None:
            raise Conflict("conflict", "the unit already has an apparatus body", existing_id=existing.id)
    else:
        term = (await session.execute(select(terms).where(terms.c.id == data.term_id))).first()
        if term is None or term.unit_id != data.unit_id:
            raise RuleViolation("validation_error", errors=[FieldProblem("term_id", "invalid", "term of another unit")])
    body_id = (await session.execute(insert(bodies).values(**data.model_dump()).returning(bodies.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="body.create", entity_type="body", entity_id=body_id,
                       unit_id=data.unit_id, changes=data.model_dump(exclude_none=True))
    return BodyRead(id=body_id, **data.model_dump())


async def _body(session: AsyncSession, body_id: int) -> Any:
    row = (await session.execute(
        select(bodies, terms.c.start_date.label("term_start"), terms.c.end_date.label("term_end"))
        .select_from(bodies.outerjoin(terms, terms.c.id == bodies.c.term_id))
        .where(bodies.c.id == body_id))).first()
    if row is None:
        raise NotFound()
    return row


async def body_of(session: AsyncSession, body_id: int) -> Any:
    """A body with its unit, kind and term dates (404 when missing), for other domains' checks."""
    return await _body(session, body_id)


# --- assignments -----------------------------------------------------------------------------------------

def _assignment_select() -> Any:
    return (select(assignments, bodies.c.kind.label("body"), bodies.c.term_id)
            .join(bodies, bodies.c.id == assignments.c.body_id))


async def _assignment_read(session: AsyncSession, assignment_id: int) -> AssignmentRead:
    row = (await session.execute(_assignment_select().where(assignments.c.id == assignment_id))).first()
    if row is None:
        raise NotFound()
    return AssignmentRead.model_validate(dict(row._mapping))


async def assignment_of(session: AsyncSession, assignment_id: int) -> AssignmentRead:
    """One assignment (404 when missing), for other domains' checks; the caller checks scope."""
    return await _assignment_read(session, assignment_id)


async def check_single_chair(session: AsyncSession, body: Any, cadre_id: int, from_date: date, to_date: date | None,
                             exclude_id: int | None = None) -> None:
    """Rules 6 and D11: one Chủ tịch per body at any date, and one per unit and term — the BTV's chair is the
    BCH's chair, so a chair of another body of the same term must be the same person."""
    overlapping = [assignments.c.position_code == "chu_tich",
                   overlaps(from_date, to_date, assignments.c.from_date, assignments.c.to_date)]
    if exclude_id is not None:
        overlapping.append(assignments.c.id != exclude_id)
    same_body = assignments.c.body_id == body.id
    if body.term_id is not None:
        other_person_in_term = and_(assignments.c.body_id.in_(select(bodies.c.id).where(
            bodies.c.term_id == body.term_id)), assignments.c.cadre_id != cadre_id)
        where = or_(same_body, other_person_in_term)
    else:
        where = same_body
    clash = (await session.execute(select(assignments.c.id, assignments.c.cadre_id)
                                   .where(*overlapping, where))).first()
    if clash is not None:
        raise Conflict("chair_already_assigned", "the body or its term already has a chair over these dates",
                       existing_id=clash.id)


async def create_assignment(session: AsyncSession, actor: Principal, data: AssignmentCreate) -> AssignmentRead:
    cadre = await visible_cadre(session, actor, data.cadre_id, WRITE)
    body = await _body(session, data.body_id)
    await ensure_in_scope(session, actor, WRITE, body.unit_id)
    assignment_id = await open_assignment(session, actor.subject, data, cadre_unit_id=cadre.unit_id)
    return await _assignment_read(session, assignment_id)


async def open_assignment(session: AsyncSession, actor: str, data: AssignmentCreate, *,
                          cadre_unit_id: int | None = None) -> int:
    """Open an assignment with every post rule checked (callers have checked the actor's scope)."""
    body = await _body(session, data.body_id)
    position = await session.get(Position, data.position_code)
    if position is None or body.kind not in position.body_kinds.split():
        raise RuleViolation("invalid_position_for_body", errors=[FieldProblem(
            "position_code", "invalid_position_for_body", f"{data.position_code} is not a post of {body.kind}")])
    to_date = data.to_date
    if body.term_id is not None:
        if not body.term_start <= data.from_date < body.term_end:
            raise RuleViolation("assignment_outside_term", errors=[FieldProblem(
                "from_date", "assignment_outside_term", f"term {body.term_start}–{body.term_end}")])
        if to_date is None and not data.carried_over:
            to_date = body.term_end
        if to_date is not None and to_date > body.term_end and not data.carried_over:
            raise RuleViolation("assignment_outside_term", errors=[FieldProblem(
                "to_date", "assignment_outside_term", f"term ends {body.term_end}; set carried_over")])
    elif data.basis == "appointed" and to_date is None:
        to_date = add_years(data.from_date, TERM_YEARS)  # rule 13
    if to_date is not None and to_date <= data.from_date:
        raise RuleViolation("validation_error", errors=[FieldProblem("to_date", "invalid", "to_date ≤ from_date")])
    if data.position_code == "chu_tich":
        await check_single_chair(session, body, data.cadre_id, data.from_date, to_date)
    same = (await session.execute(select(assignments.c.id).where(
        assignments.c.cadre_id == data.cadre_id, assignments.c.body_id == data.body_id,
        assignments.c.position_code == data.position_code,
        overlaps(data.from_date, to_date, assignments.c.from_date, assignments.c.to_date)))).first()
    if same is not None:
        raise Conflict("conflict", "the cadre already holds this post over these dates", existing_id=same.id)
    values = data.model_dump()
    values.update(to_date=to_date, unit_id=body.unit_id, created_at=utcnow())
    assignment_id = (await session.execute(insert(assignments).values(**values).returning(assignments.c.id))
                     ).scalar_one()
    await audit.record(session, actor=actor, action="assignment.create", entity_type="assignment",
                       entity_id=assignment_id, unit_id=body.unit_id,
                       changes={**data.model_dump(exclude_none=True), "cadre_unit_id": cadre_unit_id},
                       decision_no=data.decision_no)
    return assignment_id


async def end_assignment(session: AsyncSession, actor: Principal, assignment_id: int,
                         data: AssignmentEnd) -> AssignmentRead:
    unit_id = (await session.execute(select(assignments.c.unit_id).where(assignments.c.id == assignment_id))
               ).scalar()
    if unit_id is None:
        raise NotFound()
    await ensure_in_scope(session, actor, WRITE, unit_id)
    await close_assignment(session, actor.subject, assignment_id, data)
    return await _assignment_read(session, assignment_id)


async def close_assignment(session: AsyncSession, actor: str, assignment_id: int, data: AssignmentEnd) -> None:
    """End an assignment (rule 7: before its planned end only for an allowed reason)."""
    row = (await session.execute(select(assignments, terms.c.end_date.label("term_end"))
                                 .select_from(assignments.join(bodies, bodies.c.id == assignments.c.body_id)
                                              .outerjoin(terms, terms.c.id == bodies.c.term_id))
                                 .where(assignments.c.id == assignment_id))).first()
    if row is None:
        raise NotFound()
    if row.end_reason is not None:
        raise Conflict("assignment_already_ended", f"ended on {row.to_date} ({row.end_reason})")
    if data.to_date <= row.from_date:
        raise RuleViolation("validation_error", errors=[FieldProblem("to_date", "invalid", "before the start")])
    planned_end = row.term_end or row.to_date
    early = planned_end is not None and data.to_date < planned_end
    if early and data.end_reason not in EARLY_END_REASONS:
        raise RuleViolation("early_end_reason_required", errors=[FieldProblem(
            "end_reason", "early_end_reason_required", f"one of {', '.join(EARLY_END_REASONS)}")])
    await session.execute(update(assignments).where(assignments.c.id == assignment_id).values(
        to_date=data.to_date, end_reason=data.end_reason, decision_no=data.decision_no or row.decision_no))
    await audit.record(session, actor=actor, action="assignment.end", entity_type="assignment",
                       entity_id=assignment_id, unit_id=row.unit_id, changes=data.model_dump(exclude_none=True),
                       decision_no=data.decision_no)


async def open_assignments_of(session: AsyncSession, cadre_id: int, on: date) -> list[Any]:
    """The cadre's assignments running on `on` (with their post's rank), highest post first."""
    return list((await session.execute(
        select(assignments, col(Position.rank)).join(Position, col(Position.code) == assignments.c.position_code)
        .where(assignments.c.cadre_id == cadre_id, assignments.c.from_date <= on,
               or_(assignments.c.to_date.is_(None), assignments.c.to_date > on))
        .order_by(col(Position.rank), assignments.c.from_date))).all())


async def body_for_post(session: AsyncSession, actor: str, unit_id: int, position_code: str, on: date) -> int:
    """Where a post of a unit lives on a date: the apparatus (created on first use), or the body of the unit's
    term running then whose kind has the post."""
    position = await session.get(Position, position_code)
    if position is None:
        raise NotFound()
    kinds = position.body_kinds.split()
    if "apparatus" in kinds:
        existing = (await session.execute(select(bodies.c.id).where(bodies.c.unit_id == unit_id,
                                                                    bodies.c.kind == "apparatus"))).scalar()
        if existing is not None:
            return int(existing)
        body_id = (await session.execute(insert(bodies).values(unit_id=unit_id, kind="apparatus")
                                          .returning(bodies.c.id))).scalar_one()
        await audit.record(session, actor=actor, action="body.create", entity_type="body", entity_id=body_id,
                           unit_id=unit_id, changes={"kind": "apparatus"})
        return int(body_id)
    found = (await session.execute(
        select(bodies.c.id, bodies.c.kind).join(terms, terms.c.id == bodies.c.term_id)
        .where(bodies.c.unit_id == unit_id, bodies.c.kind.in_(kinds), terms.c.start_date <= on,
               terms.c.end_date > on))).all()
    if not found:
        raise RuleViolation("no_body_for_post", f"no term of the unit on {on:%d/%m/%Y} has a body with {position_code}")
    return int(min(found, key=lambda r: kinds.index(r.kind)).id)


async def cadre_assignments(session: AsyncSession, principal: Principal, cadre_id: int) -> AssignmentList:
    await visible_cadre(session, principal, cadre_id)
    rows = (await session.execute(_assignment_select().where(assignments.c.cadre_id == cadre_id)
                                  .order_by(assignments.c.from_date, assignments.c.id))).all()
    return AssignmentList(items=[AssignmentRead.model_validate(dict(r._mapping)) for r in rows])


async def expiring_appointments(session: AsyncSession, principal: Principal, *, within: int, by: date,
                                limit: int) -> ExpiringAppointmentList:
    """Open appointed posts in a subtree whose period (rule 13: from + 5 years) ends between today and `by`."""
    await ensure_in_scope(session, principal, READ, within)
    on = today()
    rows = (await session.execute(
        select(assignments.c.id.label("assignment_id"), assignments.c.cadre_id, cadres.c.full_name,
               assignments.c.unit_id, units.c.name.label("unit_name"), assignments.c.position_code,
               assignments.c.from_date, assignments.c.to_date)
        .join(cadres, cadres.c.id == assignments.c.cadre_id)
        .join(units, units.c.id == assignments.c.unit_id)
        .where(assignments.c.unit_id.in_(subtree_ids([within])), unit_filter(principal, READ, assignments.c.unit_id),
               assignments.c.basis == Basis.appointed, assignments.c.to_date.is_not(None),
               assignments.c.to_date > on, assignments.c.to_date <= by, cadres.c.deleted_at.is_(None))
        .order_by(assignments.c.to_date, cadres.c.sort_key).limit(limit))).all()
    return ExpiringAppointmentList(items=[ExpiringAppointment.model_validate(dict(r._mapping)) for r in rows])


async def body_composition(session: AsyncSession, principal: Principal, body_id: int,
                           as_of: date | None) -> BodyComposition:
    """Seats, vacancies, and the women / young shares of a body on a date (cơ cấu BCH)."""
    body = await _body(session, body_id)
    await ensure_in_scope(session, principal, READ, body.unit_id)
    on = as_of or today()
    young_limit = await rule_int(session, RuleCode.young_age_under, on)
    rows = (await session.execute(
        select(assignments.c.id, assignments.c.cadre_id, assignments.c.position_code, cadres.c.full_name,
               cadres.c.gender, cadres.c.birth_date)
        .join(cadres, cadres.c.id == assignments.c.cadre_id)
        .where(assignments.c.body_id == body_id, assignments.c.from_date <= on,
               or_(assignments.c.to_date.is_(None), assignments.c.to_date > on), cadres.c.deleted_at.is_(None))
        .order_by(assignments.c.position_code, cadres.c.sort_key))).all()
    members = [CompositionMember(assignment_id=r.id, cadre_id=r.cadre_id, full_name=r.full_name,
                                 position_code=r.position_code, gender=r.gender, birth_date=r.birth_date,
                                 age=age_on(r.birth_date, on)) for r in rows]
    people = {m.cadre_id: m for m in members}.values()  # a person holding two posts fills one seat
    filled = len(people)
    women = sum(1 for m in people if m.gender == "female")
    young = sum(1 for m in people if m.age < young_limit)
    return BodyComposition(
        body_id=body_id, kind=body.kind, as_of=on, seats=body.seats, filled=filled,
        vacancies=None if body.seats is None else max(body.seats - filled, 0), women=women,
        women_share=round(women / filled, 4) if filled else None, young=young,
        young_share=round(young / filled, 4) if filled else None, young_age_limit=young_limit, members=members)


# --- restructuring -----------------------------------------------------------------------------------------

async def close_for_ended_unit(session: AsyncSession, actor: str, unit_id: int, on: date,
                               successor_id: int | None) -> dict[str, int]:
    """Rule 3: a merged, split or dissolved unit leaves nothing dangling — its open assignments end with
    `unit_ended` on the effective date, and its cadres move to the successor unit when there is one."""
    open_rows = (await session.execute(select(assignments.c.id).where(
        assignments.c.unit_id == unit_id, or_(assignments.c.to_date.is_(None), assignments.c.to_date > on),
        assignments.c.from_date < on))).scalars().all()
    if open_rows:
        await session.execute(update(assignments).where(assignments.c.id.in_(open_rows))
                              .values(to_date=on, end_reason="unit_ended"))
    not_started = (await session.execute(select(func.count()).select_from(assignments).where(
        assignments.c.unit_id == unit_id, assignments.c.from_date >= on))).scalar_one()
    if not_started:
        raise RuleViolation("validation_error", f"{not_started} assignment(s) start on or after the end date")
    moved = 0
    if successor_id is not None:
        moved = await set_home_unit(session, actor=actor, to_unit_id=successor_id, from_unit_id=unit_id, on=on,
                                    reason="unit_ended")
    if open_rows or moved:
        await audit.record(session, actor=actor, action="unit.carry_over", entity_type="org_unit", entity_id=unit_id,
                           unit_id=unit_id, changes={"closed_assignments": len(open_rows), "moved_cadres": moved,
                                                     "successor_id": successor_id})
    return {"closed_assignments": len(open_rows), "moved_cadres": moved}


async def period_covering(session: AsyncSession, cadre_id: int, unit_id: int,
                          on: date) -> tuple[date, date | None] | None:
    """One term or appointment period" (QĐ 41, rule 22): the unit's term running on `on`, else the period of the
    person's post running then; None when neither exists."""
    term = (await session.execute(select(terms.c.start_date, terms.c.end_date).where(
        terms.c.unit_id == unit_id, terms.c.start_date <= on, terms.c.end_date > on)
        .order_by(terms.c.start_date.desc()).limit(1))).first()
    if term is not None:
        return term.start_date, term.end_date
    held = await open_assignments_of(session, cadre_id, on)
    if held:
        return held[0].from_date, held[0].to_date
    return None


# --- post standing (D5, D6) and terms held (NĐ 138/2020 Đ.41) ----------------------------------------------

Standing = tuple[int, int]  # (unit level rank, post rank): lower is higher, compared level first


async def post_standing(session: AsyncSession, unit_id: int, position_code: str) -> Standing:
    """How high a post of a unit stands (D5): the unit's level first, then the post — so a provincial Phó Chủ
    tịch stands above a grassroots Chủ tịch."""
    row: Any = (await session.execute(
        select(col(UnitLevel.rank), col(Position.rank).label("post_rank")).select_from(units)
        .join(UnitType, col(UnitType.code) == units.c.unit_type)
        .join(UnitLevel, col(UnitLevel.code) == col(UnitType.level_code))
        .join(Position, col(Position.code) == position_code).where(units.c.id == unit_id))).first()
    if row is None:
        raise NotFound()
    return int(row.rank), int(row.post_rank)


def _standing_select() -> Any:
    return (select(assignments.c.id, assignments.c.unit_id, assignments.c.position_code, assignments.c.from_date,
                   assignments.c.to_date, col(UnitLevel.rank).label("level_rank"),
                   col(Position.rank).label("post_rank"))
            .join(units, units.c.id == assignments.c.unit_id)
            .join(UnitType, col(UnitType.code) == units.c.unit_type)
            .join(UnitLevel, col(UnitLevel.code) == col(UnitType.level_code))
            .join(Position, col(Position.code) == assignments.c.position_code))


async def current_standing(session: AsyncSession, cadre_id: int, on: date) -> Standing | None:
    """The highest standing among the posts the person holds on `on` (None: holds none — a first appointment)."""
    rows = (await session.execute(_standing_select().where(
        assignments.c.cadre_id == cadre_id, assignments.c.from_date <= on,
        or_(assignments.c.to_date.is_(None), assignments.c.to_date > on)))).all()
    return min(((int(r.level_rank), int(r.post_rank)) for r in rows), default=None)


async def months_in_standing(session: AsyncSession, cadre_id: int, standing: Standing, on: date) -> int:
    """Months (cumulative, overlaps counted once) the person has held posts of this standing — the current post
    or an equivalent one (rulebook §4.4) — up to `on`."""
    rows = (await session.execute(_standing_select().where(
        assignments.c.cadre_id == cadre_id, assignments.c.from_date <= on,
        UnitLevel.rank == standing[0], Position.rank == standing[1]).order_by(assignments.c.from_date))).all()
    total, covered_to = 0, None
    for r in rows:
        start, end = r.from_date, min(r.to_date or on, on)
        if covered_to is not None:
            start = max(start, covered_to)
        if end > start:
            total += (end - start).days
            covered_to = end if covered_to is None else max(covered_to, end)
    return months_from_days(total)


def months_from_days(days: int) -> int:
    """Whole months in a number of days (30.4375 days a month on average)."""
    return int(days // 30.4375)


async def consecutive_terms(session: AsyncSession, cadre_id: int, unit_id: int, position_code: str,
                            on: date) -> int:
    """How many consecutive appointment periods of this post of this unit the person has held up to `on` (the
    last one running on `on` or ending then); a gap of more than 31 days breaks the chain."""
    rows = (await session.execute(select(assignments.c.from_date, assignments.c.to_date).where(
        assignments.c.cadre_id == cadre_id, assignments.c.unit_id == unit_id,
        assignments.c.position_code == position_code, assignments.c.from_date <= on)
        .order_by(assignments.c.from_date.desc()))).all()
    count, start = 0, None
    for r in rows:
        end = r.to_date
        if start is None:
            if end is not None and (on - end).days > 31:
                break
        elif end is None or (start - end).days > 31:
            break
        count += 1
        start = r.from_date
    return count
