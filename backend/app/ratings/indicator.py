"""Indicator #16 (KH 444 Gia Lâm): non-state grassroots unions rated hoàn thành tốt nhiệm vụ or better, as a
population query over a dated subtree (see `indicators.compute`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal, null, select

from app.core.db import table_of
from app.evaluations.models import GOOD_LEVELS
from app.org_units.models import OrgUnit, UnitType
from app.ratings.models import UnitRating

ratings = table_of(UnitRating)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)



def nonstate_rated_good(su: Any, on: date, start: date) -> Any:
    """#16: non-state grassroots unions of the subtree on `on` rated for a year in [start.year, on.year] (the
    latest such rating counts); numerator: rated hoan_thanh_xuat_sac or hoan_thanh_tot."""
    latest = (select(ratings.c.unit_id, func.max(ratings.c.year).label("year"))
              .where(ratings.c.year >= start.year, ratings.c.year <= on.year)
              .group_by(ratings.c.unit_id).subquery("latest_rating"))
    return (select(su.c.root_id, units.c.id.label("subject_id"), cast(null(), Integer).label("cadre_id"),
                   units.c.id.label("unit_id"), case((ratings.c.level.in_(GOOD_LEVELS), 1), else_=0).label("num"),
                   literal(1).label("den"))
            .join(units, units.c.id == su.c.unit_id)
            .join(unit_types, unit_types.c.code == units.c.unit_type)
            .join(latest, latest.c.unit_id == units.c.id)
            .join(ratings, (ratings.c.unit_id == latest.c.unit_id) & (ratings.c.year == latest.c.year))
            .where(unit_types.c.is_grassroots.is_(True), units.c.sector == "non_state"))
