"""Who in a subtree has had the training their post requires (coverage), as population queries.

Each function takes `su` — the scope's units on a date and the posts held in them, `indicators.compute.
scoped_units` — and returns one row per subject `(root_id, subject_id, cadre_id, unit_id, num, den)`: `den` = 1
for everyone who should have had the training, `num` = 1 for those who had it in [start, on]. The same queries
back the coverage-gaps view (rows with num = 0) and indicators #1, #7, #10, #11 and #12, so a gap listed on
screen is exactly a person missing from the indicator's numerator.

"Had the training" = an enrolment completed with attendance (whatever the exam result) in a course carrying the
tag whose end date lies in [start, on].
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, cast, exists, literal, null, or_, select

from app.cadres.models import Cadre
from app.core.db import table_of
from app.indicators.populations import Scope, holders
from app.org_units import tree
from app.org_units.models import OrgUnit, UnitType
from app.terms.models import Assignment, Position
from app.training.models import Enrolment, TrainingCourse, TrainingCourseTag

cadres = table_of(Cadre)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
assignments = table_of(Assignment)
positions = table_of(Position)
enrolments = table_of(Enrolment)
courses = table_of(TrainingCourse)
course_tags = table_of(TrainingCourseTag)

LAW_WORKFORCE_MIN = 500  # KH Gia Lâm: enterprises with ≥ 500 workers
PROVINCE_TRAINED_MEMBERS_MIN = 1000  # rulebook §4.6: chairs of CĐCS with ≥ 1,000 members are trained by the province
PROVINCE_LEVEL = "cap_tinh_nganh"
PROVINCE_TRAINED, ANY_LEVEL = "province_trained", "any_level"  # the two groups of #12 (training_group)


def trained(who: Any, tags: tuple[str, ...], on: date, start: date, *, organiser_level: Any = None) -> Any:
    """EXISTS a completed enrolment of the cadre `who` (a cadre-id column) in a course tagged with one of `tags`
    ending in [start, on]."""
    org_units, org_types = units.alias("tr_org"), unit_types.alias("tr_org_type")
    conds = [enrolments.c.cadre_id == who, enrolments.c.status == "completed",
             courses.c.id == enrolments.c.course_id, courses.c.ends_on >= start, courses.c.ends_on <= on,
             exists().where(course_tags.c.course_id == courses.c.id, course_tags.c.tag.in_(tags))]
    if organiser_level is not None:
        conds += [org_units.c.id == courses.c.organiser_unit_id, org_types.c.code == org_units.c.unit_type,
                  organiser_level(org_types.c.level_code)]
    return exists().where(*conds)


def _people(h: Any, numerator: Any, *conds: Any, group: Any = None) -> Any:
    """One row per holder of `h` (`indicators.populations.holders`); `training_group` says which group of a split
    rule the person falls in (#12: trained by the province, or at any level), NULL for the rules with one group."""
    group = cast(null(), String) if group is None else group
    return (select(h.c.root_id, h.c.cadre_id.label("subject_id"), h.c.cadre_id, h.c.unit_id,
                   case((numerator, 1), else_=0).label("num"), literal(1).label("den"), h.c.position_code,
                   group.label("training_group"))
            .where(*conds))


def part_time_skills(su: Scope, on: date, start: date) -> Any:
    """#7: part-time cadres holding a post on `on`; numerator: attended a union-skills course in the period."""
    h = holders(su, name="trained_holders")
    return _people(h, trained(h.c.cadre_id, ("union_skills",), on, start), h.c.employment == "part_time")


def key_cadres_briefed(su: Scope, on: date, start: date) -> Any:
    """#1: holders of key posts (Position.is_key) on `on`; numerator: attended a briefing (quán triệt) course in
    the period."""
    h = holders(su, su.posts.c.is_key.is_(True), name="trained_holders")
    return _people(h, trained(h.c.cadre_id, ("briefing",), on, start))


def grassroots_chairs_briefed(su: Scope, on: date, start: date) -> Any:
    """#11: chairs of grassroots unions on `on`; numerator: attended a briefing course in the period."""
    p = su.posts
    h = holders(su, p.c.position_code == "chu_tich", p.c.is_grassroots.is_(True), name="trained_holders")
    return _people(h, trained(h.c.cadre_id, ("briefing",), on, start))


def _units_counted_on(on: date, at_least: Any) -> Any:
    """Ids of the units whose dated counts valid on `on` satisfy `at_least(counts)` (D9: the workforce and member
    count as they stood on `on`, so a later change or merge never alters an earlier date's answer)."""
    counted = tree.counts_on(on)
    return select(counted.c.unit_id).where(at_least(counted))


def big_union(unit_id: Any, on: date) -> Any:
    """#12's split (rulebook §4.6): the union had ≥ 1,000 members on `on`, so its chair is trained by the
    province."""
    return unit_id.in_(_units_counted_on(on, lambda c: c.c.member_count >= PROVINCE_TRAINED_MEMBERS_MIN))


def nonstate_chairs_law(su: Scope, on: date, start: date) -> Any:
    """#10: chairs of non-state grassroots unions in enterprises of ≥ 500 workers on `on` (the workforce as it
    stood on `on`); numerator: attended a law course in the period."""
    p = su.posts
    h = holders(su, p.c.position_code == "chu_tich", p.c.is_grassroots.is_(True), p.c.sector == "non_state",
                p.c.unit_id.in_(_units_counted_on(on, lambda c: c.c.workforce >= LAW_WORKFORCE_MIN)),
                name="trained_holders")
    return _people(h, trained(h.c.cadre_id, ("law",), on, start))


def nonstate_chairs_trained(su: Scope, on: date, start: date) -> Any:
    """#12: chairs of non-state grassroots unions on `on`; numerator: attended a union-skills or law course in the
    period — organised at provincial level when the union had ≥ 1,000 members on `on` (rulebook §4.6; the
    member count as it stood on `on`), at any level otherwise."""
    p = su.posts
    h = holders(su, p.c.position_code == "chu_tich", p.c.is_grassroots.is_(True), p.c.sector == "non_state",
                name="trained_holders")
    is_big = big_union(h.c.unit_id, on)
    province = trained(h.c.cadre_id, ("union_skills", "law"), on, start,
                       organiser_level=lambda lv: lv == PROVINCE_LEVEL)
    anywhere = trained(h.c.cadre_id, ("union_skills", "law"), on, start)
    return _people(h, or_(and_(is_big, province), and_(~is_big, anywhere)),
                   group=case((is_big, literal(PROVINCE_TRAINED)), else_=literal(ANY_LEVEL)))


RULES = {
    "part_time_skills": part_time_skills,
    "key_cadres_briefed": key_cadres_briefed,
    "grassroots_chairs_briefed": grassroots_chairs_briefed,
    "nonstate_chairs_law": nonstate_chairs_law,
    "nonstate_chairs_trained": nonstate_chairs_trained,
}
