"""Calendar arithmetic used by the rules (ages, terms, retirement runways). Month-end days clamp: 31/01 + 1
month is 28/02 or 29/02; 29/02 + 1 year is 28/02."""

from __future__ import annotations

from datetime import date


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def years_before(on: date, years: int) -> date:
    return add_years(on, -years)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (negative if end is earlier): 60 only once the 60th month is complete."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return months


def age_on(birth: date, on: date) -> int:
    """Age in whole years on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
