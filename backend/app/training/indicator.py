"""Indicator #19 (KH 364 Gia Lâm: 10–15 % of regular funds spent on training), as a population query over a dated
subtree (see `indicators.compute`). docs/decisions/021.

One row per unit of the subtree that organised a course starting in [start, on] or recorded its regular funds
for a year in [start.year, on.year]: `num` = the budgets of those courses (VND), `den` = those funds (VND). The
figure is 100 × Σnum / Σden over the subtree, so each unit's spending counts against the funds of the same units.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, Numeric, cast, func, null, or_, select

from app.core.db import table_of
from app.org_units import finance
from app.org_units.models import OrgUnit
from app.training.models import TrainingCourse

courses = table_of(TrainingCourse)
units = table_of(OrgUnit)


def training_budget_share(su: Any, on: date, start: date) -> Any:
    """#19: training budget share — budgets of the courses the subtree's units organised, starting in [start, on],
    over the regular operating funds those units recorded for the years start.year … on.year."""
    spent = (select(courses.c.organiser_unit_id.label("unit_id"), func.sum(courses.c.budget).label("amount"))
             .where(courses.c.starts_on >= start, courses.c.starts_on <= on, courses.c.budget.is_not(None))
             .group_by(courses.c.organiser_unit_id).subquery("training_spent"))
    per_year = finance.regular_funds_in_years(start.year, on.year).subquery("regular_funds")
    return (select(su.c.root_id, units.c.id.label("subject_id"), cast(null(), Integer).label("cadre_id"),
                   units.c.id.label("unit_id"),
                   cast(func.coalesce(spent.c.amount, 0), Numeric(18, 0)).label("num"),
                   cast(func.coalesce(per_year.c.regular_funds, 0), Numeric(18, 0)).label("den"))
            .join(units, units.c.id == su.c.unit_id)
            .outerjoin(spent, spent.c.unit_id == units.c.id)
            .outerjoin(per_year, per_year.c.unit_id == units.c.id)
            .where(or_(spent.c.unit_id.is_not(None), per_year.c.unit_id.is_not(None))))
