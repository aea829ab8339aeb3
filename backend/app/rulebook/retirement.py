"""Statutory retirement (Decree 135/2020/NĐ-CP, implementing Labour Code 2019 art. 169).

From 2021 the normal retirement age rises by 3 months a year for men (60y3m → 62 in 2028) and by 4 months a year
for women (55y4m → 60 in 2035); before 2021 it was 60 and 55. The age that applies is the one of the year in
which the person reaches it. Retirement takes effect at the end of the month in which that age is reached: the
person is retired (and draws a pension) from the 1st of the following month (Decree 135 art. 4, rules 8, 9, 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.dates import add_months


@dataclass(frozen=True)
class AgeSchedule:
    before_2021: int  # months
    start_2021: int
    step_per_year: int
    cap: int


SCHEDULE = {
    "male": AgeSchedule(60 * 12, 60 * 12 + 3, 3, 62 * 12),
    "female": AgeSchedule(55 * 12, 55 * 12 + 4, 4, 60 * 12),
}


def retirement_age_months(gender: str, year: int) -> int:
    """The normal retirement age (in months) for someone reaching it in `year`."""
    s = SCHEDULE[gender]
    if year < 2021:
        return s.before_2021
    return min(s.start_2021 + s.step_per_year * (year - 2021), s.cap)


def age_reached_on(birth: date, gender: str) -> date:
    """The day the person reaches the retirement age that applies in the year they reach it."""
    for year in range(birth.year + 50, birth.year + 70):
        reached = add_months(birth, retirement_age_months(gender, year))
        if reached.year <= year:
            return reached
    return add_months(birth, SCHEDULE[gender].cap)


def retirement_date(birth: date, gender: str) -> date:
    """`retirement_on`: the first day on which the person is retired — the 1st of the month after the month in
    which they reach the statutory age (a man born 1968-03-01 → 2030-04-01). Every "months left" counts to it."""
    reached = age_reached_on(birth, gender)
    return add_months(reached.replace(day=1), 1)


def births_retiring(gender: str, after: date, until: date) -> tuple[date, date] | None:
    """The birth dates [first, last] of the people of `gender` whose `retirement_on` falls in (after, until] —
    an interval, since the retirement date never decreases with the birth date (found by binary search)."""

    def first_birth(retires_after: date) -> date:
        lo, hi = date(retires_after.year - 80, 1, 1).toordinal(), retires_after.toordinal()
        while lo < hi:  # the first birth date whose retirement date is after `retires_after`
            mid = (lo + hi) // 2
            if retirement_date(date.fromordinal(mid), gender) > retires_after:
                hi = mid
            else:
                lo = mid + 1
        return date.fromordinal(lo)

    first, beyond = first_birth(after), first_birth(until)
    return (first, date.fromordinal(beyond.toordinal() - 1)) if first < beyond else None
