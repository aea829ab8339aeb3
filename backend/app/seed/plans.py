"""Demo plan: the province's plan implementing Nghị quyết 03/NQ-TLĐ (công tác cán bộ công đoàn trong tình hình mới),
with a target for every computed indicator and a few manual ones carrying an approved measurement, cascaded to
the commune union the demo `xa` login works in. Through the plans and indicators services (the one write path).

Sources (../shared/seeds): the Lai Châu five-year report (23/5/2024) names the province's plan, Kế hoạch
71/KH-LĐLĐ of 25/3/2019, its goals (1)–(6) with their deadlines ("đến năm 2023") and results; the district plans
KH 364 and KH 444 (Gia Lâm) and KH 106 (Dương Minh Châu) give the yearly targets the province cascades (100 % of
key cadres and chairs briefed, 100 % of chairs of non-state enterprises with ≥ 500 workers trained in law, ≥ 55 % of
non-state CĐCS rated good, 13 new non-state CĐCS a year, 10–15 % of regular funds for training). The members
target and the women/young shares ("theo quy định") are the demo's own values, said so in the target notes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre, Qualification
from app.core.concurrency import version_precondition
from app.core.db import table_of, today, utcnow
from app.core.security import Principal
from app.indicators import service as indicators
from app.indicators.schemas import MeasurementCreate, MeasurementDecision
from app.org_units.models import OrgUnit
from app.plans import service as plans
from app.plans.schemas import CascadeRequest, PlanCreate, PlanUpdate, TargetCreate, TaskCreate
from app.terms.models import Assignment

units = table_of(OrgUnit)
cadres = table_of(Cadre)
qualifications = table_of(Qualification)
assignments = table_of(Assignment)
PROVINCIAL_TYPES = ("ldld_tinh", "cong_doan_nganh_dia_phuong", "cong_doan_vien_chuc")
PLAN_NUMBER = "71/KH-LĐLĐ"
CASCADE_UNIT_CODE = "LCU-XA-TP1"  # Công đoàn xã Tân Phong (the `xa` login)


def _targets(year: int) -> list[TargetCreate]:
    goal_2023 = {"period_start": date(2019, 1, 1), "period_end": date(2023, 12, 31)}
    this_year = {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31)}
    term = {"period_start": date(2023, 1, 1), "period_end": date(2028, 12, 31)}
    return [
        # NQ 03 goals as KH 71/KH-LĐLĐ set them, due by 2023 (the 2024 report: Đạt / Vượt)
        TargetCreate(indicator_code="upper_staff_degree", target_value=100, **goal_2023,
                     note="Mục tiêu (2): 100% cán bộ chuyên trách cấp trên cơ sở có trình độ đại học"),
        TargetCreate(indicator_code="full_time_union_certificate", target_value=100, **goal_2023,
                     note="Mục tiêu (5): 100% cán bộ chuyên trách có chứng chỉ lý luận nghiệp vụ công đoàn"),
        TargetCreate(indicator_code="provincial_leaders_language", target_value=20, **goal_2023,
                     note="Mục tiêu (6): 20% lãnh đạo cấp tỉnh có trình độ ngoại ngữ đáp ứng yêu cầu"),
        TargetCreate(indicator_code="full_time_standardised", target_value=100, **goal_2023,
                     note="Mục tiêu (2): 100% cán bộ chuyên trách được chuẩn hóa"),
        TargetCreate(indicator_code="title_standards_issued", target_value=1, **goal_2023,
                     note="Mục tiêu (3): hoàn thiện tiêu chuẩn chức danh, tiêu chí đánh giá"),
        # yearly targets ("hằng năm")
        TargetCreate(indicator_code="key_cadres_briefed", target_value=100, **this_year,
                     note="Hằng năm 100% cán bộ chủ chốt được quán triệt (Mục tiêu 1)"),
        TargetCreate(indicator_code="part_time_skills_trained", target_value=100, **this_year,
                     note="100% cán bộ không chuyên trách được bồi dưỡng kỹ năng (Mục tiêu 5)"),
        TargetCreate(indicator_code="nonstate_chairs_law_trained", target_value=100, **this_year,
                     note="100% Chủ tịch CĐCS doanh nghiệp ngoài nhà nước ≥ 500 lao động được bồi dưỡng pháp luật"),
        TargetCreate(indicator_code="grassroots_chairs_briefed", target_value=100, **this_year,
                     note="100% Chủ tịch CĐCS được quán triệt, bồi dưỡng"),
        TargetCreate(indicator_code="nonstate_chairs_trained", target_value=100, **this_year,
                     note="100% Chủ tịch CĐCS ngoài nhà nước được tập huấn"),
        TargetCreate(indicator_code="training_budget_share", target_value=10, **this_year,
                     note="Dành 10–15% kinh phí hoạt động thường xuyên cho đào tạo, bồi dưỡng"),
        TargetCreate(indicator_code="nonstate_rated_good", target_value=55, period_start=date(year - 1, 1, 1),
                     period_end=date(year, 12, 31),
                     note="Hằng năm ≥ 55% CĐCS ngoài nhà nước xếp loại tốt trở lên (xếp loại năm trước)"),
        # the congress term 2023–2028
        TargetCreate(indicator_code="new_nonstate_grassroots", target_value=65, period_start=date(2019, 1, 1),
                     period_end=date(2023, 12, 31), note="Mỗi năm thành lập mới ít nhất 13 CĐCS ngoài nhà nước"),
        TargetCreate(indicator_code="members", target_value=23_500, **term,
                     note="Số liệu mẫu: chỉ tiêu đoàn viên đến cuối nhiệm kỳ do dữ liệu demo đặt"),
        TargetCreate(indicator_code="bch_btv_women_share", target_value=25, **term,
                     note="Tỷ lệ nữ trong BCH, BTV theo quy định (dữ liệu demo: ≥ 25%)"),
        TargetCreate(indicator_code="bch_btv_young_share", target_value=15, **term,
                     note="Tỷ lệ cán bộ trẻ trong BCH, BTV theo quy định (dữ liệu demo: ≥ 15%)"),
        TargetCreate(indicator_code="electronic_documents", target_value=100, **term,
                     note="100% văn bản trao đổi với công đoàn trực thuộc dưới dạng điện tử"),
    ]


async def _report_qualifications(session: AsyncSession) -> int:
    """The certificates behind goals (5) and (6) of the 2024 report: the provincial leaders' foreign language
    ("Vượt, 100%") and the union certificate (chứng chỉ lý luận nghiệp vụ công đoàn) of most full-time staff (the
    report counts 40 trained in five years on top of those already certified; four are still due)."""
    now = utcnow()
    leaders = (await session.execute(
        select(assignments.c.cadre_id).join(units, units.c.id == assignments.c.unit_id)
        .where(units.c.unit_type.in_(PROVINCIAL_TYPES), assignments.c.position_code.in_(("chu_tich", "pho_chu_tich")))
        .distinct().order_by(assignments.c.cadre_id))).scalars().all()
    full_time = (await session.execute(select(cadres.c.id).where(cadres.c.employment == "full_time",
                                                                 cadres.c.deleted_at.is_(None))
                                       .order_by(cadres.c.id))).scalars().all()
    rows = [{"cadre_id": cid, "kind": "language", "level": "B1", "major": "Tiếng Anh", "awarded_on":
             date(2020 + k % 3, 6, 15), "institution": "Trường Đại học Sư phạm Hà Nội", "created_at": now}
            for k, cid in enumerate(leaders)]
    rows += [{"cadre_id": cid, "kind": "union_certificate", "level": "Lý luận, nghiệp vụ công đoàn", "major": None,
              "awarded_on": date(2019 + k % 5, 11, 20), "institution": "Trường Đại học Công đoàn", "created_at": now}
             for k, cid in enumerate(full_time) if k % 13 != 12]
    if rows:
        await session.execute(insert(qualifications), rows)
    return len(rows)


async def seed_plan(session: AsyncSession, province_id: int, actor: Principal) -> dict[str, int]:
    on = today()
    year = on.year
    certificates = await _report_qualifications(session)
    approver = replace(actor, subject=f"{actor.subject}-approver", display_name="Demo seed (người duyệt)")
    plan = await plans.create_plan(session, actor, PlanCreate(
        kind="ke_hoach", number=PLAN_NUMBER, issuer_unit_id=province_id, issued_on=date(2019, 3, 25),
        title="Kế hoạch thực hiện Nghị quyết số 03/NQ-TLĐ ngày 11/01/2019 của Ban Chấp hành Tổng Liên đoàn "
              "(khóa XII) về công tác cán bộ công đoàn trong tình hình mới",
        period_start=date(2019, 1, 1), period_end=date(2028, 12, 31), targets=_targets(year),
        tasks=[TaskCreate(title="Tuyên truyền, quán triệt Nghị quyết đến 100% công đoàn cấp trên trực tiếp cơ sở",
                          deadline=date(2019, 6, 30)),
               TaskCreate(title=f"Rà soát, bổ sung quy hoạch cán bộ quý I/{year}", deadline=date(year, 3, 31))]))
    plan = await plans.update_plan(session, actor, plan.id, version_precondition(plan.version),
                                   PlanUpdate(status="issued"))
    commune = (await session.execute(select(units.c.id).where(units.c.code == CASCADE_UNIT_CODE))).scalar_one()
    cascaded = await plans.cascade(session, actor, plan.id, CascadeRequest(unit_ids=[commune]))

    # manual figures from the 2024 report, entered by the officer and approved by someone else (rule 25)
    evidence = "Báo cáo sơ kết 05 năm thực hiện Nghị quyết 03/NQ-TLĐ, LĐLĐ tỉnh Lai Châu, ngày 23/5/2024: "
    recorded = [
        MeasurementCreate(indicator_code="full_time_standardised", unit_id=province_id, as_of=date(2023, 12, 31),
                          numerator=52, denominator=52, evidence_text=evidence + "Mục tiêu (2) — Đạt (52/52 người)."),
        MeasurementCreate(indicator_code="title_standards_issued", unit_id=province_id, as_of=date(2023, 12, 31),
                          value=1, evidence_text=evidence + "Mục tiêu (3) — Đạt."),
    ]
    for m in recorded:
        made = await indicators.create_measurement(session, actor, m)
        await indicators.decide_measurement(session, approver, made.id, MeasurementDecision(approve=True))
    # one figure waiting for the second person (the measurements screen's queue)
    await indicators.create_measurement(session, actor, MeasurementCreate(
        indicator_code="electronic_documents", unit_id=province_id, as_of=min(on, date(year, 6, 30)), numerator=1180,
        denominator=1240, evidence_text="Sổ theo dõi văn bản đi 6 tháng đầu năm (hệ thống quản lý văn bản)."))
    return {"plan_id": plan.id, "plan_targets": len(plan.targets), "cascaded_plans": len(cascaded.items),
            "measurements": len(recorded) + 1, "report_certificates": certificates}
