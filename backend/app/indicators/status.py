"""Target status (Đạt / Không đạt / Vượt / chưa đến hạn) — rule 24 — and what a percentage is (D12).

- An indicator is a percentage when it is computed as a ratio or, entered manually, its unit is "%": its figures
  are stored and judged as percentages (0–100, e.g. 87.5), never as counts.

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
PERCENT_LABEL = "%"


def is_percentage(kind: str, unit_label: str | None) -> bool:
    """D12: ratio indicators and manual ones measured in "%" are percentages."""
    return kind == "ratio" or (unit_label or "").strip() == PERCENT_LABEL


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
