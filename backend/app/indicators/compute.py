"""Computed indicators: named, versioned queries over a dated unit subtree (domain-rulebook §5, rule 25).

Each computation defines a *population* query — one row per subject (cadre, seat or unit) with its numerator
weight `num` and denominator weight `den` — over `scoped_units(on, roots)`, the subtrees of the given roots as
they stood on `on` (a CTE carrying `root_id`, so several roots are computed in one statement) and the posts held
in them (`populations.Scope`).
The figure is the sums of `num` and `den`; the drill-down lists the same rows, so the records behind a number
are exactly those that made it.

Changing what a computation counts means a new `version` (and a catalogue/migration update of the indicator's
version): stored measurements keep the version they were computed with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Integer, case, cast, exists, func, literal, literal_column, null, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Qualification
from app.core.dates import years_before
from app.core.db import plan_for_reports, table_of, today
from app.indicators.populations import Scope, holders
from app.org_units import tree
from app.org_units.models import OrgEvent, OrgEventUnit, OrgUnit, OrgUnitState, UnitType
from app.privacy.service import not_restricted
from app.ratings import indicator as rating_indicator
from app.training import coverage
from app.training import indicator as training_indicator

qualifications = table_of(Qualification)
units = table_of(OrgUnit)
states = table_of(OrgUnitState)
unit_types = table_of(UnitType)
events = table_of(OrgEvent)
event_units = table_of(OrgEventUnit)

UPPER_LEVELS = ("trung_uong", "cap_tinh_nganh", "cap_tren_co_so")
DEGREE_LEVELS = ("dai_hoc", "thac_si", "tien_si")
# Foreign-language levels counted as adequate for #8: B1 and above (bậc 3/6 of the Vietnamese 6-level framework).
LANGUAGE_LEVELS = ("b1", "b2", "c1", "c2", "bac_3", "bac_4", "bac_5", "bac_6")
LEADER_POSTS = ("chu_tich", "pho_chu_tich")
YOUNG_UNDER = 40  # QĐ 50: young at provincial/district level = under 40 (workflows config `young_age_under`)

Subject = Literal["cadre", "seat", "unit"]
NO_CADRE = cast(null(), Integer).label("cadre_id")  # typed: PostgreSQL compares it with cadre.id


@dataclass(frozen=True)
class Figure:
    value: float | None
    numerator: float
    denominator: float | None


@dataclass(frozen=True)
class Computation:
    key: str
    version: int
    ratio: bool  # value = 100 * num / den, else value = num
    subject: Subject
    uses_period: bool  # counts events in [period_start, on] rather than a state on `on`
    population: Callable[[Scope, date, date], Any]  # (scope, on, period start) -> Select
    description: str


def scoped_units(on: date, roots: list[int], name: str = "scoped_units") -> Scope:
    """The scope (root_id, unit_id): every unit of each root's subtree as the tree stood on `on` (units not yet
    established or already ended are left out with their subtrees, as in `tree.dated_tree`), with the posts held
    in them (`Scope.posts`). Today's tree is the closure table, as in `tree.subtree_on`: the planner knows its
    sizes, and goes from a province's units through their posts by index. The recursive CTE, estimated at a few
    thousand units whatever the subtree, made it hash the whole country's posts and cadres for each indicator
    (≈ 300 ms of 650 ms for a province's plan, issue 13)."""
    if on == today():
        return Scope(tree.todays_subtrees(roots, on).cte(name), on, name)
    return Scope(dated_scoped_units(on, roots, name), on, name)


def dated_scoped_units(on: date, roots: list[int], name: str = "scoped_units") -> Any:
    """The units of `scoped_units` rebuilt from the dated states by a recursive CTE (any date)."""
    s0, u0 = states.alias("su_s0"), units.alias("su_u0")
    anchor = (select(s0.c.unit_id.label("root_id"), s0.c.unit_id.label("unit_id"))
              .join(u0, u0.c.id == s0.c.unit_id)
              .where(s0.c.unit_id.in_(roots), tree.state_valid_on(on, s0), tree.alive_on(on, u0)))
    cte = anchor.cte(name, recursive=True)
    s1, u1 = states.alias("su_s1"), units.alias("su_u1")
    step = (select(cte.c.root_id, s1.c.unit_id)
            .join(cte, s1.c.parent_id == cte.c.unit_id)
            .join(u1, u1.c.id == s1.c.unit_id)
            .where(tree.state_valid_on(on, s1), tree.alive_on(on, u1)))
    return cte.union_all(step)


def _has_qualification(who: Any, kind: str, on: date, levels: tuple[str, ...] | None = None) -> Any:
    """The cadre `who` (a cadre-id column) held a qualification of `kind` (at one of `levels`) on `on`; undated
    rows count as held."""
    conds = [qualifications.c.cadre_id == who, qualifications.c.kind == kind,
             or_(qualifications.c.awarded_on.is_(None), qualifications.c.awarded_on <= on)]
    if levels is not None:
        conds.append(func.lower(qualifications.c.level).in_(levels))
    return exists().where(*conds)


def _flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _people(h: Any, numerator: Any, *conds: Any) -> Any:
    """One row per holder of `h` (`populations.holders`) not restricted from processing; `conds` and `numerator`
    read `h`'s columns."""
    return (select(h.c.root_id, h.c.cadre_id.label("subject_id"), h.c.cadre_id, h.c.unit_id,
                   _flag(numerator).label("num"), literal(1).label("den"))
            .where(not_restricted(h.c.cadre_id), *conds))


def upper_staff_degree(su: Scope, on: date, _start: date) -> Any:
    """#3: full-time cadres holding a post on `on` in an upper-level unit (not grassroots or below);
    numerator: a university degree or higher held on `on`."""
    h = holders(su, su.posts.c.level_code.in_(UPPER_LEVELS))
    return _people(h, _has_qualification(h.c.cadre_id, "education", on, DEGREE_LEVELS), h.c.employment == "full_time")


def full_time_union_certificate(su: Scope, on: date, _start: date) -> Any:
    """#6: full-time cadres holding a post on `on` anywhere in the subtree; numerator: a union certificate
    (chứng chỉ nghiệp vụ công đoàn) awarded by `on` (undated rows count as held)."""
    h = holders(su)
    return _people(h, _has_qualification(h.c.cadre_id, "union_certificate", on), h.c.employment == "full_time")


def provincial_leaders_language(su: Scope, on: date, _start: date) -> Any:
    """#8: holders of Chủ tịch / Phó Chủ tịch posts of provincial-level units on `on`; numerator: a language
    qualification at B1 (bậc 3) or above."""
    p = su.posts
    h = holders(su, p.c.level_code == "cap_tinh_nganh", p.c.position_code.in_(LEADER_POSTS))
    return _people(h, _has_qualification(h.c.cadre_id, "language", on, LANGUAGE_LEVELS))


def _seats(su: Scope, numerator: Any) -> Any:
    """One row per seat of a BCH or BTV held on the scope's date; `numerator` reads `su.posts`."""
    p = su.posts
    return (select(p.c.root_id, p.c.assignment_id.label("subject_id"), p.c.cadre_id, p.c.unit_id,
                   _flag(numerator).label("num"), literal(1).label("den"))
            .where(p.c.body_kind.in_(("bch", "btv"))))


def bch_btv_women_share(su: Scope, on: date, _start: date) -> Any:
    """#9 (women): seats of BCH and BTV bodies held on `on` in the subtree; numerator: held by a woman.
    A person sitting on both the BCH and the BTV fills two seats."""
    return _seats(su, su.posts.c.gender == "female")


def bch_btv_young_share(su: Scope, on: date, _start: date) -> Any:
    """#9 (young): as the women's share; numerator: the holder is under 40 on `on`."""
    return _seats(su, su.posts.c.birth_date > years_before(on, YOUNG_UNDER))


def new_nonstate_grassroots(su: Any, on: date, start: date) -> Any:
    """#13: grassroots units of the non-state sector established (org_event `establish`) in [start, on] and
    part of the subtree on `on`."""
    return (select(su.c.root_id, units.c.id.label("subject_id"), NO_CADRE, units.c.id.label("unit_id"),
                   literal(1).label("num"), literal(0).label("den"))
            .join(units, units.c.id == su.c.unit_id)
            .join(unit_types, unit_types.c.code == units.c.unit_type)
            .where(unit_types.c.is_grassroots.is_(True), units.c.sector == "non_state",
                   exists().where(event_units.c.unit_id == units.c.id, event_units.c.role == "subject",
                                  events.c.id == event_units.c.event_id, events.c.event_type == "establish",
                                  events.c.effective_date >= start, events.c.effective_date <= on)))


def members(su: Any, on: date, _start: date) -> Any:
    """#14: the sum of `member_count` of the grassroots units in the subtree on `on` (the registry keeps a
    member count per CĐCS, not individual memberships), as it stood on `on`: counts are dated facts (D9), so a
    later change or merge never alters the answer for an earlier date."""
    counted = tree.counts_on(on)
    return (select(su.c.root_id, units.c.id.label("subject_id"), NO_CADRE, units.c.id.label("unit_id"),
                   func.coalesce(counted.c.member_count, 0).label("num"), literal(0).label("den"))
            .join(units, units.c.id == su.c.unit_id)
            .outerjoin(counted, counted.c.unit_id == units.c.id)
            .join(unit_types, unit_types.c.code == units.c.unit_type)
            .where(unit_types.c.is_grassroots.is_(True)))


def _registry() -> dict[str, Computation]:
    defs = [
        Computation("upper_staff_degree", 1, True, "cadre", False, upper_staff_degree,
                    upper_staff_degree.__doc__ or ""),
        Computation("full_time_union_certificate", 1, True, "cadre", False, full_time_union_certificate,
                    full_time_union_certificate.__doc__ or ""),
        Computation("provincial_leaders_language", 1, True, "cadre", False, provincial_leaders_language,
                    provincial_leaders_language.__doc__ or ""),
        Computation("bch_btv_women_share", 1, True, "seat", False, bch_btv_women_share,
                    bch_btv_women_share.__doc__ or ""),
        Computation("bch_btv_young_share", 1, True, "seat", False, bch_btv_young_share,
                    bch_btv_young_share.__doc__ or ""),
        Computation("new_nonstate_grassroots", 1, False, "unit", True, new_nonstate_grassroots,
                    new_nonstate_grassroots.__doc__ or ""),
        Computation("members", 1, False, "unit", False, members, members.__doc__ or ""),
        # training coverage and unit ratings (issue 11): the same queries as the coverage-gaps view
        Computation("key_cadres_briefed", 1, True, "cadre", True, coverage.key_cadres_briefed,
                    coverage.key_cadres_briefed.__doc__ or ""),
        Computation("part_time_skills", 1, True, "cadre", True, coverage.part_time_skills,
                    coverage.part_time_skills.__doc__ or ""),
        Computation("nonstate_chairs_law", 1, True, "cadre", True, coverage.nonstate_chairs_law,
                    coverage.nonstate_chairs_law.__doc__ or ""),
        Computation("grassroots_chairs_briefed", 1, True, "cadre", True, coverage.grassroots_chairs_briefed,
                    coverage.grassroots_chairs_briefed.__doc__ or ""),
        Computation("nonstate_chairs_trained", 1, True, "cadre", True, coverage.nonstate_chairs_trained,
                    coverage.nonstate_chairs_trained.__doc__ or ""),
        Computation("nonstate_rated_good", 1, True, "unit", True, rating_indicator.nonstate_rated_good,
                    rating_indicator.nonstate_rated_good.__doc__ or ""),
        # regular funds per fiscal year (org_units finance facts, docs/decisions/021)
        Computation("training_budget_share", 1, True, "unit", True, training_indicator.training_budget_share,
                    training_indicator.training_budget_share.__doc__ or ""),
    ]
    return {c.key: c for c in defs}


REGISTRY: dict[str, Computation] = _registry()


def figure(c: Computation, num: Any, den: Any) -> Figure:
    n = float(num or 0)
    if c.ratio:
        d = float(den or 0)
        return Figure(round(100.0 * n / d, 4) if d else None, n, d)
    return Figure(n, n, None)


def population(c: Computation, roots: list[int], on: date, start: date) -> Any:
    """The population subquery (root_id, subject_id, cadre_id, unit_id, num, den) — the drill-down's SQL."""
    return c.population(scoped_units(on, roots), on, start).subquery("population")


@dataclass(frozen=True)
class Ask:
    """One computation for some roots on a date (`start` opens the period of event counts; 1 January by default)."""
    computation: Computation
    roots: list[int]
    on: date
    start: date | None = None


def many_statement(asks: Sequence[Ask]) -> Any:
    """The statement `compute_many` runs (one row per ask and root: ask, root_id, num, den): the UNION ALL of the
    asks' grouped populations, asks over the same date and roots sharing one scope — its units and the posts held
    in them, so PostgreSQL walks them once (a CTE referenced by several branches is materialised once)."""
    scopes: dict[tuple[date, tuple[int, ...]], Scope] = {}
    branches = []
    for i, ask in enumerate(asks):
        key = (ask.on, tuple(ask.roots))
        if key not in scopes:
            scopes[key] = scoped_units(ask.on, ask.roots, f"scoped_units_{len(scopes)}")
        pop = ask.computation.population(scopes[key], ask.on, ask.start or date(ask.on.year, 1, 1)) \
            .subquery(f"population_{i}")
        branches.append(select(literal_column(str(i), Integer).label("ask"), pop.c.root_id,
                               func.sum(pop.c.num).label("num"), func.sum(pop.c.den).label("den"))
                        .group_by(pop.c.root_id))
    return branches[0] if len(branches) == 1 else union_all(*branches)


async def compute_many(session: AsyncSession, asks: Sequence[Ask]) -> list[dict[int, Figure]]:
    """Every ask in one statement (`many_statement`), answers in the order asked: {root: Figure}, roots with no
    rows getting the empty figure. A plan's indicators cost one round trip, one plan and one walk of the
    subtree's posts instead of one each (issue 13; figures in docs/benchmarks.md)."""
    if not asks:
        return []
    await plan_for_reports(session)  # subtree-sized queries: the planner's report settings, as for statistics
    found: list[dict[int, Figure]] = [{} for _ in asks]
    for r in (await session.execute(many_statement(asks))).all():
        found[r.ask][r.root_id] = figure(asks[r.ask].computation, r.num, r.den)
    return [{root: got.get(root, figure(ask.computation, 0, 0)) for root in ask.roots}
            for ask, got in zip(asks, found, strict=True)]


async def compute(session: AsyncSession, c: Computation, roots: list[int], on: date,
                  start: date | None = None) -> dict[int, Figure]:
    """One computation for all the roots, in one statement: {root: Figure}."""
    return (await compute_many(session, [Ask(c, roots, on, start)]))[0]
