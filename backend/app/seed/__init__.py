"""Datasets: `python -m app.cli seed --dataset demo` (idempotent: skipped when units already exist)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service as auth_service
from app.cadres.models import Cadre
from app.core.db import analyze, today
from app.org_units.models import OrgUnit
from app.seed.demo import DEMO_PASSWORD, NATIONAL_CODE, PROVINCE_CODE, seed_demo
from app.terms.models import Assignment

DEMO_LOGINS: list[dict[str, str]] = [
    {"username": "admin", "role": "system_admin", "unit_code": NATIONAL_CODE,
     "unit_name": "Tổng Liên đoàn Lao động Việt Nam", "display_name": "Quản trị hệ thống"},
    {"username": "officer", "role": "org_officer", "unit_code": PROVINCE_CODE,
     "unit_name": "LĐLĐ tỉnh Lai Châu", "display_name": "Nguyễn Thị Hoa (Ban Tổ chức)"},
    {"username": "approver", "role": "approver", "unit_code": PROVINCE_CODE,
     "unit_name": "LĐLĐ tỉnh Lai Châu", "display_name": "Lò Văn Thắng (Phó Chủ tịch)"},
    {"username": "viewer", "role": "viewer", "unit_code": PROVINCE_CODE,
     "unit_name": "LĐLĐ tỉnh Lai Châu", "display_name": "Người xem"},
    {"username": "xa", "role": "org_officer", "unit_code": "LCU-XA-TP1",
     "unit_name": "Công đoàn xã Tân Phong", "display_name": "Tòng Thị Mai (CĐ xã Tân Phong)"},
    {"username": "chair", "role": "grassroots_chair", "unit_code": "LCU-CS0001",
     "unit_name": "CĐCS số 1 (LCU-CS0001)", "display_name": "Chủ tịch CĐCS"},
]
for _login in DEMO_LOGINS:
    _login["password"] = DEMO_PASSWORD
# A cadre's own account (user_account.cadre_id): they fill in their own self-assessment. A viewer of their own unit
# only — the account exists for "Tự đánh giá của tôi", not to keep records.
OWN_CADRE_LOGIN = "canbo"


async def _chair_cadre(session: AsyncSession, login: dict[str, str]) -> int | None:
    """The demo chair's account belongs to the person holding the union's chu_tich post (their own profile, for
    self-declarations)."""
    if login["role"] != "grassroots_chair":
        return None
    return (await session.execute(select(Assignment.cadre_id).join(  # type: ignore[call-overload]
        OrgUnit, OrgUnit.id == Assignment.unit_id).where(
        OrgUnit.code == login["unit_code"], Assignment.position_code == "chu_tich",
        or_(Assignment.to_date.is_(None), Assignment.to_date > today()))  # type: ignore[union-attr, operator, arg-type]
        .order_by(Assignment.id).limit(1))).scalar()


async def run_seed(session: AsyncSession, dataset: str) -> dict[str, Any]:
    if dataset != "demo":
        raise ValueError(f"unknown dataset {dataset}")
    existing = (await session.execute(select(func.count()).select_from(OrgUnit))).scalar_one()
    if existing:
        return {"skipped": True, "units": existing}
    summary = await seed_demo(session)
    for login in DEMO_LOGINS:
        await auth_service.create_user(session, username=login["username"], password=login["password"],
                                       role=login["role"], unit_code=login["unit_code"],
                                       display_name=login["display_name"], actor="seed",
                                       cadre_id=await _chair_cadre(session, login))
    own = summary.get("own_cadre_id")
    if isinstance(own, int):
        cadre = (await session.execute(select(Cadre.full_name, OrgUnit.code).join(  # type: ignore[call-overload]
            OrgUnit, OrgUnit.id == Cadre.unit_id).where(Cadre.id == own))).one()
        await auth_service.create_user(session, username=OWN_CADRE_LOGIN, password=DEMO_PASSWORD, role="viewer",
                                       unit_code=cadre.code, display_name=cadre.full_name, actor="seed",
                                       cadre_id=own)
    await analyze(session)  # plan the first requests for the loaded tables, not for empty ones
    return {"skipped": False, **summary,
            "users": [login["username"] for login in DEMO_LOGINS] + ([OWN_CADRE_LOGIN] if isinstance(own, int) else [])}
