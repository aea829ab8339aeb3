"""National-scale synthetic dataset for `make bench` (PostgreSQL only): 1 confederation, 34 provincial
federations, 18 central sector unions, ~700 commune unions, ~40 industrial-zone unions, ~55,000 grassroots unions,
~500,000 cadres (≈3,500 full-time, the rest part-time BCH members) each holding a post in a 2022–2027 term.

Rows are written with COPY after `alembic upgrade head`, using the application's own derivation helpers for names
(`name_fields`) so the data is what the API would have produced. Deterministic (seeded); about a minute.

Usage (from backend/): .venv/bin/python ../bench/national.py postgresql://postgres@127.0.0.1:5432/cadre_national
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import asyncpg

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

from app.cadres.service import name_fields  # noqa: E402
from app.core.text import fold  # noqa: E402
from app.seed.cadres import FEMALE_GIVEN, FEMALE_MIDDLE, KINH_FAMILY, MALE_GIVEN, MALE_MIDDLE, MINORITY_FAMILY  # noqa: E402

PROVINCES = 34
SECTOR_UNIONS = 18
GRASSROOTS = 55_000
CADRES_PER_GRASSROOTS = 9
FULL_TIME_PER_PROVINCE = 100
NOW = datetime.now(timezone.utc)


def build(rng: random.Random) -> dict[str, list[tuple]]:
    units: list[tuple] = []
    closure: list[tuple] = []
    states: list[tuple] = []
    paths: dict[int, str] = {}
    ancestors: dict[int, list[tuple[int, int]]] = {}

    def add(uid: int, code: str, name: str, utype: str, parent: int | None, sector: str | None,
            members: int | None, established: date) -> None:
        path = (paths[parent] if parent else "/") + f"{uid}/"
        paths[uid] = path
        depth = path.count("/") - 2
        units.append((uid, code, name, fold(name), utype, parent, path, depth, sector, members,
                      members + rng.randint(0, 20) if members else None, None, established, None, 1, NOW, NOW))
        chain = [(uid, 0)] + ([(a, d + 1) for a, d in ancestors[parent]] if parent else [])
        ancestors[uid] = chain
        closure.extend((a, uid, d) for a, d in chain)
        states.append((uid, parent, name, established, None))

    next_id = iter(range(1, 10**7))
    root = next(next_id)
    add(root, "TLD", "Tổng Liên đoàn Lao động Việt Nam", "tong_lien_doan", None, None, None, date(1929, 7, 28))
    uppers: list[int] = []
    provinces = []
    for p in range(PROVINCES):
        pid = next(next_id)
        provinces.append(pid)
        add(pid, f"P{p:02d}", f"Liên đoàn Lao động tỉnh {p:02d}", "ldld_tinh", root, "admin", None, date(2004, 1, 1))
        uppers.append(pid)
        for c in range(700 // PROVINCES + (1 if p < 700 % PROVINCES else 0)):
            cid = next(next_id)
            add(cid, f"P{p:02d}-X{c:02d}", f"Công đoàn xã {p:02d}-{c:02d}", "cong_doan_xa_phuong", pid, "admin", None,
                date(2025, 7, 1))
            uppers.append(cid)
        if p < 40 % PROVINCES + 6:
            kid = next(next_id)
            add(kid, f"P{p:02d}-KCN", f"Công đoàn các KCN tỉnh {p:02d}", "cong_doan_kcn", pid, "admin", None,
                date(2010, 1, 1))
            uppers.append(kid)
    for s in range(SECTOR_UNIONS):
        sid = next(next_id)
        add(sid, f"N{s:02d}", f"Công đoàn ngành trung ương {s:02d}", "cong_doan_nganh_tw", root, "state", None,
            date(1990, 1, 1))
        uppers.append(sid)
    grassroots = []
    for g in range(GRASSROOTS):
        gid = next(next_id)
        parent = rng.choice(uppers)
        members = max(5, int(rng.lognormvariate(3.8, 1.0)))
        add(gid, f"CS{g:06d}", f"Công đoàn cơ sở {g:06d}", "cong_doan_co_so", parent,
            rng.choice(["non_state", "non_state", "state", "public"]), members, date(2000 + g % 25, 1, 1))
        grassroots.append(gid)

    # terms and BCH bodies of every grassroots union (2022–2027), apparatus bodies of provinces
    terms: list[tuple] = []
    bodies: list[tuple] = []
    body_of: dict[int, int] = {}
    for i, gid in enumerate(grassroots, 1):
        start = date(2022, 3, 1) + timedelta(days=i % 240)
        terms.append((i, gid, "Nhiệm kỳ 2022–2027", start, start, start.replace(year=2027), "elected", None, 1))
        bodies.append((i, gid, i, "bch", CADRES_PER_GRASSROOTS))
        body_of[gid] = i
    apparatus_of: dict[int, int] = {}
    for j, pid in enumerate(provinces, len(bodies) + 1):
        bodies.append((j, pid, None, "apparatus", FULL_TIME_PER_PROVINCE))
        apparatus_of[pid] = j

    cadres: list[tuple] = []
    assignments: list[tuple] = []
    cid = 0
    minority = list(MINORITY_FAMILY)

    def person(unit_id: int, employment: str) -> int:
        nonlocal cid
        cid += 1
        female = rng.random() < 0.45
        eth = "kinh" if rng.random() < 0.7 else rng.choice(minority)
        family = rng.choice(KINH_FAMILY if eth == "kinh" else MINORITY_FAMILY[eth])
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        names = name_fields(family, middle, given)
        birth = date(1966, 1, 1) + timedelta(days=rng.randint(0, 365 * 36))
        education = rng.choice(["trung_cap", "cao_dang", "dai_hoc", "dai_hoc", "thac_si"])
        theory = rng.choice(["none", "so_cap", "trung_cap", "cao_cap"])
        party = rng.random() < 0.45
        cadres.append((cid, unit_id, family, middle, given, names["full_name"], names["name_key"], names["sort_key"],
                       birth, "female" if female else "male", employment, education, theory, False, eth, "none",
                       party, 1, NOW, NOW))
        return cid

    aid = 0
    for pid in provinces:
        for k in range(FULL_TIME_PER_PROVINCE):
            who = person(pid, "full_time")
            aid += 1
            assignments.append((aid, who, pid, apparatus_of[pid], "chuyen_vien" if k else "truong_ban", "appointed",
                                True, date(2021, 1, 1), date(2026, 12, 31), None, None, False, NOW))
    for gid in grassroots:
        start = terms[body_of[gid] - 1][4]
        for k in range(CADRES_PER_GRASSROOTS):
            who = person(gid, "part_time")
            aid += 1
            post = "chu_tich" if k == 0 else "pho_chu_tich" if k == 1 else "uy_vien_bch"
            assignments.append((aid, who, gid, body_of[gid], post, "elected", False, start, start.replace(year=2027),
                                None, None, False, NOW))
    return {"org_unit": units, "org_unit_closure": closure, "org_unit_state": states, "term": terms,
            "body": bodies, "cadre": cadres, "assignment": assignments}


COLUMNS = {
    "org_unit": ["id", "code", "name", "name_key", "unit_type", "parent_id", "path", "depth", "sector", "member_count",
                 "workforce", "admin_area", "established_on", "ended_on", "version", "created_at", "updated_at"],
    "org_unit_closure": ["ancestor_id", "descendant_id", "depth"],
    "org_unit_state": ["unit_id", "parent_id", "name", "valid_from", "valid_to"],
    "term": ["id", "unit_id", "name", "congress_date", "start_date", "end_date", "mode", "decision_no", "version"],
    "body": ["id", "unit_id", "term_id", "kind", "seats"],
    "cadre": ["id", "unit_id", "family_name", "middle_name", "given_name", "full_name", "name_key", "sort_key",
              "birth_date", "gender", "employment", "education_level", "political_theory", "from_workers", "ethnicity",
              "religion", "party_member", "version", "created_at", "updated_at"],
    "assignment": ["id", "cadre_id", "unit_id", "body_id", "position_code", "basis", "full_time", "from_date", "to_date",
                   "decision_no", "end_reason", "carried_over", "created_at"],
}


async def load(url: str) -> dict[str, int]:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(admin)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    env_url = url.replace("postgresql://", "postgresql+asyncpg://")
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=BACKEND, check=True,
                   env={"PATH": "/usr/bin:/bin", "CADRE_DATABASE_URL": env_url})
    data = build(random.Random(2025))
    conn = await asyncpg.connect(url)
    for table, rows in data.items():
        await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
    # member counts are dated facts (D9): one row per unit from its establishment, as migration 0007b backfills
    await conn.execute("INSERT INTO org_unit_count (unit_id, member_count, workforce, valid_from, source) "
                       "SELECT id, member_count, workforce, COALESCE(established_on, DATE '1900-01-01'), 'bench' "
                       "FROM org_unit WHERE member_count IS NOT NULL OR workforce IS NOT NULL")
    for table in ("org_unit", "term", "body", "cadre", "assignment"):
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    await conn.execute("ANALYZE")
    await conn.close()
    return {table: len(rows) for table, rows in data.items()}


if __name__ == "__main__":
    t0 = time.perf_counter()
    counts = asyncio.run(load(sys.argv[1] if len(sys.argv) > 1
                              else "postgresql://postgres@127.0.0.1:5432/cadre_national"))
    print(counts, f"{time.perf_counter() - t0:.0f} s")
