"""Configuration read by the rules: versioned thresholds, title standards, approval authority (phân cấp)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import AppError
from app.workflows.models import ApprovalAuthority, RuleSetting, TitleStandard

# The codes of versioned thresholds (seeded by migration 0005 with their sources).
MIN_MONTHS_APPOINTMENT = "min_months_appointment"  # KL 08-KL/TW: 60
MIN_MONTHS_FIRST_ELECTION = "min_months_first_election"  # CT 45-CT/TW: one full term, 60
MIN_MONTHS_REELECTION = "min_months_reelection"  # CT 45-CT/TW: 48
MIN_MONTHS_IN_POST = "min_months_in_post"  # 24
PLANNING_MAX_PER_POST = "planning_max_per_post"  # 3
PLANNING_MAX_POSTS_PER_PERSON = "planning_max_posts_per_person"  # 3
PLANNING_MIN_WOMEN_SHARE = "planning_min_women_share"  # 0.25
PLANNING_MIN_YOUNG_SHARE = "planning_min_young_share"  # 0.15
PLANNING_MIN_MONTHS_LEFT = "planning_min_months_left"  # one term: 60
YOUNG_AGE_UNDER = "young_age_under"  # 40 (provincial/district per QĐ 50)


async def rule_value(session: AsyncSession, code: str, on: date) -> float:
    row = (await session.execute(select(RuleSetting.value).where(
        RuleSetting.code == code, RuleSetting.valid_from <= on,
        or_(RuleSetting.valid_to.is_(None), RuleSetting.valid_to > on)).order_by(RuleSetting.valid_from.desc())
    )).first()
    if row is None:
        raise AppError("internal_error", 500, f"no value for rule setting {code} on {on}")
    return float(row.value)


async def rule_int(session: AsyncSession, code: str, on: date) -> int:
    return int(await rule_value(session, code, on))


async def title_standard_for(session: AsyncSession, position_code: str, unit_level: str) -> TitleStandard | None:
    rows = (await session.execute(select(TitleStandard).where(
        TitleStandard.position_code == position_code,
        or_(TitleStandard.unit_level.is_(None), TitleStandard.unit_level == unit_level)))).scalars().all()
    specific = [r for r in rows if r.unit_level == unit_level]
    return (specific or rows or [None])[0]


async def levels_above_required(session: AsyncSession, action_type: str, position_code: str, unit_level: str) -> int:
    rows = (await session.execute(select(ApprovalAuthority))).scalars().all()

    def score(r: ApprovalAuthority) -> int | None:
        parts = ((r.action_type, action_type), (r.position_code, position_code), (r.unit_level, unit_level))
        if any(v is not None and v != want for v, want in parts):
            return None
        return sum(v is not None for v, _ in parts)

    ranked = sorted(((score(r), r.id or 0, r) for r in rows if score(r) is not None), key=lambda t: (-t[0], t[1]))
    return ranked[0][2].levels_above if ranked else 1
