"""Target status (Đạt / Không đạt / Vượt / chưa đến hạn) — rule 24.

- Vượt only when the value *strictly* beats a target, and for a percentage only when the target is below
  100 % (Lai Châu: "Vượt, 100%" against 20 %); a 100 % target met exactly is Đạt, never Vượt.
- Not met before the due date (the period's end) is "chưa đến hạn"; not met on or after it is Không đạt.
- `eq` targets are met or not; they are never exceeded.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

Status = Literal["dat", "khong_dat", "vuot", "chua_den_han"]
LABELS: dict[str, tuple[str, str]] = {
    "dat": ("Đạt", "Met"),
    "khong_dat": ("Không đạt", "Not met"),
    "vuot": ("Vượt", "Exceeded"),
    "chua_den_han": ("Chưa đến hạn", "Not yet due"),
}
EPSILON = 1e-9


def target_status(value: float | None, target: float, comparator: str, *, percentage: bool, due: date,
                  on: date) -> Status:
    if value is None:
        met = beats = False
    elif comparator == "ge":
        met, beats = value >= target - EPSILON, value > target + EPSILON
    elif comparator == "le":
        met, beats = value <= target + EPSILON, value < target - EPSILON
    else:
        met, beats = abs(value - target) <= EPSILON, False
    if met:
        if beats and not (percentage and target >= 100):
            return "vuot"
        return "dat"
    return "chua_den_han" if on < due else "khong_dat"
