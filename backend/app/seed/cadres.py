"""Demo cadres for the Lai Châu-shaped province, as they stood on 23/5/2024 (before the 2025 reorganisation).

- 52 full-time staff (chuyên trách) — 20 at the provincial federation, 2 on NĐ 111/2022 contracts there, 30
  at the 11 upper-level unions — with the report's exact make-up: 34 women, 11 ethnic minority, 51 party
  members; 50 university or higher and 2 technical workers; political theory 29 advanced, 17 intermediate.
- The executive committee (BCH) of every grassroots union for its 2022–2027 term, and the BCH of the province
  (2023–2028) and of each upper-level union (2023–2028): part-time members (không chuyên trách) except the
  full-time leaders above.

Bulk inserts for speed, through the same derivation helpers the service uses (`name_fields`), so every row
is what the API would have written.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres.models import Cadre, EmploymentRecord, Qualification
from app.cadres.service import name_fields
from app.core import audit
from app.core.db import table_of, utcnow
from app.org_units.models import OrgUnit, UnitType
from app.terms.models import Assignment, Body, Term

cadres = table_of(Cadre)
qualifications = table_of(Qualification)
employment = table_of(EmploymentRecord)
terms = table_of(Term)
bodies = table_of(Body)
assignments = table_of(Assignment)

KINH_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Đinh"]
MINORITY_FAMILY = {"thai": ["Lò", "Tòng", "Lường", "Điêu", "Cầm"], "hmong": ["Giàng", "Sùng", "Vàng", "Thào", "Lầu"],
                   "dao": ["Tẩn", "Chảo", "Phàn", "Lý"], "ha_nhi": ["Pờ", "Lỳ", "Chu"],
                   "giay": ["Hoàng", "Lù", "Vương"], "lu": ["Lò", "Tao"], "khang": ["Lò", "Quàng"]}
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thu", "Thanh", "Ngọc"]
MALE_GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong", "Quân",
              "Sơn", "Thắng", "Toàn", "Tuấn", "Việt", "Chiến", "Páo", "Sử", "Chang", "Xuân", "Lợi"]
FEMALE_GIVEN = ["An", "Ánh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương",
                "Quỳnh", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Mỷ", "Dua", "Sua", "Lả", "Ỏn"]

REPORT_DATE = date(2024, 5, 23)


def _person(rng: random.Random, *, female: bool, ethnicity: str, born: date) -> dict[str, Any]:
    family = rng.choice(KINH_FAMILY if ethnicity == "kinh" else MINORITY_FAMILY[ethnicity])
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return {"family_name": family, "middle_name": middle, "given_name": given, **name_fields(family, middle, given),
            "gender": "female" if female else "male", "ethnicity": ethnicity, "birth_date": born}


def _born(rng: random.Random, min_age: int, max_age: int) -> date:
    start = date(REPORT_DATE.year - max_age, 1, 1)
    return start + timedelta(days=rng.randint(0, (max_age - min_age) * 365))


def full_time_profiles(rng: random.Random) -> list[dict[str, Any]]:
    """The 52 staff with the report's exact counts (each attribute assigned over a shuffled index)."""
    n = 52
    idx = list(range(n))
    women = set(rng.sample(idx, 34))
    minority = set(rng.sample(idx, 11))
    non_party = set(rng.sample(idx, 1))
    education = ["dai_hoc"] * 44 + ["thac_si"] * 6 + ["cnkt"] * 2
    theory = ["cao_cap"] * 29 + ["trung_cap"] * 17 + ["so_cap"] * 6
    rng.shuffle(education)
    rng.shuffle(theory)
    groups = list(MINORITY_FAMILY)
    out = []
    for i in idx:
        eth = rng.choice(groups) if i in minority else "kinh"
        p = _person(rng, female=i in women, ethnicity=eth, born=_born(rng, 28, 58))
        p.update(employment="full_time", party_member=i not in non_party, education_level=education[i],
                 political_theory=theory[i], from_workers=education[i] == "cnkt")
        if p["party_member"]:
            joined = p["birth_date"] + timedelta(days=365 * rng.randint(22, 27))
            p.update(party_joined_on=joined, party_official_on=joined + timedelta(days=365))
        out.append(p)
    return out


def part_time_profile(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    eth = "kinh" if roll < 0.45 else rng.choice(list(MINORITY_FAMILY))
    p = _person(rng, female=rng.random() < 0.45, ethnicity=eth, born=_born(rng, 24, 58))
    p.update(employment="part_time", party_member=rng.random() < 0.4,
             education_level=rng.choices(["trung_cap", "cao_dang", "dai_hoc", "thac_si", "cnkt"],
                                         [25, 20, 45, 3, 7])[0],
             political_theory=rng.choices(["none", "so_cap", "trung_cap"], [50, 40, 10])[0],
             from_workers=rng.random() < 0.2)
    return p


async def _insert_cadres(session: AsyncSession, people: list[dict[str, Any]]) -> list[int]:
    now = utcnow()
    rows = []
    for p in people:
        row = {k: p.get(k) for k in ("unit_id", "family_name", "middle_name", "given_name", "full_name", "name_key",
                                    "sort_key", "birth_date", "gender", "employment", "education_level",
                                    "political_theory", "ethnicity", "party_joined_on", "party_official_on")}
        row.update(from_workers=bool(p.get("from_workers")), party_member=bool(p.get("party_member")),
                   religion="none", version=1, created_at=now, updated_at=now)
        rows.append(row)
    result = await session.execute(insert(cadres).returning(cadres.c.id, sort_by_parameter_order=True), rows)
    ids = list(result.scalars())
    quals = [{"cadre_id": cid, "kind": kind, "level": p[kind if kind != "education" else "education_level"],
              "created_at": now}
             for cid, p in zip(ids, people, strict=True)
             for kind in ("education", "political_theory")
             if p[kind if kind != "education" else "education_level"] != "none"]
    if quals:
        await session.execute(insert(qualifications), quals)
    return ids


async def _term_with_bch(session: AsyncSession, unit_id: int, name: str, start: date, seats: int) -> int:
    term_id = (await session.execute(insert(terms).values(
        unit_id=unit_id, name=name, congress_date=start, start_date=start, end_date=start.replace(year=start.year + 5),
        mode="elected", version=1).returning(terms.c.id))).scalar_one()
    return (await session.execute(insert(bodies).values(unit_id=unit_id, term_id=term_id, kind="bch", seats=seats)
                                  .returning(bodies.c.id))).scalar_one()


async def seed_cadres(session: AsyncSession, province_id: int) -> dict[str, int]:
    rng = random.Random(2024_05_23)
    unit_rows = (await session.execute(
        select(col(OrgUnit.id), col(OrgUnit.unit_type), col(OrgUnit.member_count), col(UnitType.is_grassroots))
        .join(UnitType, col(UnitType.code) == col(OrgUnit.unit_type))
        .where(col(OrgUnit.path).like(f"%/{province_id}/%"), col(OrgUnit.established_on) <= REPORT_DATE,
               (col(OrgUnit.ended_on).is_(None)) | (col(OrgUnit.ended_on) > REPORT_DATE))
        .order_by(col(OrgUnit.id)))).all()
    upper = [u.id for u in unit_rows if not u.is_grassroots and u.id != province_id]
    grassroots = [u for u in unit_rows if u.is_grassroots]
    now = utcnow()

    # Full-time staff: 22 at the province (2 of them on NĐ 111/2022 contracts), 30 across the upper levels.
    staff = full_time_profiles(rng)
    homes = [province_id] * 22 + [upper[i % len(upper)] for i in range(30)]
    for p, home in zip(staff, homes, strict=True):
        p["unit_id"] = home
    staff_ids = await _insert_cadres(session, staff)
    await session.execute(insert(employment), [
        {"cadre_id": cid, "organisation": "Liên đoàn Lao động tỉnh Lai Châu" if i < 22 else "Công đoàn cấp trên",
         "job_position": "Chuyên viên", "contract_type": "hop_dong_111" if i in (20, 21) else "bien_che",
         "from_date": date(2015 + i % 8, 1, 1), "in_union": True, "civil_servant_rank": "01.003",
         "salary_grade": 1 + i % 8, "salary_coefficient": 2.34 + 0.33 * (i % 8)}
        for i, cid in enumerate(staff_ids)])

    assignment_rows: list[dict[str, Any]] = []

    def assign(cadre_id: int, unit_id: int, body_id: int, position: str, start: date, end: date,
               full_time: bool) -> None:
        assignment_rows.append({"cadre_id": cadre_id, "unit_id": unit_id, "body_id": body_id,
                                "position_code": position, "basis": "elected", "full_time": full_time,
                                "from_date": start, "to_date": end, "carried_over": False, "created_at": now})

    # Province BCH 2023–2028: full-time leaders + part-time members; apparatus heads are the other staff.
    start = date(2023, 8, 10)
    province_bch = await _term_with_bch(session, province_id, "Đại hội XIII, nhiệm kỳ 2023–2028", start, 25)
    for k, cid in enumerate(staff_ids[:5]):
        assign(cid, province_id, province_bch, ["chu_tich", "pho_chu_tich", "pho_chu_tich", "uy_vien_bch",
                                                "uy_vien_bch"][k], start, start.replace(year=start.year + 5), True)
    apparatus = (await session.execute(insert(bodies).values(unit_id=province_id, kind="apparatus", seats=22)
                                       .returning(bodies.c.id))).scalar_one()
    for k, cid in enumerate(staff_ids[5:22]):
        position = ["truong_ban", "pho_truong_ban", "chuyen_vien", "chuyen_vien"][k % 4]
        assignment_rows.append({"cadre_id": cid, "unit_id": province_id, "body_id": apparatus,
                                "position_code": position, "basis": "appointed", "full_time": True,
                                "from_date": date(2020 + k % 4, 3, 1), "to_date": date(2025 + k % 4, 3, 1),
                                "carried_over": False, "created_at": now})

    # Upper-level unions: BCH 2023–2028 led by their full-time staff.
    upper_staff: dict[int, list[int]] = {}
    for cid, home in zip(staff_ids[22:], homes[22:], strict=True):
        upper_staff.setdefault(home, []).append(cid)
    part_time: list[dict[str, Any]] = []
    plan: list[tuple[int, int, str, date]] = []  # (unit, body, position, start) for each part-time person
    for unit_id in upper:
        start = date(2023, 5, 1) + timedelta(days=rng.randint(0, 60))
        body = await _term_with_bch(session, unit_id, "Nhiệm kỳ 2023–2028", start, 9)
        for k, cid in enumerate(upper_staff.get(unit_id, [])):
            assign(cid, unit_id, body, "chu_tich" if k == 0 else "pho_chu_tich", start,
                   start.replace(year=start.year + 5), True)
        for _ in range(9 - len(upper_staff.get(unit_id, []))):
            plan.append((unit_id, body, "uy_vien_bch", start))
    for _ in range(20):
        plan.append((province_id, province_bch, "uy_vien_bch", date(2023, 8, 10)))

    # Grassroots unions: BCH 2022–2027 sized by membership (3 to 9 seats).
    for g in grassroots:
        seats = 3 if (g.member_count or 0) < 30 else 5 if (g.member_count or 0) < 100 else 7 if (
            g.member_count or 0) < 500 else 9
        start = date(2022, 3, 1) + timedelta(days=rng.randint(0, 240))
        body = await _term_with_bch(session, g.id, "Nhiệm kỳ 2022–2027", start, seats)
        for k in range(seats):
            plan.append((g.id, body, "chu_tich" if k == 0 else "pho_chu_tich" if k == 1 else "uy_vien_bch", start))
    for unit_id, _, _, _ in plan:
        p = part_time_profile(rng)
        p["unit_id"] = unit_id
        part_time.append(p)
    part_ids = await _insert_cadres(session, part_time)
    for cid, (unit_id, body, position, start) in zip(part_ids, plan, strict=True):
        assign(cid, unit_id, body, position, start, start.replace(year=start.year + 5), False)
    await session.execute(insert(assignments), assignment_rows)
    await audit.record(session, actor="seed", action="seed.cadres", entity_type="org_unit", entity_id=province_id,
                       unit_id=province_id, changes={"full_time": len(staff_ids), "part_time": len(part_ids),
                                                     "assignments": len(assignment_rows)})
    return {"full_time_staff": len(staff_ids), "part_time_cadres": len(part_ids),
            "assignments": len(assignment_rows)}
