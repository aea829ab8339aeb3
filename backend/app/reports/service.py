"""Statistical report of cadres (báo cáo thống kê cán bộ) over a unit subtree as of a date (API.md "Reports").

- Units: the subtree valid on `as_of` (the dated tree of `org_units.tree`), the unit itself excluded, by type;
  grassroots = `cong_doan_co_so` + `nghiep_doan_co_so`; members = sum of their `member_count`.
- Staff: the people holding at least one post on `as_of` in a unit of that dated subtree, split by employment
  (chuyên trách / không chuyên trách); qualifications are those held on `as_of` (history rows awarded by then,
  undated rows counted as held); party membership by its admission date when recorded; age in whole years on
  `as_of` (40 and 50 fall in `from_40_to_50`).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import CURRENT_LEVEL_COLUMNS, EDUCATION_LEVELS, POLITICAL_THEORY, Cadre, Qualification
from app.core.dates import years_before
from app.core.db import plan_for_reports, table_of, today
from app.core.scope import ensure_in_scope
from app.core.security import Principal
from app.org_units import tree
from app.org_units.models import OrgUnit
from app.privacy.service import not_restricted
from app.reports.schemas import CadreStatistics, MovementFacts, StaffBreakdown, TrainingFacts, UnitCounts
from app.rulebook import service as rulebook
from app.terms.models import Assignment
from app.training.schemas import TrainingStatistics

cadres = table_of(Cadre)
qualifications = table_of(Qualification)
assignments = table_of(Assignment)
units = table_of(OrgUnit)

GRASSROOTS = ("cong_doan_co_so", "nghiep_doan_co_so")
READ = "reports:read"


def _levels_recomputed_on(on: date) -> Any:
    """Subquery (cadre_id, education_level, political_theory) of ranks held on `on`, only for the cadres with a
    row of either kind awarded after `on` — for today none, unless an award is dated in the future.

    Every other cadre's level on `on` is its own column: the highest level among all its rows, kept by
    `cadres.service.refresh_current_qualifications` in the same transaction as each row. Aggregating every
    qualification row of the country per report made a province's report scan the nation's history (32 of its
    112 ms with 50,000 rows)."""
    q = qualifications
    ranks = [func.max(case((and_(q.c.kind == kind, or_(q.c.awarded_on.is_(None), q.c.awarded_on <= on)),
                            case({lvl: i for i, lvl in enumerate(order)}, value=q.c.level, else_=0)),
                           else_=0)).label(section)
             for section, (kind, order) in CURRENT_LEVEL_COLUMNS.items()]
    awarded_later = select(q.c.cadre_id).where(q.c.kind.in_([k for k, _ in CURRENT_LEVEL_COLUMNS.values()]),
                                               q.c.awarded_on > on)
    return (select(q.c.cadre_id, *ranks).where(q.c.cadre_id.in_(awarded_later))
            .group_by(q.c.cadre_id).subquery("levels_recomputed"))


def _level_index(section: str, own: str | None, recomputed: int | None) -> int:
    order = CURRENT_LEVEL_COLUMNS[section][1]
    if recomputed is not None:
        return recomputed
    return order.index(own) if own in order else 0


async def cadre_statistics(session: AsyncSession, principal: Principal, unit_id: int,
                           as_of: date | None) -> CadreStatistics:
    await ensure_in_scope(session, principal, READ, unit_id)
    await plan_for_reports(session)
    on = as_of or today()
    subtree = await tree.subtree_on(session, unit_id, on, today())
    # Units by type, counted in the database (the unit itself excluded); members summed over grassroots unions.
    counted = tree.counts_on(on)  # member counts are dated facts (D9): the value that stood on `on`
    unit_rows = (await session.execute(
        select(units.c.unit_type, func.count().label("n"), func.sum(counted.c.member_count).label("members"))
        .join(subtree, subtree.c.unit_id == units.c.id).outerjoin(counted, counted.c.unit_id == units.c.id)
        .where(units.c.id != unit_id).group_by(units.c.unit_type))).all()
    by_type = {r.unit_type: int(r.n) for r in unit_rows}
    grassroots = sum(by_type.get(t, 0) for t in GRASSROOTS)
    members = sum(int(r.members or 0) for r in unit_rows if r.unit_type in GRASSROOTS)

    recomputed = _levels_recomputed_on(on)
    # A semi-join (EXISTS), not a DISTINCT list of holders joined back: no hash of every holder's id to build.
    holding = exists().where(
        assignments.c.cadre_id == cadres.c.id, assignments.c.unit_id.in_(select(subtree.c.unit_id)),
        assignments.c.from_date <= on, or_(assignments.c.to_date.is_(None), assignments.c.to_date > on))
    # Whole years on `on`: under 40 ⇔ born after on−40y; 40..50 ⇔ born after on−51y (50 falls in the middle band).
    under_40 = cadres.c.birth_date > years_before(on, 40)
    under_51 = cadres.c.birth_date > years_before(on, 51)
    # Grouped by the columns with a handful of values (employment and the two levels: the planner's estimate is a few
    # dozen groups), every other figure a filtered count: each parallel worker aggregates its share and hands back a
    # few rows. Grouped by seven attributes including computed ones, the planner expected ~500,000 groups and
    # gathered every post holder's row into one process first (national report 1.3 s → 0.6 s).
    groups = [cadres.c.employment, cadres.c.education_level, cadres.c.political_theory,
              recomputed.c.education_level.label("education_on"), recomputed.c.political_theory.label("theory_on")]
    measures = {
        "total": func.count(),
        "female": func.count().filter(cadres.c.gender == "female"),
        "ethnic_minority": func.count().filter(cadres.c.ethnicity.is_not(None), cadres.c.ethnicity != "kinh"),
        "party_member": func.count().filter(cadres.c.party_member, or_(cadres.c.party_joined_on.is_(None),
                                                                          cadres.c.party_joined_on <= on)),
        "under_40": func.count().filter(under_40),
        "from_40_to_50": func.count().filter(~under_40, under_51),
    }
    rows = (await session.execute(
        select(*groups, *(m.label(key) for key, m in measures.items()))
        .select_from(cadres)
        .outerjoin(recomputed, recomputed.c.cadre_id == cadres.c.id)
        .where(cadres.c.deleted_at.is_(None), holding, not_restricted(cadres.c.id))
        .group_by(*groups))).all()

    staff = {"full_time": _empty(), "part_time": _empty()}
    for r in rows:
        b = staff[r.employment]
        for key in ("total", "female", "ethnic_minority", "party_member"):
            b[key] += getattr(r, key)
        b["age_band"]["under_40"] += r.under_40
        b["age_band"]["from_40_to_50"] += r.from_40_to_50
        b["age_band"]["over_50"] += r.total - r.under_40 - r.from_40_to_50
        b["education_level"][EDUCATION_LEVELS[_level_index("education_level", r.education_level, r.education_on)]] \
            += r.total
        b["political_theory"][POLITICAL_THEORY[_level_index("political_theory", r.political_theory, r.theory_on)]] \
            += r.total
    training, movements = await _training_and_movements(session, unit_id, on)
    # Rule 26 / D13: sensitive breakdowns of a group smaller than k_min are hidden from callers without
    # cadres:read_sensitive over the unit — in JSON and in every file made from these figures.
    cells = await rulebook.small_cells(session, principal, unit_id, on)
    for b in staff.values():
        if cells.small(b["total"]):
            b["ethnic_minority"] = b["party_member"] = None
    return CadreStatistics(
        unit_id=unit_id, as_of=on,
        units=UnitCounts(by_type=dict(sorted(by_type.items())), grassroots=grassroots),
        members=members,
        staff={k: StaffBreakdown.model_validate(_finish(v)) for k, v in staff.items()},
        training=training, movements=movements,
    )


async def _training_and_movements(session: AsyncSession, unit_id: int, on: date) -> tuple[TrainingFacts,
                                                                                              MovementFacts]:
    """Training counts and movements of the year up to `on`, from their owners' services (scope already checked)."""
    from app.rotations import service as rotations
    from app.training import service as training

    start = date(on.year, 1, 1)
    t = await training.training_figures(session, unit_id=unit_id, period_start=start, period_end=on)
    m = await rotations.counts(session, unit_id=unit_id, period_start=start, period_end=on)
    return (training_facts(t),
            MovementFacts(rotations=m.rotations, transfers=m.transfers, secondments=m.secondments,
                          head_rotations=m.head_rotations, head_transfers=m.head_transfers))


def training_facts(t: TrainingStatistics) -> TrainingFacts:
    """The training section of the reports from the training service's figures (one shape for the statistics
    report and the review report)."""
    return TrainingFacts(period_start=t.period_start, period_end=t.period_end, classes=t.classes,
                         enrolments=t.enrolments, completed=t.completed, passed=t.passed,
                         by_tag={r.key: r.enrolments for r in t.by_tag},
                         classes_by_tag={r.key: r.classes for r in t.by_tag}, by_level=t.by_level,
                         by_programme=t.by_programme, budget=t.budget, training_spent=t.training_spent,
                         regular_funds=t.regular_funds, budget_share=t.budget_share)


def _empty() -> dict[str, Any]:
    return {"total": 0, "female": 0, "ethnic_minority": 0, "party_member": 0, "education_level": Counter(),
            "political_theory": Counter(), "age_band": Counter()}


def _finish(b: dict[str, Any]) -> dict[str, Any]:
    return {**b, "education_level": {k: b["education_level"].get(k, 0) for k in EDUCATION_LEVELS},
            "political_theory": {k: b["political_theory"].get(k, 0) for k in POLITICAL_THEORY},
            "age_band": {k: b["age_band"].get(k, 0) for k in ("under_40", "from_40_to_50", "over_50")}}


async def render(session: AsyncSession, principal: Principal, stats: CadreStatistics, fmt: str) -> tuple[bytes, str]:
    """The same figures as a file; every export is access-logged."""
    from app.core import documents
    from app.core.access_log import log_access
    from app.org_units.models import UnitType
    from app.reports.documents import XLSX_TYPE, to_docx, to_xlsx

    unit = (await session.execute(select(units).where(units.c.id == stats.unit_id))).one()
    parent = (await session.execute(select(units.c.name).where(units.c.id == unit.parent_id))).scalar() \
        if unit.parent_id else ""
    labels = dict((await session.execute(select(col(UnitType.code), col(UnitType.name_vi)))).all())
    if fmt == "xlsx":
        content, content_type = await asyncio.to_thread(to_xlsx, stats, unit.name, labels), XLSX_TYPE
    else:
        content, content_type = await asyncio.to_thread(
            to_docx, stats, unit, parent or "", labels, today().strftime("%d/%m/%Y")), documents.DOCX_TYPE
        if fmt == "pdf":
            content, content_type = await documents.docx_to_pdf(content), "application/pdf"
    # Logged once the file exists, still in the request's transaction: on SQLite the INSERT takes the database's
    # write lock until the commit, and LibreOffice needs seconds, which other writers waited out.
    await log_access(session, actor=principal.subject, subject_type="unit", subject_ids=[stats.unit_id],
                     category="export", purpose=f"cadre-statistics {stats.as_of} {fmt}", unit_id=stats.unit_id)
    return content, content_type
