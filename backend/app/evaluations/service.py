"""Evaluation of cadres (đánh giá, xếp loại): cycles over a unit subtree and the steps of each cadre's evaluation.

Steps, each dated, signed and audited: self-assessment (score by weighted criteria plus text; entered with
`cadres:write` in the cadre's unit) → collective comments (`cadres:write`) → level proposed by the unit
(`cadres:write`) → decision by the authority (`actions:approve`) → publication to the cadre (`actions:approve`).
Levels come from the rule set in force on the cycle's end date (rule 19); a decision needs a self-assessment and
publication follows the decision (rule 20); finalising a cycle whose top-level share exceeds the cap fails
(rule 21). Monthly light scores roll up into the annual proposal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.cadres.models import Cadre
from app.core import audit
from app.core.dates import add_months
from app.core.db import table_of, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.evaluations import rules
from app.evaluations.models import (
    GOOD_LEVELS,
    LEVELS,
    TOP_LEVEL,
    Evaluation,
    EvaluationComment,
    EvaluationCycle,
    EvaluationRuleSet,
)
from app.evaluations.schemas import (
    CadreEvaluationList,
    CadreEvaluationResult,
    CollectiveComment,
    CommentCreate,
    CommentList,
    CommentRead,
    Decision,
    EvaluationCycleCreate,
    EvaluationCyclePage,
    EvaluationCycleRead,
    EvaluationPage,
    EvaluationRead,
    MyEvaluation,
    MyEvaluationList,
    Proposal,
    RuleSetList,
    RuleSetRead,
    SelfAssessment,
    StepCounts,
)
from app.org_units import tree
from app.ratings import service as ratings_service
from app.ratings.schemas import BchUnitRating

rule_sets = table_of(EvaluationRuleSet)
cycles = table_of(EvaluationCycle)
evaluations = table_of(Evaluation)
comments = table_of(EvaluationComment)
cadres = table_of(Cadre)

READ = "cadres:read"
WRITE = "cadres:write"
APPROVE = "actions:approve"


# --- rule sets -------------------------------------------------------------------------------------------

async def rule_set_on(session: AsyncSession, on: date) -> Any:
    """The rule set in force on `on` (rule 19: QĐ 124 until 9/2025, QĐ 366 after)."""
    row = (await session.execute(
        select(rule_sets).where(rule_sets.c.valid_from <= on,
                                or_(rule_sets.c.valid_to.is_(None), rule_sets.c.valid_to > on))
        .order_by(rule_sets.c.valid_from.desc()).limit(1))).first()
    if row is None:  # before the oldest rule set: the oldest one applies
        row = (await session.execute(select(rule_sets).order_by(rule_sets.c.valid_from).limit(1))).first()
    if row is None:
        raise RuleViolation("no_evaluation_rule_set")
    return row


def _bands(rs: Any) -> rules.Bands:
    return rules.Bands(rs.band_excellent, rs.band_good, rs.band_pass)


async def list_rule_sets(session: AsyncSession) -> RuleSetList:
    rows = (await session.execute(select(rule_sets).order_by(rule_sets.c.valid_from))).all()
    return RuleSetList(items=[RuleSetRead.model_validate(dict(r._mapping)) for r in rows])


def level_name(rs: Any, level: str, lang: str = "vi") -> str:
    names = (rs.level_names or {}).get(level) or [level, level]
    return str(names[1] if lang == "en" else names[0])


# --- cycles ----------------------------------------------------------------------------------------------

async def _cycle(session: AsyncSession, principal: Principal, cycle_id: int, permission: str) -> Any:
    row = (await session.execute(select(cycles, rule_sets.c.code.label("rule_set_code"),
                                        rule_sets.c.max_top_share.label("rs_cap"),
                                        rule_sets.c.level_names.label("level_names"))
                                 .join(rule_sets, rule_sets.c.id == cycles.c.rule_set_id)
                                 .where(cycles.c.id == cycle_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


def _cap(row: Any) -> float:
    return float(row.max_top_share if row.max_top_share is not None else row.rs_cap)


async def _progress(session: AsyncSession, cycle_ids: list[int]) -> dict[int, tuple[StepCounts, list[str]]]:
    out: dict[int, tuple[StepCounts, list[str]]] = {cid: (StepCounts(), []) for cid in cycle_ids}
    if not cycle_ids:
        return out
    rows = (await session.execute(select(evaluations.c.cycle_id, evaluations.c.status, evaluations.c.level,
                                         func.count()).where(evaluations.c.cycle_id.in_(cycle_ids))
                                  .group_by(evaluations.c.cycle_id, evaluations.c.status, evaluations.c.level))).all()
    for cid, status, level, n in rows:
        counts, levels = out[cid]
        counts.total += n
        setattr(counts, status, getattr(counts, status) + n)
        if level is not None:
            levels.extend([level] * n)
    return out


def _cycle_read(row: Any, counts: StepCounts, levels: list[str]) -> EvaluationCycleRead:
    m = row._mapping
    return EvaluationCycleRead(id=m["id"], unit_id=m["unit_id"], kind=m["kind"], period=m["period"],
                               starts_on=m["starts_on"],
                     ends_on=m["ends_on"], status=m["status"], rule_set_code=m["rule_set_code"],
                     anonymous_comments=m["anonymous_comments"], max_top_share=_cap(row),
                     top_share=round(rules.top_share(levels), 2), progress=counts,
                     level_names=m["level_names"] or {},
                     finalized_at=m["finalized_at"], version=m["version"])


async def get_cycle(session: AsyncSession, principal: Principal, cycle_id: int) -> EvaluationCycleRead:
    row = await _cycle(session, principal, cycle_id, READ)
    counts, levels = (await _progress(session, [cycle_id]))[cycle_id]
    return _cycle_read(row, counts, levels)


async def create_cycle(session: AsyncSession, actor: Principal, data: EvaluationCycleCreate) -> EvaluationCycleRead:
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    rs = await rule_set_on(session, data.ends_on)
    cid = (await session.execute(insert(cycles).values(
        unit_id=data.unit_id, kind=data.kind, period=data.period, starts_on=data.starts_on, ends_on=data.ends_on,
        rule_set_id=rs.id, status="open", anonymous_comments=data.anonymous_comments,
        max_top_share=data.max_top_share, created_by=actor.subject, created_at=utcnow(), version=1,
    ).returning(cycles.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="evaluation_cycle.create", entity_type="evaluation_cycle",
                       entity_id=cid, unit_id=data.unit_id, changes=data.model_dump(mode="json"))
    return await get_cycle(session, actor, cid)


async def list_cycles(session: AsyncSession, principal: Principal, *, within: int | None, status: str | None,
                      kind: str | None, cursor: str | None, limit: int) -> EvaluationCyclePage:
    stmt = (select(cycles, rule_sets.c.code.label("rule_set_code"), rule_sets.c.max_top_share.label("rs_cap"),
                   rule_sets.c.level_names.label("level_names"))
            .join(rule_sets, rule_sets.c.id == cycles.c.rule_set_id)
            .where(unit_filter(principal, READ, cycles.c.unit_id)))
    if within is not None:
        await ensure_in_scope(session, principal, READ, within)
        stmt = stmt.where(cycles.c.unit_id.in_(subtree_ids([within])))
    if status:
        stmt = stmt.where(cycles.c.status == status)
    if kind:
        stmt = stmt.where(cycles.c.kind == kind)
    rows = (await session.execute(keyset(stmt, [cycles.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    progress = await _progress(session, [r.id for r in items])
    return EvaluationCyclePage(items=[_cycle_read(r, *progress[r.id]) for r in items], next_cursor=nxt)


async def finalize_cycle(session: AsyncSession, actor: Principal, cycle_id: int) -> EvaluationCycleRead:
    """Rule 21: refused (422 top_level_share_exceeded) when the share of hoan_thanh_xuat_sac decisions is above
    the cap. Evaluations still without a decision are refused too (422 evaluations_undecided)."""
    row = await _cycle(session, actor, cycle_id, APPROVE)
    if row.status != "open":
        raise Conflict("invalid_transition", f"cycle is {row.status}")
    counts, levels = (await _progress(session, [cycle_id]))[cycle_id]
    undecided = counts.total - counts.decided - counts.published
    if undecided:
        raise RuleViolation("evaluations_undecided", f"{undecided} evaluation(s) have no decision yet",
                            undecided=undecided)
    cap = _cap(row)
    if rules.exceeds_cap(levels, cap):
        share = round(rules.top_share(levels), 2)
        raise RuleViolation("top_level_share_exceeded",
                            f"hoan_thanh_xuat_sac {share}% > {cap}%", share=share, cap=cap)
    await session.execute(update(cycles).where(cycles.c.id == cycle_id).values(
        status="finalized", finalized_at=utcnow(), finalized_by=actor.subject, version=cycles.c.version + 1))
    await audit.record(session, actor=actor.subject, action="evaluation_cycle.finalize", entity_type="evaluation_cycle",
                       entity_id=cycle_id, unit_id=row.unit_id,
                       changes={"top_share": round(rules.top_share(levels), 2), "cap": cap})
    return await get_cycle(session, actor, cycle_id)


# --- evaluations -----------------------------------------------------------------------------------------

def _eval_select() -> Any:
    return (select(evaluations, cadres.c.full_name.label("cadre_name"))
            .join(cadres, cadres.c.id == evaluations.c.cadre_id))


async def _monthly_average(session: AsyncSession, cadre_id: int, year: int) -> float | None:
    """The mean of the cadre's monthly light scores in `year` (decided score, else proposed, else self)."""
    score = func.coalesce(evaluations.c.proposed_score, evaluations.c.self_score)
    value = (await session.execute(
        select(func.avg(score)).join(cycles, cycles.c.id == evaluations.c.cycle_id)
        .where(evaluations.c.cadre_id == cadre_id, cycles.c.kind == "monthly",
               cycles.c.ends_on >= date(year, 1, 1), cycles.c.ends_on <= date(year, 12, 31),
               score.is_not(None)))).scalar()
    return round(float(value), 2) if value is not None else None


async def _read(session: AsyncSession, row: Any, cycle: Any) -> EvaluationRead:
    data = dict(row._mapping)
    if cycle.kind == "annual":
        data["monthly_average"] = await _monthly_average(session, row.cadre_id, cycle.ends_on.year)
    data["unit_rating"] = (await _unit_ratings(session, [row.cadre_id], cycle)).get(row.cadre_id)
    return EvaluationRead.model_validate(data)


async def _unit_ratings(session: AsyncSession, cadre_ids: list[int], cycle: Any) -> dict[int, BchUnitRating]:
    """The unit rating of the cycle's year for each cadre on a grassroots BCH during the cycle (HD 1294)."""
    return await ratings_service.bch_ratings(session, cadre_ids, cycle.starts_on, cycle.ends_on, cycle.ends_on.year)


async def _check_top_level_against_unit_rating(session: AsyncSession, row: Any, cycle: Any, level: str) -> None:
    """HD 1294 feeds the BCH's own evaluation (rulebook §4.2; docs/decisions/020): the chair of a grassroots
    union whose rating for the cycle's year is below hoan_thanh_tot cannot be proposed or decided
    hoan_thanh_xuat_sac (422 unit_rating_below_good). An unrated union does not block."""
    if level != TOP_LEVEL:
        return
    fact = (await _unit_ratings(session, [row.cadre_id], cycle)).get(row.cadre_id)
    if fact is None or not fact.is_chair or fact.level is None or fact.level in GOOD_LEVELS:
        return
    raise RuleViolation(
        "unit_rating_below_good",
        f"{fact.unit_name}: xếp loại năm {fact.year} dưới mức Hoàn thành tốt nhiệm vụ", unit_id=fact.unit_id,
        year=fact.year, unit_level=fact.level)


def is_own(principal: Principal, row: Any) -> bool:
    """The caller's account belongs to the evaluated cadre (`user_account.cadre_id`)."""
    return principal.cadre_id is not None and principal.cadre_id == row.cadre_id


async def _evaluation(session: AsyncSession, principal: Principal, evaluation_id: int, permission: str,
                      *, own: bool = False) -> Any:
    """The evaluation if the caller may use `permission` on its unit — or, with `own`, if it is the caller's own
    evaluation (any other one is 404 to them, exactly like a missing one)."""
    row = (await session.execute(_eval_select().where(evaluations.c.id == evaluation_id))).first()
    if row is None:
        raise NotFound()
    if own and is_own(principal, row):
        return row
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


def _as_seen_by_cadre(read: EvaluationRead) -> EvaluationRead:
    """The cadre sees the authority's decision only once it is published to them (công khai)."""
    if read.published_at is None:
        return read.model_copy(update={"level": None, "decision_no": None, "decided_at": None})
    return read


async def get_evaluation(session: AsyncSession, principal: Principal, evaluation_id: int) -> EvaluationRead:
    row = await _evaluation(session, principal, evaluation_id, READ, own=True)
    cycle = (await session.execute(select(cycles.c.kind, cycles.c.starts_on, cycles.c.ends_on)
                                   .where(cycles.c.id == row.cycle_id))).one()
    read = await _read(session, row, cycle)
    if is_own(principal, row) and not await in_scope(session, principal, READ, row.unit_id):
        return _as_seen_by_cadre(read)
    return read


async def my_evaluations(session: AsyncSession, principal: Principal) -> MyEvaluationList:
    """The caller's own evaluations (their account is linked to a cadre), newest cycle first, with the cycle each
    belongs to: what "Tự đánh giá của tôi" lists. Empty for an account that belongs to no cadre."""
    if principal.cadre_id is None:
        return MyEvaluationList(items=[])
    rows = (await session.execute(
        _eval_select().add_columns(cycles.c.kind.label("cycle_kind"), cycles.c.period.label("cycle_period"),
                                   cycles.c.starts_on.label("cycle_starts_on"),
                                   cycles.c.ends_on.label("cycle_ends_on"), cycles.c.status.label("cycle_status"),
                                   rule_sets.c.code.label("rule_set_code"))
        .join(cycles, cycles.c.id == evaluations.c.cycle_id).join(rule_sets, rule_sets.c.id == cycles.c.rule_set_id)
        .where(evaluations.c.cadre_id == principal.cadre_id)
        .order_by(cycles.c.ends_on.desc(), evaluations.c.id.desc()))).all()
    items = []
    for r in rows:
        read = _as_seen_by_cadre(EvaluationRead.model_validate(dict(r._mapping)))
        items.append(MyEvaluation(**read.model_dump(), cycle_kind=r.cycle_kind, cycle_period=r.cycle_period,
                                  cycle_starts_on=r.cycle_starts_on, cycle_ends_on=r.cycle_ends_on,
                                  cycle_status=r.cycle_status, rule_set_code=r.rule_set_code))
    return MyEvaluationList(items=items)


async def add_evaluation(session: AsyncSession, actor: Principal, cycle_id: int, cadre_id: int) -> EvaluationRead:
    cycle = await _cycle(session, actor, cycle_id, WRITE)
    if cycle.status != "open":
        raise Conflict("invalid_transition", "the cycle is finalized")
    try:
        cadre = await cadres_service.visible_cadre(session, actor, cadre_id, WRITE)
    except NotFound:
        raise RuleViolation("validation_error", errors=[FieldProblem("cadre_id", "not_found", str(cadre_id))]) \
            from None
    inside = await tree.is_descendant(session, cycle.unit_id, cadre.unit_id)
    if not inside:
        raise RuleViolation("cadre_outside_cycle", errors=[FieldProblem("cadre_id", "cadre_outside_cycle",
                                                                        "the cadre's unit is outside the cycle")])
    try:
        async with session.begin_nested():
            eid = (await session.execute(insert(evaluations).values(
                cycle_id=cycle_id, cadre_id=cadre_id, unit_id=cadre.unit_id, status="pending", version=1,
                created_at=utcnow()).returning(evaluations.c.id))).scalar_one()
    except IntegrityError:
        raise Conflict("evaluation_exists", "the cadre already has an evaluation in this cycle") from None
    await audit.record(session, actor=actor.subject, action="evaluation.create", entity_type="evaluation",
                       entity_id=eid, unit_id=cadre.unit_id, changes={"cycle_id": cycle_id, "cadre_id": cadre_id})
    return await get_evaluation(session, actor, eid)


async def list_evaluations(session: AsyncSession, principal: Principal, cycle_id: int, *, status: str | None,
                           cursor: str | None, limit: int) -> EvaluationPage:
    cycle = await _cycle(session, principal, cycle_id, READ)
    stmt = _eval_select().where(evaluations.c.cycle_id == cycle_id,
                                unit_filter(principal, READ, evaluations.c.unit_id))
    if status:
        stmt = stmt.where(evaluations.c.status == status)
    rows = (await session.execute(keyset(stmt, [evaluations.c.id], cursor, limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    rated = await _unit_ratings(session, [r.cadre_id for r in items], cycle)
    return EvaluationPage(items=[EvaluationRead.model_validate({**dict(r._mapping),
                                                                "unit_rating": rated.get(r.cadre_id)})
                                 for r in items], next_cursor=nxt)


async def _open_cycle(session: AsyncSession, cycle_id: int) -> Any:
    cycle = (await session.execute(select(cycles).where(cycles.c.id == cycle_id))).one()
    if cycle.status != "open":
        raise Conflict("invalid_transition", "the cycle is finalized")
    return cycle


async def _step(session: AsyncSession, actor: Principal, row: Any, action: str, values: dict[str, Any],
                changes: dict[str, Any], decision_no: str | None = None) -> EvaluationRead:
    await session.execute(update(evaluations).where(evaluations.c.id == row.id)
                          .values(**values, version=evaluations.c.version + 1))
    await audit.record(session, actor=actor.subject, action=f"evaluation.{action}", entity_type="evaluation",
                       entity_id=row.id, unit_id=row.unit_id, changes=changes, decision_no=decision_no)
    return await get_evaluation(session, actor, row.id)


async def self_assess(session: AsyncSession, actor: Principal, evaluation_id: int,
                      data: SelfAssessment) -> EvaluationRead:
    """Tự đánh giá: the score (or the weighted mean of the rule set's criteria) and the text; proposes the level
    from the bands in force (rule 19). Entered by the cadre themself (their account is linked to the cadre: no
    other permission needed, and only for their own evaluation) or, on their behalf, with `cadres:write` over
    their unit; `self_assessed_by` records who."""
    row = await _evaluation(session, actor, evaluation_id, WRITE, own=True)
    cycle = await _open_cycle(session, row.cycle_id)
    if row.status not in ("pending", "self_assessed"):
        raise Conflict("invalid_transition", f"evaluation is {row.status}")
    rs = await rule_set_on(session, cycle.ends_on)
    score = data.score
    if data.criteria_scores:
        codes = {str(c["code"]) for c in rs.criteria}
        unknown = sorted(set(data.criteria_scores) - codes)
        missing = sorted(codes - set(data.criteria_scores))
        if unknown or missing:
            raise RuleViolation("validation_error", errors=[
                *[FieldProblem(f"criteria_scores.{c}", "unknown_criterion", c) for c in unknown],
                *[FieldProblem(f"criteria_scores.{c}", "required", c) for c in missing]])
        score = rules.weighted_score(rs.criteria, data.criteria_scores)
    assert score is not None  # the schema requires a score or criteria scores
    level = rules.level_for_score(score, _bands(rs))
    return await _step(session, actor, row, "self_assess", {
        "status": "self_assessed", "self_score": score, "self_text": data.text,
        "criteria_scores": data.criteria_scores, "self_level": level, "proposed_level": level,
        "self_assessed_at": utcnow(), "self_assessed_by": actor.subject,
    }, {"score": score, "level": level})


def _require_self_assessment(row: Any) -> None:
    if row.self_assessed_at is None:
        raise RuleViolation("self_assessment_required")


async def collective_comment(session: AsyncSession, actor: Principal, evaluation_id: int,
                             data: CollectiveComment) -> EvaluationRead:
    row = await _evaluation(session, actor, evaluation_id, WRITE)
    await _open_cycle(session, row.cycle_id)
    _require_self_assessment(row)
    if row.status not in ("self_assessed", "commented"):
        raise Conflict("invalid_transition", f"evaluation is {row.status}")
    return await _step(session, actor, row, "comment", {
        "status": "commented", "collective_comment": data.text, "commented_at": utcnow(),
        "commented_by": actor.subject}, {"collective_comment": True})


async def propose(session: AsyncSession, actor: Principal, evaluation_id: int, data: Proposal) -> EvaluationRead:
    """Mức xếp loại đề xuất của đơn vị. Without a score: for an annual evaluation the mean of the year's monthly
    light scores when there are any, else the self-assessed score; without a level: the band of that score."""
    row = await _evaluation(session, actor, evaluation_id, WRITE)
    cycle = await _open_cycle(session, row.cycle_id)
    _require_self_assessment(row)
    if row.status not in ("self_assessed", "commented", "proposed"):
        raise Conflict("invalid_transition", f"evaluation is {row.status}")
    score = data.score
    if score is None:
        monthly = await _monthly_average(session, row.cadre_id, cycle.ends_on.year) if cycle.kind == "annual" else None
        score = monthly if monthly is not None else float(row.self_score)
    rs = await rule_set_on(session, cycle.ends_on)
    level = data.level or rules.level_for_score(score, _bands(rs))
    await _check_top_level_against_unit_rating(session, row, cycle, level)
    return await _step(session, actor, row, "propose", {
        "status": "proposed", "proposed_score": score, "proposed_level": level, "proposed_at": utcnow(),
        "proposed_by": actor.subject}, {"score": score, "level": level})


async def decide(session: AsyncSession, actor: Principal, evaluation_id: int, data: Decision) -> EvaluationRead:
    """Quyết định xếp loại by the authority; rule 20: never before a self-assessment. An annual khong_hoan_thanh
    that follows one the year before raises a dismissal review (rule 22)."""
    row = await _evaluation(session, actor, evaluation_id, APPROVE)
    cycle = await _open_cycle(session, row.cycle_id)
    _require_self_assessment(row)
    if row.status == "published":
        raise Conflict("invalid_transition", "evaluation is published")
    await _check_top_level_against_unit_rating(session, row, cycle, data.level)
    result = await _step(session, actor, row, "decide", {
        "status": "decided", "level": data.level, "decision_no": data.decision_no, "decided_at": utcnow(),
        "decided_by": actor.subject}, {"level": data.level}, decision_no=data.decision_no)
    if cycle.kind == "annual" and data.level == "khong_hoan_thanh":
        await check_consecutive_failures(session, row.cadre_id, cycle.ends_on)
    return result


async def check_consecutive_failures(session: AsyncSession, cadre_id: int, on: date) -> bool:
    """Rule 22 (QĐ 41-QĐ/TW): two consecutive annual khong_hoan_thanh ratings raise a "miễn nhiệm review" task
    for people to decide (idempotent per person and pair of years). The system flags; people decide."""
    from app.tasks import service as tasks
    from app.tasks.models import TaskKind

    year = rules.two_consecutive_failures(await annual_levels(session, cadre_id))
    if year is None:
        return False
    cadre = (await session.execute(select(cadres.c.unit_id, cadres.c.full_name).where(cadres.c.id == cadre_id))).one()
    await tasks.raise_task(
        session, kind=TaskKind.dismissal_review, unit_id=cadre.unit_id, cadre_id=cadre_id,
        due_on=add_months(on, 1), dedupe_key=f"dismissal_review:kht:{cadre_id}:{year}",
        title_vi=f"Xem xét miễn nhiệm: {cadre.full_name} không hoàn thành nhiệm vụ 2 năm liên tiếp "
                 f"({year - 1}, {year})",
        title_en=f"Dismissal review: {cadre.full_name} did not complete duties two years running ({year - 1}, {year})",
        source_type="cadre", source_id=cadre_id)
    return True


async def publish(session: AsyncSession, actor: Principal, evaluation_id: int) -> EvaluationRead:
    """Công khai kết quả to the cadre; rule 20: published_at ≥ decided_at."""
    row = await _evaluation(session, actor, evaluation_id, APPROVE)
    if row.status != "decided" or row.decided_at is None:
        raise Conflict("invalid_transition", f"evaluation is {row.status}")
    now = utcnow()
    decided = row.decided_at if row.decided_at.tzinfo else row.decided_at.replace(tzinfo=now.tzinfo)
    return await _step(session, actor, row, "publish", {
        "status": "published", "published_at": max(now, decided), "published_by": actor.subject},
        {"level": row.level})


# --- multi-angle comments --------------------------------------------------------------------------------

async def add_comment(session: AsyncSession, actor: Principal, evaluation_id: int, data: CommentCreate) -> CommentRead:
    row = await _evaluation(session, actor, evaluation_id, WRITE)
    cycle = await _open_cycle(session, row.cycle_id)
    now = utcnow()
    cid = (await session.execute(insert(comments).values(
        evaluation_id=evaluation_id, kind=data.kind, text=data.text, score=data.score,
        anonymous=cycle.anonymous_comments, author=actor.subject, created_at=now).returning(comments.c.id))
    ).scalar_one()
    await audit.record(session, actor=actor.subject, action="evaluation.peer_comment", entity_type="evaluation",
                       entity_id=evaluation_id, unit_id=row.unit_id, changes={"kind": data.kind})
    return CommentRead(id=cid, evaluation_id=evaluation_id, kind=data.kind, text=data.text, score=data.score,
                       author=None if cycle.anonymous_comments else actor.subject, created_at=now)


async def list_comments(session: AsyncSession, principal: Principal, evaluation_id: int) -> CommentList:
    await _evaluation(session, principal, evaluation_id, READ)
    rows = (await session.execute(select(comments).where(comments.c.evaluation_id == evaluation_id)
                                  .order_by(comments.c.id))).all()
    return CommentList(items=[CommentRead(id=r.id, evaluation_id=r.evaluation_id, kind=r.kind, text=r.text,
                                          score=r.score, author=None if r.anonymous else r.author,
                                          created_at=r.created_at) for r in rows])


# --- results for the cadre's history, Mẫu 2C and eligibility ---------------------------------------------

async def cadre_results(session: AsyncSession, principal: Principal, cadre_id: int) -> CadreEvaluationList:
    """Decided results of the cadre (newest first), as the history, Mẫu 2C and the eligibility facts read them."""
    await cadres_service.visible_cadre(session, principal, cadre_id)
    rows = (await session.execute(
        select(evaluations.c.id, evaluations.c.cycle_id, evaluations.c.level, evaluations.c.decided_at,
               evaluations.c.published_at, evaluations.c.proposed_score, evaluations.c.self_score,
               cycles.c.kind, cycles.c.period, cycles.c.ends_on, cycles.c.rule_set_id)
        .join(cycles, cycles.c.id == evaluations.c.cycle_id)
        .where(evaluations.c.cadre_id == cadre_id, evaluations.c.level.is_not(None))
        .order_by(cycles.c.ends_on.desc(), evaluations.c.id.desc()))).all()
    sets = {r.id: r for r in (await session.execute(select(rule_sets))).all()}
    return CadreEvaluationList(items=[CadreEvaluationResult(
        evaluation_id=r.id, cycle_id=r.cycle_id, kind=r.kind, period=r.period, ends_on=r.ends_on, level=r.level,
        level_name=level_name(sets[r.rule_set_id], r.level),
        score=r.proposed_score if r.proposed_score is not None else r.self_score,
        decided_at=r.decided_at, published_at=r.published_at) for r in rows])


async def annual_levels(session: AsyncSession, cadre_id: int, *, before: date | None = None) -> dict[int, str]:
    """{year: decided level} of the cadre's annual evaluations (the latest decision per year)."""
    stmt = (select(cycles.c.ends_on, evaluations.c.level)
            .join(cycles, cycles.c.id == evaluations.c.cycle_id)
            .where(evaluations.c.cadre_id == cadre_id, cycles.c.kind == "annual", evaluations.c.level.is_not(None))
            .order_by(cycles.c.ends_on, evaluations.c.decided_at))
    if before is not None:
        stmt = stmt.where(cycles.c.ends_on < before)
    out: dict[int, str] = {}
    for ends_on, level in (await session.execute(stmt)).all():
        out[ends_on.year] = level
    return out


async def latest_annual_result(session: AsyncSession, cadre_id: int, *,
                               before: date) -> tuple[int | None, str | None, str | None]:
    """(year, level, level name) of the cadre's latest decided annual evaluation ending before `before` — an
    eligibility fact of personnel actions."""
    row = (await session.execute(
        select(cycles.c.ends_on, evaluations.c.level, cycles.c.rule_set_id)
        .join(cycles, cycles.c.id == evaluations.c.cycle_id)
        .where(evaluations.c.cadre_id == cadre_id, cycles.c.kind == "annual", evaluations.c.level.is_not(None),
               cycles.c.ends_on < before)
        .order_by(cycles.c.ends_on.desc(), evaluations.c.decided_at.desc()).limit(1))).first()
    if row is None:
        return None, None, None
    rs = (await session.execute(select(rule_sets).where(rule_sets.c.id == row.rule_set_id))).one()
    return row.ends_on.year, row.level, level_name(rs, row.level)


def levels() -> tuple[str, ...]:
    return LEVELS

