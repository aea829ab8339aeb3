"""What the indicator populations share: the scope they count over, and the posts held in it.

A `Scope` is the units of each root's subtree on a date (`compute.scoped_units`) and, built on first use, the posts
held in those units on that date together with what the populations ask of the post, its unit and its holder
(`Scope.posts`). Every population reads posts from there, so when a plan's indicators run as one statement
(`compute.compute_many`) PostgreSQL walks the subtree's posts and probes their holders once, and each indicator
scans that result instead of repeating the walk (issue 13).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.cadres.models import Cadre
from app.core.db import table_of
from app.org_units.models import OrgUnit, UnitType
from app.terms.models import Assignment, Body, Position

cadres = table_of(Cadre)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
assignments = table_of(Assignment)
bodies = table_of(Body)
positions = table_of(Position)


def holds_on(on: date) -> Any:
    """The post is held on `on` (`to_date` is exclusive, as an effective date)."""
    return and_(assignments.c.from_date <= on, or_(assignments.c.to_date.is_(None), assignments.c.to_date > on))


def posts_held(su: Any, on: date) -> Any:
    """One row per post held on `on` in a unit of the scope by a cadre not deleted: (root_id, assignment_id,
    cadre_id, unit_id, position_code, is_key, body_kind, level_code, is_grassroots, sector, employment, gender,
    birth_date)."""
    return (select(su.c.root_id, assignments.c.id.label("assignment_id"), assignments.c.cadre_id,
                   assignments.c.unit_id, assignments.c.position_code, positions.c.is_key,
                   bodies.c.kind.label("body_kind"), unit_types.c.level_code, unit_types.c.is_grassroots,
                   units.c.sector, cadres.c.employment, cadres.c.gender, cadres.c.birth_date)
            .join(assignments, assignments.c.unit_id == su.c.unit_id)
            .join(units, units.c.id == assignments.c.unit_id)
            .join(unit_types, unit_types.c.code == units.c.unit_type)
            .join(positions, positions.c.code == assignments.c.position_code)
            .join(bodies, bodies.c.id == assignments.c.body_id)
            .join(cadres, cadres.c.id == assignments.c.cadre_id)
            .where(holds_on(on), cadres.c.deleted_at.is_(None)))


class Scope:
    """The units of each root's subtree on `on` (`c`: root_id, unit_id, like the CTE it wraps) and the posts held
    in them (`posts`, a CTE of `posts_held` named after the scope, built when a population first asks)."""

    def __init__(self, units_cte: Any, on: date, name: str) -> None:
        self.units = units_cte
        self.on = on
        self.name = name
        self._posts: Any = None

    @property
    def c(self) -> Any:
        return self.units.c

    @property
    def posts(self) -> Any:
        if self._posts is None:
            self._posts = posts_held(self.units, self.on).cte(f"{self.name}_posts")
        return self._posts


def holders(su: Scope, *conds: Any, name: str = "holders") -> Any:
    """(root_id, cadre_id, unit_id, position_code, employment): one row per person holding a post of the scope
    matching `conds` (conditions on `su.posts`); a person with several such posts counts once, at the first unit
    and post code."""
    p = su.posts
    return (select(p.c.root_id, p.c.cadre_id, func.min(p.c.unit_id).label("unit_id"),
                   func.min(p.c.position_code).label("position_code"), func.min(p.c.employment).label("employment"))
            .where(*conds)
            .group_by(p.c.root_id, p.c.cadre_id)
            .subquery(name))
