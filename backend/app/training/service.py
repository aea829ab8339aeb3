"""Training (đào tạo, bồi dưỡng): programmes, courses, enrolments and results, coverage gaps and counts.

A course is visible to callers whose scope contains its organiser or lies below it (a grassroots chair sees the
province's courses, to enrol people).
Enrolments and results are scoped by the cadre's unit. A passed course that carries a qualification adds that
row to the cadre's history through the cadres service (which owns the table), and so feeds title standards,
eligibility and Mẫu 2C.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import false, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.cadres.models import Cadre
from app.cadres.schemas import QualificationCreate
from app.core import audit
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import closure, ensure_in_scope, in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.org_units.models import OrgUnit, UnitLevel, UnitType
from app.training import coverage
from app.training.models import Enrolment, TrainingCourse, TrainingCourseTag, TrainingProgramme
from app.training.schemas import (
    CountRow,
    CourseCreate,
    CoursePage,
    CourseQualification,
    CourseRead,
    CoverageGaps,
    EnrolmentComplete,
    EnrolmentPage,
    EnrolmentRead,
    GapItem,
    ProgrammeCount,
    ProgrammeCreate,
    ProgrammeList,
    ProgrammeRead,
    TrainingStatistics,
)

programmes = table_of(TrainingProgramme)
courses = table_of(TrainingCourse)
course_tags = table_of(TrainingCourseTag)
enrolments = table_of(Enrolment)
cadres = table_of(Cadre)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
unit_levels = table_of(UnitLevel)

READ = "cadres:read"
WRITE = "cadres:write"


def _course_visible(principal: Principal) -> Any:
    """Organiser inside the caller's subtrees, or above one of their roots (courses run for the units below)."""
    roots = principal.roots(READ)
    if roots is None:
        return courses.c.id.is_not(None)
    if not roots:
        return false()
    above = select(closure.c.ancestor_id).where(closure.c.descendant_id.in_(roots))
    return or_(courses.c.organiser_unit_id.in_(subtree_ids(roots)), courses.c.organiser_unit_id.in_(above))


# --- programmes ------------------------------------------------------------------------------------------

async def create_programme(session: AsyncSession, actor: Principal, data: ProgrammeCreate) -> ProgrammeRead:
    await ensure_in_scope(session, actor, WRITE, data.organiser_unit_id)
    pid = (await session.execute(insert(programmes).values(**data.model_dump(), created_at=utcnow())
                                 .returning(programmes.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="training_programme.create",
                       entity_type="training_programme", entity_id=pid, unit_id=data.organiser_unit_id,
                       changes=data.model_dump())
    return ProgrammeRead(id=pid, **data.model_dump())


async def list_programmes(session: AsyncSession, principal: Principal, *, year: int | None) -> ProgrammeList:
    stmt = select(programmes).where(unit_filter(principal, READ, programmes.c.organiser_unit_id))
    if year is not None:
        stmt = stmt.where(programmes.c.year == year)
    rows = (await session.execute(stmt.order_by(programmes.c.year.desc(), programmes.c.id).limit(500))).all()
    return ProgrammeList(items=[ProgrammeRead.model_validate(dict(r._mapping)) for r in rows])


# --- courses ---------------------------------------------------------------------------------------------

def _course_select() -> Any:
    enrolled = (select(func.count()).where(enrolments.c.course_id == courses.c.id,
                                           enrolments.c.status != "withdrawn").scalar_subquery())
    completed = (select(func.count()).where(enrolments.c.course_id == courses.c.id,
                                            enrolments.c.status == "completed").scalar_subquery())
    return (select(courses, units.c.name.label("organiser_name"), enrolled.label("enrolled"),
                   completed.label("completed"))
            .join(units, units.c.id == courses.c.organiser_unit_id))


async def _tags(session: AsyncSession, course_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {cid: [] for cid in course_ids}
    if course_ids:
        for cid, tag in (await session.execute(select(course_tags.c.course_id, course_tags.c.tag)
                                               .where(course_tags.c.course_id.in_(course_ids))
                                               .order_by(course_tags.c.tag))).all():
            out[cid].append(tag)
    return out


def _course_read(row: Any, tags: list[str]) -> CourseRead:
    m = dict(row._mapping)
    qual = (CourseQualification(kind=m["qualification_kind"], level=m["qualification_level"])
            if m["qualification_kind"] else None)
    return CourseRead.model_validate({
        "id": m["id"], "name": m["name"], "organiser_unit_id": m["organiser_unit_id"],
        "organiser_name": m["organiser_name"], "programme_id": m["programme_id"], "tags": tags, "mode": m["mode"],
        "starts_on": m["starts_on"], "ends_on": m["ends_on"],
        "budget": float(m["budget"]) if m["budget"] is not None else None, "location": m["location"],
        "qualification": qual, "enrolled": m["enrolled"] or 0, "completed": m["completed"] or 0,
        "version": m["version"]})


async def _course(session: AsyncSession, principal: Principal, course_id: int) -> Any:
    row = (await session.execute(_course_select().where(courses.c.id == course_id,
                                                        _course_visible(principal)))).first()
    if row is None:
        raise NotFound()
    return row


async def get_course(session: AsyncSession, principal: Principal, course_id: int) -> CourseRead:
    row = await _course(session, principal, course_id)
    return _course_read(row, (await _tags(session, [course_id]))[course_id])


async def create_course(session: AsyncSession, actor: Principal, data: CourseCreate) -> CourseRead:
    await ensure_in_scope(session, actor, WRITE, data.organiser_unit_id)
    if data.programme_id is not None:
        prog = (await session.execute(select(programmes.c.organiser_unit_id)
                                      .where(programmes.c.id == data.programme_id))).first()
        if prog is None or not await in_scope(session, actor, READ, prog.organiser_unit_id):
            raise RuleViolation("validation_error", errors=[FieldProblem("programme_id", "not_found",
                                                                         str(data.programme_id))])
    values = data.model_dump(exclude={"tags", "qualification"})
    cid = (await session.execute(insert(courses).values(
        **values, qualification_kind=data.qualification.kind if data.qualification else None,
        qualification_level=data.qualification.level if data.qualification else None,
        created_by=actor.subject, created_at=utcnow(), version=1).returning(courses.c.id))).scalar_one()
    await session.execute(insert(course_tags), [{"course_id": cid, "tag": t} for t in sorted(set(data.tags))])
    await audit.record(session, actor=actor.subject, action="training_course.create", entity_type="training_course",
                       entity_id=cid, unit_id=data.organiser_unit_id, changes=data.model_dump(mode="json"))
    return await get_course(session, actor, cid)


async def list_courses(session: AsyncSession, principal: Principal, *, tag: str | None, year: int | None,
                       organiser_unit_id: int | None, q: str | None, cursor: str | None, limit: int) -> CoursePage:
    stmt = _course_select().where(_course_visible(principal))
    if tag:
        stmt = stmt.where(courses.c.id.in_(select(course_tags.c.course_id).where(course_tags.c.tag == tag)))
    if year is not None:
        stmt = stmt.where(courses.c.starts_on >= date(year, 1, 1), courses.c.starts_on <= date(year, 12, 31))
    if organiser_unit_id is not None:
        stmt = stmt.where(courses.c.organiser_unit_id == organiser_unit_id)
    if q:
        stmt = stmt.where(func.lower(courses.c.name).contains(q.lower()))
    rows = (await session.execute(keyset(stmt, [courses.c.starts_on, courses.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["starts_on", "id"], limit)
    tags = await _tags(session, [r.id for r in items])
    return CoursePage(items=[_course_read(r, tags[r.id]) for r in items], next_cursor=nxt)


# --- enrolments ------------------------------------------------------------------------------------------

def _enrolment_select() -> Any:
    return (select(enrolments, courses.c.name.label("course_name"), cadres.c.full_name.label("cadre_name"))
            .join(courses, courses.c.id == enrolments.c.course_id)
            .join(cadres, cadres.c.id == enrolments.c.cadre_id))


async def _enrolment(session: AsyncSession, principal: Principal, enrolment_id: int, permission: str) -> Any:
    row = (await session.execute(_enrolment_select().where(enrolments.c.id == enrolment_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


async def get_enrolment(session: AsyncSession, principal: Principal, enrolment_id: int) -> EnrolmentRead:
    return EnrolmentRead.model_validate(dict((await _enrolment(session, principal, enrolment_id, READ))._mapping))


async def enrol(session: AsyncSession, actor: Principal, course_id: int, cadre_id: int) -> EnrolmentRead:
    await _course(session, actor, course_id)
    try:
        cadre = await cadres_service.visible_cadre(session, actor, cadre_id, WRITE)
    except NotFound:
        raise RuleViolation("validation_error", errors=[FieldProblem("cadre_id", "not_found", str(cadre_id))]) \
            from None
    try:
        async with session.begin_nested():
            eid = (await session.execute(insert(enrolments).values(
                course_id=course_id, cadre_id=cadre_id, unit_id=cadre.unit_id, status="enrolled",
                created_by=actor.subject, created_at=utcnow(), version=1).returning(enrolments.c.id))).scalar_one()
    except IntegrityError:
        raise Conflict("already_enrolled", "the cadre is already enrolled in this course") from None
    await audit.record(session, actor=actor.subject, action="enrolment.create", entity_type="enrolment",
                       entity_id=eid, unit_id=cadre.unit_id, changes={"course_id": course_id, "cadre_id": cadre_id})
    return await get_enrolment(session, actor, eid)


async def list_enrolments(session: AsyncSession, principal: Principal, *, course_id: int | None,
                          cadre_id: int | None, cursor: str | None, limit: int) -> EnrolmentPage:
    stmt = _enrolment_select().where(unit_filter(principal, READ, enrolments.c.unit_id))
    if course_id is not None:
        await _course(session, principal, course_id)
        stmt = stmt.where(enrolments.c.course_id == course_id)
    if cadre_id is not None:
        await cadres_service.visible_cadre(session, principal, cadre_id)
        stmt = stmt.where(enrolments.c.cadre_id == cadre_id)
    rows = (await session.execute(keyset(stmt, [enrolments.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return EnrolmentPage(items=[EnrolmentRead.model_validate(dict(r._mapping)) for r in items], next_cursor=nxt)


async def complete(session: AsyncSession, actor: Principal, enrolment_id: int,
                   data: EnrolmentComplete) -> EnrolmentRead:
    """Record the result. A pass in a course carrying a qualification adds that row to the cadre's history
    through the cadres service (education/political theory are then re-derived, feeding eligibility)."""
    row = await _enrolment(session, actor, enrolment_id, WRITE)
    if row.status != "enrolled":
        raise Conflict("invalid_transition", f"enrolment is {row.status}")
    course = (await session.execute(select(courses, units.c.name.label("organiser_name"))
                                    .join(units, units.c.id == courses.c.organiser_unit_id)
                                    .where(courses.c.id == row.course_id))).one()
    completed_on = data.completed_on or course.ends_on
    if completed_on < course.starts_on:
        raise RuleViolation("validation_error", errors=[FieldProblem("completed_on", "before_course_start",
                                                                     "before the course starts")])
    qualification_id = None
    if data.result == "passed" and course.qualification_kind:
        qual = await cadres_service.add_qualification(session, actor, row.cadre_id, QualificationCreate(
            kind=course.qualification_kind, level=course.qualification_level, institution=course.organiser_name,
            awarded_on=completed_on, note=f"{course.name}" + (f" — {data.certificate_no}" if data.certificate_no
                                                                else "")))
        qualification_id = qual.id
    await session.execute(update(enrolments).where(enrolments.c.id == enrolment_id).values(
        status="completed", result=data.result, certificate_no=data.certificate_no,
        attendance_pct=data.attendance_pct, completed_on=completed_on, qualification_id=qualification_id,
        version=enrolments.c.version + 1))
    await audit.record(session, actor=actor.subject, action="enrolment.complete", entity_type="enrolment",
                       entity_id=enrolment_id, unit_id=row.unit_id,
                       changes={"result": data.result, "certificate_no": data.certificate_no,
                                "qualification_id": qualification_id})
    return await get_enrolment(session, actor, enrolment_id)


async def completed_courses(session: AsyncSession, cadre_id: int) -> list[dict[str, Any]]:
    """The cadre's completed enrolments with the course's tags (for eligibility facts and Mẫu 2C)."""
    rows = (await session.execute(
        select(enrolments.c.id, enrolments.c.result, enrolments.c.completed_on, enrolments.c.certificate_no,
               courses.c.id.label("course_id"), courses.c.name, courses.c.starts_on, courses.c.ends_on,
               units.c.name.label("organiser_name"))
        .join(courses, courses.c.id == enrolments.c.course_id)
        .join(units, units.c.id == courses.c.organiser_unit_id)
        .where(enrolments.c.cadre_id == cadre_id, enrolments.c.status == "completed")
        .order_by(courses.c.ends_on))).all()
    tags = await _tags(session, [r.course_id for r in rows])
    return [{**dict(r._mapping), "tags": tags[r.course_id]} for r in rows]


# --- coverage gaps and counts ----------------------------------------------------------------------------

def _period(period_start: date | None, period_end: date | None) -> tuple[date, date]:
    end = period_end or today()
    start = period_start or date(end.year, 1, 1)
    if start > end:
        raise RuleViolation("validation_error", errors=[FieldProblem("period_start", "after_end",
                                                                     "period_start is after period_end")])
    return start, end


async def coverage_gaps(session: AsyncSession, principal: Principal, *, unit_id: int, rule: str,
                        period_start: date | None, period_end: date | None, limit: int) -> CoverageGaps:
    from app.indicators.compute import scoped_units  # the dated subtree the indicators use

    await ensure_in_scope(session, principal, READ, unit_id)
    start, end = _period(period_start, period_end)
    pop = coverage.RULES[rule](scoped_units(end, [unit_id]), end, start).subquery("coverage")
    totals = (await session.execute(select(func.count(), func.coalesce(func.sum(pop.c.num), 0))
                                    .select_from(pop))).one()
    gap_rows = (await session.execute(
        select(pop.c.cadre_id, cadres.c.full_name, pop.c.unit_id, units.c.name.label("unit_name"),
               pop.c.position_code, pop.c.training_group)
        .join(cadres, cadres.c.id == pop.c.cadre_id).join(units, units.c.id == pop.c.unit_id)
        .where(pop.c.num == 0).order_by(units.c.name, cadres.c.full_name).limit(limit))).all()
    return CoverageGaps.model_validate({
        "rule": rule, "unit_id": unit_id, "period_start": start, "period_end": end, "population": int(totals[0]),
        "covered": int(totals[1]),
        "items": [GapItem(cadre_id=r.cadre_id, full_name=r.full_name, unit_id=r.unit_id, unit_name=r.unit_name,
                          position_code=r.position_code, training_group=r.training_group) for r in gap_rows]})


async def statistics(session: AsyncSession, principal: Principal, *, unit_id: int, period_start: date | None,
                     period_end: date | None) -> TrainingStatistics:
    """Lượt (enrolments of cadres of the subtree) and lớp (courses organised in the subtree) in the period, by
    tag, by organiser level and by programme, and the courses' budget."""
    await ensure_in_scope(session, principal, "reports:read", unit_id)
    start, end = _period(period_start, period_end)
    return await training_figures(session, unit_id=unit_id, period_start=start, period_end=end)


async def training_figures(session: AsyncSession, *, unit_id: int, period_start: date,
                           period_end: date) -> TrainingStatistics:
    """The counts and indicator #19 (training budget share) over the subtree and period, unscoped (the caller
    checked the scope): what `/training/statistics`, the statistics report and the review report show."""
    from app.indicators import compute  # indicator #19 over the same subtree and period

    counts = await training_counts(session, unit_id=unit_id, period_start=period_start, period_end=period_end)
    share = (await compute.compute(session, compute.REGISTRY["training_budget_share"], [unit_id], period_end,
                                   period_start))[unit_id]
    return counts.model_copy(update={"budget_share": share.value,
                                     "regular_funds": share.denominator if share.denominator else None,
                                     "training_spent": share.numerator})


async def training_counts(session: AsyncSession, *, unit_id: int, period_start: date,
                          period_end: date) -> TrainingStatistics:
    """Unscoped counts (the caller checked the scope): used by the statistics and review reports.

    Classes (lớp) and the budget are the courses the subtree's units organised that ended in the period; places
    (lượt) are the subtree's non-withdrawn enrolments in any course that ended in the period. One pass over each
    (the enrolments per course, the courses organised here) and the courses' tags; the breakdowns by tag,
    organiser level and programme are summed here, so the subtree's enrolments are read once, not per breakdown
    (a national report read them four times: ≈ 2 s on 170,000 enrolments, issue 13)."""
    sub = subtree_ids([unit_id])
    in_period = (courses.c.ends_on >= period_start, courses.c.ends_on <= period_end)
    level = unit_types.c.level_code
    attrs = (courses.c.id, courses.c.programme_id, level)
    taken = {r.id: r for r in (await session.execute(
        select(*attrs, func.count().label("n"), func.count().filter(enrolments.c.status == "completed").label("done"),
               func.count().filter(enrolments.c.result == "passed").label("passed"))
        .join(courses, courses.c.id == enrolments.c.course_id)
        .join(units, units.c.id == courses.c.organiser_unit_id).join(unit_types, unit_types.c.code == units.c.unit_type)
        .where(enrolments.c.unit_id.in_(sub), enrolments.c.status != "withdrawn", *in_period)
        .group_by(*attrs))).all()}
    organised = (await session.execute(
        select(*attrs, courses.c.budget)
        .join(units, units.c.id == courses.c.organiser_unit_id).join(unit_types, unit_types.c.code == units.c.unit_type)
        .where(courses.c.organiser_unit_id.in_(sub), *in_period))).all()
    tags: dict[int, list[str]] = {}
    for course_id, tag in (await session.execute(select(course_tags.c.course_id, course_tags.c.tag)
                                                 .join(courses, courses.c.id == course_tags.c.course_id)
                                                 .where(*in_period))).all():
        tags.setdefault(course_id, []).append(tag)
    n_enrol = sum(r.n for r in taken.values())
    n_completed = sum(r.done for r in taken.values())
    n_passed = sum(r.passed for r in taken.values())
    n_classes, budget = len(organised), sum((r.budget or 0) for r in organised)
    by_tag: dict[str, list[int]] = {}
    by_level: dict[str, list[int]] = {}
    prog_classes: dict[int | None, int] = {}
    prog_enrol: dict[int | None, int] = {}
    for r in organised:  # classes
        for tag in tags.get(r.id, ()):
            by_tag.setdefault(tag, [0, 0])[0] += 1
        by_level.setdefault(r.level_code, [0, 0])[0] += 1
        prog_classes[r.programme_id] = prog_classes.get(r.programme_id, 0) + 1
    for r in taken.values():  # places
        for tag in tags.get(r.id, ()):
            by_tag.setdefault(tag, [0, 0])[1] += r.n
        by_level.setdefault(r.level_code, [0, 0])[1] += r.n
        prog_enrol[r.programme_id] = prog_enrol.get(r.programme_id, 0) + r.n
    names = dict((await session.execute(select(programmes.c.id, programmes.c.name).where(
        programmes.c.id.in_([p for p in prog_classes if p is not None])))).all()) if prog_classes else {}
    prog_rows = sorted(((pid, names.get(pid, "") if pid is not None else "", n) for pid, n in prog_classes.items()),
                       key=lambda r: (r[1], r[0] or 0))
    level_rows = (await session.execute(select(unit_levels.c.code, unit_levels.c.name_vi, unit_levels.c.rank))).all()
    level_names = {r.code: r.name_vi for r in level_rows}
    level_rank = {r.code: r.rank for r in level_rows}
    return TrainingStatistics(
        unit_id=unit_id, period_start=period_start, period_end=period_end, classes=n_classes,
        enrolments=n_enrol, completed=n_completed, passed=n_passed,
        by_tag=[CountRow(key=k, classes=v[0], enrolments=v[1]) for k, v in sorted(by_tag.items())],
        by_level=[CountRow(key=k, name=level_names.get(k), classes=v[0], enrolments=v[1])
                  for k, v in sorted(by_level.items(), key=lambda kv: (level_rank.get(kv[0], 99), kv[0]))],
        by_programme=[ProgrammeCount(programme_id=pid, name=name, classes=n, enrolments=prog_enrol.get(pid, 0))
                      for pid, name, n in prog_rows],
        budget=float(budget or 0))
