"""Tree storage: closure table + materialised path, kept in step with `parent_id` in the caller's
transaction, and the dated tree (`as_of`) rebuilt from `org_unit_state` with a recursive CTE.

All SQL here is portable between PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from app.core.db import table_of
from app.org_units.models import OrgUnit, OrgUnitClosure, OrgUnitCount, OrgUnitState

units = table_of(OrgUnit)
closure = table_of(OrgUnitClosure)
states = table_of(OrgUnitState)
counts = table_of(OrgUnitCount)


def path_of(parent_path: str | None, unit_id: int) -> str:
    return f"{parent_path or '/'}{unit_id}/"


async def attach_new(session: AsyncSession, unit_id: int, parent: Any | None) -> None:
    """Closure rows and path for a freshly inserted leaf (`parent` is the parent's row: id, path, depth)."""
    await session.execute(insert(closure).values(ancestor_id=unit_id, descendant_id=unit_id, depth=0))
    if parent is not None:
        await session.execute(
            insert(closure).from_select(
                ["ancestor_id", "descendant_id", "depth"],
                select(closure.c.ancestor_id, literal(unit_id), closure.c.depth + 1).where(
                    closure.c.descendant_id == parent.id
                ),
            )
        )
    await session.execute(update(units).where(units.c.id == unit_id).values(
        path=path_of(parent.path if parent is not None else None, unit_id),
        depth=parent.depth + 1 if parent is not None else 0,
        parent_id=parent.id if parent is not None else None))


async def is_descendant(session: AsyncSession, ancestor_id: int, descendant_id: int) -> bool:
    row = await session.execute(select(closure.c.depth).where(
        closure.c.ancestor_id == ancestor_id, closure.c.descendant_id == descendant_id))
    return row.first() is not None


async def reparent(session: AsyncSession, unit: Any, new_parent: Any) -> None:
    """Move a whole subtree under a new parent: rewrite the closure rows that cross the subtree boundary,
    then the paths and depths of everything below. `unit` and `new_parent` are rows with id, path, depth."""
    unit_id = unit.id
    subtree = select(closure.c.descendant_id).where(closure.c.ancestor_id == unit_id).scalar_subquery()
    old_ancestors = select(closure.c.ancestor_id).where(
        closure.c.descendant_id == unit_id, closure.c.ancestor_id != unit_id).scalar_subquery()
    await session.execute(delete(closure).where(closure.c.descendant_id.in_(subtree),
                                                closure.c.ancestor_id.in_(old_ancestors)))
    above = closure.alias("above")
    below = closure.alias("below")
    await session.execute(insert(closure).from_select(
        ["ancestor_id", "descendant_id", "depth"],
        select(above.c.ancestor_id, below.c.descendant_id, above.c.depth + below.c.depth + 1)
        .select_from(above.join(below, true()))  # every ancestor of the new parent × every node of the subtree
        .where(above.c.descendant_id == new_parent.id, below.c.ancestor_id == unit_id),
    ))
    new_path = path_of(new_parent.path, unit_id)
    shift = new_parent.depth + 1 - unit.depth
    await session.execute(
        update(units)
        .where(units.c.id.in_(select(closure.c.descendant_id).where(closure.c.ancestor_id == unit_id)))
        .values(path=literal(new_path) + func.substr(units.c.path, len(unit.path) + 1),
                depth=units.c.depth + shift,
                parent_id=case((units.c.id == unit_id, new_parent.id), else_=units.c.parent_id))
        .execution_options(synchronize_session=False)
    )


# --- dated state -----------------------------------------------------------------------------------------

def state_valid_on(d: date, table: Any = states) -> Any:
    """The dated-state row of a unit valid on `d` ([valid_from, valid_to))."""
    return and_(table.c.valid_from <= d, or_(table.c.valid_to.is_(None), table.c.valid_to > d))


def counts_on(d: date) -> Any:
    """Subquery (unit_id, member_count, workforce) of the dated counts valid on `d` (D9): outer-join it to read
    an as-of value, so a later change or merge never alters an earlier date's answer."""
    return (select(counts.c.unit_id, counts.c.member_count, counts.c.workforce)
            .where(state_valid_on(d, counts)).subquery("counts_on"))


def alive_on(d: date, table: Any = units) -> Any:
    """A unit exists on `d`: established by then (or undated) and not yet ended."""
    return and_(or_(table.c.established_on.is_(None), table.c.established_on <= d),
                or_(table.c.ended_on.is_(None), table.c.ended_on > d))


async def latest_state(session: AsyncSession, unit_id: int) -> Any:
    return (await session.execute(select(states).where(states.c.unit_id == unit_id)
                                  .order_by(states.c.valid_from.desc()).limit(1))).first()


async def open_state(session: AsyncSession, unit_id: int, *, valid_from: date, parent_id: int | None,
                     name: str) -> None:
    """Close the unit's current state row at `valid_from` and open a new one (states never overlap)."""
    await session.execute(update(states).where(states.c.unit_id == unit_id, states.c.valid_to.is_(None))
                          .values(valid_to=valid_from))
    # A same-day correction replaces the zero-length row rather than leaving [d, d).
    await session.execute(delete(states).where(states.c.unit_id == unit_id, states.c.valid_from == valid_from,
                                               states.c.valid_to == valid_from))
    await session.execute(insert(states).values(unit_id=unit_id, valid_from=valid_from, valid_to=None,
                                                parent_id=parent_id, name=name))


async def close_state(session: AsyncSession, unit_id: int, on: date) -> None:
    await session.execute(update(states).where(states.c.unit_id == unit_id, states.c.valid_to.is_(None))
                          .values(valid_to=on))


async def parent_on(session: AsyncSession, unit_id: int, d: date) -> int | None:
    row = (await session.execute(select(states.c.parent_id).where(states.c.unit_id == unit_id,
                                                                  state_valid_on(d)))).first()
    return row.parent_id if row else None


def dated_tree(d: date, anchors: dict[int, str] | None) -> Any:
    """Recursive CTE of the tree valid on `d`: (unit_id, parent_id, name, path, depth).

    `anchors` maps each root unit to the dated path of its parent ("/" for a top unit); None anchors at the
    units that have no parent on `d`. Dead units (not established yet, or ended) and their subtrees are
    left out, exactly as the tree stood that day.
    """
    s0 = states.alias("s0")
    u0 = units.alias("u0")
    if anchors is None:
        prefix: Any = literal("/")
        root_filter = s0.c.parent_id.is_(None)
    else:
        prefix = case(anchors, value=s0.c.unit_id, else_=literal("/")) if anchors else literal("/")
        root_filter = s0.c.unit_id.in_(list(anchors))
    anchor = (
        select(s0.c.unit_id.label("unit_id"), s0.c.parent_id.label("parent_id"), s0.c.name.label("name"),
               cast(prefix + cast(s0.c.unit_id, String) + literal("/"), String(400)).label("path"),
               cast(literal(0), Integer).label("depth"))
        .join(u0, u0.c.id == s0.c.unit_id)
        .where(s0.c.valid_from <= d, or_(s0.c.valid_to.is_(None), s0.c.valid_to > d), alive_on(d, u0), root_filter)
    )
    cte = anchor.cte("dated_tree", recursive=True)
    s1 = states.alias("s1")
    u1 = units.alias("u1")
    step = (
        select(s1.c.unit_id, s1.c.parent_id, s1.c.name,
               cast(cte.c.path + cast(s1.c.unit_id, String) + literal("/"), String(400)),
               cte.c.depth + 1)
        .join(cte, s1.c.parent_id == cte.c.unit_id)
        .join(u1, u1.c.id == s1.c.unit_id)
        .where(s1.c.valid_from <= d, or_(s1.c.valid_to.is_(None), s1.c.valid_to > d), alive_on(d, u1))
    )
    return cte.union_all(step)


async def dated_parent_path(session: AsyncSession, unit_id: int, d: date) -> str:
    """'/root/.../parent/' of a unit on `d` (walks up the dated parents; the tree is at most ~6 deep)."""
    chain: list[int] = []
    current = await parent_on(session, unit_id, d)
    while current is not None and len(chain) < 50:
        chain.append(current)
        current = await parent_on(session, current, d)
    return "/" + "".join(f"{u}/" for u in reversed(chain))


def dated_children(d: date, parent_id: int) -> Select[Any]:
    return (select(states.c.unit_id).join(units, units.c.id == states.c.unit_id)
            .where(states.c.parent_id == parent_id, state_valid_on(d), alive_on(d)))


def todays_subtrees(roots: list[int], d: date) -> Any:
    """SELECT (root_id, unit_id): every unit alive on `d` in each root's subtree of today's tree — the closure table,
    indexed and sized for the planner (no recursion). Only for `d` = today; other dates rebuild the tree."""
    return (select(closure.c.ancestor_id.label("root_id"), closure.c.descendant_id.label("unit_id"))
            .join(units, units.c.id == closure.c.descendant_id)
            .where(closure.c.ancestor_id.in_(roots), alive_on(d)))


async def subtree_on(session: AsyncSession, unit_id: int, d: date, today: date) -> Any:
    """Selectable of the unit ids in `unit_id`'s subtree as it stood on `d`. Today's tree is the closure table
    (indexed, no recursion); any other date is rebuilt from the dated states."""
    if d == today:
        return todays_subtrees([unit_id], d).subquery("subtree_today")
    dated = dated_tree(d, {unit_id: await dated_parent_path(session, unit_id, d)})
    return select(dated.c.unit_id).subquery("subtree_dated")
