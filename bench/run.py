"""`make bench`: API latency beside the raw SQL of the same question, measured in the same run.

For each case: N sequential requests against a real uvicorn process (1 worker) over loopback, and N runs of
the equivalent hand-written SQL through the same driver (asyncpg / sqlite3). Figures and their ratio are
written between markers in docs/benchmarks.md. Bounded: fixed request counts, loopback only.

Usage (from backend/): ../.venv python ../bench/run.py [--db postgres|sqlite|both] [--n 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
DOC = ROOT / "docs" / "benchmarks.md"
PORT = int(os.environ.get("BENCH_PORT", "8789"))
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Case:
    name: str
    path: str  # API path with query
    sql: str  # the same question in raw SQL; :province / :today placeholders
    heavy: bool = False  # a report-sized question: a tenth of the iterations


def cases(province: int) -> list[Case]:
    alive = "(u.established_on IS NULL OR u.established_on <= :today) AND (u.ended_on IS NULL OR u.ended_on > :today)"
    cols = ("u.id, u.code, u.name, u.unit_type, u.parent_id, u.path, u.depth, u.sector, u.member_count, "
            "u.workforce, u.admin_area, u.established_on, u.ended_on, u.version")
    subtree = "u.id IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = :province)"
    cadre_cols = ("c.id, c.unit_id, c.family_name, c.middle_name, c.given_name, c.full_name, c.birth_date, "
                  "c.gender, c.employment, c.education_level, c.political_theory, c.from_workers, c.phone, c.email, "
                  "c.hometown, c.version, c.created_at, c.updated_at")
    cadre_subtree = "c.unit_id IN (SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = :province)"
    return [
        Case("units within province, first page (limit 50)", f"/api/v1/units?within={province}&limit=50",
             f"SELECT {cols} FROM org_unit u WHERE {subtree} AND {alive} ORDER BY u.path LIMIT 51"),
        Case("units within province, page of 200", f"/api/v1/units?within={province}&limit=200",
             f"SELECT {cols} FROM org_unit u WHERE {subtree} AND {alive} ORDER BY u.path LIMIT 201"),
        Case("cadres within province, gender=female, limit 50",
             f"/api/v1/cadres?within={province}&gender=female&limit=50",
             f"SELECT {cadre_cols} FROM cadre c WHERE c.deleted_at IS NULL AND {cadre_subtree} "
             "AND c.gender = 'female' ORDER BY c.sort_key, c.id LIMIT 51"),
        Case("cadres within province, q='nguyen thi' (accent-insensitive), limit 50",
             f"/api/v1/cadres?within={province}&q=Nguy%E1%BB%85n%20Th%E1%BB%8B&limit=50",
             f"SELECT {cadre_cols} FROM cadre c WHERE c.deleted_at IS NULL AND {cadre_subtree} "
             "AND c.name_key LIKE '%nguyen thi%' ORDER BY c.sort_key, c.id LIMIT 51"),
        Case("units within province as of 2024-05-23 (dated tree, limit 200)",
             f"/api/v1/units?within={province}&as_of=2024-05-23&limit=200",
             _dated_sql(cols)),
    ]


def statistics_sql(root: str) -> str:
    """The statistics report's two questions in plain SQL: the dated subtree's units, and the post holders'
    breakdown (one GROUP BY), as the service asks them."""
    d = ":today"
    valid = f"s.valid_from <= {d} AND (s.valid_to IS NULL OR s.valid_to > {d})"
    alive = f"(u.established_on IS NULL OR u.established_on <= {d}) AND (u.ended_on IS NULL OR u.ended_on > {d})"
    tree = (
        "WITH RECURSIVE t(unit_id) AS ("
        f" SELECT s.unit_id FROM org_unit_state s JOIN org_unit u ON u.id = s.unit_id WHERE s.unit_id = {root}"
        f" AND {valid} AND {alive} UNION ALL SELECT s.unit_id FROM org_unit_state s JOIN t ON s.parent_id = t.unit_id"
        f" JOIN org_unit u ON u.id = s.unit_id WHERE {valid} AND {alive})")
    rank = ("max(CASE q.level WHEN 'none' THEN 0 WHEN 'so_cap_nghe' THEN 1 WHEN 'cnkt' THEN 2 WHEN 'trung_cap' THEN 3"
            " WHEN 'cao_dang' THEN 4 WHEN 'dai_hoc' THEN 5 WHEN 'thac_si' THEN 6 WHEN 'tien_si' THEN 7 ELSE 0 END)")
    return (
        f"{tree}, units AS (SELECT u.unit_type, count(*) n, sum(u.member_count) m FROM t JOIN org_unit u"
        " ON u.id = t.unit_id GROUP BY u.unit_type),"
        " h AS (SELECT DISTINCT a.cadre_id FROM assignment a WHERE a.unit_id IN (SELECT unit_id FROM t)"
        f" AND a.from_date <= {d} AND (a.to_date IS NULL OR a.to_date > {d})),"
        f" e AS (SELECT q.cadre_id, {rank} r FROM qualification q WHERE q.kind = 'education'"
        f" AND (q.awarded_on IS NULL OR q.awarded_on <= {d}) GROUP BY q.cadre_id)"
        " SELECT 'u', unit_type, n, m, null, null, null FROM units UNION ALL"
        " SELECT c.employment, c.gender, count(*), sum(CASE WHEN c.ethnicity <> 'kinh' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN c.party_member THEN 1 ELSE 0 END), coalesce(e.r, 0), null FROM cadre c JOIN h ON h.cadre_id = c.id"
        " LEFT JOIN e ON e.cadre_id = c.id WHERE c.deleted_at IS NULL GROUP BY c.employment, c.gender, coalesce(e.r, 0)")


def progress_case(plan_id: int, statements: list[str], n_indicators: int) -> Case:
    return Case(f"plan progress, all {n_indicators} computed indicators of a province",
                f"/api/v1/plans/{plan_id}/progress", "\n;\n".join(statements), heavy=True)


def national_cases(province: int, root: int) -> list[Case]:
    return cases(province) + [
        Case("cadre-statistics of a province (JSON)", f"/api/v1/reports/cadre-statistics?unit_id={province}",
             statistics_sql(":province"), heavy=True),
        Case("cadre-statistics of the national root (JSON)", f"/api/v1/reports/cadre-statistics?unit_id={root}",
             statistics_sql(str(root)), heavy=True),
    ]


def _dated_sql(cols: str) -> str:
    d = "'2024-05-23'"
    valid = f"s.valid_from <= {d} AND (s.valid_to IS NULL OR s.valid_to > {d})"
    alive = f"(u.established_on IS NULL OR u.established_on <= {d}) AND (u.ended_on IS NULL OR u.ended_on > {d})"
    return (
        "WITH RECURSIVE t(unit_id, parent_id, name, path) AS ("
        f" SELECT s.unit_id, s.parent_id, s.name, '/' || CAST(s.unit_id AS TEXT) || '/' FROM org_unit_state s"
        f" JOIN org_unit u ON u.id = s.unit_id WHERE s.unit_id = :province AND {valid} AND {alive}"
        " UNION ALL"
        " SELECT s.unit_id, s.parent_id, s.name, t.path || CAST(s.unit_id AS TEXT) || '/' FROM org_unit_state s"
        f" JOIN t ON s.parent_id = t.unit_id JOIN org_unit u ON u.id = s.unit_id WHERE {valid} AND {alive})"
        f" SELECT t.unit_id, u.code, t.name, u.unit_type, t.parent_id, t.path, u.sector, u.member_count"
        " FROM t JOIN org_unit u ON u.id = t.unit_id ORDER BY t.path LIMIT 201"
    )


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, cwd=BACKEND, env=env, check=True, capture_output=True, text=True).stdout


def prepare(kind: str, dataset: str = "demo") -> tuple[dict[str, str], str]:
    env = {**os.environ, "CADRE_LOG_LEVEL": "WARNING", "CADRE_PORT": str(PORT), "CADRE_HOST": "127.0.0.1",
           "CADRE_PUBLIC_URL": f"http://127.0.0.1:{PORT}", "CADRE_LOG_JSON": "false",
           # one principal from one address drives the whole load: the per-principal and per-address rate limits
           # (600 and 1,200 a minute) would measure the limiter, not the API
           "CADRE_RATE_LIMIT_PER_MINUTE": "100000000", "CADRE_RATE_LIMIT_PER_IP_PER_MINUTE": "100000000"}
    if dataset == "national":
        sys.path.insert(0, str(ROOT / "bench"))
        import national

        url = PG_ADMIN.rsplit("/", 1)[0] + "/cadre_national"
        env["CADRE_DATABASE_URL"] = url.replace("postgresql://", "postgresql+asyncpg://")
        t0 = time.perf_counter()
        if os.environ.get("BENCH_REUSE") != "1":
            print(f"  loaded national dataset {asyncio.run(national.load(url))} in {time.perf_counter() - t0:.0f} s")
        else:
            run([sys.executable, "-m", "app.cli", "migrate"], env)  # a reused dataset still gets new migrations
        return env, url
    if kind == "postgres":
        import asyncpg

        async def recreate() -> None:
            conn = await asyncpg.connect(PG_ADMIN)
            await conn.execute('DROP DATABASE IF EXISTS "cadre_bench" WITH (FORCE)')
            await conn.execute('CREATE DATABASE "cadre_bench"')
            await conn.close()

        asyncio.run(recreate())
        url = PG_ADMIN.rsplit("/", 1)[0] + "/cadre_bench"
        env["CADRE_DATABASE_URL"] = url.replace("postgresql://", "postgresql+asyncpg://")
    else:
        path = Path("/tmp/cadre_bench.db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        env["CADRE_DATABASE_URL"] = f"sqlite+aiosqlite:///{path}"
        url = str(path)
    t0 = time.perf_counter()
    run([sys.executable, "-m", "app.cli", "seed", "--dataset", "demo"], env)
    print(f"  seeded demo dataset on {kind} in {time.perf_counter() - t0:.1f} s", flush=True)
    return env, url


TOKEN_SNIPPET = """
import asyncio, json, sys
from datetime import datetime, timezone
from sqlalchemy import select
import app.models  # noqa: F401  (every mapper, so relationships across domains resolve)
from app.core.db import get_db
from app.auth import service
from app.auth.models import UserAccount
from app.auth.tokens import issue_access_token
from app.org_units.models import OrgUnit
async def main(province_code):
    async with get_db().sessionmaker() as s:
        user = (await s.execute(select(UserAccount).where(UserAccount.username == "bench"))).scalar_one_or_none()
        if user is None:
            user = await service.create_user(s, username="bench", password="bench-only", role="org_officer",
                                             unit_code=province_code)
        province = (await s.execute(select(OrgUnit.id).where(OrgUnit.code == province_code))).scalar_one()
        root = (await s.execute(select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)))).scalar_one()
        admin = (await s.execute(select(UserAccount).where(UserAccount.username == "bench_admin"))).scalar_one_or_none()
        if admin is None:
            admin = await service.create_user(s, username="bench_admin", password="bench-only", role="system_admin",
                                              unit_code="TLD")
        from datetime import date as _date
        from sqlalchemy import insert as _insert
        from sqlalchemy.dialects import postgresql, sqlite
        from app.indicators.compute import REGISTRY, Ask, many_statement
        from app.indicators.models import Indicator
        from app.plans.models import Plan, Target
        computed = (await s.execute(select(Indicator.code, Indicator.computation)
                                    .where(Indicator.computation.is_not(None)))).all()
        today = _date.today()
        plan_id = (await s.execute(_insert(Plan.__table__).values(
            kind="ke_hoach", number="1/KH-BENCH", title="Bench", issuer_unit_id=province,
            period_start=_date(today.year, 1, 1), period_end=_date(today.year, 12, 31), status="issued", version=1,
            created_by="bench", created_at=datetime.now(timezone.utc)).returning(Plan.__table__.c.id))).scalar_one()
        for code, _ in computed:
            await s.execute(_insert(Target.__table__).values(
                plan_id=plan_id, indicator_code=code, scope_unit_id=province, period_start=_date(today.year, 1, 1),
                period_end=_date(today.year, 12, 31), target_value=50, comparator="ge"))
        dialect = postgresql.dialect() if s.bind.dialect.name == "postgresql" else sqlite.dialect()
        # the API's own statement for the plan (compute.many_statement), values inlined as literals
        stmt = many_statement([Ask(REGISTRY[key], [province], today, _date(today.year, 1, 1)) for _, key in computed])
        statements = [str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))]
        scope = "units:read cadres:read reports:read"
        token, _ = await issue_access_token(s, subject=f"user:{user.id}", client_id="bench", scope=scope, ttl=3600)
        admin_token, _ = await issue_access_token(s, subject=f"user:{admin.id}", client_id="bench",
                                                  scope=scope + " units:write cadres:write", ttl=3600)  # merge and import write
        await s.commit()
        print(json.dumps({"token": token, "admin_token": admin_token, "province": province, "root": root,
                          "plan_id": plan_id, "indicator_sql": statements,
                          "indicators": len(computed)}))
asyncio.run(main(sys.argv[1]))
"""


async def measure_http(path: str, token: str, n: int) -> list[float]:
    import httpx

    out = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=120,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        for i in range(n + 20):
            t0 = time.perf_counter()
            r = await client.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status_code != 200:
                raise RuntimeError(f"{path}: {r.status_code} {r.text[:200]}")
            if i >= 20:  # warm-up
                out.append(elapsed)
    return out


async def measure_sql_pg(url: str, sql: str, params: dict[str, Any], n: int) -> list[float]:
    import asyncpg

    params = {k: v for k, v in params.items() if f":{k}" in sql}
    for i, name in enumerate(params, 1):
        sql = sql.replace(f":{name}", f"${i}")
    conn = await asyncpg.connect(url)
    await conn.execute("SET max_parallel_workers_per_gather = 0")
    prepared = [await conn.prepare(part) for part in sql.split("\n;\n")]  # several statements: timed together
    out = []
    for i in range(n + 20):
        t0 = time.perf_counter()
        for stmt in prepared:
            await stmt.fetch(*[v for k, v in params.items() if f"${list(params).index(k) + 1}" in stmt.get_query()])
        if i >= 20:
            out.append((time.perf_counter() - t0) * 1000)
    await conn.close()
    return out


def measure_sql_sqlite(path: str, sql: str, params: dict[str, Any], n: int) -> list[float]:
    conn = sqlite3.connect(path)
    p = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    out = []
    parts = sql.split("\n;\n")
    for i in range(n + 20):
        t0 = time.perf_counter()
        for part in parts:
            conn.execute(part, {k: v for k, v in p.items() if f":{k}" in part}).fetchall()
        if i >= 20:
            out.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return out


def wait_ready() -> None:
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become ready")


def port_is_free() -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", PORT)) != 0


def bench(kind: str, n: int, dataset: str = "demo") -> list[dict[str, Any]]:
    print(f"[{kind}, {dataset}]", flush=True)
    if not port_is_free():
        raise RuntimeError(f"port {PORT} is in use: stop that server or set BENCH_PORT")
    env, url = prepare(kind, dataset)
    info = json.loads(run([sys.executable, "-c", TOKEN_SNIPPET, "P00" if dataset == "national" else "LDLD-LCU"],
                          env))
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host",
                               "127.0.0.1", "--port", str(PORT), "--log-level", "warning", "--no-access-log"],
                              cwd=BACKEND, env={**env, "CADRE_SEED": "none"})
    rows = []
    try:
        wait_ready()
        for case in (national_cases(info["province"], info["root"]) if dataset == "national"
                     else cases(info["province"])) + [progress_case(info["plan_id"], info["indicator_sql"], info["indicators"])]:
            token = info["admin_token"] if "national root" in case.name else info["token"]
            runs = max(n // 10, 10) if case.heavy else n
            http = asyncio.run(measure_http(case.path, token, runs))
            params = {"province": info["province"], "today": date.today()}
            sql = (asyncio.run(measure_sql_pg(url, case.sql, params, runs)) if kind == "postgres"
                   else measure_sql_sqlite(url, case.sql, params, runs))
            row = {"db": f"{kind} ({dataset})", "case": case.name, "n": runs,
                   "api_p50": pct(http, 0.5), "api_p95": pct(http, 0.95),
                   "sql_p50": pct(sql, 0.5), "sql_p95": pct(sql, 0.95)}
            row["ratio_p50"] = row["api_p50"] / row["sql_p50"]
            rows.append(row)
            print(f"  {case.name}: API p50 {row['api_p50']:.2f} ms p95 {row['api_p95']:.2f} ms | "
                  f"SQL p50 {row['sql_p50']:.2f} ms p95 {row['sql_p95']:.2f} ms | ×{row['ratio_p50']:.1f}",
                  flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return rows


def write_doc(rows: list[dict[str, Any]], marker: str = "units") -> None:
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip()
    lines = [
        f"<!-- bench:{marker}:start -->",
        f"Run {date.today().isoformat()}, commit `{sha}`, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {'demo dataset (1 province, 810 units, ~3,000 cadres)' if marker == 'units' else 'national dataset (55,765 units, 498,400 cadres)'}; "
        "sequential requests over "
        "loopback to one uvicorn worker; SQL through the same driver with a prepared statement.",
        "",
        "| database | question | n | API p50 | API p95 | raw SQL p50 | raw SQL p95 | API ÷ SQL (p50) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['db']} | {r['case']} | {r['n']} | {r['api_p50']:.2f} ms | {r['api_p95']:.2f} ms | "
                     f"{r['sql_p50']:.2f} ms | {r['sql_p95']:.2f} ms | {r['ratio_p50']:.1f}× |")
    lines.append(f"<!-- bench:{marker}:end -->")
    block = "\n".join(lines)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if f"<!-- bench:{marker}:start -->" in text:
        head, rest = text.split(f"<!-- bench:{marker}:start -->", 1)
        tail = rest.split(f"<!-- bench:{marker}:end -->", 1)[1]
        text = head + block + tail
    else:
        text += "\n" + block + "\n"
    DOC.write_text(text)
    print(f"wrote {DOC}")


async def throughput_info(url: str, info: dict[str, Any]) -> dict[str, Any]:
    """What the load phase needs besides the tokens: a cadre of the province, the bench user's id, an export
    filter selecting close to (at most) 100,000 rows, and two provinces to merge."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        province = info["province"]
        info["cadre_id"] = await conn.fetchval(
            "SELECT c.id FROM cadre c JOIN org_unit_closure k ON k.descendant_id = c.unit_id AND k.ancestor_id = $1 "
            "WHERE c.deleted_at IS NULL ORDER BY c.id LIMIT 1 OFFSET 100", province)
        info["user_id"] = await conn.fetchval("SELECT id FROM user_account WHERE username = 'bench'")
        today = date.today()
        chosen, rows = None, 0
        for age_max in range(20, 70):  # ages 18..age_max: the widest window with at most 100,000 cadres
            born_after = today.replace(year=today.year - age_max - 1)
            born_by = today.replace(year=today.year - 18)
            n = await conn.fetchval("SELECT count(*) FROM cadre WHERE deleted_at IS NULL AND birth_date > $1 "
                                    "AND birth_date <= $2", born_after, born_by)
            if n > 100_000:
                break
            chosen, rows = f"age_min=18&age_max={age_max}", n
        info["export_query"], info["export_rows"] = chosen or "age_min=18&age_max=18", rows
        pair = await conn.fetch("SELECT id, ended_on FROM org_unit WHERE code IN ('P32', 'P33') ORDER BY code")
        if len(pair) == 2 and pair[1]["ended_on"] is None:
            target, source = pair[0]["id"], pair[1]["id"]
            info["merge"] = {
                "target": target, "source": source,
                "units": await conn.fetchval("SELECT count(*) FROM org_unit_closure WHERE ancestor_id = $1", source),
                "cadres": await conn.fetchval(
                    "SELECT count(*) FROM cadre c JOIN org_unit_closure k ON k.descendant_id = c.unit_id "
                    "WHERE k.ancestor_id = $1", source)}
        else:
            info["merge"] = None  # already merged by an earlier run on a reused dataset
        # where the import phase puts its new cadres: the grassroots unions of one province not being merged
        info["import_units"] = [r["code"] for r in await conn.fetch(
            "SELECT u.code FROM org_unit u JOIN org_unit_closure k ON k.descendant_id = u.id JOIN org_unit p "
            "ON p.id = k.ancestor_id WHERE p.code = 'P05' AND u.unit_type = 'cong_doan_co_so' "
            "AND u.ended_on IS NULL ORDER BY u.code LIMIT 500")]
    finally:
        await conn.close()
    return info


def throughput(n_unused: int = 0) -> None:
    """The load phase on the national dataset (bench/throughput.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import throughput as tp

    print("[throughput, national]", flush=True)
    env, url = prepare("postgres", "national")
    info = json.loads(run([sys.executable, "-c", TOKEN_SNIPPET, "P00"], env))
    info = asyncio.run(throughput_info(url, info))
    result = tp.run(env, url, info, PORT)
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip()
    tp.write_doc(DOC, result, sha)
    print(f"wrote {DOC}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--dataset", choices=["demo", "national", "both"], default="both")
    parser.add_argument("--phase", choices=["latency", "throughput", "all"], default="all",
                        help="latency: sequential API vs SQL per question; throughput: wrk/pgbench, export, merge")
    args = parser.parse_args()
    t0 = time.perf_counter()
    kinds = ["postgres", "sqlite"] if args.db == "both" else [args.db]
    if args.phase in ("latency", "all"):
        if args.dataset in ("demo", "both"):
            write_doc([row for kind in kinds for row in bench(kind, args.n)], "units")
        if args.dataset in ("national", "both"):
            write_doc(bench("postgres", args.n, "national"), "national")
            os.environ["BENCH_REUSE"] = "1"  # the throughput phase reuses the dataset just loaded
    if args.phase in ("throughput", "all") and "postgres" in kinds and args.dataset in ("national", "both"):
        throughput()
    print(f"make bench: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
