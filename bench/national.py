"""National-scale synthetic dataset for `make bench` (PostgreSQL only): 1 confederation, 34 provincial
federations, 18 central sector unions, ~700 commune unions, ~40 industrial-zone unions, ~55,000 grassroots unions,
~500,000 cadres (≈3,500 full-time, the rest part-time BCH members) each holding a post in a 2022–2027 term, and
issue 11's records: qualifications, two years of province-run courses with ~175,000 enrolments, last year's annual
evaluation of every province's cadres (~440,000) and the grassroots unions' ratings of last year.

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
from app.evaluations.rules import Bands, level_for_score  # noqa: E402
from app.ratings.rules import rating_level  # noqa: E402
from app.seed.cadres import FEMALE_GIVEN, FEMALE_MIDDLE, KINH_FAMILY, MALE_GIVEN, MALE_MIDDLE, MINORITY_FAMILY  # noqa: E402

PROVINCES = 34
SECTOR_UNIONS = 18
GRASSROOTS = 55_000
CADRES_PER_GRASSROOTS = 9
FULL_TIME_PER_PROVINCE = 100
COURSES_PER_PROVINCE_YEAR = 40
ENROLLED_SHARE = 0.35
NOW = datetime.now(timezone.utc)
THIS_YEAR = NOW.date().year
LAST_YEAR = THIS_YEAR - 1
COURSE_TAGS = ("union_skills", "law", "briefing", "political_theory", "it", "union_skills", "law")


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
    data = {"org_unit": units, "org_unit_closure": closure, "org_unit_state": states, "term": terms,
            "body": bodies, "cadre": cadres, "assignment": assignments}
    province_of = {u: chain[-2][0] for u, chain in ancestors.items() if len(chain) >= 2 and chain[-2][0] in provinces}
    data.update(issue_11_records(rng, provinces, uppers, grassroots, cadres, province_of, units))
    return data


def issue_11_records(rng: random.Random, provinces: list[int], uppers: list[int], grassroots: list[int],
                     cadres: list[tuple], province_of: dict[int, int], units: list[tuple]) -> dict[str, list[tuple]]:
    """Qualifications, courses and enrolments, evaluations and ratings at national scale (the harness of issue 13
    asks for them once they exist): what the training, evaluation and rating indicators and reports read."""
    qualifications: list[tuple] = []
    for c in cadres:
        cid, employment, education = c[0], c[10], c[11]
        if employment == "full_time":
            qualifications.append((cid, "education", education, date(2010, 6, 30), NOW))
        if rng.random() < (0.7 if employment == "full_time" else 0.2):
            qualifications.append((cid, "union_certificate", "nghiep_vu_cd", date(2015 + cid % 10, 5, 1), NOW))
    organisers = {p: [p] + [u for u in uppers if province_of.get(u) == p and u != p] for p in provinces}
    courses: list[tuple] = []
    tags: list[tuple] = []
    by_province: dict[int, list[tuple[int, date]]] = {p: [] for p in provinces}
    course_id = 0
    for p in provinces:
        for year in (LAST_YEAR, THIS_YEAR):
            for k in range(COURSES_PER_PROVINCE_YEAR):
                course_id += 1
                starts = date(year, 1 + k % 11, 1 + k % 27)
                if starts > NOW.date() - timedelta(days=7):
                    starts = NOW.date() - timedelta(days=30 + k)
                ends = starts + timedelta(days=rng.randint(1, 5))
                tag = COURSE_TAGS[k % len(COURSE_TAGS)]
                organiser = p if k % 3 else rng.choice(organisers[p])
                courses.append((course_id, f"Lớp {tag} {year} – {k + 1:02d}", organiser,
                                "online" if k % 5 == 0 else "in_class", starts, ends,
                                rng.randint(20, 200) * 1_000_000, "bench", NOW, 1))
                tags.append((course_id, tag))
                by_province[p].append((course_id, ends))
    enrolments: list[tuple] = []
    evaluated: dict[int, list[tuple[int, int]]] = {p: [] for p in provinces}
    for c in cadres:
        cid, unit_id = c[0], c[1]
        p = province_of.get(unit_id)
        if p is None:
            continue
        evaluated[p].append((cid, unit_id))
        if rng.random() < ENROLLED_SHARE:
            course, ends = rng.choice(by_province[p])
            done = rng.random() < 0.85
            enrolments.append((len(enrolments) + 1, course, cid, unit_id, "completed" if done else "enrolled",
                               rng.randint(80, 100) if done else None, "passed" if done else None,
                               ends if done else None, "bench", NOW, 1))
    cycles: list[tuple] = []
    evaluations: list[tuple] = []
    bands = Bands(90.0, 70.0, 50.0)
    decided = datetime(THIS_YEAR, 1, 20, tzinfo=timezone.utc)
    for p in provinces:
        cycles.append((len(cycles) + 1, p, "annual", str(LAST_YEAR), date(LAST_YEAR, 1, 1), date(LAST_YEAR, 12, 31),
                       0, "finalized", False, "bench", NOW, decided, "bench", 1))
        for cid, unit_id in evaluated[p]:
            score = round(min(100.0, max(40.0, rng.gauss(82, 8))), 1)
            level = level_for_score(score, bands)
            evaluations.append((len(evaluations) + 1, len(cycles), cid, unit_id, "published", score, level, score,
                                level, level, decided, "bench", decided, "bench", 1, NOW))
    established = {u[0]: u[12] for u in units}
    ratings: list[tuple] = []
    for g in grassroots:
        if established[g] > date(LAST_YEAR - 1, 12, 31):
            continue  # rule 23: at least 12 months of operation
        parts = (rng.randint(20, 40), rng.randint(20, 40), rng.randint(7, 15), rng.randint(0, 5))
        score = float(sum(parts))
        ratings.append((g, LAST_YEAR, score, *map(float, parts), rating_level(score), "bench", NOW, 1))
    return {"qualification": qualifications, "training_course": courses, "training_course_tag": tags,
            "enrolment": enrolments, "evaluation_cycle": cycles, "evaluation": evaluations, "unit_rating": ratings}


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
    "qualification": ["cadre_id", "kind", "level", "awarded_on", "created_at"],
    "training_course": ["id", "name", "organiser_unit_id", "mode", "starts_on", "ends_on", "budget", "created_by",
                        "created_at", "version"],
    "training_course_tag": ["course_id", "tag"],
    "enrolment": ["id", "course_id", "cadre_id", "unit_id", "status", "attendance_pct", "result", "completed_on",
                  "created_by", "created_at", "version"],
    "evaluation_cycle": ["id", "unit_id", "kind", "period", "starts_on", "ends_on", "rule_set_id", "status",
                         "anonymous_comments", "created_by", "created_at", "finalized_at", "finalized_by", "version"],
    "evaluation": ["id", "cycle_id", "cadre_id", "unit_id", "status", "self_score", "self_level", "proposed_score",
                   "proposed_level", "level", "decided_at", "decided_by", "published_at", "published_by", "version",
                   "created_at"],
    "unit_rating": ["unit_id", "year", "score", "representation", "organisation", "communication", "bonus", "level",
                    "created_by", "created_at", "version"],
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
    rule_set = await conn.fetchval("SELECT id FROM evaluation_rule_set WHERE valid_from <= $1 AND (valid_to IS NULL "
                                   "OR valid_to > $1)", date(LAST_YEAR, 12, 31))
    data["evaluation_cycle"] = [c[:6] + (rule_set,) + c[7:] for c in data["evaluation_cycle"]]
    for table, rows in data.items():
        await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
    # member counts are dated facts (D9): one row per unit from its establishment, as migration 0007b backfills
    await conn.execute("INSERT INTO org_unit_count (unit_id, member_count, workforce, valid_from, source) "
                       "SELECT id, member_count, workforce, COALESCE(established_on, DATE '1900-01-01'), 'bench' "
                       "FROM org_unit WHERE member_count IS NOT NULL OR workforce IS NOT NULL")
    for table in ("org_unit", "term", "body", "cadre", "assignment", "training_course", "enrolment", "evaluation_cycle",
                  "evaluation"):
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # VACUUM as well as ANALYZE: sets the visibility map, so the covering indexes answer with index-only scans (what
    # autovacuum would have done by the time such a database is in service).
    await conn.execute("VACUUM ANALYZE")
    await conn.close()
    return {table: len(rows) for table, rows in data.items()}


if __name__ == "__main__":
    t0 = time.perf_counter()
    counts = asyncio.run(load(sys.argv[1] if len(sys.argv) > 1
                              else "postgresql://postgres@127.0.0.1:5432/cadre_national"))
    print(counts, f"{time.perf_counter() - t0:.0f} s")
