"""Indicators: catalogue, evaluation over subtrees and dates, measurements, target progress and drill-down.

Evaluation of an indicator for several scopes on one date is one query: computed indicators through their
population query (`compute.py`), manual ones through the latest approved measurement of each scope unit.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.core import audit
from app.core.access_log import log_access
from app.core.db import table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, in_scope, unit_filter
from app.core.security import Principal
from app.indicators import compute
from app.indicators.models import Attachment, Indicator, Measurement
from app.indicators.schemas import (
    FileUpload,
    IndicatorList,
    IndicatorRead,
    MeasurementCheck,
    MeasurementCreate,
    MeasurementDecision,
    MeasurementPage,
    MeasurementRead,
    PlanProgress,
    RecordItem,
    RecordPage,
    TargetProgress,
    TrendPoint,
)
from app.indicators.status import LABELS, is_percentage, target_status
from app.org_units.models import OrgUnit, OrgUnitClosure
from app.plans.models import Plan, Target
from app.rulebook import service as rulebook

indicators = table_of(Indicator)
measurements = table_of(Measurement)
attachments = table_of(Attachment)
plans = table_of(Plan)
targets = table_of(Target)
units = table_of(OrgUnit)
closure = table_of(OrgUnitClosure)
cadres = table_of(Cadre)

READ = "reports:read"
ENTER = "cadres:write"
APPROVE = "actions:approve"
CADRE_READ = "cadres:read"
TREND_YEARS = 4


@dataclass(frozen=True)
class Evaluated:
    value: float | None
    numerator: float | None
    denominator: float | None
    source: str  # computed | measurement | none


# --- catalogue -------------------------------------------------------------------------------------------

async def list_indicators(session: AsyncSession) -> IndicatorList:
    rows = (await session.execute(select(indicators).order_by(indicators.c.number, indicators.c.code))).all()
    out = []
    for r in rows:
        c = compute.REGISTRY.get(r.computation or "")
        out.append(IndicatorRead.model_validate({**r._mapping, "description": r.description or
                                                 (c.description if c else None)}))
    return IndicatorList(items=out)


async def indicator_row(session: AsyncSession, code: str, field: str = "indicator_code") -> Any:
    row = (await session.execute(select(indicators).where(indicators.c.code == code))).first()
    if row is None:
        raise RuleViolation("unknown_indicator", errors=[FieldProblem(field, "unknown_indicator", code)])
    return row


def computation_of(ind: Any) -> compute.Computation | None:
    return compute.REGISTRY.get(ind.computation) if ind.computation else None


# --- evaluation ------------------------------------------------------------------------------------------

async def evaluate(session: AsyncSession, ind: Any, roots: list[int], on: date,
                   start: date | None) -> dict[int, Evaluated]:
    """The indicator for every root on `on` (period [start, on] for event counts): one query."""
    return (await evaluate_many(session, [(ind, roots, on, start)]))[0]


async def evaluate_many(session: AsyncSession,
                        asks: list[tuple[Any, list[int], date, date | None]]) -> list[dict[int, Evaluated]]:
    """Several (indicator, roots, on, start) at once, answers in the order asked: the computed ones in one
    statement (`compute.compute_many`), the manual ones from their latest approved measurements."""
    out: list[dict[int, Evaluated]] = [{} for _ in asks]
    computed = [(i, compute.Ask(c, roots, on, start)) for i, (ind, roots, on, start) in enumerate(asks)
                if (c := computation_of(ind)) is not None]
    for (i, _), figures in zip(computed, await compute.compute_many(session, [a for _, a in computed]), strict=True):
        out[i] = {r: Evaluated(f.value, f.numerator, f.denominator, "computed") for r, f in figures.items()}
    for i, (ind, roots, on, start) in enumerate(asks):
        if computation_of(ind) is None:
            out[i] = await _measured(session, ind, roots, on, start)
    return out


async def _measured(session: AsyncSession, ind: Any, roots: list[int], on: date,
                    start: date | None) -> dict[int, Evaluated]:
    """A manual indicator: the latest approved measurement of each root on or before `on` (and in the period)."""
    m = measurements
    latest = (select(m.c.scope_unit_id, func.max(m.c.as_of).label("as_of"))
              .where(m.c.indicator_code == ind.code, m.c.status == "approved", m.c.scope_unit_id.in_(roots),
                     m.c.as_of <= on, *([m.c.as_of >= start] if start else []))
              .group_by(m.c.scope_unit_id).subquery())
    rows = (await session.execute(
        select(m.c.scope_unit_id, m.c.value, m.c.numerator, m.c.denominator, m.c.id)
        .join(latest, and_(latest.c.scope_unit_id == m.c.scope_unit_id, latest.c.as_of == m.c.as_of))
        .where(m.c.indicator_code == ind.code, m.c.status == "approved").order_by(m.c.id))).all()
    found = {r.scope_unit_id: Evaluated(r.value, r.numerator, r.denominator, "measurement") for r in rows}
    return {r: found.get(r, Evaluated(None, None, None, "none")) for r in roots}


# --- measurements (rule 25) ------------------------------------------------------------------------------

def _measurement(row: Any) -> MeasurementRead:
    return MeasurementRead.model_validate(dict(row._mapping))


async def store_attachment(session: AsyncSession, actor: Principal, unit_id: int, f: FileUpload,
                           field: str = "file") -> int:
    try:
        content = base64.b64decode(f.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise RuleViolation("invalid_file", errors=[FieldProblem(field, "invalid_base64", "not base64")]) from exc
    if not content:
        raise RuleViolation("invalid_file", errors=[FieldProblem(field, "empty", "empty file")])
    result = await session.execute(insert(attachments).values(
        unit_id=unit_id, filename=f.filename, content_type=f.content_type, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), content=content, created_by=actor.subject,
        created_at=utcnow()).returning(attachments.c.id))
    return int(result.scalar_one())


async def create_measurement(session: AsyncSession, actor: Principal, data: MeasurementCreate) -> MeasurementRead:
    """Computed indicator: compute now and store the figure. Manual one: store the submitted figure with its
    evidence, awaiting approval by someone else."""
    ind = await indicator_row(session, data.indicator_code)
    await ensure_in_scope(session, actor, ENTER, data.unit_id)
    c = computation_of(ind)
    values: dict[str, Any] = {"indicator_code": ind.code, "indicator_version": ind.version,
                              "scope_unit_id": data.unit_id, "as_of": data.as_of, "created_by": actor.subject,
                              "created_at": utcnow()}
    if c is not None:
        if data.value is not None or data.numerator is not None or data.denominator is not None:
            raise RuleViolation("computed_indicator", errors=[FieldProblem("value", "computed_indicator",
                                                                           "computed from the data")])
        start = (data.period_start or date(data.as_of.year, 1, 1)) if c.uses_period else None
        f = (await compute.compute(session, c, [data.unit_id], data.as_of, start))[data.unit_id]
        values.update(period_start=start, value=f.value, numerator=f.numerator, denominator=f.denominator,
                      status="computed")
    else:
        value = manual_value(ind, data)
        if not data.evidence_text and data.file is None:
            raise RuleViolation("evidence_required", errors=[FieldProblem("evidence_text", "required",
                                                                          "evidence text or file")])
        attachment_id = await store_attachment(session, actor, data.unit_id, data.file) if data.file else None
        values.update(period_start=data.period_start, value=value, numerator=data.numerator,
                      denominator=data.denominator, status="submitted", evidence_text=data.evidence_text,
                      attachment_id=attachment_id)
    new_id = (await session.execute(insert(measurements).values(**values).returning(measurements.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action=f"measurement.{values['status']}",
                       entity_type="measurement", entity_id=new_id, unit_id=data.unit_id,
                       changes={k: v for k, v in values.items() if k not in ("created_at", "created_by")})
    return await get_measurement(session, actor, new_id)


PERCENT_TOLERANCE = 0.05  # a percentage entered by hand may be rounded to one decimal


def percentage(ind: Any) -> bool:
    return is_percentage(ind.kind, ind.unit_label)


def manual_value(ind: Any, data: MeasurementCreate) -> float:
    """D12: the value of a manual figure. For a percentage indicator it is a percentage (0–100, e.g. 87.5): taken
    from numerator/denominator when only those are given, and checked against them when both are."""
    num, den = data.numerator, data.denominator
    if percentage(ind) and num is not None and den is not None:
        if den <= 0 or not 0 <= num <= den:
            raise RuleViolation("percentage_out_of_range", errors=[FieldProblem(
                "numerator", "percentage_out_of_range", "0 ≤ numerator ≤ denominator, denominator > 0")])
        share = round(100.0 * num / den, 4)
        if data.value is not None and abs(data.value - share) > PERCENT_TOLERANCE:
            raise RuleViolation("percentage_out_of_range", errors=[FieldProblem(
                "value", "percentage_mismatch", f"numerator/denominator give {share} %")])
        return data.value if data.value is not None else share
    if data.value is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("value", "required", "value is required")])
    if percentage(ind) and not 0 <= data.value <= 100:
        raise RuleViolation("percentage_out_of_range", errors=[FieldProblem(
            "value", "percentage_out_of_range", "a percentage from 0 to 100")])
    return data.value


async def _measurement_row(session: AsyncSession, principal: Principal, measurement_id: int, permission: str) -> Any:
    row = (await session.execute(select(measurements).where(measurements.c.id == measurement_id))).first()
    if row is None or not await in_scope(session, principal, permission, row.scope_unit_id):
        raise NotFound()
    return row


async def get_measurement(session: AsyncSession, principal: Principal, measurement_id: int) -> MeasurementRead:
    return _measurement(await _measurement_row(session, principal, measurement_id, READ))


async def list_measurements(session: AsyncSession, principal: Principal, *, indicator_code: str | None,
                            unit_id: int | None, cursor: str | None, limit: int) -> MeasurementPage:
    conds = [unit_filter(principal, READ, measurements.c.scope_unit_id)]
    if indicator_code:
        conds.append(measurements.c.indicator_code == indicator_code)
    if unit_id is not None:
        conds.append(measurements.c.scope_unit_id == unit_id)
    rows = (await session.execute(keyset(select(measurements).where(*conds), [measurements.c.id], cursor,
                                         limit))).all()
    items, nxt = page_from_rows(rows, ["id"], limit)
    return MeasurementPage(items=[_measurement(r) for r in items], next_cursor=nxt)


async def decide_measurement(session: AsyncSession, actor: Principal, measurement_id: int,
                             data: MeasurementDecision) -> MeasurementRead:
    row = await _measurement_row(session, actor, measurement_id, APPROVE)
    if row.status != "submitted":
        raise Conflict("invalid_transition", f"measurement is {row.status}")
    if row.created_by == actor.subject:
        raise Conflict("self_approval")
    status = "approved" if data.approve else "rejected"
    await session.execute(update(measurements).where(measurements.c.id == measurement_id)
                          .values(status=status, decided_by=actor.subject, decided_at=utcnow()))
    await audit.record(session, actor=actor.subject, action=f"measurement.{status}", entity_type="measurement",
                       entity_id=measurement_id, unit_id=row.scope_unit_id,
                       changes={"status": [row.status, status], "reason": data.reason})
    return await get_measurement(session, actor, measurement_id)


async def recompute(session: AsyncSession, measurement_id: int) -> compute.Figure | None:
    """Rule 25: recompute a stored computed measurement from its inputs (indicator, version, scope, as_of,
    period). None for manual measurements or when the computation's version has moved on."""
    row = (await session.execute(select(measurements).where(measurements.c.id == measurement_id))).first()
    if row is None:
        raise NotFound()
    ind = await indicator_row(session, row.indicator_code)
    c = computation_of(ind)
    if c is None or c.version != row.indicator_version:
        return None
    return (await compute.compute(session, c, [row.scope_unit_id], row.as_of, row.period_start))[row.scope_unit_id]


async def check_measurement(session: AsyncSession, principal: Principal, measurement_id: int) -> MeasurementCheck:
    m = await get_measurement(session, principal, measurement_id)
    f = await recompute(session, measurement_id)
    if f is None:
        return MeasurementCheck(measurement=m, recomputed_value=m.value, recomputed_numerator=m.numerator,
                                recomputed_denominator=m.denominator, same=True)
    return MeasurementCheck(measurement=m, recomputed_value=f.value, recomputed_numerator=f.numerator,
                            recomputed_denominator=f.denominator,
                            same=(f.value, f.numerator, f.denominator) == (m.value, m.numerator, m.denominator))


# --- progress --------------------------------------------------------------------------------------------

async def _target_row(session: AsyncSession, principal: Principal, target_id: int) -> Any:
    row = (await session.execute(select(targets, plans.c.issuer_unit_id).join(plans, plans.c.id == targets.c.plan_id)
                                 .where(targets.c.id == target_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, principal, READ, row.issuer_unit_id)
    return row


async def _unit_in_target(session: AsyncSession, principal: Principal, target: Any, unit_id: int | None) -> int:
    if unit_id is None or unit_id == target.scope_unit_id:
        return int(target.scope_unit_id)
    await ensure_in_scope(session, principal, READ, unit_id)
    inside = (await session.execute(select(closure.c.depth).where(closure.c.ancestor_id == target.scope_unit_id,
                                                                  closure.c.descendant_id == unit_id))).first()
    if inside is None:
        raise RuleViolation("unit_outside_target_scope",
                            errors=[FieldProblem("unit_id", "unit_outside_target_scope", str(unit_id))])
    return unit_id


def _dates(target: Any, as_of: date | None) -> tuple[date, date, date | None]:
    """(asked date, evaluation date capped at the due date, period start for event counts)."""
    asked = as_of or today()
    return asked, min(asked, target.period_end), target.period_start


def _progress(target: Any, ind: Any, unit_id: int, asked: date, ev: Evaluated,
              trend: list[TrendPoint]) -> TargetProgress:
    status = target_status(ev.value, target.target_value, target.comparator, percentage=percentage(ind),
                           due=target.period_end, on=asked)
    vi, en = LABELS[status]
    return TargetProgress(
        target_id=target.id, plan_id=target.plan_id, indicator_code=ind.code, indicator_version=ind.version,
        unit_id=unit_id, as_of=asked, period_start=target.period_start, period_end=target.period_end,
        value=ev.value, numerator=ev.numerator, denominator=ev.denominator, target=target.target_value,
        percentage=percentage(ind),
        comparator=target.comparator, status=status, label_vi=vi, label_en=en, source=ev.source, trend=trend)


async def _trends(session: AsyncSession, wanted: list[tuple[Any, int, date]]) -> list[list[TrendPoint]]:
    """For each (indicator, unit, date): the indicator at the end of each of the TREND_YEARS years before the date
    (calendar periods for event counts). The computed ones of all of them in one statement."""
    asks = []
    for ind, unit_id, on in wanted:
        c = computation_of(ind)
        asks += [(ind, [unit_id], date(year, 12, 31), date(year, 1, 1) if (c is None or c.uses_period) else None)
                 for year in range(on.year - TREND_YEARS, on.year)]
    points = [TrendPoint(period_end=end, value=ev[units_[0]].value)
              for (_, units_, end, _), ev in zip(asks, await evaluate_many(session, asks), strict=True)]
    return [points[i * TREND_YEARS:(i + 1) * TREND_YEARS] for i in range(len(wanted))]


async def target_progress(session: AsyncSession, principal: Principal, target_id: int, *, as_of: date | None,
                          unit_id: int | None, trend: bool = True) -> TargetProgress:
    t = await _target_row(session, principal, target_id)
    unit = await _unit_in_target(session, principal, t, unit_id)
    ind = await indicator_row(session, t.indicator_code)
    asked, on, start = _dates(t, as_of)
    c = computation_of(ind)
    ev = (await evaluate(session, ind, [unit], on, start if (c is None or c.uses_period) else None))[unit]
    points = (await _trends(session, [(ind, unit, on)]))[0] if trend else []
    return _progress(t, ind, unit, asked, ev, points)


async def plan_progress(session: AsyncSession, principal: Principal, plan_id: int, *,
                        as_of: date | None, trend: bool = False) -> PlanProgress:
    """Every target of the plan: targets sharing an indicator, date and period are evaluated together, and all the
    computed ones in one statement."""
    plan = (await session.execute(select(plans).where(plans.c.id == plan_id))).first()
    if plan is None:
        raise NotFound()
    await ensure_in_scope(session, principal, READ, plan.issuer_unit_id)
    rows = (await session.execute(select(targets).where(targets.c.plan_id == plan_id).order_by(targets.c.id))).all()
    inds = {r.code: r for r in (await session.execute(
        select(indicators).where(indicators.c.code.in_({t.indicator_code for t in rows})))).all()}
    groups: dict[tuple[str, date, date | None], list[Any]] = defaultdict(list)
    asked = as_of or today()
    for t in rows:
        ind = inds[t.indicator_code]
        c = computation_of(ind)
        _, on, start = _dates(t, as_of)
        groups[(ind.code, on, start if (c is None or c.uses_period) else None)].append(t)
    results: dict[int, TargetProgress] = {}
    asks = [(inds[code], sorted({t.scope_unit_id for t in members}), on, start)
            for (code, on, start), members in groups.items()]
    trends = dict(zip([t.id for t in rows], await _trends(session, [
        (inds[t.indicator_code], t.scope_unit_id, _dates(t, as_of)[1]) for t in rows]), strict=True)) if trend else {}
    for ((code, _, _), members), values in zip(groups.items(), await evaluate_many(session, asks), strict=True):
        for t in members:
            results[t.id] = _progress(t, inds[code], t.scope_unit_id, asked, values[t.scope_unit_id],
                                      trends.get(t.id, []))
    return PlanProgress(plan_id=plan_id, as_of=asked, items=[results[t.id] for t in rows])


# --- drill-down (rule 26) --------------------------------------------------------------------------------

async def target_records(session: AsyncSession, principal: Principal, target_id: int, *, as_of: date | None,
                         unit_id: int | None, cursor: str | None, limit: int) -> RecordPage:
    t = await _target_row(session, principal, target_id)
    unit = await _unit_in_target(session, principal, t, unit_id)
    ind = await indicator_row(session, t.indicator_code)
    c = computation_of(ind)
    if c is None:
        raise RuleViolation("manual_indicator")
    asked, on, start = _dates(t, as_of)
    pop = compute.population(c, [unit], on, start or date(on.year, 1, 1))
    total = (await session.execute(select(func.sum(pop.c.num), func.sum(pop.c.den)))).first()
    f = compute.figure(c, total[0] if total else 0, total[1] if total else 0)
    rule = await rulebook.small_cells(session, principal, unit, on)  # rule 26: the one k_min (D13)
    cells = [f.numerator] + ([f.denominator - f.numerator] if f.denominator is not None else [])
    base = dict(target_id=target_id, indicator_code=ind.code, unit_id=unit, as_of=asked, numerator=f.numerator,
                denominator=f.denominator, k_min=rule.k_min)
    if any(cell > 0 and rule.small(cell) for cell in cells):
        return RecordPage(**base, suppressed=True, items=[])
    owner = units.alias("owner")
    stmt = (select(pop.c.subject_id, pop.c.cadre_id, pop.c.unit_id, pop.c.num, owner.c.name.label("unit_name"),
                   cadres.c.full_name)  # name only: never a sensitive field
            .join(owner, owner.c.id == pop.c.unit_id)
            .outerjoin(cadres, cadres.c.id == pop.c.cadre_id)
            .where(unit_filter(principal, CADRE_READ, pop.c.unit_id)))
    rows = (await session.execute(keyset(stmt, [pop.c.subject_id], cursor, limit))).all()
    page, nxt = page_from_rows(rows, ["subject_id"], limit)
    items = [RecordItem(subject_type=c.subject, subject_id=r.subject_id, cadre_id=r.cadre_id,
                        name=r.full_name if r.cadre_id is not None else r.unit_name,
                        unit_id=r.unit_id, unit_name=r.unit_name,
                        in_numerator=bool(r.num) if c.ratio else True, weight=float(r.num or 0)) for r in page]
    cadre_ids = sorted({i.cadre_id for i in items if i.cadre_id is not None})
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=cadre_ids, category="list",
                     purpose=f"indicator drill-down target {target_id} ({ind.code}) as of {on}", unit_id=unit)
    return RecordPage(**base, suppressed=False, items=items, next_cursor=nxt)
