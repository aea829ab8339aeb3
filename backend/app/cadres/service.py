"""Cadre records (hồ sơ cán bộ): profiles, dated history, search, duplicate detection, soft delete.

Rules (tests in tests/cadres/ carry their names):
- sensitive fields (ethnicity, religion, party, national ID, health, family) are shown and written only with
  `cadres:read_sensitive` over the cadre's unit, and every reveal is access-logged;
- qualifications are dated rows, never overwritten; the current education / political theory is derived
  (the highest level held);
- duplicate detection on create: same national ID hash anywhere, or same name and birth date in scope → 409;
- soft delete: 404 afterwards and absent from lists; audit rows stay;
- optimistic concurrency: If-Match required (428), stale (412) leaves the row unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, false, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import (
    CURRENT_LEVEL_COLUMNS,
    EDUCATION_LEVELS,
    POLITICAL_THEORY,
    STATE_MANAGEMENT,
    Cadre,
    Document,
    EmploymentRecord,
    FamilyMember,
    Gender,
    Qualification,
)
from app.cadres.schemas import (
    SENSITIVE_FIELDS,
    CadreCreate,
    CadrePage,
    CadreRead,
    CadreUpdate,
    DocumentRead,
    EmploymentCreate,
    EmploymentList,
    EmploymentRead,
    FamilyList,
    FamilyMemberCreate,
    FamilyMemberRead,
    QualificationCreate,
    QualificationList,
    QualificationRead,
)
from app.core import audit, crypto
from app.core.access_log import log_access
from app.core.concurrency import IfMatch, claim_version
from app.core.dates import years_before
from app.core.db import plan_for_own_values, table_of, today, utcnow
from app.core.errors import AppError, FieldProblem, Forbidden, NotFound, RuleViolation
from app.core.pagination import keyset, page_from_rows
from app.core.scope import (
    ScopeKey,
    ensure_in_scope,
    in_scope,
    scope_flags,
    scope_flags_for,
    scope_key,
    subtree_ids,
    unit_filter,
    units_in_scope,
)
from app.core.security import Principal
from app.core.text import fold, nfc, vi_sort_key
from app.org_units.tree import alive_on
from app.org_units.tree import units as unit_table
from app.rulebook.retirement import births_retiring, retirement_date
from app.terms.models import Assignment, Body

cadres = table_of(Cadre)
qualifications = table_of(Qualification)
assignments = table_of(Assignment)
bodies = table_of(Body)

READ, WRITE, SENSITIVE = "cadres:read", "cadres:write", "cadres:read_sensitive"
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}
_SORT_SEP = "\x01"  # below every character vi_sort_key emits: "An …" sorts before "Anh …"

# Columns of a cadre row that lists and details read (never the ciphertext).
PUBLIC_COLUMNS = ("id", "unit_id", "family_name", "middle_name", "given_name", "full_name", "birth_date", "gender",
                  "employment", "education_level", "political_theory", "from_workers", "phone", "email", "hometown",
                  "version", "created_at", "updated_at")
SENSITIVE_COLUMNS = ("ethnicity", "religion", "party_member", "party_joined_on", "party_official_on", "health",
                     "national_id_enc")


class DuplicateCadre(AppError):
    def __init__(self, reason: str, existing_id: int | None) -> None:
        extra: dict[str, Any] = {"reason": reason}
        if existing_id is not None:
            extra["existing_id"] = existing_id
        super().__init__("duplicate_cadre", 409, extra=extra)


def name_fields(family: str, middle: str, given: str) -> dict[str, str]:
    """Derived name columns: display name, accent-folded search key, Vietnamese sort key (given name first)."""
    full = " ".join(p for p in (family, middle, given) if p)
    return {"full_name": full, "name_key": fold(full),
            "sort_key": _SORT_SEP.join(vi_sort_key(p) for p in (given, middle, family))}


def national_id_columns(national_id: str | None) -> dict[str, str | None]:
    if not national_id:
        return {"national_id_enc": None, "national_id_hash": None}
    return {"national_id_enc": crypto.encrypt(national_id), "national_id_hash": crypto.keyed_hash(national_id, "cccd")}


# --- visibility ------------------------------------------------------------------------------------------

async def _may_see_sensitive(session: AsyncSession, principal: Principal, unit_id: int) -> bool:
    return await in_scope(session, principal, SENSITIVE, unit_id)


def _to_read(row: Any, *, sensitive: bool) -> dict[str, Any]:
    m = row._mapping
    data = {k: m[k] for k in PUBLIC_COLUMNS}
    data["retirement_on"] = retirement_date(m["birth_date"], m["gender"])  # D1: Decree 135/2020
    if sensitive:
        for k in SENSITIVE_COLUMNS:
            if k == "national_id_enc":
                data["national_id"] = crypto.decrypt(m[k]) if m[k] else None
            else:
                data[k] = m[k]
    return data


async def _live_row(session: AsyncSession, cadre_id: int) -> Any:
    row = (await session.execute(select(cadres).where(cadres.c.id == cadre_id, cadres.c.deleted_at.is_(None)))).first()
    if row is None:
        raise NotFound()
    return row


async def full_names(session: AsyncSession, cadre_ids: Sequence[int]) -> dict[int, str]:
    """Names of cadres the caller already reached through a record in scope (a request about the person, …),
    soft-deleted ones included: the record outlives the person's entry."""
    if not cadre_ids:
        return {}
    rows = await session.execute(select(cadres.c.id, cadres.c.full_name).where(cadres.c.id.in_(set(cadre_ids))))
    return {r.id: r.full_name for r in rows}


async def visible_cadre(session: AsyncSession, principal: Principal, cadre_id: int, permission: str = READ) -> Any:
    """The cadre's row if it exists, is not deleted and lies in the caller's scope for `permission` (else 404)."""
    row = await _live_row(session, cadre_id)
    await ensure_in_scope(session, principal, permission, row.unit_id)
    return row


async def sensitive_fields_refused(session: AsyncSession, principal: Principal, unit_id: int, fields: Iterable[str],
                                   allowed: dict[int, bool] | None = None) -> list[str]:
    """The sensitive-write rule: the sensitive fields among `fields` the principal may not write on a cadre of
    `unit_id` (empty: the write may go on). Writing one needs `cadres:read_sensitive` over the unit. `allowed`
    remembers the answer per unit across many rows (create in bulk, an Excel import's per-cell errors)."""
    touched = sorted(set(fields) & set(SENSITIVE_FIELDS))
    if not touched:
        return []
    if allowed is None:
        allowed = {}
    if unit_id not in allowed:
        allowed[unit_id] = await _may_see_sensitive(session, principal, unit_id)
    return [] if allowed[unit_id] else touched


async def require_sensitive_write(session: AsyncSession, principal: Principal, unit_id: int, fields: Iterable[str],
                                  allowed: dict[int, bool] | None = None) -> None:
    """`sensitive_fields_refused` as a 403 (create, update)."""
    refused = await sensitive_fields_refused(session, principal, unit_id, fields, allowed)
    if refused:
        raise Forbidden(f"writing {refused} requires cadres:read_sensitive")


def written_fields(data: CadreCreate) -> set[str]:
    """The fields a create writes (given and not null): what the sensitive-write rule looks at."""
    return set(data.model_dump(exclude_unset=True, exclude_none=True))


# --- profile ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuplicateKey:
    """What the duplicate rule compares for one person."""

    full_name: str
    birth_date: date
    gender: str
    national_id_hash: str | None = None
    confirmed: bool = False  # confirm_not_duplicate: the name rule is waived (never the national ID)


BATCH = 500


def _batches(items: list[Any]) -> list[list[Any]]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


async def find_duplicates(session: AsyncSession, principal: Principal, keys: Sequence[DuplicateKey], *,
                          exclude_id: int | None = None) -> dict[int, DuplicateCadre]:
    """The duplicate rule for many people in a few queries: index in `keys` → the 409 it earns.

    The same national ID among live cadres is a hard duplicate; the same exact name (NFC, diacritics included —
    An, Ân and Ăn are different people), birth date and gender is one unless confirmed. The existing id is given
    only when the caller may see that record."""
    live: Any = cadres.c.deleted_at.is_(None)
    if exclude_id is not None:
        live = and_(live, cadres.c.id != exclude_id)
    hits: dict[int, tuple[str, Any]] = {}
    by_hash = {k.national_id_hash: i for i, k in enumerate(keys) if k.national_id_hash}
    for chunk in _batches(sorted(by_hash)):
        for row in (await session.execute(select(cadres.c.id, cadres.c.unit_id, cadres.c.national_id_hash)
                                          .where(live, cadres.c.national_id_hash.in_(chunk)))).all():
            hits.setdefault(by_hash[row.national_id_hash], ("same_national_id", row))
    by_name = {(nfc(k.full_name), k.birth_date, k.gender): i for i, k in enumerate(keys) if not k.confirmed}
    for chunk in _batches(sorted({fold(name) for name, _, _ in by_name})):
        for named in (await session.execute(select(cadres.c.id, cadres.c.unit_id, cadres.c.full_name,
                                                   cadres.c.birth_date, cadres.c.gender)
                                          .where(live, cadres.c.name_key.in_(chunk),
                                                 cadres.c.birth_date.in_(sorted({b for _, b, _ in by_name})))
                                          .order_by(cadres.c.id))).all():
            index = by_name.get((named.full_name, named.birth_date, named.gender))
            if index is not None:
                hits.setdefault(index, ("same_name_birth_date_gender", named))
    visible = await units_in_scope(session, principal, READ, {row.unit_id for _, row in hits.values()})
    return {i: DuplicateCadre(reason, row.id if visible is None or row.unit_id in visible else None)
            for i, (reason, row) in sorted(hits.items())}


async def _check_duplicates(session: AsyncSession, principal: Principal, key: DuplicateKey,
                            exclude_id: int | None = None) -> None:
    found = await find_duplicates(session, principal, [key], exclude_id=exclude_id)
    if found:
        raise found[0]


async def create_cadres(session: AsyncSession, actor: Principal, items: Sequence[CadreCreate], *,
                        progress: Callable[[int], Awaitable[None]] | None = None) -> list[int]:
    """The one way cadres are created — one from the API, thousands from an Excel import — with every rule:
    write scope of the unit, sensitive fields only with the sensitive scope, duplicates (batched). Then the
    rows, their education / political-theory history (the current levels are those rows' levels), and one audit
    record per cadre, a batch at a time."""
    sensitive_ok: dict[int, bool] = {}
    for unit_id in sorted({d.unit_id for d in items}):
        await ensure_in_scope(session, actor, WRITE, unit_id)
    for d in items:
        await require_sensitive_write(session, actor, d.unit_id, written_fields(d), sensitive_ok)
    rows = [(d, name_fields(d.family_name, d.middle_name, d.given_name), national_id_columns(d.national_id))
            for d in items]
    duplicates = await find_duplicates(session, actor, [
        DuplicateKey(names["full_name"], d.birth_date, d.gender, nid["national_id_hash"], d.confirm_not_duplicate)
        for d, names, nid in rows])
    if duplicates:
        raise next(iter(duplicates.values()))
    created: list[int] = []
    entries: list[audit.Entry] = []
    for chunk in _batches(rows):
        now = utcnow()
        values = []
        for d, names, nid in chunk:
            v = d.model_dump(exclude={"education_level", "political_theory", "national_id", "confirm_not_duplicate"})
            v["party_member"] = bool(v.get("party_member"))
            values.append({**v, **names, **nid, "education_level": d.education_level or "none",
                           "political_theory": d.political_theory or "none", "version": 1,
                           "created_at": now, "updated_at": now})
        ids = list((await session.execute(insert(cadres).returning(cadres.c.id, sort_by_parameter_order=True),
                                          values)).scalars())
        history = [{"cadre_id": cid, "kind": kind, "level": level, "created_at": now}
                   for cid, (d, _, _) in zip(ids, chunk, strict=True)
                   for kind, level in (("education", d.education_level), ("political_theory", d.political_theory))
                   if level and level != "none"]
        if history:
            await session.execute(insert(qualifications), history)
        entries += [audit.Entry("cadre.create", "cadre", cid, d.unit_id,
                                d.model_dump(exclude_none=True, exclude={"confirm_not_duplicate"}))
                    for cid, (d, _, _) in zip(ids, chunk, strict=True)]
        created += ids
        if progress is not None:
            await progress(len(created))
    # The audit rows last: appending locks the chain's head until commit, and a 20,000-row import that took it
    # first made every other writer (a second import included) wait out its lock_timeout.
    await audit.record_many(session, actor=actor.subject, entries=entries)
    return created


async def create_cadre(session: AsyncSession, actor: Principal, data: CadreCreate) -> CadreRead:
    [cadre_id] = await create_cadres(session, actor, [data])
    return await get_cadre(session, actor, cadre_id, log=False)


async def get_cadre(session: AsyncSession, principal: Principal, cadre_id: int, *, log: bool = True,
                    purpose: str | None = None, reveal: bool = True) -> CadreRead:
    """One profile; `reveal=False` leaves the sensitive keys out even for a caller who may see them (the
    access log then records a plain detail read, and the reveal the user asks for later a sensitive one)."""
    row = (await session.execute(_profile_statement(scope_key(principal, READ, SENSITIVE)),
                                 {"cadre_id": cadre_id})).first()
    if row is None or not row.in_scope_0:
        raise NotFound()
    sensitive = reveal and bool(row.in_scope_1)
    if log:
        await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[cadre_id],
                         category="sensitive" if sensitive else "detail", purpose=purpose, unit_id=row.unit_id)
    return CadreRead.model_validate(_to_read(row, sensitive=sensitive))


@lru_cache(maxsize=1024)
def _profile_statement(scope: ScopeKey) -> Select[Any]:
    """The row, "in the read scope?" and "may see sensitive fields?" in one statement, built once per scope (the
    hottest read of the API)."""
    return select(cadres, *scope_flags_for(scope, cadres.c.unit_id)).where(
        cadres.c.id == bindparam("cadre_id"), cadres.c.deleted_at.is_(None))


async def update_cadre(session: AsyncSession, actor: Principal, cadre_id: int, expected_version: IfMatch,
                       data: CadreUpdate) -> CadreRead:
    before = await visible_cadre(session, actor, cadre_id, WRITE)
    changes = data.model_dump(exclude_unset=True)
    confirmed = bool(changes.pop("confirm_not_duplicate", False))
    for required in ("family_name", "given_name", "birth_date", "gender", "employment", "unit_id"):
        if required in changes and changes[required] is None:
            raise RuleViolation("validation_error", errors=[FieldProblem(required, "required", "cannot be null")])
    await require_sensitive_write(session, actor, before.unit_id, changes)
    if "unit_id" in changes and changes["unit_id"] != before.unit_id:
        await ensure_in_scope(session, actor, WRITE, changes["unit_id"])
    await claim_version(session, cadres, cadre_id, expected_version)
    values: dict[str, Any] = {k: v for k, v in changes.items() if k not in ("national_id", "unit_id")}
    if {"family_name", "middle_name", "given_name"} & set(changes):
        values.update(name_fields(changes.get("family_name", before.family_name),
                                  changes.get("middle_name", before.middle_name),
                                  changes.get("given_name", before.given_name)))
    if "national_id" in changes:
        values.update(national_id_columns(changes["national_id"]))
    if {"full_name", "birth_date", "gender"} & set(values) or values.get("national_id_hash"):
        await _check_duplicates(session, actor, DuplicateKey(
            values.get("full_name", before.full_name), values.get("birth_date", before.birth_date),
            values.get("gender", before.gender), values.get("national_id_hash"), confirmed), exclude_id=cadre_id)
    if "unit_id" in changes and changes["unit_id"] != before.unit_id:
        await set_home_unit(session, actor=actor.subject, to_unit_id=changes["unit_id"], cadre_ids=[cadre_id],
                            on=today(), reason="correction")
    if values:
        await session.execute(update(cadres).where(cadres.c.id == cadre_id).values(**values, updated_at=utcnow()))
    await audit.record(session, actor=actor.subject, action="cadre.update", entity_type="cadre", entity_id=cadre_id,
                       unit_id=before.unit_id,
                       changes=audit.diff(dict(before._mapping), changes))
    return await get_cadre(session, actor, cadre_id, log=False)


async def delete_cadre(session: AsyncSession, actor: Principal, cadre_id: int, expected_version: IfMatch) -> None:
    """Soft delete: 404 afterwards, audit kept; the person leaves open planning cycles (and so lists and
    structure counts)."""
    from app.planning import service as planning  # planning reads cadres: imported here, not at module load

    row = await visible_cadre(session, actor, cadre_id, WRITE)
    await claim_version(session, cadres, cadre_id, expected_version)
    await session.execute(update(cadres).where(cadres.c.id == cadre_id).values(
        deleted_at=utcnow(), deleted_by=actor.subject, version=cadres.c.version + 1))
    removed = await planning.remove_everywhere(session, actor.subject, cadre_id, today(), "hồ sơ đã bị xóa")
    await audit.record(session, actor=actor.subject, action="cadre.delete", entity_type="cadre", entity_id=cadre_id,
                       unit_id=row.unit_id, changes={"deleted": True, "removed_from_planning": removed})


async def set_home_unit(session: AsyncSession, *, actor: str, to_unit_id: int, on: date, reason: str,
                        cadre_ids: Sequence[int] = (), from_unit_id: int | None = None,
                        decision_no: str | None = None) -> int:
    """The only writer of a cadre's home unit (đơn vị công tác): a correction, a transfer or rotation taking
    effect, or the carry-over when a unit ends. The target unit must exist and be active on `on`; callers check
    the actor's scope. Moves the given people, or everyone (not deleted) of `from_unit_id`. Audited."""
    target = (await session.execute(select(unit_table.c.id).where(unit_table.c.id == to_unit_id,
                                                                  alive_on(on, unit_table)))).first()
    if target is None:
        raise RuleViolation("unit_not_active", errors=[FieldProblem("unit_id", "unit_not_active",
                                                                   f"unit {to_unit_id} not active on {on}")])
    who = cadres.c.id.in_(list(cadre_ids)) if cadre_ids else cadres.c.unit_id == from_unit_id
    if not cadre_ids and from_unit_id is None:
        return 0
    moved = list((await session.execute(update(cadres).where(who, cadres.c.deleted_at.is_(None),
                                                             cadres.c.unit_id != to_unit_id)
                                        .values(unit_id=to_unit_id, version=cadres.c.version + 1,
                                                updated_at=utcnow()).returning(cadres.c.id))).scalars())
    if moved:
        await audit.record(session, actor=actor, action="cadre.home_unit", entity_type="cadre",
                           entity_id=moved[0] if len(moved) == 1 else None, unit_id=to_unit_id,
                           decision_no=decision_no, changes={"cadre_ids": moved[:500], "moved": len(moved),
                                                             "to_unit_id": to_unit_id, "reason": reason,
                                                             "on": on})
    return len(moved)


# --- search ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CadreFilters:
    within: int | None = None
    unit_id: int | None = None
    gender: str | None = None
    employment: str | None = None
    party_member: bool | None = None
    ethnic_minority: bool | None = None
    age_min: int | None = None
    age_max: int | None = None
    education_level: str | None = None
    political_theory: str | None = None
    position_code: str | None = None
    body: str | None = None
    term_id: int | None = None
    has_certificate: bool | None = None
    q: str | None = None
    as_of: date | None = None
    retiring_by: date | None = None


def _birth_bounds(f: CadreFilters, on: date) -> list[Any]:
    conds: list[Any] = []
    if f.retiring_by is not None:  # not yet retired on `on`, retired by `retiring_by` (rules 8, 9, 15)
        spans = [(g, births_retiring(g, on, f.retiring_by)) for g in Gender]
        conds.append(or_(false(), *(and_(cadres.c.gender == g, cadres.c.birth_date.between(*span))
                                    for g, span in spans if span is not None)))
    if f.age_min is not None:  # at least age_min on `on`: born on or before on - age_min years
        conds.append(cadres.c.birth_date <= years_before(on, f.age_min))
    if f.age_max is not None:  # at most age_max: born after on - (age_max + 1) years
        conds.append(cadres.c.birth_date > years_before(on, f.age_max + 1))
    return conds


def cadre_conditions(principal: Principal, f: CadreFilters, *, anchor_in_scope: bool = False) -> list[Any]:
    """WHERE conditions for a filtered cadre list — shared by the list endpoint, exports and reports.
    `anchor_in_scope`: `check_filters` has found `within`/`unit_id` in the caller's read scope (use
    `checked_cadre_conditions`)."""
    on = f.as_of or today()
    from app.privacy.service import not_restricted  # a restricted person stays out of lists, exports, reports

    conds: list[Any] = [cadres.c.deleted_at.is_(None), not_restricted(cadres.c.id)]
    if not (anchor_in_scope and (f.within is not None or f.unit_id is not None)):
        # An anchor inside the scope has its whole subtree there (scopes are whole subtrees), so the scope filter
        # would only repeat it — and two subtree filters made PostgreSQL misjudge a province's cadres as ~50 and
        # read all 14,743 of them to sort (42 ms) instead of walking the name order (12 ms; issue 13).
        conds.append(unit_filter(principal, READ, cadres.c.unit_id))
    if f.within is not None:
        conds.append(cadres.c.unit_id.in_(subtree_ids([f.within])))
    if f.unit_id is not None:
        conds.append(cadres.c.unit_id == f.unit_id)
    for column in ("gender", "employment", "education_level", "political_theory"):
        value = getattr(f, column)
        if value is not None:
            conds.append(cadres.c[column] == value)
    if f.party_member is not None:
        conds.append(cadres.c.party_member.is_(f.party_member))
    if f.ethnic_minority is not None:
        minority = and_(cadres.c.ethnicity.is_not(None), cadres.c.ethnicity != "kinh")
        conds.append(minority if f.ethnic_minority else or_(cadres.c.ethnicity.is_(None),
                                                            cadres.c.ethnicity == "kinh"))
    conds += _birth_bounds(f, on)
    if f.q:
        needle = fold(f.q)
        if needle:
            conds.append(cadres.c.name_key.contains(needle, autoescape=True))
    if f.position_code or f.body or f.term_id:
        holds = [assignments.c.cadre_id == cadres.c.id, assignments.c.from_date <= on,
                 or_(assignments.c.to_date.is_(None), assignments.c.to_date > on)]
        if f.position_code:
            holds.append(assignments.c.position_code == f.position_code)
        if f.body or f.term_id:
            holds.append(assignments.c.body_id.in_(select(bodies.c.id).where(
                *([bodies.c.kind == f.body] if f.body else []),
                *([bodies.c.term_id == f.term_id] if f.term_id else []))))
        conds.append(exists().where(*holds))
    if f.has_certificate is not None:
        cert = exists().where(qualifications.c.cadre_id == cadres.c.id, qualifications.c.kind == "union_certificate")
        conds.append(cert if f.has_certificate else ~cert)
    return conds


async def check_filters(session: AsyncSession, principal: Principal, f: CadreFilters) -> None:
    """Sensitive filters need the sensitive scope (403); anchor units must be in scope (404)."""
    if (f.party_member is not None or f.ethnic_minority is not None) and not principal.can(SENSITIVE):
        raise Forbidden("filtering by party membership or ethnicity requires cadres:read_sensitive")
    for anchor in (f.within, f.unit_id):
        if anchor is not None:
            await ensure_in_scope(session, principal, READ, anchor)


async def checked_cadre_conditions(session: AsyncSession, principal: Principal, f: CadreFilters) -> list[Any]:
    """`check_filters`, then the list's WHERE conditions (the list endpoint and the export)."""
    await check_filters(session, principal, f)
    return cadre_conditions(principal, f, anchor_in_scope=True)


async def list_cadres(session: AsyncSession, principal: Principal, f: CadreFilters, *, cursor: str | None,
                      limit: int) -> CadrePage:
    conditions = await checked_cadre_conditions(session, principal, f)
    await plan_for_own_values(session)
    # The page and, per row, "may the caller see its sensitive fields?" in one statement. The page's ids are found
    # first (a deferred join): in a province, PostgreSQL walks the name order in `ix_cadre_sort`, which covers the
    # unit, and reads only the rows it keeps instead of every row it passes (13.7 → 6.6 ms; issue 13).
    page = keyset(select(cadres.c.id, cadres.c.sort_key).where(*conditions), [cadres.c.sort_key, cadres.c.id],
                  cursor, limit).subquery("page")
    columns = [cadres.c[k] for k in PUBLIC_COLUMNS + SENSITIVE_COLUMNS] + [cadres.c.sort_key,
                                                                            *scope_flags(principal, cadres.c.unit_id,
                                                                                         SENSITIVE)]
    stmt = select(*columns).join(page, page.c.id == cadres.c.id).order_by(page.c.sort_key, page.c.id)
    rows = (await session.execute(stmt)).all()
    items, next_cursor = page_from_rows(rows, ["sort_key", "id"], limit)
    out, revealed = [], []
    for row in items:
        sensitive = bool(row.in_scope_0)
        out.append(_to_read(row, sensitive=sensitive))
        if sensitive:
            revealed.append(row.id)
    if revealed:
        await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=revealed,
                         category="list")
    return CadrePage.model_validate({"items": out, "next_cursor": next_cursor})


# --- history rows ----------------------------------------------------------------------------------------

_LEVELS = {"education": EDUCATION_LEVELS, "political_theory": POLITICAL_THEORY, "state_management": STATE_MANAGEMENT}


async def refresh_current_qualifications(session: AsyncSession, cadre_id: int) -> None:
    """Derive the cadre's current levels (`CURRENT_LEVEL_COLUMNS`): the highest level among its rows of each kind."""
    kinds = {kind: (column, order) for column, (kind, order) in CURRENT_LEVEL_COLUMNS.items()}
    rows = (await session.execute(select(qualifications.c.kind, qualifications.c.level).where(
        qualifications.c.cadre_id == cadre_id, qualifications.c.kind.in_(list(kinds))))).all()
    best = {column: "none" for column in CURRENT_LEVEL_COLUMNS}
    for kind, level in rows:
        column, order = kinds[kind]
        if order.index(level) > order.index(best[column]):
            best[column] = level
    await session.execute(update(cadres).where(cadres.c.id == cadre_id).values(**best))


async def _own_document(session: AsyncSession, cadre_id: int, document_id: int | None) -> None:
    if document_id is None:
        return
    doc = await session.get(Document, document_id)
    if doc is None or doc.cadre_id != cadre_id:
        raise RuleViolation("validation_error", errors=[FieldProblem("document_id", "not_found", str(document_id))])


async def add_qualification(session: AsyncSession, actor: Principal, cadre_id: int,
                            data: QualificationCreate) -> QualificationRead:
    row = await visible_cadre(session, actor, cadre_id, WRITE)
    allowed = _LEVELS.get(data.kind)
    if allowed is not None and data.level not in allowed:
        raise RuleViolation("validation_error", errors=[FieldProblem("level", "invalid_level",
                                                                     f"{data.kind}: one of {', '.join(allowed)}")])
    await _own_document(session, cadre_id, data.document_id)
    qid = (await session.execute(insert(qualifications).values(cadre_id=cadre_id, **data.model_dump(),
                                                               created_at=utcnow()).returning(qualifications.c.id)
                                 )).scalar_one()
    await refresh_current_qualifications(session, cadre_id)
    await session.execute(update(cadres).where(cadres.c.id == cadre_id).values(version=cadres.c.version + 1,
                                                                              updated_at=utcnow()))
    await audit.record(session, actor=actor.subject, action="cadre.qualification.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=row.unit_id, changes=data.model_dump(exclude_none=True))
    return QualificationRead(id=qid, cadre_id=cadre_id, **data.model_dump())


async def list_qualifications(session: AsyncSession, principal: Principal, cadre_id: int) -> QualificationList:
    await visible_cadre(session, principal, cadre_id)
    rows = (await session.execute(select(qualifications).where(qualifications.c.cadre_id == cadre_id)
                                  .order_by(qualifications.c.kind, qualifications.c.awarded_on,
                                            qualifications.c.id))).all()
    return QualificationList(items=[QualificationRead.model_validate(dict(r._mapping)) for r in rows])


async def add_employment(session: AsyncSession, actor: Principal, cadre_id: int,
                         data: EmploymentCreate) -> EmploymentRead:
    row = await visible_cadre(session, actor, cadre_id, WRITE)
    await _own_document(session, cadre_id, data.document_id)
    table = table_of(EmploymentRecord)
    eid = (await session.execute(insert(table).values(cadre_id=cadre_id, **data.model_dump())
                                 .returning(table.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="cadre.employment.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=row.unit_id, changes=data.model_dump(exclude_none=True))
    return EmploymentRead(id=eid, cadre_id=cadre_id, **data.model_dump())


async def list_employment(session: AsyncSession, principal: Principal, cadre_id: int) -> EmploymentList:
    await visible_cadre(session, principal, cadre_id)
    table = table_of(EmploymentRecord)
    rows = (await session.execute(select(table).where(table.c.cadre_id == cadre_id)
                                  .order_by(table.c.from_date, table.c.id))).all()
    return EmploymentList(items=[EmploymentRead.model_validate(dict(r._mapping)) for r in rows])


async def _sensitive_cadre(session: AsyncSession, principal: Principal, cadre_id: int, permission: str) -> Any:
    """Family data is sensitive: the caller needs the sensitive scope over the cadre's unit (else 403)."""
    row = await visible_cadre(session, principal, cadre_id, permission)
    if not await _may_see_sensitive(session, principal, row.unit_id):
        raise Forbidden("family relations require cadres:read_sensitive")
    return row


async def add_family_member(session: AsyncSession, actor: Principal, cadre_id: int,
                            data: FamilyMemberCreate) -> FamilyMemberRead:
    row = await _sensitive_cadre(session, actor, cadre_id, WRITE)
    table = table_of(FamilyMember)
    fid = (await session.execute(insert(table).values(cadre_id=cadre_id, **data.model_dump())
                                 .returning(table.c.id))).scalar_one()
    await audit.record(session, actor=actor.subject, action="cadre.family.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=row.unit_id, changes={"family": data.relation})
    return FamilyMemberRead(id=fid, cadre_id=cadre_id, **data.model_dump())


async def list_family(session: AsyncSession, principal: Principal, cadre_id: int) -> FamilyList:
    row = await _sensitive_cadre(session, principal, cadre_id, READ)
    table = table_of(FamilyMember)
    rows = (await session.execute(select(table).where(table.c.cadre_id == cadre_id).order_by(table.c.id))).all()
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[cadre_id],
                     category="sensitive", purpose="family", unit_id=row.unit_id)
    return FamilyList(items=[FamilyMemberRead.model_validate(dict(r._mapping)) for r in rows])


_MAGIC = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


async def add_document(session: AsyncSession, actor: Principal, cadre_id: int, *, filename: str,
                       content_type: str, content: bytes) -> DocumentRead:
    row = await visible_cadre(session, actor, cadre_id, WRITE)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise AppError("payload_too_large", 413, f"documents are limited to {MAX_DOCUMENT_BYTES // 1048576} MB")
    sniffed = next((t for magic, t in _MAGIC.items() if content.startswith(magic)), None)
    if content_type not in DOCUMENT_TYPES or sniffed != content_type:
        raise RuleViolation("unsupported_document_type", f"accepted: {', '.join(sorted(DOCUMENT_TYPES))}")
    doc = Document(cadre_id=cadre_id, filename=filename[:255], content_type=content_type, size=len(content),
                   sha256=hashlib.sha256(content).hexdigest(), content=content, created_by=actor.subject)
    session.add(doc)
    await session.flush()
    await audit.record(session, actor=actor.subject, action="cadre.document.add", entity_type="cadre",
                       entity_id=cadre_id, unit_id=row.unit_id, changes={"document_id": doc.id, "sha256": doc.sha256})
    return DocumentRead.model_validate(doc, from_attributes=True)


async def get_document(session: AsyncSession, principal: Principal, document_id: int) -> Document:
    doc = await session.get(Document, document_id)
    if doc is None:
        raise NotFound()
    row = await visible_cadre(session, principal, doc.cadre_id)
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[doc.cadre_id],
                     category="export", purpose=f"document {document_id}", unit_id=row.unit_id)
    return doc


async def count_in_scope(session: AsyncSession, principal: Principal, f: CadreFilters) -> int:
    return (await session.execute(select(func.count()).select_from(cadres).where(
        *cadre_conditions(principal, f)))).scalar_one()
