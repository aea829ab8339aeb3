"""Demo data of issue 11: a year of evaluations, courses and enrolments, unit ratings, awards and rotations, so
the dashboards and the computed indicators (#1, #7, #10, #11, #12, #16) show real figures.

Bulk inserts (one statement per table) keep the seed fast; every row respects the rules the services enforce
(levels from the bands, the top-level cap, rule 23 for ratings). Deterministic (fixed random seed).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres.models import Cadre
from app.conduct.models import Award
from app.core import audit
from app.core.concurrency import version_precondition
from app.core.db import table_of, today, utcnow
from app.core.security import Principal
from app.evaluations.models import Evaluation, EvaluationCycle, EvaluationRuleSet
from app.evaluations.rules import Bands, level_for_score
from app.org_units.models import OrgUnit, OrgUnitFinance, UnitType
from app.ratings.models import UnitRating
from app.ratings.rules import rating_level
from app.rotations.models import Rotation
from app.seed.planning import seed_planning_pool
from app.seed.plans import seed_plan
from app.terms.models import Assignment
from app.training.models import Enrolment, TrainingCourse, TrainingCourseTag, TrainingProgramme

ACTOR = "system:seed"
cadres = table_of(Cadre)
units = table_of(OrgUnit)
unit_types = table_of(UnitType)
assignments = table_of(Assignment)
rule_sets = table_of(EvaluationRuleSet)
cycles = table_of(EvaluationCycle)
evaluations = table_of(Evaluation)
programmes = table_of(TrainingProgramme)
courses = table_of(TrainingCourse)
course_tags = table_of(TrainingCourseTag)
enrolments = table_of(Enrolment)
ratings = table_of(UnitRating)
awards = table_of(Award)
rotations = table_of(Rotation)
finances = table_of(OrgUnitFinance)


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """executemany needs every row to carry the same keys: missing ones become NULL."""
    keys = {k for r in rows for k in r}
    return [{k: r.get(k) for k in keys} for r in rows]


def _at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


async def _rule_set(session: AsyncSession, on: date) -> Any:
    return (await session.execute(select(rule_sets).where(rule_sets.c.valid_from <= on)
                                  .order_by(rule_sets.c.valid_from.desc()).limit(1))).one()


async def _large_enterprises(session: AsyncSession, actor: Principal) -> None:
    """The few non-state enterprises of ≥ 500 workers of the province (KH Gia Lâm's law-training target group):
    the workforce of the six largest non-state unions, corrected through the units service."""
    from app.org_units import service as units_service
    from app.org_units.schemas import UnitUpdate

    largest = (await session.execute(
        select(units.c.id, units.c.member_count, units.c.version)
        .join(unit_types, unit_types.c.code == units.c.unit_type)
        .where(unit_types.c.is_grassroots.is_(True), units.c.sector == "non_state", units.c.ended_on.is_(None))
        .order_by(units.c.member_count.desc(), units.c.id).limit(6))).all()
    for k, u in enumerate(largest):
        await units_service.update_unit(session, actor, u.id, version_precondition(u.version),
                                        UnitUpdate(workforce=max(520 + 140 * k, 3 * (u.member_count or 0))))


async def seed_domain_data(session: AsyncSession, province_id: int, actor: Principal) -> dict[str, int]:
    rng = random.Random(2025_12_31)
    now = utcnow()
    on = today()
    year = on.year
    await _large_enterprises(session, actor)
    people = (await session.execute(select(cadres.c.id, cadres.c.unit_id, cadres.c.employment)
                                    .where(cadres.c.deleted_at.is_(None)).order_by(cadres.c.id))).all()
    held = (await session.execute(
        select(assignments.c.cadre_id, assignments.c.position_code, units.c.id.label("unit_id"), units.c.sector,
               units.c.workforce, units.c.member_count, unit_types.c.is_grassroots)
        .join(units, units.c.id == assignments.c.unit_id).join(unit_types, unit_types.c.code == units.c.unit_type)
        .where(assignments.c.from_date <= on, (assignments.c.to_date.is_(None)) | (assignments.c.to_date > on)))).all()
    chairs = [h for h in held if h.position_code == "chu_tich" and h.is_grassroots]
    key_ids = {h.cadre_id for h in held if h.position_code in ("chu_tich", "pho_chu_tich")}
    unit_of = {p.id: p.unit_id for p in people}
    full_time = [p.id for p in people if p.employment == "full_time"]

    # --- evaluations: the finalized 2025 annual cycle over the province, an open one for this year ------------
    last = year - 1
    rs_last = await _rule_set(session, date(last, 12, 31))
    bands = Bands(rs_last.band_excellent, rs_last.band_good, rs_last.band_pass)
    c_last = (await session.execute(insert(cycles).values(
        unit_id=province_id, kind="annual", period=str(last), starts_on=date(last, 1, 1), ends_on=date(last, 12, 31),
        rule_set_id=rs_last.id, status="finalized", anonymous_comments=True, created_by=ACTOR,
        created_at=_at(date(last, 11, 15)), finalized_at=_at(date(year, 1, 20)), finalized_by=ACTOR, version=2)
        .returning(cycles.c.id))).scalar_one()
    evaluated = full_time + sorted(key_ids - set(full_time))
    rows: list[dict[str, Any]] = []
    top_cap = int(len(evaluated) * rs_last.max_top_share / 100)
    tops = 0
    for cid in evaluated:
        score = round(min(99.0, max(35.0, rng.gauss(80, 9))), 1)
        level = level_for_score(score, bands)
        if level == "hoan_thanh_xuat_sac":
            if tops >= top_cap:
                level = "hoan_thanh_tot"
            else:
                tops += 1
        decided = date(year, 1, 10)
        rows.append({
            "cycle_id": c_last, "cadre_id": cid, "unit_id": unit_of[cid], "status": "published", "self_score": score,
            "self_text": "Hoàn thành các nhiệm vụ được giao trong năm.", "self_level": level_for_score(score, bands),
            "self_assessed_at": _at(date(last, 12, 5)), "self_assessed_by": ACTOR,
            "collective_comment": "Tập thể nhất trí với kết quả tự đánh giá.", "commented_at": _at(date(last, 12, 15)),
            "commented_by": ACTOR, "proposed_score": score, "proposed_level": level,
            "proposed_at": _at(date(last, 12, 20)), "proposed_by": ACTOR, "level": level,
            "decision_no": f"15/QĐ-LĐLĐ ngày {decided:%d/%m/%Y}", "decided_at": _at(decided), "decided_by": ACTOR,
            "published_at": _at(decided, 15), "published_by": ACTOR, "version": 6,
            "created_at": _at(date(last, 12, 1))})
    # the demo login `canbo` belongs to this cadre: pending in this year's cycle, not one of the rotated heads
    own_cadre = full_time[12] if len(full_time) > 12 else full_time[0]
    rs_now = await _rule_set(session, date(year, 12, 31))
    c_now = (await session.execute(insert(cycles).values(
        unit_id=province_id, kind="annual", period=str(year), starts_on=date(year, 1, 1), ends_on=date(year, 12, 31),
        rule_set_id=rs_now.id, status="open", anonymous_comments=True, created_by=ACTOR, created_at=now, version=1)
        .returning(cycles.c.id))).scalar_one()
    now_bands = Bands(rs_now.band_excellent, rs_now.band_good, rs_now.band_pass)
    for k, cid in enumerate(full_time):
        row: dict[str, Any] = {"cycle_id": c_now, "cadre_id": cid, "unit_id": unit_of[cid], "status": "pending",
                               "version": 1, "created_at": now}
        if k % 3:  # two thirds have self-assessed; some of them are further along
            score = round(min(98.0, max(45.0, rng.gauss(82, 7))), 1)
            lvl = level_for_score(score, now_bands)
            row.update(status="self_assessed", self_score=score, self_level=lvl, proposed_level=lvl,
                       self_text="Tự đánh giá kết quả thực hiện nhiệm vụ năm.", self_assessed_at=now,
                       self_assessed_by=ACTOR, version=2)
            if k % 3 == 2:
                row.update(status="proposed", proposed_score=score, proposed_at=now, proposed_by=ACTOR, version=3)
        rows.append(row)
    await session.execute(insert(evaluations), _uniform(rows))

    # --- training: a programme and this year's and last year's classes, with their enrolments ------------------
    communes = (await session.execute(select(units.c.id, units.c.name).where(
        units.c.unit_type == "cong_doan_xa_phuong", units.c.ended_on.is_(None)).order_by(units.c.id))).all()
    prog = (await session.execute(insert(programmes).values(
        name=f"Đào tạo, bồi dưỡng cán bộ công đoàn năm {year}", organiser_unit_id=province_id, year=year,
        budget=1_200_000_000, created_at=now).returning(programmes.c.id))).scalar_one()
    specs: list[tuple[str, int, list[str], int, str]] = [  # name, organiser, tags, year, mode
        (f"Quán triệt Nghị quyết Đại hội Công đoàn các cấp ({year})", province_id, ["briefing"], year, "in_class"),
        ("Bồi dưỡng nghiệp vụ công tác công đoàn cho Chủ tịch CĐCS", province_id, ["union_skills"], year, "in_class"),
        ("Pháp luật lao động cho Chủ tịch CĐCS doanh nghiệp", province_id, ["law"], year, "in_class"),
        ("Kỹ năng thương lượng, ký kết thỏa ước lao động tập thể", province_id, ["union_skills", "law"], year,
         "online"),
        ("Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4", province_id, ["defence_security"], year,
         "in_class"),
        ("Tin học văn phòng và chuyển đổi số", province_id, ["it"], year, "online"),
        (f"Quán triệt Nghị quyết ({last})", province_id, ["briefing"], last, "in_class"),
        ("Tập huấn nghiệp vụ công đoàn cơ sở", province_id, ["union_skills"], last, "in_class"),
    ]
    for cid_, cname in communes[:4]:
        specs.append((f"Tập huấn nghiệp vụ cho cán bộ CĐCS — {cname}", cid_, ["union_skills"], year, "in_class"))
    course_ids: dict[str, list[int]] = {}
    for n, (name, organiser, tags, y, mode) in enumerate(specs):
        start = date(y, 3 + n % 8, 5 + n)
        cid_ = (await session.execute(insert(courses).values(
            name=name, organiser_unit_id=organiser, programme_id=prog if y == year and organiser == province_id
            else None, mode=mode, starts_on=start, ends_on=start + timedelta(days=2 + n % 3),
            budget=30_000_000 + 5_000_000 * (n % 5), location="Hội trường LĐLĐ tỉnh" if mode == "in_class" else None,
            created_by=ACTOR, created_at=now, version=1).returning(courses.c.id))).scalar_one()
        await session.execute(insert(course_tags), [{"course_id": cid_, "tag": t} for t in tags])
        for t in tags:
            course_ids.setdefault(f"{t}:{y}", []).append(cid_)
    done_by = {c: e for c, e in (await session.execute(select(courses.c.id, courses.c.ends_on))).all()}
    enrol: dict[tuple[int, int], dict[str, Any]] = {}

    def take(course_id: int, cadre_id: int, p_pass: float = 0.93) -> None:
        finished = done_by[course_id] <= on
        passed = rng.random() < p_pass
        enrol[(course_id, cadre_id)] = {
            "course_id": course_id, "cadre_id": cadre_id, "unit_id": unit_of[cadre_id],
            "status": "completed" if finished else "enrolled", "attendance_pct": 100 if finished else None,
            "result": ("passed" if passed else "failed") if finished else None,
            "certificate_no": None, "completed_on": done_by[course_id] if finished else None, "created_by": ACTOR,
            "created_at": now, "version": 2 if finished else 1}

    briefing_now = course_ids[f"briefing:{year}"][0]
    for cid in sorted(key_ids):
        if rng.random() < 0.82:
            take(briefing_now, cid)
    skills = course_ids[f"union_skills:{year}"]
    for h in chairs:
        if rng.random() < 0.7:
            take(skills[rng.randrange(len(skills))], h.cadre_id)
    part_time_members = [p.id for p in people if p.employment == "part_time"]
    for cid in rng.sample(part_time_members, k=min(len(part_time_members), 900)):
        take(skills[rng.randrange(len(skills))], cid, 0.9)
    law = course_ids[f"law:{year}"]
    for h in chairs:
        if h.sector == "non_state" and (h.workforce or 0) >= 500 and rng.random() < 0.6:
            take(law[0], h.cadre_id)
    for cid in rng.sample(full_time, k=min(len(full_time), 25)):
        take(course_ids[f"defence_security:{year}"][0], cid)
    for cid in rng.sample(sorted(key_ids), k=min(len(key_ids), 400)):
        take(course_ids[f"briefing:{last}"][0], cid)
        take(course_ids[f"union_skills:{last}"][0], cid)
    await session.execute(insert(enrolments), list(enrol.values()))

    # --- unit ratings for last year (HD 1294), unit titles, awards to people ---------------------------------
    rateable = (await session.execute(
        select(units.c.id).join(unit_types, unit_types.c.code == units.c.unit_type)
        .where(unit_types.c.is_grassroots.is_(True), units.c.established_on <= date(last, 1, 1),
               units.c.ended_on.is_(None)).order_by(units.c.id))).scalars().all()
    rating_rows, titles = [], []
    for uid in rateable:
        parts = [round(rng.uniform(24, 40)), round(rng.uniform(24, 40)), round(rng.uniform(8, 15)),
                 rng.choice([0, 2, 3, 5])]
        score = float(sum(parts))
        level = rating_level(score)
        rating_rows.append({"unit_id": uid, "year": last, "score": score, "representation": parts[0],
                            "organisation": parts[1], "communication": parts[2], "bonus": parts[3], "level": level,
                            "decision_no": f"20/QĐ-LĐLĐ ngày 15/01/{year}", "created_by": ACTOR, "created_at": now,
                            "version": 1})
        if level == "hoan_thanh_xuat_sac":
            titles.append({"unit_id": uid, "kind": "cdcs_vung_manh", "issuer": "Liên đoàn Lao động tỉnh Lai Châu",
                           "awarded_on": date(year, 1, 15), "year": last, "decision_no": "21/QĐ-LĐLĐ",
                           "created_at": now})
    await session.execute(insert(ratings), rating_rows)
    person_awards = [{"cadre_id": cid, "kind": kind, "issuer": issuer, "awarded_on": date(year, 1, 28), "year": last,
                      "decision_no": number, "reason": "Có thành tích xuất sắc trong hoạt động công đoàn năm "
                      f"{last}", "created_at": now}
                     for cid, (kind, issuer, number) in zip(rng.sample(evaluated, k=min(len(evaluated), 30)), [
                         ("bang_khen_tld", "Tổng Liên đoàn Lao động Việt Nam", "112/QĐ-TLĐ")] * 3 + [
                         ("bang_khen_tinh", "Liên đoàn Lao động tỉnh Lai Châu", "25/QĐ-LĐLĐ")] * 7 + [
                         ("giay_khen", "Liên đoàn Lao động tỉnh Lai Châu", "26/QĐ-LĐLĐ")] * 20, strict=False)]
    await session.execute(insert(awards), _uniform(titles + person_awards))

    # --- rotations and transfers of heads 2019–2024 (Lai Châu: 2 rotations, 6 transfers) ----------------------
    upper = (await session.execute(select(units.c.id).where(units.c.unit_type.in_(("ldld_huyen",)))
                                   .order_by(units.c.id))).scalars().all()
    moves: list[dict[str, Any]] = []
    heads = full_time[:8]
    for k, cid in enumerate(heads):
        kind = "rotation" if k < 2 else "transfer"
        start = date(2019 + k % 5, 4 + k, 1)
        months = 36 if kind == "rotation" else None
        moves.append({"cadre_id": cid, "kind": kind, "from_unit_id": province_id, "to_unit_id": upper[k % len(upper)],
                      "position_code": "chu_tich", "head_of_unit": True, "starts_on": start, "planned_months": months,
                      "planned_end_on": date(start.year + 3, start.month, 1) if months else None,
                      "returned_on": date(start.year + 3, start.month, 1) if months else None,
                      "decision_no": f"{40 + k}/QĐ-LĐLĐ", "created_by": ACTOR, "created_at": now, "version": 1})
    if len(full_time) > 9 and communes:
        start = date(year - 2, on.month, 1)
        moves.append({"cadre_id": full_time[9], "kind": "rotation", "from_unit_id": province_id,
                      "to_unit_id": communes[0].id, "position_code": "pho_chu_tich", "head_of_unit": False,
                      "starts_on": start, "planned_months": 25, "planned_end_on": date(year, on.month, 1) +
                      timedelta(days=40), "returned_on": None, "decision_no": "88/QĐ-LĐLĐ", "created_by": ACTOR,
                      "created_at": now, "version": 1})
    await session.execute(insert(rotations), moves)
    # the rotation ending within the notice period raises its return task, as the daily job would (tasks screen)
    from app.rotations.service import scheduled_rotation_endings

    await scheduled_rotation_endings(session)

    # --- regular operating funds (kinh phí hoạt động thường xuyên) for indicator #19 ---------------------------
    # The province's own funds, and each commune union's (those that ran classes get a larger allocation).
    trained_communes = {c.id for c in communes[:4]}
    funds = [{"unit_id": province_id, "year": y, "regular_funds": amount, "decision_no": f"05/QĐ-LĐLĐ ngày "
              f"05/01/{y}", "recorded_by": ACTOR, "recorded_at": now, "version": 1}
             for y, amount in ((last, 1_900_000_000), (year, 2_000_000_000))]
    funds += [{"unit_id": c.id, "year": year, "regular_funds": 320_000_000 if c.id in trained_communes else
               40_000_000, "decision_no": None, "recorded_by": ACTOR, "recorded_at": now, "version": 1}
              for c in communes]
    await session.execute(insert(finances), funds)
    await audit.record(session, actor=ACTOR, action="seed.domains", entity_type="org_unit", entity_id=province_id,
                       unit_id=province_id, changes={"evaluations": len(rows), "enrolments": len(enrol),
                                                     "ratings": len(rating_rows), "rotations": len(moves)})
    plan = await seed_plan(session, province_id, actor)
    cleared = await seed_planning_pool(session, actor)
    return {**plan, "planning_pool_clearances": cleared, "evaluations": len(rows), "courses": len(specs),
            "enrolments": len(enrol),
            "unit_ratings": len(rating_rows), "awards": len(titles) + len(person_awards), "rotations": len(moves),
            "finance_facts": len(funds), "own_cadre_id": own_cadre}
