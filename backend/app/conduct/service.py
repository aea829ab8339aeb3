"""Conduct records: discipline (kỷ luật) and political clearance (kết luận tiêu chuẩn chính trị).

The one owner of `discipline` and `political_clearance`. The eligibility of personnel actions and planning
asks this module, never the tables:
- `active_discipline(session, cadre_id, on)`: the discipline in effect on a date (rule 12);
- `latest_clearance_on` / `positive_clearance_on(session, cadre_id, decision_date)`: the conclusion that counts
  for a decision — the latest one concluded on or before the decision date (rule 10, D3);
- `blocking_conduct`: why a person cannot be planned now (D4, rule 17).
Adding a discipline or a negative clearance removes the person from open planning cycles (rule 17).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.cadres.service import visible_cadre
from app.conduct.models import (
    PERSON_AWARDS,
    UNIT_AWARDS,
    Award,
    Discipline,
    DisciplineForm,
    PoliticalClearance,
    UnitDiscipline,
)
from app.conduct.schemas import (
    AwardCreate,
    AwardList,
    AwardRead,
    ClearanceCreate,
    ClearanceRead,
    ConductList,
    DisciplineCreate,
    DisciplineList,
    DisciplineRead,
    UnitDisciplineCreate,
    UnitDisciplineList,
    UnitDisciplineRead,
)
from app.core import audit
from app.core.dates import add_months
from app.core.db import table_of, today, utcnow
from app.core.errors import FieldProblem, RuleViolation
from app.core.scope import ensure_in_scope
from app.core.security import Principal
from app.tasks import service as tasks
from app.tasks.models import Task, TaskKind

disciplines = table_of(Discipline)
clearances = table_of(PoliticalClearance)
cadre_table = table_of(Cadre)
awards = table_of(Award)
unit_disciplines = table_of(UnitDiscipline)


# --- questions other domains ask ----------------------------------------------------------------------------

async def active_discipline(session: AsyncSession, cadre_id: int, on: date) -> Discipline | None:
    """The discipline in effect on `on` (the heaviest-started latest first), or None."""
    d = disciplines.c
    return (await session.execute(select(Discipline).where(
        d.cadre_id == cadre_id, d.effective_from <= on, or_(d.effective_to.is_(None), d.effective_to > on))
        .order_by(d.effective_from.desc(), d.id.desc()).limit(1))).scalars().first()


async def latest_clearance_on(session: AsyncSession, cadre_id: int, decision_date: date) -> PoliticalClearance | None:
    """The conclusion that counts for a decision on `decision_date`: the latest concluded on or before it (D3)."""
    c = clearances.c
    return (await session.execute(select(PoliticalClearance).where(
        c.cadre_id == cadre_id, c.concluded_on <= decision_date)
        .order_by(c.concluded_on.desc(), c.id.desc()).limit(1))).scalars().first()


async def positive_clearance_on(session: AsyncSession, cadre_id: int, decision_date: date) -> PoliticalClearance | None:
    """The positive conclusion a decision on `decision_date` may rely on, or None (missing or negative)."""
    latest = await latest_clearance_on(session, cadre_id, decision_date)
    return latest if latest is not None and latest.positive else None


async def blocking_conduct(session: AsyncSession, cadre_id: int, on: date) -> str | None:
    """Why the person cannot be planned on `on`: active discipline, or no positive political clearance (D4)."""
    active = await active_discipline(session, cadre_id, on)
    if active is not None:
        return f"đang chịu kỷ luật {active.form}"
    latest = await latest_clearance_on(session, cadre_id, on)
    if latest is None:
        return "chưa có kết luận tiêu chuẩn chính trị"
    if not latest.positive:
        return f"kết luận tiêu chuẩn chính trị ngày {latest.concluded_on.strftime('%d/%m/%Y')} không đạt"
    return None


async def reprimands_between(session: AsyncSession, cadre_id: int, start: date, end: date | None) -> int:
    """Reprimands (khiển trách) decided in [start, end): rule 22 counts them per term."""
    stmt = select(func.count()).select_from(disciplines).where(
        disciplines.c.cadre_id == cadre_id, disciplines.c.form == DisciplineForm.khien_trach,
        disciplines.c.effective_from >= start)
    if end is not None:
        stmt = stmt.where(disciplines.c.effective_from < end)
    return int((await session.execute(stmt)).scalar_one())


# --- rule 22: two reprimands in one term raise a dismissal review ----------------------------------------------

async def check_reprimands(session: AsyncSession, cadre_id: int, on: date) -> Task | None:
    """Rule 22 (QĐ 41-QĐ/TW): a second khiển trách within one term (or appointment period) raises a "miễn nhiệm
    review" task for people to decide. Idempotent per person and period."""
    from app.terms import service as terms

    cadre = (await session.execute(select(cadre_table.c.unit_id, cadre_table.c.full_name)
                                   .where(cadre_table.c.id == cadre_id))).first()
    if cadre is None:
        return None
    period = await terms.period_covering(session, cadre_id, cadre.unit_id, on)
    if period is None or await reprimands_between(session, cadre_id, *period) < 2:
        return None
    start, end = period
    return await tasks.raise_task(
        session, kind=TaskKind.dismissal_review, unit_id=cadre.unit_id, cadre_id=cadre_id,
        due_on=add_months(on, 1), dedupe_key=f"dismissal_review:reprimands:{cadre_id}:{start.isoformat()}",
        title_vi=f"Xem xét miễn nhiệm: {cadre.full_name} bị khiển trách 2 lần trong nhiệm kỳ từ {start:%d/%m/%Y}",
        title_en=f"Dismissal review: {cadre.full_name} reprimanded twice in the term starting {start:%d/%m/%Y}",
        source_type="cadre", source_id=cadre_id)


async def scheduled_dismissal_reviews(session: AsyncSession) -> int:
    """Daily: re-run rule 22 for everyone with two or more reprimands (catches records entered out of order).
    Returns the number of reviews found (existing tasks are not duplicated)."""
    repeat = (select(disciplines.c.cadre_id).where(disciplines.c.form == DisciplineForm.khien_trach)
              .group_by(disciplines.c.cadre_id).having(func.count() >= 2))
    rows = (await session.execute(select(disciplines.c.cadre_id, disciplines.c.effective_from).where(
        disciplines.c.form == DisciplineForm.khien_trach, disciplines.c.cadre_id.in_(repeat))
        .order_by(disciplines.c.cadre_id, disciplines.c.effective_from))).all()
    found: set[int] = set()
    for row in rows:
        task = await check_reprimands(session, row.cadre_id, row.effective_from)
        if task is not None and task.id is not None:
            found.add(task.id)
    return len(found)


# --- records -------------------------------------------------------------------------------------------------

async def add_discipline(session: AsyncSession, actor: Principal, cadre_id: int,
                         data: DisciplineCreate) -> DisciplineRead:
    from app.planning import service as planning

    cadre = await visible_cadre(session, actor, cadre_id, "cadres:write")
    if data.effective_to is not None and data.effective_to <= data.effective_from:
        raise RuleViolation("validation_error", errors=[FieldProblem("effective_to", "invalid", "before start")])
    new_id = (await session.execute(insert(disciplines).values(
        cadre_id=cadre_id, **data.model_dump(), created_at=utcnow()).returning(disciplines.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="cadre.discipline.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=cadre.unit_id, changes=data.model_dump(exclude_none=True),
                       decision_no=data.decision_no)
    removed = await planning.remove_everywhere(session, actor.subject, cadre_id, data.effective_from,
                                               f"kỷ luật {data.form} ({data.decision_no or 'không số'})")  # rule 17
    if data.form == DisciplineForm.khien_trach:
        await check_reprimands(session, cadre_id, data.effective_from)  # rule 22
    return DisciplineRead(id=new_id, cadre_id=cadre_id, removed_from_planning=removed, **data.model_dump())


async def add_clearance(session: AsyncSession, actor: Principal, cadre_id: int,
                        data: ClearanceCreate) -> ClearanceRead:
    from app.planning import service as planning

    cadre = await visible_cadre(session, actor, cadre_id, "cadres:write")
    if data.concluded_on > today():  # D3: a conclusion not yet reached cannot be recorded
        raise RuleViolation("clearance_in_future", errors=[FieldProblem(
            "concluded_on", "clearance_in_future", f"{data.concluded_on} is after today")])
    new_id = (await session.execute(insert(clearances).values(
        cadre_id=cadre_id, **data.model_dump(), created_at=utcnow()).returning(clearances.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="cadre.clearance.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=cadre.unit_id, changes={"positive": data.positive},
                       decision_no=data.decision_no)
    removed = 0
    if not data.positive:  # rule 17
        removed = await planning.remove_everywhere(session, actor.subject, cadre_id, data.concluded_on,
                                                   "kết luận tiêu chuẩn chính trị không đạt")
    return ClearanceRead(id=new_id, cadre_id=cadre_id, removed_from_planning=removed, **data.model_dump())


async def list_conduct(session: AsyncSession, principal: Principal, cadre_id: int) -> ConductList:
    await visible_cadre(session, principal, cadre_id, "cadres:read_sensitive")
    d = (await session.execute(select(Discipline).where(disciplines.c.cadre_id == cadre_id)
                               .order_by(disciplines.c.effective_from, disciplines.c.id))).scalars().all()
    c = (await session.execute(select(PoliticalClearance).where(clearances.c.cadre_id == cadre_id)
                               .order_by(clearances.c.concluded_on, clearances.c.id))).scalars().all()
    return ConductList(disciplines=[DisciplineRead.model_validate(x, from_attributes=True) for x in d],
                       clearances=[ClearanceRead.model_validate(x, from_attributes=True) for x in c])


# --- awards (khen thưởng) and the discipline of organisations ------------------------------------------------

def _check_date(field: str, value: date) -> None:
    if not date(1950, 1, 1) <= value <= date(2200, 12, 31):
        raise RuleViolation("validation_error", errors=[FieldProblem(field, "out_of_range", value.isoformat())])


def _check_award(data: AwardCreate) -> None:
    """The dates of an award: each in range; the effective period, when it has an end, ends after it starts (the
    start being `effective_from`, or the award date without one): else 422 invalid_validity_period."""
    _check_date("awarded_on", data.awarded_on)
    for field in ("effective_from", "effective_to"):
        value = getattr(data, field)
        if value is not None:
            _check_date(field, value)
    start = data.effective_from or data.awarded_on
    if data.effective_to is not None and data.effective_to <= start:
        raise RuleViolation("invalid_validity_period", errors=[FieldProblem(
            "effective_to", "not_after_start", f"{data.effective_to.isoformat()} ≤ {start.isoformat()}")])


async def add_award(session: AsyncSession, actor: Principal, cadre_id: int, data: AwardCreate) -> AwardRead:
    cadre = await visible_cadre(session, actor, cadre_id, "cadres:write")
    if data.kind not in PERSON_AWARDS:
        raise RuleViolation("validation_error", errors=[FieldProblem("kind", "unit_award",
                                                                     f"{data.kind} is a unit title")])
    _check_award(data)
    new_id = (await session.execute(insert(awards).values(cadre_id=cadre_id, **data.model_dump(),
                                                          created_at=utcnow()).returning(awards.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="cadre.award.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=cadre.unit_id, changes=data.model_dump(exclude_none=True),
                       decision_no=data.decision_no)
    return AwardRead(id=new_id, cadre_id=cadre_id, unit_id=None, **data.model_dump())


async def list_awards(session: AsyncSession, principal: Principal, cadre_id: int) -> AwardList:
    await visible_cadre(session, principal, cadre_id)
    rows = (await session.execute(select(awards).where(awards.c.cadre_id == cadre_id)
                                  .order_by(awards.c.awarded_on, awards.c.id))).all()
    return AwardList(items=[AwardRead.model_validate(dict(r._mapping)) for r in rows])


async def list_disciplines(session: AsyncSession, principal: Principal, cadre_id: int) -> DisciplineList:
    """The cadre's disciplines (part of the Mẫu 2C résumé, so readable with cadres:read)."""
    await visible_cadre(session, principal, cadre_id)
    d = (await session.execute(select(Discipline).where(disciplines.c.cadre_id == cadre_id)
                               .order_by(disciplines.c.effective_from, disciplines.c.id))).scalars().all()
    return DisciplineList(items=[DisciplineRead.model_validate(x, from_attributes=True) for x in d])


async def add_unit_award(session: AsyncSession, actor: Principal, unit_id: int, data: AwardCreate) -> AwardRead:
    await ensure_in_scope(session, actor, "units:write", unit_id)
    if data.kind not in UNIT_AWARDS:
        raise RuleViolation("validation_error", errors=[FieldProblem("kind", "person_award",
                                                                     f"{data.kind} is awarded to people")])
    _check_award(data)
    new_id = (await session.execute(insert(awards).values(unit_id=unit_id, **data.model_dump(), created_at=utcnow())
                                    .returning(awards.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="unit.award.add", entity_type="org_unit",
                       entity_id=unit_id, unit_id=unit_id, changes=data.model_dump(exclude_none=True),
                       decision_no=data.decision_no)
    return AwardRead(id=new_id, cadre_id=None, unit_id=unit_id, **data.model_dump())


async def list_unit_awards(session: AsyncSession, principal: Principal, unit_id: int) -> AwardList:
    await ensure_in_scope(session, principal, "units:read", unit_id)
    rows = (await session.execute(select(awards).where(awards.c.unit_id == unit_id)
                                  .order_by(awards.c.awarded_on, awards.c.id))).all()
    return AwardList(items=[AwardRead.model_validate(dict(r._mapping)) for r in rows])


async def add_unit_discipline(session: AsyncSession, actor: Principal, unit_id: int,
                              data: UnitDisciplineCreate) -> UnitDisciplineRead:
    await ensure_in_scope(session, actor, "units:write", unit_id)
    _check_date("effective_from", data.effective_from)
    if data.effective_to is not None and data.effective_to <= data.effective_from:
        raise RuleViolation("validation_error", errors=[FieldProblem("effective_to", "invalid", "before start")])
    new_id = (await session.execute(insert(unit_disciplines).values(unit_id=unit_id, **data.model_dump(),
                                                                    created_at=utcnow())
                                    .returning(unit_disciplines.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="unit.discipline.add", entity_type="org_unit",
                       entity_id=unit_id, unit_id=unit_id, changes=data.model_dump(exclude_none=True),
                       decision_no=data.decision_no)
    return UnitDisciplineRead(id=new_id, unit_id=unit_id, **data.model_dump())


async def list_unit_disciplines(session: AsyncSession, principal: Principal, unit_id: int) -> UnitDisciplineList:
    await ensure_in_scope(session, principal, "units:read", unit_id)
    rows = (await session.execute(select(unit_disciplines).where(unit_disciplines.c.unit_id == unit_id)
                                  .order_by(unit_disciplines.c.effective_from, unit_disciplines.c.id))).all()
    return UnitDisciplineList(items=[UnitDisciplineRead.model_validate(dict(r._mapping)) for r in rows])
