"""Demo province shaped like Lai Châu in the seeds (Báo cáo sơ kết 5 năm NQ 03, LĐLĐ Lai Châu, 23/5/2024).

As of 2024-05-23: 11 upper-level unions (8 district federations, 2 local sector unions, 1 civil-servants'
union), 777 grassroots unions, 22,877 members. The 2025 reorganisation is then applied as dated events through
the same services the API uses: on 2025-07-01 the district federations and local sector unions are dissolved;
their grassroots unions in enterprises move to new commune unions (công đoàn xã, phường), the others directly
under the province. Deterministic: the same tree every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import ALL_SCOPES, Grant, Principal
from app.org_units import service as units
from app.org_units.schemas import ChildMove, DissolveRequest, UnitCreate
from app.seed.cadres import seed_cadres
from app.seed.domains import seed_domain_data

SEED_ACTOR = Principal(subject="system:seed", kind="client", display_name="Demo seed",
                       token_scopes=frozenset(ALL_SCOPES), grants=(Grant("system_admin", 0, True),))

REPORT_DATE = date(2024, 5, 23)
REFORM_DATE = date(2025, 7, 1)
TOTAL_MEMBERS = 22_877
PROVINCE_CODE = "LDLD-LCU"
NATIONAL_CODE = "TLD"

# (code suffix, name, number of grassroots unions, communes of the area)
DISTRICTS = [
    ("TP", "Liên đoàn Lao động thành phố Lai Châu", 120, ["Tân Phong", "Đoàn Kết", "Quyết Thắng", "Đông Phong"]),
    ("TD", "Liên đoàn Lao động huyện Tam Đường", 85, ["Bình Lư", "Bản Bo", "Khun Há", "Nà Tăm"]),
    ("PT", "Liên đoàn Lao động huyện Phong Thổ", 80, ["Phong Thổ", "Sin Suối Hồ", "Dào San", "Khổng Lào"]),
    ("SH", "Liên đoàn Lao động huyện Sìn Hồ", 75, ["Sìn Hồ", "Pa Tần", "Tủa Sín Chải", "Nậm Tăm"]),
    ("MT", "Liên đoàn Lao động huyện Mường Tè", 70, ["Mường Tè", "Bum Tở", "Pa Ủ", "Thu Lũm"]),
    ("TU", "Liên đoàn Lao động huyện Than Uyên", 65, ["Than Uyên", "Mường Kim", "Tà Hừa", "Phúc Than"]),
    ("TAU", "Liên đoàn Lao động huyện Tân Uyên", 60, ["Tân Uyên", "Mường Khoa", "Pắc Ta", "Nậm Sỏ"]),
    ("NN", "Liên đoàn Lao động huyện Nậm Nhùn", 55, ["Nậm Hàng", "Mường Mô", "Lê Lợi", "Pú Đao"]),
]
SECTORS = [
    ("GD", "Công đoàn ngành Giáo dục tỉnh Lai Châu", 60, "public"),
    ("YT", "Công đoàn ngành Y tế tỉnh Lai Châu", 37, "public"),
]
CIVIL_SERVANTS = ("CDVC", "Công đoàn Viên chức tỉnh Lai Châu", 70, "admin")

_PUBLIC = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường PTDTBT THCS", "Trạm Y tế xã",
           "Trường Tiểu học và THCS"]
_ADMIN = ["Ủy ban nhân dân xã", "Hội Nông dân", "Hạt Kiểm lâm", "Phòng Tài chính - Kế hoạch", "Chi cục Thuế khu vực"]
_ENTERPRISE = ["Công ty TNHH Thủy điện", "Công ty Cổ phần Chè", "Công ty TNHH Xây dựng", "Hợp tác xã Nông nghiệp",
               "Công ty Cổ phần Cao su", "Công ty TNHH Khai khoáng"]
_STATE = ["Chi nhánh Điện lực", "Bưu điện huyện", "Chi nhánh Ngân hàng Nông nghiệp", "Công ty Cấp nước"]
_PROVINCIAL_PUBLIC = ["Trường THPT", "Trường THPT Dân tộc nội trú", "Bệnh viện Đa khoa", "Trung tâm Y tế",
                      "Trường Cao đẳng Cộng đồng", "Trung tâm Kiểm soát bệnh tật"]
_PROVINCIAL_ADMIN = ["Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Văn phòng UBND tỉnh",
                     "Thanh tra tỉnh", "Sở Tư pháp", "Sở Công Thương", "Ban Dân tộc", "Sở Văn hóa, Thể thao và Du lịch"]

DEMO_PASSWORD = "demo1234"


def _split_members(rng: random.Random, n: int, total: int) -> list[int]:
    """n positive member counts summing exactly to total (skewed: most small, a few large enterprises)."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(n)]
    scale = (total - n) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    for i in rng.sample(range(n), total - sum(counts)):
        counts[i] += 1
    return counts


async def _unit(session: AsyncSession, **fields: object) -> int:
    unit = await units.create_unit(session, SEED_ACTOR, UnitCreate(**fields))
    return unit.id


async def seed_demo(session: AsyncSession) -> dict[str, object]:
    rng = random.Random(364)  # KH 364/KH-LĐLĐ
    national = await _unit(session, code=NATIONAL_CODE, name="Tổng Liên đoàn Lao động Việt Nam",
                           unit_type="tong_lien_doan", parent_id=None, established_on=date(1929, 7, 28))
    province = await _unit(session, code=PROVINCE_CODE, name="Liên đoàn Lao động tỉnh Lai Châu",
                           unit_type="ldld_tinh", parent_id=national, sector="admin",
                           admin_area="Tỉnh Lai Châu", established_on=date(2004, 1, 1),
                           decision_no="01/QĐ-TLĐ")

    counts_total = sum(d[2] for d in DISTRICTS) + sum(s[2] for s in SECTORS) + CIVIL_SERVANTS[2]
    members = _split_members(rng, counts_total, TOTAL_MEMBERS)
    seq = iter(range(1, counts_total + 1))

    async def grassroots(parent: int, name: str, sector: str, area: str | None,
                         not_before: date = date(2005, 1, 1)) -> int:
        n = next(seq)
        established = not_before + timedelta(days=rng.randint(0, (date(2023, 12, 31) - not_before).days))
        m = members[n - 1]
        return await _unit(session, code=f"LCU-CS{n:04d}", name=name, unit_type="cong_doan_co_so",
                           parent_id=parent, sector=sector, member_count=m,
                           workforce=m + rng.randint(0, max(1, m // 5)), admin_area=area,
                           established_on=established)

    placement: list[tuple[int, int, str, str | None]] = []  # (grassroots id, district id, sector, commune)
    district_ids: list[int] = []
    for suffix, name, count, area_list in DISTRICTS:
        did = await _unit(session, code=f"LCU-H-{suffix}", name=name, unit_type="ldld_huyen", parent_id=province,
                          sector="admin", admin_area=name.split("Lao động ")[1], established_on=date(2004, 1, 1))
        district_ids.append(did)
        for i in range(count):
            commune = area_list[i % len(area_list)]
            roll = rng.random()
            if roll < 0.45:
                sector, label = "public", f"{rng.choice(_PUBLIC)} {commune}"
            elif roll < 0.70:
                sector, label = "admin", f"{rng.choice(_ADMIN)} {commune}" if rng.random() < 0.6 else \
                    f"{rng.choice(_ADMIN)} {name.split('huyện ')[-1].split('thành phố ')[-1]}"
            elif roll < 0.95:
                sector, label = "non_state", f"{rng.choice(_ENTERPRISE)} {commune}"
            else:
                sector, label = "state", f"{rng.choice(_STATE)} {commune}"
            gid = await grassroots(did, f"Công đoàn cơ sở {label} {i + 1}", sector, commune)
            placement.append((gid, did, sector, commune))

    sector_ids: list[int] = []
    for suffix, name, count, sector in SECTORS:
        sid = await _unit(session, code=f"LCU-N-{suffix}", name=name, unit_type="cong_doan_nganh_dia_phuong",
                          parent_id=province, sector="public", established_on=date(2004, 6, 1))
        sector_ids.append(sid)
        for i in range(count):
            label = rng.choice(_PROVINCIAL_PUBLIC) if suffix == "GD" or i % 3 else "Trung tâm Y tế"
            gid = await grassroots(sid, f"Công đoàn cơ sở {label} số {i + 1}", sector, None)
            placement.append((gid, sid, sector, None))

    suffix, name, count, sector = CIVIL_SERVANTS
    cdvc = await _unit(session, code=f"LCU-{suffix}", name=name, unit_type="cong_doan_vien_chuc",
                       parent_id=province, sector="admin", established_on=date(2010, 3, 1))
    for i in range(count):
        await grassroots(cdvc, f"Công đoàn cơ sở {_PROVINCIAL_ADMIN[i % len(_PROVINCIAL_ADMIN)]} {i // 10 + 1}",
                         sector, None, not_before=date(2010, 3, 1))

    # Cadres as they stood before the reorganisation: the dissolutions below hand them over (rule 3).
    staff = await seed_cadres(session, province)

    # --- 1/7/2025: district unions and local sector unions end; commune unions take the enterprises -------
    communes: dict[str, int] = {}
    for idx, (dsuffix, _, _, area_communes) in enumerate(DISTRICTS):
        for j, commune in enumerate(area_communes[:2]):
            communes[commune] = await _unit(
                session, code=f"LCU-XA-{dsuffix}{j + 1}", name=f"Công đoàn xã {commune}",
                unit_type="cong_doan_xa_phuong", parent_id=province, sector="admin", admin_area=f"Xã {commune}",
                established_on=REFORM_DATE, decision_no=f"{120 + idx}/QĐ-LĐLĐ")
    by_parent: dict[int, list[ChildMove]] = {}
    for gid, parent, sector, place in placement:
        commune_unit = communes.get(place or "") if sector == "non_state" else None
        by_parent.setdefault(parent, []).append(ChildMove(unit_id=gid, new_parent_id=commune_unit or province))
    for n, parent in enumerate(district_ids + sector_ids):
        await units.dissolve_unit(session, SEED_ACTOR, parent, DissolveRequest(
            effective_date=REFORM_DATE, decision_no=f"{215 + n}/QĐ-LĐLĐ",
            note="Kết thúc hoạt động theo Công văn 4282/TLĐ-ToC", move_children=by_parent[parent]))
    domain_data = await seed_domain_data(session, province, SEED_ACTOR)
    return {"national": national, "province": province, "grassroots": counts_total, **domain_data,
            "commune_unions": len(communes), "members": TOTAL_MEMBERS, **staff}
