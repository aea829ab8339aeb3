"""Pure evaluation rules (domain-rulebook §4.1, rules 19–22): score bands, the top-level cap, the review flag."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.evaluations.models import LEVELS, TOP_LEVEL


@dataclass(frozen=True)
class Bands:
    excellent: float = 90.0
    good: float = 70.0
    passed: float = 50.0


def level_for_score(score: float, bands: Bands) -> str:
    """Rule 19: ≥ excellent → HXS, ≥ good → HTT, ≥ pass → HT, else KHT (so 89.9 is hoan_thanh_tot)."""
    if score >= bands.excellent:
        return "hoan_thanh_xuat_sac"
    if score >= bands.good:
        return "hoan_thanh_tot"
    if score >= bands.passed:
        return "hoan_thanh"
    return "khong_hoan_thanh"


def weighted_score(criteria: Sequence[dict[str, Any]], scores: dict[str, float]) -> float:
    """Σ weight × score / Σ weight over the rule set's criteria (each criterion scored 0–100)."""
    total_weight = sum(float(c["weight"]) for c in criteria)
    if total_weight <= 0:
        return 0.0
    acc = sum(float(c["weight"]) * float(scores[str(c["code"])]) for c in criteria)
    return round(acc / total_weight, 2)


def top_share(levels: Sequence[str]) -> float:
    """Share (%) of hoan_thanh_xuat_sac among decided levels."""
    if not levels:
        return 0.0
    return 100.0 * sum(1 for lv in levels if lv == TOP_LEVEL) / len(levels)


def exceeds_cap(levels: Sequence[str], cap: float) -> bool:
    """Rule 21: finalising fails when the top level's share is strictly above the cap."""
    return top_share(levels) > cap + 1e-9


def two_consecutive_failures(levels_by_year: dict[int, str]) -> int | None:
    """Rule 22: the later year of two consecutive annual khong_hoan_thanh ratings, or None."""
    failed = sorted(y for y, lv in levels_by_year.items() if lv == "khong_hoan_thanh")
    for a, b in zip(failed, failed[1:], strict=False):
        if b == a + 1:
            return b
    return None


def valid_level(level: str) -> bool:
    return level in LEVELS
