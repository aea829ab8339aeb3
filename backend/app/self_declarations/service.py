"""Self-declarations: the cadre declares, the officer confirms section by section.

Rules (tested by name in tests/self_declarations):
- only an account linked to a cadre (user_account.cadre_id) declares, and only for that cadre
  (`self_declaration_no_cadre` otherwise);
- a newer contact declaration supersedes the pending one (the officer decides on the latest); qualifications,
  employment and family entries are additions, so several may wait at once;
- the officer decides: `cadres:write` over the cadre's unit, and never on their own declaration
  (`self_declaration_own`) — a chair holds `cadres:write` on their union;
- confirming applies the values through the cadres service (update_cadre, add_qualification, add_employment,
  add_family_member) as the officer: every rule of the record applies, and a refusal leaves the declaration pending;
- rejecting needs a note; a decided declaration is final; decisions carry If-Match;
- family values are shown only to readers with `cadres:read_sensitive` over the cadre's unit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service as cadres_service
from app.cadres.models import Cadre
from app.cadres.schemas import CadreUpdate, EmploymentCreate, FamilyMemberCreate, QualificationCreate
from app.core import audit
from app.core.concurrency import IfMatch, claim_version, version_precondition
from app.core.db import table_of, utcnow
from app.core.errors import AppError, Conflict, FieldProblem, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import ensure_in_scope, in_scope, unit_filter
from app.core.security import Principal
from app.org_units import service as units_service
from app.self_declarations.models import SelfDeclaration
from app.self_declarations.schemas import (
    ContactDeclaration,
    MySelfDeclarations,
    Section,
    SelfDeclarationCreate,
    SelfDeclarationDecision,
    SelfDeclarationPage,
    SelfDeclarationRead,
    Status,
)

declarations = table_of(SelfDeclaration)
cadres = table_of(Cadre)
units = units_service.units

READ = "cadres:read"
DECIDE = "cadres:write"
SENSITIVE = "cadres:read_sensitive"
CONTACT_FIELDS = ("phone", "email", "hometown")


def _select() -> Any:
    return (select(declarations, units.c.name.label("unit_name"), cadres.c.full_name,
                   *[cadres.c[f].label(f"current_{f}") for f in CONTACT_FIELDS])
            .join(units, units.c.id == declarations.c.unit_id)
            .join(cadres, cadres.c.id == declarations.c.cadre_id))


async def _to_read(session: AsyncSession, principal: Principal, row: Any,
                   sensitive: dict[int, bool]) -> SelfDeclarationRead:
    values: dict[str, Any] | None = dict(row.proposed)
    if row.section == "family" and principal.cadre_id != row.cadre_id:
        if row.unit_id not in sensitive:
            sensitive[row.unit_id] = await in_scope(session, principal, SENSITIVE, row.unit_id)
        if not sensitive[row.unit_id]:
            values = None
    current = ({f: getattr(row, f"current_{f}") for f in CONTACT_FIELDS} if row.section == "contact" else None)
    return SelfDeclarationRead(
        id=row.id, cadre_id=row.cadre_id, full_name=row.full_name, unit_id=row.unit_id, unit_name=row.unit_name,
        section=row.section, values=values, current=current, status=row.status, requested_by=row.requested_by,
        requested_at=row.requested_at, decided_by=row.decided_by, decided_at=row.decided_at,
        decision_note=row.decision_note, version=row.version)


async def _read(session: AsyncSession, principal: Principal, declaration_id: int) -> SelfDeclarationRead:
    row = (await session.execute(_select().where(declarations.c.id == declaration_id))).one()
    return await _to_read(session, principal, row, {})


def _own_cadre(principal: Principal) -> int:
    if principal.cadre_id is None:
        raise RuleViolation("self_declaration_no_cadre", "this account does not belong to a cadre")
    return principal.cadre_id


async def declare(session: AsyncSession, actor: Principal, data: SelfDeclarationCreate) -> SelfDeclarationRead:
    cadre_id = _own_cadre(actor)
    cadre = await cadres_service.visible_cadre(session, actor, cadre_id, READ)
    proposed = data.values.model_dump(mode="json", exclude_unset=isinstance(data, ContactDeclaration))
    if data.section == "qualifications" and proposed.get("document_id") is not None:
        raise RuleViolation("validation_error", errors=[FieldProblem("values.document_id", "not_allowed",
                                                                     "attach evidence through the officer")])
    if data.section == "contact":
        await session.execute(update(declarations).where(
            declarations.c.cadre_id == cadre_id, declarations.c.section == "contact",
            declarations.c.status == "pending").values(status="superseded", version=declarations.c.version + 1))
    did = (await session.execute(insert(declarations).values(
        cadre_id=cadre_id, unit_id=cadre.unit_id, section=data.section, proposed=proposed, status="pending",
        requested_by=actor.subject, requested_at=utcnow(), version=1).returning(declarations.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="self_declaration.create", entity_type="self_declaration",
                       entity_id=did, unit_id=cadre.unit_id, changes={"section": data.section})
    return await _read(session, actor, did)


async def mine(session: AsyncSession, principal: Principal) -> MySelfDeclarations:
    if principal.cadre_id is None:
        return MySelfDeclarations(items=[])
    cadre_id = principal.cadre_id
    rows = (await session.execute(_select().where(declarations.c.cadre_id == cadre_id)
                                  .order_by(declarations.c.id))).all()
    return MySelfDeclarations(items=[await _to_read(session, principal, r, {}) for r in rows])


async def get(session: AsyncSession, principal: Principal, declaration_id: int) -> SelfDeclarationRead:
    row = (await session.execute(select(declarations.c.unit_id, declarations.c.cadre_id)
                                 .where(declarations.c.id == declaration_id))).first()
    if row is None:
        raise NotFound()
    if row.cadre_id != principal.cadre_id:
        await ensure_in_scope(session, principal, READ, row.unit_id)
    return await _read(session, principal, declaration_id)


async def list_declarations(session: AsyncSession, principal: Principal, *, status: Status | None,
                            section: Section | None, cadre_id: int | None, unit_id: int | None,
                            cursor: str | None, limit: int) -> SelfDeclarationPage:
    stmt = _select().where(unit_filter(principal, READ, declarations.c.unit_id))
    if unit_id is not None:
        await ensure_in_scope(session, principal, READ, unit_id)
        stmt = stmt.where(declarations.c.unit_id == unit_id)
    if cadre_id is not None:
        stmt = stmt.where(declarations.c.cadre_id == cadre_id)
    if status is not None:
        stmt = stmt.where(declarations.c.status == status)
    if section is not None:
        stmt = stmt.where(declarations.c.section == section)
    rows = (await session.execute(keyset(stmt, [declarations.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    sensitive: dict[int, bool] = {}
    return SelfDeclarationPage(items=[await _to_read(session, principal, r, sensitive) for r in items],
                               next_cursor=next_cursor)


async def _decidable(session: AsyncSession, actor: Principal, declaration_id: int) -> Any:
    row = (await session.execute(select(declarations).where(declarations.c.id == declaration_id))).first()
    if row is None:
        raise NotFound()
    await ensure_in_scope(session, actor, READ, row.unit_id)
    if actor.cadre_id is not None and actor.cadre_id == row.cadre_id:
        raise AppError("self_declaration_own", 403, "a declaration is confirmed by someone else")
    await ensure_in_scope(session, actor, DECIDE, row.unit_id)
    if row.status != "pending":
        raise Conflict("self_declaration_decided", f"already {row.status}")
    return row


async def _apply(session: AsyncSession, actor: Principal, row: Any) -> None:
    """Through the cadres service, as the officer: its rules, scope and audit apply."""
    values = dict(row.proposed)
    if row.section == "contact":
        current = await cadres_service.visible_cadre(session, actor, row.cadre_id, DECIDE)
        await cadres_service.update_cadre(session, actor, row.cadre_id, version_precondition(current.version),
                                          CadreUpdate.model_validate(values))
    elif row.section == "qualifications":
        await cadres_service.add_qualification(session, actor, row.cadre_id, QualificationCreate.model_validate(values))
    elif row.section == "employment":
        await cadres_service.add_employment(session, actor, row.cadre_id, EmploymentCreate.model_validate(values))
    else:
        await cadres_service.add_family_member(session, actor, row.cadre_id, FamilyMemberCreate.model_validate(values))


async def confirm(session: AsyncSession, actor: Principal, declaration_id: int, expected: IfMatch,
                  data: SelfDeclarationDecision) -> SelfDeclarationRead:
    row = await _decidable(session, actor, declaration_id)
    await claim_version(session, declarations, declaration_id, expected)
    await _apply(session, actor, row)
    await session.execute(update(declarations).where(declarations.c.id == declaration_id).values(
        status="confirmed", decided_by=actor.subject, decided_at=utcnow(), decision_note=data.note))
    await audit.record(session, actor=actor.subject, action="self_declaration.confirm", entity_type="self_declaration",
                       entity_id=declaration_id, unit_id=row.unit_id, changes={"section": row.section})
    return await _read(session, actor, declaration_id)


async def reject(session: AsyncSession, actor: Principal, declaration_id: int, expected: IfMatch,
                 data: SelfDeclarationDecision) -> SelfDeclarationRead:
    if not data.note:
        raise RuleViolation("self_declaration_reason_required", errors=[FieldProblem(
            "note", "required", "say why the declaration is rejected")])
    row = await _decidable(session, actor, declaration_id)
    await claim_version(session, declarations, declaration_id, expected)
    await session.execute(update(declarations).where(declarations.c.id == declaration_id).values(
        status="rejected", decided_by=actor.subject, decided_at=utcnow(), decision_note=data.note))
    await audit.record(session, actor=actor.subject, action="self_declaration.reject", entity_type="self_declaration",
                       entity_id=declaration_id, unit_id=row.unit_id, changes={"note": data.note})
    return await _read(session, actor, declaration_id)
