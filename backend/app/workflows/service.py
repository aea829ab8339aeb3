"""Personnel actions (quyết định nhân sự): draft → submitted → approved | rejected | withdrawn → effective.

- Every action runs the eligibility rules (`rules.py`) on create, on every change and at approval; the results
  are stored with the action and returned as `{rule, passed, blocking, message}`.
- A blocking failure stops approval (422 `eligibility_failed`) unless the approver records an override reason;
  the override is audited.
- Who approves is configuration (`approval_authority`): the approver's grant must cover the target unit from at
  least `levels_above` levels up.
- Approval with an effective date ≤ today applies the effect in the same transaction (assignments opened or
  closed, home unit moved); later dates are applied by `apply_due_actions` (daily and at start-up, idempotent).
- Transitions are conditional updates: an out-of-order transition is 409 and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, false, insert, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import EDUCATION_LEVELS, POLITICAL_THEORY, Cadre, Qualification
from app.cadres.service import set_home_unit, visible_cadre
from app.conduct import service as conduct
from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.db import rowcount, table_of, today, utcnow
from app.core.errors import Conflict, FieldProblem, Forbidden, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, subtree_ids, unit_filter
from app.core.security import Principal
from app.org_units.models import OrgUnit, OrgUnitClosure, UnitType
from app.planning.service import approved_plan_posts
from app.rulebook import service as rulebook
from app.rulebook.models import RuleCode
from app.terms import service as terms
from app.terms.models import Position
from app.terms.schemas import AssignmentCreate, AssignmentEnd
from app.workflows import authority, rules
from app.workflows.models import PersonnelAction
from app.workflows.schemas import (
    ActionCreate,
    ActionPage,
    ActionRead,
    ActionUpdate,
    ApproveBody,
    BatchRead,
    Eligibility,
    EligibilityPreview,
)

actions = table_of(PersonnelAction)
cadres = table_of(Cadre)
closure = table_of(OrgUnitClosure)

WRITE, APPROVE, READ = "actions:write", "actions:approve", "cadres:read"
CLOSING = {"dismissal": "dismissal", "resignation": "resignation", "retirement": "retirement"}
MOVING = {"rotation": "rotation", "transfer": "transfer", "secondment": "secondment"}


# --- eligibility ---------------------------------------------------------------------------------------------

async def _unit_level(session: AsyncSession, unit_id: int) -> str:
    level = (await session.execute(select(col(UnitType.level_code))
                                   .join(OrgUnit, col(OrgUnit.unit_type) == col(UnitType.code))
                                   .where(col(OrgUnit.id) == unit_id))).scalar()
    if level is None:
        raise NotFound()
    return str(level)


async def _title_standard_gaps(session: AsyncSession, cadre: Any, position_code: str, unit_id: int) -> list[str]:
    standard = await rulebook.title_standard_for(session, position_code, await _unit_level(session, unit_id))
    if standard is None:
        return []
    gaps = []
    if standard.min_education and EDUCATION_LEVELS.index(cadre.education_level) < EDUCATION_LEVELS.index(
            standard.min_education):
        gaps.append(f"trình độ {cadre.education_level}, cần ≥ {standard.min_education}")
    if standard.min_political_theory and POLITICAL_THEORY.index(cadre.political_theory) < POLITICAL_THEORY.index(
            standard.min_political_theory):
        gaps.append(f"lý luận chính trị {cadre.political_theory}, cần ≥ {standard.min_political_theory}")
    if standard.requires_union_certificate:
        has = (await session.execute(select(col(Qualification.id)).where(
            col(Qualification.cadre_id) == cadre.id, col(Qualification.kind) == "union_certificate"))).first()
        if not has:
            gaps.append("chưa có chứng chỉ nghiệp vụ công đoàn")
    return gaps


async def evaluate(session: AsyncSession, *, type: str, cadre: Any, unit_id: int, position_code: str,
                   effective_date: date, dossier_date: date) -> list[dict[str, Any]]:
    """Run the rules that apply to the action's type; every result carries its numbers in the message."""
    position = await session.get(Position, position_code)
    if position is None:
        raise RuleViolation("validation_error", errors=[FieldProblem("position_code", "not_found", position_code)])
    results: list[rules.RuleResult] = []
    held = await terms.open_assignments_of(session, cadre.id, dossier_date)
    same_post = [a for a in held if a.position_code == position_code and a.unit_id == unit_id]
    current = await terms.current_standing(session, cadre.id, dossier_date)
    # D5/D6: a first or higher appointment (unit level and post compared together) needs the runway and the
    # plan; a move to an equal or lower post (rotation, transfer, a lower post) does not.
    first_or_higher = current is None or await terms.post_standing(session, unit_id, position_code) < current

    async def discipline() -> rules.RuleResult:
        active = await conduct.active_discipline(session, cadre.id, effective_date)
        return rules.no_active_discipline(active_form=active.form if active else None,
                                          until=active.effective_to if active else None)

    async def clearance() -> rules.RuleResult:
        latest = await conduct.latest_clearance_on(session, cadre.id, effective_date)
        return rules.political_clearance(concluded_on=latest.concluded_on if latest else None,
                                         positive=latest.positive if latest else None, before=effective_date)

    async def planned() -> rules.RuleResult:
        posts = await approved_plan_posts(session, cadre.id, unit_id)
        names = dict((await session.execute(select(col(Position.code), col(Position.name_vi))
                                            .where(col(Position.code).in_(posts)))).all()) if posts else {}
        return rules.in_plan(post=position.name_vi, planned=position_code in posts,
                             planned_posts=[names.get(p, p) for p in posts])

    async def standard() -> rules.RuleResult:
        return rules.title_standard(missing=await _title_standard_gaps(session, cadre, position_code, unit_id))

    async def evaluation() -> rules.RuleResult:
        from app.evaluations import service as evaluations

        year, level, name = await evaluations.latest_annual_result(session, cadre.id, before=effective_date)
        return rules.latest_evaluation(year=year, level=level, level_name=name)

    async def runway(on: date, code: RuleCode, purpose: str) -> rules.RuleResult:
        return rules.retirement_runway(birth=cadre.birth_date, gender=cadre.gender, on=on, purpose=purpose,
                                       required_months=await rulebook.rule_int(session, code, on))

    if type == "appointment":
        if first_or_higher:
            results += [await runway(dossier_date, RuleCode.min_months_appointment, "bổ nhiệm"), await planned()]
        results += [await clearance(), await discipline()]
        held_months = None if current is None else await terms.months_in_standing(
            session, cadre.id, current, dossier_date)
        results.append(rules.months_in_current_post(
            months_held=held_months,
            required_months=await rulebook.rule_int(session, RuleCode.min_months_in_post, dossier_date)))
        results.append(await standard())
        results.append(await evaluation())
    elif type == "nomination":
        reelection = bool(same_post)
        code = RuleCode.min_months_reelection if reelection else RuleCode.min_months_first_election
        results.append(await runway(effective_date, code, "tái cử" if reelection else "ứng cử lần đầu"))
        results += [await planned(), await clearance(), await discipline(), await evaluation()]
    elif type == "reappointment":
        results += [await clearance(), await discipline(), await standard(), await evaluation()]
        results.append(rules.consecutive_terms(
            held=await terms.consecutive_terms(session, cadre.id, unit_id, position_code, effective_date),
            limit=await rulebook.rule_int(session, RuleCode.max_consecutive_terms, effective_date)))
    elif type in MOVING:
        if first_or_higher:
            results += [await runway(dossier_date, RuleCode.min_months_appointment, "bổ nhiệm"), await planned()]
        results += [await discipline(), await standard()]
    else:  # dismissal, resignation, retirement: the post must be held
        results.append(rules.RuleResult("holds_post", bool(same_post), True,
                                        "đang giữ chức vụ" if same_post else "không giữ chức vụ này tại đơn vị"))
    return [r.as_dict() for r in results]


# --- reads ---------------------------------------------------------------------------------------------------

async def _row(session: AsyncSession, action_id: int) -> Any:
    row = (await session.execute(select(actions).where(actions.c.id == action_id))).first()
    if row is None:
        raise NotFound()
    return row


async def visible_action(session: AsyncSession, principal: Principal, action_id: int,
                         permission: str = WRITE) -> Any:
    row = await _row(session, action_id)
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


def _read(row: Any) -> ActionRead:
    return ActionRead.model_validate(dict(row._mapping))


async def get_action(session: AsyncSession, principal: Principal, action_id: int) -> ActionRead:
    row = await _row(session, action_id)
    for permission in (WRITE, APPROVE):  # its proposer's side or its approver's side may read it
        try:
            await ensure_in_scope(session, principal, permission, row.unit_id)
            return _read(row)
        except NotFound:
            continue
    raise NotFound()


async def list_actions(session: AsyncSession, principal: Principal, *, within: int | None, cadre_id: int | None,
                       type: str | None, status: str | None, awaiting_me: bool, cursor: str | None,
                       limit: int) -> ActionPage:
    permission = APPROVE if awaiting_me else WRITE
    stmt = select(actions).where(unit_filter(principal, permission, actions.c.unit_id))
    if awaiting_me:
        stmt = stmt.where(actions.c.status == "submitted")
    if within is not None:
        await ensure_in_scope(session, principal, permission, within)
        stmt = stmt.where(actions.c.unit_id.in_(subtree_ids([within])))
    if cadre_id is not None:
        stmt = stmt.where(actions.c.cadre_id == cadre_id)
    if type is not None:
        stmt = stmt.where(actions.c.type == type)
    if status is not None:
        stmt = stmt.where(actions.c.status == status)
    if awaiting_me:  # only those this approver's level may decide, in SQL before the page is cut
        stmt = stmt.where(_may_approve_clause(principal))
    rows = (await session.execute(keyset(stmt, [actions.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return ActionPage(items=[_read(r) for r in items], next_cursor=next_cursor)


# --- writes --------------------------------------------------------------------------------------------------

async def _validate_target(session: AsyncSession, actor: Principal, data: ActionCreate) -> Any:
    cadre = await visible_cadre(session, actor, data.cadre_id, READ)
    await ensure_in_scope(session, actor, WRITE, data.unit_id)
    if data.type in MOVING:
        await ensure_in_scope(session, actor, WRITE, cadre.unit_id)
    return cadre


async def _insert(session: AsyncSession, actor: Principal, data: ActionCreate, batch_id: str | None) -> int:
    cadre = await _validate_target(session, actor, data)
    dossier = data.dossier_date or today()
    eligibility = await evaluate(session, type=data.type, cadre=cadre, unit_id=data.unit_id,
                                 position_code=data.position_code, effective_date=data.effective_date,
                                 dossier_date=dossier)
    now = utcnow()
    action_id = (await session.execute(insert(actions).values(
        **data.model_dump(exclude={"dossier_date"}), dossier_date=dossier, status="draft",
        from_unit_id=cadre.unit_id if data.type in MOVING else None, eligibility=eligibility, batch_id=batch_id,
        created_by=actor.subject, version=1, created_at=now, updated_at=now).returning(actions.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action=f"action.create.{data.type}",
                       entity_type="personnel_action", entity_id=action_id, unit_id=data.unit_id,
                       changes=data.model_dump(exclude_none=True), decision_no=data.decision_no)
    return int(action_id)


async def preview_eligibility(session: AsyncSession, actor: Principal, data: ActionCreate) -> EligibilityPreview:
    """The live eligibility panel of the create form: same scope checks and rules as creating, nothing written."""
    cadre = await _validate_target(session, actor, data)
    results = await evaluate(session, type=data.type, cadre=cadre, unit_id=data.unit_id,
                             position_code=data.position_code, effective_date=data.effective_date,
                             dossier_date=data.dossier_date or today())
    blocking = [str(r["rule"]) for r in results if r["blocking"] and not r["passed"]]
    return EligibilityPreview(eligibility=[Eligibility.model_validate(r) for r in results],
                              blocking_failures=blocking, overridable=[r for r in blocking if r in rules.OVERRIDABLE])


async def create_action(session: AsyncSession, actor: Principal, data: ActionCreate) -> ActionRead:
    return _read(await _row(session, await _insert(session, actor, data, None)))


async def create_batch(session: AsyncSession, actor: Principal, items: list[ActionCreate]) -> BatchRead:
    """Many people in one request (e.g. after a reorganisation): every item validated, all or nothing."""
    batch_id = uuid.uuid4().hex[:16]
    ids = []
    for index, item in enumerate(items):
        try:
            ids.append(await _insert(session, actor, item, batch_id))
        except (RuleViolation, NotFound) as exc:
            raise RuleViolation("batch_item_invalid", f"item {index}: {exc.code}",
                                errors=[FieldProblem(f"actions.{index}", exc.code, exc.detail or exc.code)]) from exc
    return BatchRead(batch_id=batch_id, items=[_read(await _row(session, i)) for i in ids])


async def update_action(session: AsyncSession, actor: Principal, action_id: int, expected_version: IfMatch,
                        data: ActionUpdate) -> ActionRead:
    row = await visible_action(session, actor, action_id)
    if row.status != "draft":
        raise Conflict("invalid_transition", f"only a draft can be changed (status {row.status})")
    await claim_version(session, actions, action_id, expected_version)
    changes = data.model_dump(exclude_unset=True)
    merged = {**dict(row._mapping), **changes}
    cadre = await visible_cadre(session, actor, row.cadre_id, READ)
    eligibility = await evaluate(session, type=row.type, cadre=cadre, unit_id=row.unit_id,
                                 position_code=merged["position_code"], effective_date=merged["effective_date"],
                                 dossier_date=merged["dossier_date"])
    await session.execute(update(actions).where(actions.c.id == action_id).values(
        **changes, eligibility=eligibility, updated_at=utcnow()))
    await audit.record(session, actor=actor.subject, action="action.update", entity_type="personnel_action",
                       entity_id=action_id, unit_id=row.unit_id, changes=audit.diff(dict(row._mapping), changes))
    return _read(await _row(session, action_id))


async def _transition(session: AsyncSession, action_id: int, from_statuses: tuple[str, ...], to_status: str,
                      **values: Any) -> None:
    result = await session.execute(update(actions).where(actions.c.id == action_id,
                                                         actions.c.status.in_(from_statuses))
                                   .values(status=to_status, version=actions.c.version + 1, updated_at=utcnow(),
                                           **values))
    if rowcount(result) != 1:
        current = (await session.execute(select(actions.c.status).where(actions.c.id == action_id))).scalar()
        raise Conflict("invalid_transition", f"cannot go from {current} to {to_status}", status=current)


async def submit(session: AsyncSession, actor: Principal, action_id: int) -> ActionRead:
    row = await visible_action(session, actor, action_id)
    await _transition(session, action_id, ("draft",), "submitted", submitted_by=actor.subject)
    await audit.record(session, actor=actor.subject, action="action.submit", entity_type="personnel_action",
                       entity_id=action_id, unit_id=row.unit_id)
    return _read(await _row(session, action_id))


async def withdraw(session: AsyncSession, actor: Principal, action_id: int) -> ActionRead:
    row = await visible_action(session, actor, action_id)
    await _transition(session, action_id, ("draft", "submitted"), "withdrawn")
    await audit.record(session, actor=actor.subject, action="action.withdraw", entity_type="personnel_action",
                       entity_id=action_id, unit_id=row.unit_id)
    return _read(await _row(session, action_id))


def _may_approve_clause(principal: Principal) -> ColumnElement[bool]:
    """Phân cấp in SQL: the approver's grant covers the action's target unit from at least the configured number
    of levels up (`authority.levels_needed`)."""
    roots = principal.roots(APPROVE)
    if roots is None:
        return true()
    if not roots:
        return false()
    level = (select(col(UnitType.level_code)).join(OrgUnit, col(OrgUnit.unit_type) == col(UnitType.code))
             .where(col(OrgUnit.id) == actions.c.unit_id).scalar_subquery())
    needed = authority.levels_needed(actions.c.type, actions.c.position_code, level)
    return exists().where(closure.c.ancestor_id.in_(roots), closure.c.descendant_id == actions.c.unit_id,
                          closure.c.depth >= needed)


async def _may_approve(session: AsyncSession, principal: Principal, row: Any) -> bool:
    hit = await session.execute(select(actions.c.id).where(actions.c.id == row.id, _may_approve_clause(principal)))
    return hit.first() is not None


async def _approver_row(session: AsyncSession, actor: Principal, action_id: int) -> Any:
    row = await visible_action(session, actor, action_id, APPROVE)
    if not await _may_approve(session, actor, row):
        raise Forbidden("this action is decided by a higher level (phân cấp quản lý cán bộ)")
    return row


async def reject(session: AsyncSession, actor: Principal, action_id: int, reason: str | None) -> ActionRead:
    row = await _approver_row(session, actor, action_id)
    await _transition(session, action_id, ("submitted",), "rejected", decided_by=actor.subject,
                      decided_at=utcnow())
    await audit.record(session, actor=actor.subject, action="action.reject", entity_type="personnel_action",
                       entity_id=action_id, unit_id=row.unit_id, changes={"reason": reason})
    return _read(await _row(session, action_id))


async def approve(session: AsyncSession, actor: Principal, action_id: int, body: ApproveBody) -> ActionRead:
    row = await _approver_row(session, actor, action_id)
    if row.status != "submitted":
        raise Conflict("invalid_transition", f"cannot go from {row.status} to approved", status=row.status)
    cadre = await visible_cadre(session, actor, row.cadre_id, READ)
    eligibility = await evaluate(session, type=row.type, cadre=cadre, unit_id=row.unit_id,
                                 position_code=row.position_code, effective_date=row.effective_date,
                                 dossier_date=row.dossier_date)
    failed = [r for r in eligibility if r["blocking"] and not r["passed"]]
    # D2 (rules 10-12): only `in_plan` may be overridden, with a reason, by an approver of the deciding level
    # (checked above); every other blocking failure is 422 whatever the body says.
    hard = [r for r in failed if r["rule"] not in rules.OVERRIDABLE]
    if hard or (failed and not body.override_reason):
        raise RuleViolation("eligibility_failed", "; ".join(f"{r['rule']}: {r['message']}" for r in failed),
                            errors=[FieldProblem(r["rule"], "rule_failed", r["message"]) for r in failed],
                            eligibility=eligibility)
    await _transition(session, action_id, ("submitted",), "approved", decided_by=actor.subject, decided_at=utcnow(),
                      eligibility=eligibility, override_reason=body.override_reason if failed else None,
                      decision_no=body.decision_no or row.decision_no)
    await audit.record(session, actor=actor.subject, action="action.approve" + (".override" if failed else ""),
                       entity_type="personnel_action", entity_id=action_id, unit_id=row.unit_id,
                       changes={"failed_rules": [r["rule"] for r in failed], "override_reason": body.override_reason}
                       if failed else {}, decision_no=body.decision_no or row.decision_no)
    if row.effective_date <= today():
        await apply_effect(session, actor.subject, action_id)
    return _read(await _row(session, action_id))


# --- effects -------------------------------------------------------------------------------------------------

async def apply_effect(session: AsyncSession, actor: str, action_id: int) -> bool:
    """Make an approved action effective: open/close assignments, move the home unit. Idempotent: the status
    guard lets exactly one caller apply it."""
    result = await session.execute(update(actions).where(actions.c.id == action_id, actions.c.status == "approved")
                                   .values(status="effective", applied_at=utcnow(), version=actions.c.version + 1))
    if rowcount(result) != 1:
        return False
    row = await _row(session, action_id)
    on, decision = row.effective_date, row.decision_no
    held = await terms.open_assignments_of(session, row.cadre_id, on)

    async def close(assignments: list[Any], reason: str) -> None:
        for a in assignments:
            await terms.close_assignment(session, actor, a.id, AssignmentEnd(to_date=on, end_reason=reason,
                                                                             decision_no=decision))

    async def open_post(unit_id: int, basis: str) -> None:
        body_id = await terms.body_for_post(session, actor, unit_id, row.position_code, on)
        await terms.open_assignment(session, actor, AssignmentCreate(
            cadre_id=row.cadre_id, body_id=body_id, position_code=row.position_code, basis=basis,
            full_time=True, from_date=on, decision_no=decision))

    position = await session.get(Position, row.position_code)
    basis = "appointed" if position and "apparatus" in position.body_kinds.split() else "designated"
    if row.type == "appointment":
        await close([a for a in held if a.unit_id == row.unit_id], "appointment")
        await open_post(row.unit_id, basis)
    elif row.type == "reappointment":
        await close([a for a in held if a.unit_id == row.unit_id and a.position_code == row.position_code],
                    "reappointment")
        await open_post(row.unit_id, basis)
    elif row.type in MOVING:
        await close([a for a in held if a.unit_id == row.from_unit_id], MOVING[row.type])
        await open_post(row.unit_id, basis)
        if row.type in ("rotation", "transfer"):
            await set_home_unit(session, actor=actor, to_unit_id=row.unit_id, cadre_ids=[row.cadre_id], on=on,
                                reason=row.type, decision_no=decision)
    elif row.type == "retirement":
        await close(held, "retirement")
    elif row.type in CLOSING:
        await close([a for a in held if a.unit_id == row.unit_id and a.position_code == row.position_code],
                    CLOSING[row.type])
    await audit.record(session, actor=actor, action=f"action.effective.{row.type}", entity_type="personnel_action",
                       entity_id=action_id, unit_id=row.unit_id, decision_no=decision)
    return True


async def apply_due_actions(session: AsyncSession) -> int:
    """Scheduled: approved actions whose effective date has come."""
    due = (await session.execute(select(actions.c.id).where(actions.c.status == "approved",
                                                            actions.c.effective_date <= today())
                                 .order_by(actions.c.effective_date, actions.c.id))).scalars().all()
    applied = 0
    for action_id in due:
        applied += await apply_effect(session, "system:scheduler", action_id)
    return applied


async def decision_document(session: AsyncSession, principal: Principal, action_id: int) -> bytes:
    """The decision (.docx, Decree 30 format) of an approved or effective action, issued by the deciding level."""
    from app.core import documents
    from app.core.access_log import log_access
    from app.workflows.documents import context

    action = await get_action(session, principal, action_id)
    if action.status not in ("approved", "effective"):
        raise Conflict("invalid_transition", "a decision exists only once the action is approved")
    cadre = (await session.execute(select(cadres).where(cadres.c.id == action.cadre_id))).first()
    units = table_of(OrgUnit)
    unit = (await session.execute(select(units).where(units.c.id == action.unit_id))).first()
    needed = await authority.levels_above_required(session, action.type, action.position_code,
                                                await _unit_level(session, action.unit_id))
    issuer_id = (await session.execute(select(closure.c.ancestor_id).where(
        closure.c.descendant_id == action.unit_id, closure.c.depth == needed))).scalar() or action.unit_id
    issuer = (await session.execute(select(units).where(units.c.id == issuer_id))).one()
    parent = (await session.execute(select(units.c.name).where(units.c.id == issuer.parent_id))).scalar() or ""
    position = await session.get(Position, action.position_code)
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[action.cadre_id],
                     category="export", purpose=f"decision of action {action_id}", unit_id=action.unit_id)
    return documents.render("quyet_dinh_nhan_su", context(action, cadre, unit, issuer, parent,
                                                          position.name_vi if position else action.position_code,
                                                          signer_name=""))
