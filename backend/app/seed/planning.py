"""Demo planning pool: the political-clearance conclusions (kết luận tiêu chuẩn chính trị) of the people the commune
union of Tân Phong (the demo `xa` login) would plan from — the cadres of the grassroots unions under it. Without a
positive conclusion nobody can be added to a planning cycle (D4), so the demo's planning screens had no one to plan.
Through the conduct service (the one write path of clearances); the province's own staff keep none, so the
appointment flow still meets the missing-clearance rule on them (actions.spec).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.conduct import service as conduct
from app.conduct.schemas import ClearanceCreate
from app.core.db import table_of
from app.core.security import Principal
from app.org_units.models import OrgUnit

cadres = table_of(Cadre)
units = table_of(OrgUnit)
POOL_PARENT_CODE = "LCU-XA-TP1"


async def seed_planning_pool(session: AsyncSession, actor: Principal) -> int:
    parent = select(units.c.id).where(units.c.code == POOL_PARENT_CODE).scalar_subquery()
    pool = (await session.execute(
        select(cadres.c.id).join(units, units.c.id == cadres.c.unit_id)
        .where(units.c.parent_id == parent, cadres.c.deleted_at.is_(None)).order_by(cadres.c.id))).scalars().all()
    for cadre_id in pool:
        await conduct.add_clearance(session, actor, cadre_id, ClearanceCreate(
            positive=True, concluded_on=date(2025, 9, 15), concluded_by="Ban Thường vụ Đảng ủy xã Tân Phong",
            decision_no="12-KL/ĐU", note="Thẩm tra tiêu chuẩn chính trị phục vụ công tác quy hoạch"))
    return len(pool)
