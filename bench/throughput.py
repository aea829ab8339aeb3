"""Throughput under load for `make bench` (issue 13): the API as users run it (`python -m app.cli serve --workers N`,
1 and 2 workers) driven by wrk at 16 connections for a bounded time, the same questions' raw SQL through pgbench in
the same run, then a streamed export, a restructuring merge and a 50,000-row import on the national dataset.

Everything is bounded in time (wrk -d, pgbench -T, request timeouts) and every process started here is stopped
here. Called by bench/run.py; writes its own block of docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
LUA = ROOT / "bench" / "wrk_report.lua"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 16


@dataclass
class Question:
    name: str
    path: str
    sql: str | None  # the same question's statements for pgbench (None: no database work, e.g. /healthz)
    token: str | None


def questions(info: dict[str, Any]) -> list[Question]:
    p, cid, me = info["province"], info["cadre_id"], info["user_id"]
    scope = f"(SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = {p})"
    # scope flags as primary-key probes of the closure table, as the API asks them (core.scope.scope_flags)
    probe = f"EXISTS (SELECT 1 FROM org_unit_closure WHERE ancestor_id = {p} AND descendant_id = c.unit_id)"
    by_id = (f"SELECT c.*, {probe} AS r, {probe} AS s FROM cadre c "
             f"WHERE c.id = {cid} AND c.deleted_at IS NULL;")
    # the page's ids first, by the name-order index that covers the unit, as the API asks it (deferred join)
    page = (f"SELECT c.*, {probe} AS s FROM cadre c JOIN (SELECT id, sort_key FROM cadre WHERE deleted_at IS NULL "
            f"AND unit_id IN {scope} ORDER BY sort_key, id LIMIT 51) p ON p.id = c.id ORDER BY p.sort_key, p.id;")
    log = ("INSERT INTO access_log (occurred_at, actor, subject_type, subject_ids, category, unit_id) VALUES "
           f"(now(), 'user:{me}', 'cadre', '[\"{cid}\"]', concat('detail', left(set_config('synchronous_commit', "
           "'off', true), 0)), NULL);")
    grants = (f"SELECT u.id, u.display_name, u.is_active, g.role, g.unit_id, o.parent_id FROM user_account u "
              f"LEFT JOIN role_grant g ON g.user_id = u.id LEFT JOIN org_unit o ON o.id = g.unit_id WHERE u.id = {me};")
    return [
        Question("/healthz (no authentication, no database)", "/healthz", None, None),
        Question("/api/v1/me (token + principal)", "/api/v1/me", grants, info["token"]),
        Question("GET /cadres/{id} with a real token", f"/api/v1/cadres/{cid}",
                 "BEGIN;\n" + by_id + "\n" + log + "\nCOMMIT;", info["token"]),
        Question("province first page of cadres (limit 50)", f"/api/v1/cadres?within={p}&limit=50",
                 "BEGIN;\n" + page + "\n" + log + "\nCOMMIT;", info["token"]),
    ]


# --- processes ----------------------------------------------------------------------------------------------

def start_server(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--workers", str(workers)], cwd=BACKEND,
        env={**env, "CADRE_SEED": "none", "CADRE_PORT": str(port)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                time.sleep(1)  # let every worker finish its start-up
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise RuntimeError("server exited during start-up")
        time.sleep(0.3)
    stop(server)
    raise RuntimeError("server did not become ready")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def memory_kb(pids: list[int], field: str) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def workers_of(server: subprocess.Popen[bytes]) -> list[int]:
    """The worker processes (with 1 worker uvicorn serves in the supervisor itself)."""
    tree = process_tree(server.pid)
    python = [p for p in tree if p != server.pid and "python" in _cmdline(p)]
    return python or [server.pid]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


# --- load generators ----------------------------------------------------------------------------------------

def wrk(port: int, q: Question, seconds: int = SECONDS) -> dict[str, Any]:
    env = {**os.environ, "BENCH_TOKEN": q.token or ""}
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(LUA),
                          f"http://127.0.0.1:{port}{q.path}"], env=env, capture_output=True, text=True,
                         timeout=seconds + 30, check=True).stdout
    data = json.loads(out.split("WRKJSON", 1)[1].strip().splitlines()[0])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def pgbench(url: str, sql: str, seconds: int = SECONDS) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(sql + "\n")
        script = f.name
    try:
        out = subprocess.run(["pgbench", "-n", "-M", "prepared", f"-c{CONNECTIONS}", "-j2", f"-T{seconds}",
                              "-f", script, url], capture_output=True, text=True, timeout=seconds + 60,
                             check=True).stdout
    finally:
        Path(script).unlink(missing_ok=True)
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    avg = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))  # type: ignore[union-attr]
    return {"tps": tps, "latency_avg_ms": avg}


class Sampler:
    """Samples a process group's resident memory (VmRSS) every 50 ms in a thread."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.samples, self._stop = pids, [memory_kb(pids, "VmRSS")], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.samples.append(memory_kb(self.pids, "VmRSS"))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()


async def probe_healthz(port: int, stop_event: asyncio.Event) -> list[float]:
    import httpx

    waits: list[float] = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        while not stop_event.is_set():
            t0 = time.perf_counter()
            await client.get("/healthz")
            waits.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.02)
    return waits


async def timed_request(port: int, method: str, path: str, token: str, stop_event: asyncio.Event,
                        **kw: Any) -> tuple[float, Any]:
    import httpx

    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600,
                                     headers={"Authorization": f"Bearer {token}"}) as client:
            t0 = time.perf_counter()
            r = await client.request(method, path, **kw)
            return time.perf_counter() - t0, r
    finally:
        stop_event.set()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def heavy_with_probe(port: int, method: str, path: str, token: str, pids: list[int],
                           **kw: Any) -> dict[str, Any]:
    stop_event = asyncio.Event()
    with Sampler(pids) as sampler:
        probe = asyncio.create_task(probe_healthz(port, stop_event))
        elapsed, response = await timed_request(port, method, path, token, stop_event, **kw)
        waits = await probe
    return {"status": response.status_code, "seconds": elapsed, "bytes": len(response.content),
            "rss_before_mb": sampler.samples[0] / 1024, "rss_peak_mb": max(sampler.samples) / 1024,
            "rss_growth_mb": (max(sampler.samples) - sampler.samples[0]) / 1024,
            "healthz_n": len(waits), "healthz_p50_ms": pct(waits, 0.5), "healthz_p99_ms": pct(waits, 0.99),
            "healthz_max_ms": max(waits) if waits else float("nan"), "response": response}


# --- the run ------------------------------------------------------------------------------------------------

def run(env: dict[str, str], url: str, info: dict[str, Any], port: int) -> dict[str, Any]:
    result: dict[str, Any] = {"load": [], "sql": {}}
    qs = questions(info)
    for q in qs:
        if q.sql:
            result["sql"][q.name] = pgbench(url, q.sql)
            print(f"  pgbench {q.name}: {result['sql'][q.name]['tps']:.0f} tps", flush=True)
    for workers in (1, 2):
        server = start_server(env, workers, port)
        try:
            pids = workers_of(server)
            for q in qs:
                r = wrk(port, q)
                r.update(question=q.name, workers=workers)
                result["load"].append(r)
                print(f"  {workers} worker(s) {q.name}: {r['rps']:.0f} req/s p50 {r['p50_us'] / 1000:.1f} ms "
                      f"p95 {r['p95_us'] / 1000:.1f} ms p99 {r['p99_us'] / 1000:.1f} ms errors {r['errors']}",
                      flush=True)
            result[f"peak_rss_mb_{workers}"] = memory_kb(pids, "VmHWM") / 1024
            if workers == 1:
                result["export"] = export_phase(port, info, pids)
                result["merge"] = merge_phase(port, info, pids)
                result["import"] = import_phase(port, info, pids)
        finally:
            stop(server)
    return result


def export_phase(port: int, info: dict[str, Any], pids: list[int]) -> dict[str, Any]:
    path = f"/api/v1/cadres/export.xlsx?{info['export_query']}"
    r = asyncio.run(heavy_with_probe(port, "GET", path, info["admin_token"], pids))
    response = r.pop("response")
    if response.status_code != 200:
        raise RuntimeError(f"export: {response.status_code} {response.text[:300]}")
    r["rows"] = info["export_rows"]
    print(f"  export of {r['rows']} rows: {r['seconds']:.1f} s, RSS +{r['rss_growth_mb']:.0f} MB, "
          f"/healthz p99 {r['healthz_p99_ms']:.1f} ms (max {r['healthz_max_ms']:.1f} ms)", flush=True)
    return r


def merge_phase(port: int, info: dict[str, Any], pids: list[int]) -> dict[str, Any] | None:
    if info.get("merge") is None:
        return None
    body = {"source_ids": [info["merge"]["source"]], "target_id": info["merge"]["target"],
            "effective_date": date.today().isoformat(), "decision_no": "01/QĐ-BENCH"}
    r = asyncio.run(heavy_with_probe(port, "POST", "/api/v1/units/merge", info["admin_token"], pids, json=body))
    response = r.pop("response")
    r["moved_cadres"] = info["merge"]["cadres"]
    r["moved_units"] = info["merge"]["units"]
    if response.status_code != 200:
        r["error"] = f"{response.status_code} {response.text[:200]}"
    print(f"  merge of two provinces ({r['moved_units']} units, {r['moved_cadres']} cadres): "
          f"{r['seconds']:.1f} s, status {r['status']}", flush=True)
    return r


IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))


def import_workbooks(unit_codes: list[str], rows: int, per_file: int, first: int = 0) -> list[bytes]:
    """Filled import templates holding `rows` new cadres in all, at most `per_file` per workbook (the upload cap,
    reliability criterion 10), each row unique by name and birth date, spread over the given units."""
    import io

    from openpyxl import Workbook

    sys.path.insert(0, str(BACKEND))
    from app.cadres.excel import COLUMNS, DATA_SHEET

    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Minh",
             "Nam", "Ngọc", "Phong", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vân", "Việt", "Yến"]
    header = [c.header for c in COLUMNS]
    books: list[bytes] = []
    for start in range(0, rows, per_file):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(DATA_SHEET)
        ws.append(header)
        for i in range(first + start, first + min(start + per_file, rows)):
            # middle name "Thử" does not occur in the national dataset, and (given, birth date) is unique per i
            values = {"family_name": family[i % len(family)], "middle_name": "Thử", "given_name": given[i % len(given)],
                      "birth_date": (date(1970, 1, 1).toordinal() + i // len(given)),
                      "gender": "Nữ" if i % 2 else "Nam", "unit_code": unit_codes[i % len(unit_codes)],
                      "employment": "Không chuyên trách", "education_level": "Đại học"}
            values["birth_date"] = date.fromordinal(values["birth_date"]).strftime("%d/%m/%Y")
            ws.append([values.get(c.field) for c in COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        books.append(buf.getvalue())
    return books


def import_phase(port: int, info: dict[str, Any], pids: list[int]) -> dict[str, Any] | None:
    """50,000 rows through `POST /cadres/imports` (mode=commit), as files of at most 20,000 rows submitted at
    once; timed from the first upload to the last job's end, with the API's RSS sampled throughout."""
    import httpx

    sys.path.insert(0, str(BACKEND))
    from app.cadres.excel import MAX_ROWS, XLSX_TYPE

    if not info.get("import_units"):
        return None
    books = import_workbooks(info["import_units"], IMPORT_ROWS, MAX_ROWS, info.get("import_first", 0))
    headers = {"Authorization": f"Bearer {info['admin_token']}"}
    out: dict[str, Any] = {"rows": IMPORT_ROWS, "files": len(books), "jobs": []}
    with Sampler(pids) as sampler, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                                                headers=headers) as client:
        t0 = time.perf_counter()
        ids = []
        for n, book in enumerate(books):
            r = client.post("/api/v1/cadres/imports", params={"mode": "commit"},
                            files={"file": (f"bench-{n}.xlsx", book, XLSX_TYPE)})
            if r.status_code != 202:
                raise RuntimeError(f"import upload: {r.status_code} {r.text[:300]}")
            ids.append(r.json()["id"])
        pending = set(ids)
        deadline = time.monotonic() + 600
        while pending and time.monotonic() < deadline:
            time.sleep(0.5)
            for job_id in list(pending):
                job = client.get(f"/api/v1/jobs/{job_id}").json()
                if job["status"] in ("succeeded", "failed", "cancelled"):
                    pending.discard(job_id)
                    out["jobs"].append({"status": job["status"], "created": (job.get("result") or {}).get("created"),
                                        "errors": (job.get("result") or {}).get("error_count")})
        out["seconds"] = time.perf_counter() - t0
        out["timed_out"] = bool(pending)
    out["rss_before_mb"] = sampler.samples[0] / 1024
    out["rss_peak_mb"] = max(sampler.samples) / 1024
    out["created"] = sum(j["created"] or 0 for j in out["jobs"])
    print(f"  import of {IMPORT_ROWS} rows in {len(books)} files: {out['seconds']:.1f} s, created {out['created']}, "
          f"RSS peak {out['rss_peak_mb']:.0f} MB, jobs {[j['status'] for j in out['jobs']]}", flush=True)
    return out


def write_doc(doc: Path, result: dict[str, Any], sha: str) -> None:
    load = result["load"]
    healthz = {r["workers"]: r["rps"] for r in load if r["question"].startswith("/healthz")}
    lines = [
        "<!-- bench:throughput:start -->",
        f"Run {date.today().isoformat()}, commit `{sha}`, {platform.machine()} {os.cpu_count()} cores shared by "
        f"client, server and PostgreSQL, Python {platform.python_version()}, {_pg_version()}, wrk 4.1 "
        f"({CONNECTIONS} connections, {SECONDS} s per row, 2 threads), pgbench ({CONNECTIONS} clients, "
        f"{SECONDS} s, prepared); national dataset; server started as users run it "
        "(`python -m app.cli serve --workers N`). Load average at start: "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "| workers | question | req/s | share of /healthz | p50 | p95 | p99 | errors | raw SQL tps (pgbench) "
        "| API ÷ raw SQL throughput |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in load:
        sql = result["sql"].get(r["question"])
        share = "—" if r["question"].startswith("/healthz") else f"{100 * r['rps'] / healthz[r['workers']]:.0f} %"
        sql_tps = f"{sql['tps']:,.0f}" if sql else "—"
        sql_ratio = f"{100 * r['rps'] / sql['tps']:.0f} %" if sql else "—"
        lines.append(
            f"| {r['workers']} | {r['question']} | {r['rps']:,.0f} | {share} | {r['p50_us'] / 1000:.1f} ms | "
            f"{r['p95_us'] / 1000:.1f} ms | {r['p99_us'] / 1000:.1f} ms | {r['errors']} | {sql_tps} | {sql_ratio} |")
    lines += ["", f"Peak RSS of the API: {result['peak_rss_mb_1']:.0f} MB (1 worker), "
              f"{result['peak_rss_mb_2']:.0f} MB (2 workers together)."]
    e = result.get("export")
    if e:
        lines += ["", f"Export: `GET /cadres/export.xlsx` of {e['rows']:,} rows in {e['seconds']:.1f} s "
                  f"({e['bytes'] / 1e6:.1f} MB); API RSS {e['rss_before_mb']:.0f} → {e['rss_peak_mb']:.0f} MB "
                  f"(growth {e['rss_growth_mb']:.0f} MB); meanwhile {e['healthz_n']} sequential `/healthz` probes: "
                  f"p50 {e['healthz_p50_ms']:.1f} ms, p99 {e['healthz_p99_ms']:.1f} ms, max {e['healthz_max_ms']:.1f} ms."]
    m = result.get("merge")
    if m:
        status = "" if m["status"] == 200 else f" — failed: {m.get('error')}"
        lines += ["", f"Merge of two provinces (`POST /units/merge`, {m['moved_units']:,} units and "
                  f"{m['moved_cadres']:,} cadres re-scoped, one transaction): {m['seconds']:.1f} s{status}; "
                  f"`/healthz` meanwhile p99 {m['healthz_p99_ms']:.1f} ms."]
    i = result.get("import")
    if i:
        state = "" if not i["timed_out"] and i["created"] == i["rows"] else \
            f" — incomplete: {i['created']:,} created, jobs {[j['status'] for j in i['jobs']]}"
        lines += ["", f"Import (`POST /cadres/imports?mode=commit`): {i['rows']:,} new cadres as {i['files']} files of "
                  f"at most 20,000 rows (the per-file cap of reliability criterion 10), submitted at once, in "
                  f"{i['seconds']:.1f} s until the last job ended; API RSS {i['rss_before_mb']:.0f} → peak "
                  f"{i['rss_peak_mb']:.0f} MB{state}."]
    lines.append("<!-- bench:throughput:end -->")
    block = "\n".join(lines)
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if "<!-- bench:throughput:start -->" in text:
        head, rest = text.split("<!-- bench:throughput:start -->", 1)
        text = head + block + rest.split("<!-- bench:throughput:end -->", 1)[1]
    else:
        text += "\n" + block + "\n"
    doc.write_text(text)


def _pg_version() -> str:
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=10).stdout.split()
        return f"PostgreSQL {out[-1]}"
    except (OSError, IndexError, subprocess.SubprocessError):
        return "PostgreSQL"
