"""Grassroots-unit ratings (HD 1294): score and level per unit and year, refused (422 `unit_not_rateable`) when
the unit is not a grassroots union or, on 31/12 of the year, has operated < 12 months or < 6 months since a
merger or split (rule 23). Read with `units:read`, written with `units:write` over the unit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import table_of, utcnow
from app.core.errors import Conflict, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.org_units.models import OrgEvent, OrgEventUnit, OrgUnit, UnitType
from app.ratings import rules
from app.ratings.models import UnitRating
from app.ratings.schemas import BchUnitRating, RatingCreate, RatingPage, RatingRead, RatingUpdate
from app.terms.models import Assignment, Body, BodyKind

ratings = table_of(UnitRating)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
events = table_of(OrgEvent)
event_units = table_of(OrgEventUnit)
assignments = table_of(Assignment)
bodies = table_of(Body)

READ = "units:read"
WRITE = "units:write"


def _select() -> Any:
    return select(ratings, units.c.name.label("unit_name")).join(units, units.c.id == ratings.c.unit_id)


def _read(row: Any) -> RatingRead:
    return RatingRead.model_validate({**dict(row._mapping), "as_of": date(row.year, 12, 31)})


async def get_rating(session: AsyncSession, principal: Principal, rating_id: int) -> RatingRead:
    row = (await session.execute(_select().where(ratings.c.id == rating_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, READ, row.unit_id)
    return _read(row)


async def restructured_on(session: AsyncSession, unit_id: int, until: date) -> date | None:
    """The latest merger or split (on or before `until`) the unit came out of (as target or part)."""
    return (await session.execute(
        select(func.max(events.c.effective_date)).join(event_units, event_units.c.event_id == events.c.id)
        .where(event_units.c.unit_id == unit_id, event_units.c.role.in_(("target", "part")),
               events.c.event_type.in_(("merge", "split")), events.c.effective_date <= until))).scalar()


async def create_rating(session: AsyncSession, actor: Principal, data: RatingCreate) -> RatingRead:
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    unit = (await session.execute(select(units.c.established_on, units.c.ended_on, unit_types.c.is_grassroots)
                                  .join(unit_types, unit_types.c.code == units.c.unit_type)
                                  .where(units.c.id == data.unit_id))).one()
    if not unit.is_grassroots:
        raise RuleViolation("unit_not_rateable", "only grassroots unions are rated (HD 1294)")
    period_end = date(data.year, 12, 31)
    if unit.ended_on is not None and unit.ended_on <= period_end:
        raise RuleViolation("unit_not_rateable", f"the unit ended on {unit.ended_on:%d/%m/%Y}")
    ok, why = rules.rateable(year=data.year, established_on=unit.established_on,
                             restructured_on=await restructured_on(session, data.unit_id, period_end))
    if not ok:
        raise RuleViolation("unit_not_rateable", why)
    assert data.score is not None  # the schema derives or requires it
    level = data.level or rules.rating_level(data.score)
    values = data.model_dump(exclude={"level"})
    try:
        async with session.begin_nested():
            rid = (await session.execute(insert(ratings).values(
                **values, level=level, created_by=actor.subject, created_at=utcnow(), version=1)
                .returning(ratings.c.id))).scalar_one()
    except IntegrityError:
        raise Conflict("rating_exists", f"the unit is already rated for {data.year}") from None
    await audit.record(session, actor=actor.subject, action="unit_rating.create", entity_type="unit_rating",
                       entity_id=rid, unit_id=data.unit_id, changes={**values, "level": level},
                       decision_no=data.decision_no)
    return await get_rating(session, actor, rid)


async def update_rating(session: AsyncSession, actor: Principal, rating_id: int, expected: IfMatch,
                        data: RatingUpdate) -> RatingRead:
    """Correct a rating (units:write over the unit, If-Match). New components replace the score; a new score
    re-derives the level unless a level is given."""
    row = (await session.execute(select(ratings).where(ratings.c.id == rating_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, actor, WRITE, row.unit_id)
    await claim_version(session, ratings, rating_id, expected)
    changes = data.model_dump(exclude_unset=True, exclude={"level"})
    if data.score is not None:
        changes["score"] = data.score
        if data.representation is None and "score" in data.model_fields_set:
            # a bare score: the old breakdown no longer adds up to it
            changes.update(representation=None, organisation=None, communication=None, bonus=None)
    changes = {k: v for k, v in changes.items() if not (k == "score" and v is None)}
    score = float(changes.get("score", row.score))
    changes["level"] = data.level or (rules.rating_level(score) if "score" in changes else row.level)
    await session.execute(update(ratings).where(ratings.c.id == rating_id).values(**changes))
    await audit.record(session, actor=actor.subject, action="unit_rating.update", entity_type="unit_rating",
                       entity_id=rating_id, unit_id=row.unit_id,
                       changes={k: [row._mapping[k], v] for k, v in changes.items()},
                       decision_no=changes.get("decision_no"))
    return await get_rating(session, actor, rating_id)


async def list_ratings(session: AsyncSession, principal: Principal, *, unit_id: int | None, within: int | None,
                       year: int | None, cursor: str | None, limit: int) -> RatingPage:
    stmt = _select().where(unit_filter(principal, READ, ratings.c.unit_id))
    if unit_id is not None:
        await ensure_in_scope(session, principal, READ, unit_id)
        stmt = stmt.where(ratings.c.unit_id == unit_id)
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        stmt = stmt.where(ratings.c.unit_id.in_(subtree_ids([within])))
    if year is not None:
        stmt = stmt.where(ratings.c.year == year)
    rows = (await session.execute(keyset(stmt, [ratings.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return RatingPage(items=[_read(r) for r in items], next_cursor=nxt)


# --- the rating as a fact of the BCH's own evaluation ------------------------------------------------------

CHAIR = "chu_tich"


async def bch_ratings(session: AsyncSession, cadre_ids: list[int], start: date, end: date,
                      year: int) -> dict[int, BchUnitRating]:
    """For each cadre who held a post in the BCH (or BTV) of a grassroots union at some time in [start, end]: that
    union and its rating for `year` (HD 1294: the result feeds the BCH's own evaluation, rulebook §4.2). A chair's
    post wins over another post, then the latest post. Unscoped: the caller checked the evaluation's scope."""
    if not cadre_ids:
        return {}
    is_chair = assignments.c.position_code == CHAIR
    rows = (await session.execute(
        select(assignments.c.cadre_id, assignments.c.unit_id, assignments.c.position_code, units.c.name,
               ratings.c.id.label("rating_id"), ratings.c.score, ratings.c.level)
        .join(bodies, bodies.c.id == assignments.c.body_id)
        .join(units, units.c.id == assignments.c.unit_id)
        .join(unit_types, unit_types.c.code == units.c.unit_type)
        .outerjoin(ratings, (ratings.c.unit_id == assignments.c.unit_id) & (ratings.c.year == year))
        .where(assignments.c.cadre_id.in_(cadre_ids), bodies.c.kind.in_((BodyKind.bch, BodyKind.btv)),
               unit_types.c.is_grassroots.is_(True), assignments.c.from_date <= end,
               (assignments.c.to_date.is_(None)) | (assignments.c.to_date > start))
        .order_by(assignments.c.cadre_id, is_chair.desc(), assignments.c.from_date.desc(),
                  assignments.c.id.desc()))).all()
    out: dict[int, BchUnitRating] = {}
    for r in rows:
        if r.cadre_id not in out:
            out[r.cadre_id] = BchUnitRating(
                unit_id=r.unit_id, unit_name=r.name, position_code=r.position_code, is_chair=r.position_code == CHAIR,
                year=year, rating_id=r.rating_id, score=r.score, level=r.level)
    return out
