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

from sqlalchemy import Table, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.cadres.service import visible_cadre
from app.conduct.models import Discipline, DisciplineForm, PoliticalClearance
from app.conduct.schemas import ClearanceCreate, ClearanceRead, ConductList, DisciplineCreate, DisciplineRead
from app.core import audit
from app.core.dates import add_months
from app.core.db import today, utcnow
from app.core.errors import FieldProblem, RuleViolation
from app.core.security import Principal
from app.tasks import service as tasks
from app.tasks.models import Task, TaskKind

disciplines: Table = Discipline.__table__  # type: ignore[attr-defined]
clearances: Table = PoliticalClearance.__table__  # type: ignore[attr-defined]
cadre_table: Table = Cadre.__table__  # type: ignore[attr-defined]


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
