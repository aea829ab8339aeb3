"""Pure rules of grassroots-unit ratings (HD 1294, rule 23)."""

from __future__ import annotations

from datetime import date

from app.core.dates import months_between
from app.evaluations.rules import Bands, level_for_score

# HD 1294's point bands are not verified (domain-rulebook §4.2 [A]): the individual defaults are used.
RATING_BANDS = Bands(90.0, 70.0, 50.0)
MIN_MONTHS_OPERATING = 12
MIN_MONTHS_AFTER_RESTRUCTURING = 6


def rating_level(score: float) -> str:
    return level_for_score(score, RATING_BANDS)


def rateable(*, year: int, established_on: date | None, restructured_on: date | None) -> tuple[bool, str]:
    """Rule 23: on 31/12 of `year` the unit has operated ≥ 12 months, or ≥ 6 months since it came out of a merger
    or split (the latest such event counts). A unit with no known start is not rateable."""
    period_end = date(year, 12, 31)
    day_after = date(year + 1, 1, 1)  # 31/12 itself is a day of operation: 1/1 → 31/12 is twelve full months
    if restructured_on is not None and restructured_on <= period_end:
        months = months_between(restructured_on, day_after)
        return months >= MIN_MONTHS_AFTER_RESTRUCTURING, (
            f"{months} tháng kể từ hợp nhất/chia tách ngày {restructured_on:%d/%m/%Y}, cần ≥ "
            f"{MIN_MONTHS_AFTER_RESTRUCTURING}")
    if established_on is None or established_on > period_end:
        return False, "đơn vị chưa hoạt động vào 31/12"
    months = months_between(established_on, day_after)
    return months >= MIN_MONTHS_OPERATING, (
        f"{months} tháng hoạt động đến 31/12/{year}, cần ≥ {MIN_MONTHS_OPERATING}")
