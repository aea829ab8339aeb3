"""Fault drills (make verify; reliability-security §2, criteria 34, 35, 37) on a throw-away PostgreSQL cluster the
test starts itself, with the API under real uvicorn: the database stopped under load, the connection pool exhausted,
a worker process killed (-9) in the middle of an import. (The statement timeout, criterion 36:
tests/core/test_error_mapping.py.) Each drill reports its figures on stdout (`pytest -s`)."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest

from tests.verify.drills import (
    Api,
    Cluster,
    alive,
    api_process,
    api_server,
    pg_bin,
    prepare_database,
    throwaway_cluster,
    token,
)

pytestmark = [pytest.mark.verify,
              pytest.mark.skipif(pg_bin() is None, reason="initdb/pg_ctl are not installed here")]


@dataclass
class Outcome:
    started: float
    elapsed: float
    status: int | None  # None: the connection failed (client-side error)
    method: str
    code: str | None = None
    error: str | None = None


@dataclass
class Load:
    base: str
    headers: dict[str, str]
    root_id: int
    outcomes: list[Outcome] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def worker(self, n: int) -> None:
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=30) as c:  # one kept-alive connection
            i = 0
            while not self.stop.is_set():
                i += 1
                t0 = time.monotonic()
                code = None
                try:
                    if i % 3 == 0:
                        code = f"D{n}-{i}-{uuid.uuid4().hex[:6]}"
                        r = c.post("/api/v1/units", json={"code": code, "name": f"LĐLĐ diễn tập {code}",
                                                          "unit_type": "ldld_tinh", "parent_id": self.root_id})
                        method = "POST"
                    else:
                        r = c.get("/api/v1/units", params={"limit": 5})
                        method = "GET"
                    out = Outcome(t0, time.monotonic() - t0, r.status_code, method, code)
                    if r.status_code >= 500:
                        assert r.headers["content-type"].startswith("application/problem+json")
                        out.error = r.headers.get("retry-after")
                except httpx.HTTPError as exc:
                    out = Outcome(t0, time.monotonic() - t0, None, "?", code, type(exc).__name__)
                with self.lock:
                    self.outcomes.append(out)
                time.sleep(0.02)

    def run(self, users: int, seconds: float, during: list[tuple[float, Callable[[], None]]]) -> float:
        threads = [threading.Thread(target=self.worker, args=(n,), daemon=True) for n in range(users)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for at, action in during:
            time.sleep(max(0.0, at - (time.monotonic() - t0)))
            action()
        time.sleep(max(0.0, seconds - (time.monotonic() - t0)))
        self.stop.set()
        for t in threads:
            t.join(40)
        return t0


async def _codes_in_db(url: str, codes: list[str]) -> Counter[str]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        rows = await conn.fetch("SELECT code FROM org_unit WHERE code = ANY($1::text[])", codes)
    finally:
        await conn.close()
    return Counter(r["code"] for r in rows)


def test_rule_database_stopped_under_load_gives_503s_only_and_recovers(capsys):
    with throwaway_cluster(55432) as cluster:
        prepare_database(cluster.url)
        with api_server(cluster.url, 8792) as base:
            headers = {"Authorization": f"Bearer {token(base)}"}
            root = httpx.get(base + "/api/v1/units", params={"roots": "true"}, headers=headers).json()["items"][0]
            load = Load(base, headers, root["id"])
            marks: dict[str, float] = {}

            def down() -> None:
                marks["down"] = time.monotonic()
                cluster.stop("fast")

            def up() -> None:
                cluster.start()
                marks["up"] = time.monotonic()

            load.run(users=10, seconds=22, during=[(5, down), (10, up)])
            outcomes = load.outcomes
            statuses = Counter(o.status for o in outcomes)
            after_up = [o for o in outcomes if o.started >= marks["up"] and o.status is not None and o.status < 300]
            recovery = (min(o.started + o.elapsed for o in after_up) - marks["up"]) if after_up else float("inf")
            slowest = max(o.elapsed for o in outcomes)
            acknowledged = [o.code for o in outcomes if o.method == "POST" and o.status == 201 and o.code]
            refused = [o.code for o in outcomes if o.method == "POST" and o.status != 201 and o.code]
            in_db = asyncio.run(_codes_in_db(cluster.url, acknowledged + refused))
            with capsys.disabled():
                print(f"\n[drill: database stop] requests={len(outcomes)} statuses={dict(statuses)} "
                      f"slowest={slowest:.2f}s recovery={recovery:.2f}s acknowledged_writes={len(acknowledged)} "
                      f"client_errors={[o.error for o in outcomes if o.status is None][:5]}")
    assert statuses[500] == 0 and not [s for s in statuses if s is not None and s >= 500 and s != 503]
    assert statuses[None] == 0, "a connection broke (keep-alive dropped after an error?)"
    assert statuses[503] > 0, "the outage was not observed"
    assert recovery <= 10
    assert slowest <= 3, "a request hung longer than 3 s during the outage"
    assert all(in_db[c] == 1 for c in acknowledged), "an acknowledged write was lost or doubled"
    assert all(in_db[c] <= 1 for c in refused)


def _psql(cluster: Cluster, autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=cadre", autocommit=autocommit)


def _wait(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


SURPLUS = 5


def test_rule_pool_exhausted_sheds_surplus_with_503_within_pool_timeout_and_readyz_503(capsys):
    """Criterion 35. One worker with a pool of 2 and pool_timeout 2 s. A side connection holds an exclusive lock on
    org_unit, so two unit-list requests block inside PostgreSQL holding both pooled connections; surplus requests
    must get 503 problem+json with Retry-After within pool_timeout + 0.5 s, /readyz 503 (/healthz still 200); after
    the lock is released every request succeeds again."""
    pool_timeout = 2.0
    with throwaway_cluster(55433) as cluster:
        prepare_database(cluster.url)
        with api_process(cluster.url, 8793, workers=1, CADRE_DB_POOL_SIZE="2", CADRE_DB_MAX_OVERFLOW="0",
                         CADRE_DB_POOL_TIMEOUT_SECONDS=str(pool_timeout)) as api:
            base, headers = api.base, {"Authorization": f"Bearer {token(api.base)}"}
            assert httpx.get(base + "/readyz", timeout=10).status_code == 200
            results: dict[str, tuple[int, float, httpx.Headers, dict[str, object]]] = {}

            def call(name: str, path: str, client: httpx.Client) -> None:
                t0 = time.monotonic()  # the client is built beforehand: only the request is timed
                with client:
                    r = client.get(base + path, headers=headers)
                body = r.json() if r.headers.get("content-type", "").endswith("json") else {}
                results[name] = (r.status_code, time.monotonic() - t0, r.headers, body)

            watch = _psql(cluster)
            blocked = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cadre-api' "
                       "AND wait_event_type = 'Lock'")
            with _psql(cluster, autocommit=False) as side:
                side.execute("LOCK TABLE org_unit IN ACCESS EXCLUSIVE MODE")
                holders = [threading.Thread(target=call, args=(f"hold{i}", "/api/v1/units?limit=5",
                                                               httpx.Client(timeout=30))) for i in range(2)]
                for t in holders:
                    t.start()
                # both pooled connections are now waiting on the lock (lock_timeout 5 s: released well before)
                _wait(lambda: watch.execute(blocked).fetchone() == (2,), 3, "two requests blocked on the lock")
                surplus = [threading.Thread(target=call, args=(f"surplus{i}", "/api/v1/units?limit=5",
                                                               httpx.Client(timeout=30))) for i in range(SURPLUS)]
                probes = [threading.Thread(target=call, args=(name, f"/{name}", httpx.Client(timeout=30)))
                          for name in ("readyz", "healthz")]
                for t in surplus + probes:
                    t.start()
                for t in surplus + probes:
                    t.join(10)
                side.commit()  # release: the two held requests complete
            for t in holders:
                t.join(10)
            after = [httpx.get(base + "/api/v1/units", params={"limit": 5}, headers=headers, timeout=10).status_code
                     for _ in range(5)]
            ready_after = httpx.get(base + "/readyz", timeout=10).status_code
            watch.close()
    shed = [results[f"surplus{i}"] for i in range(SURPLUS)]
    with capsys.disabled():
        print(f"\n[drill: pool exhausted] pool 2+0, pool_timeout {pool_timeout}s: surplus statuses="
              f"{[s[0] for s in shed]} codes={sorted({str(s[3].get('code')) for s in shed})} "
              f"slowest surplus={max(s[1] for s in shed):.2f}s; /readyz {results['readyz'][0]} in "
              f"{results['readyz'][1]:.2f}s, /healthz {results['healthz'][0]}; held requests "
              f"{[results[f'hold{i}'][0] for i in range(2)]}; after release {after}, /readyz {ready_after}")
    for status, elapsed, hdrs, body in shed:
        assert status == 503 and hdrs["content-type"].startswith("application/problem+json")
        assert body.get("code") == "database_unavailable" and hdrs.get("retry-after")
        assert elapsed <= pool_timeout + 0.5
    assert results["readyz"][0] == 503 and results["readyz"][1] <= pool_timeout + 0.5
    assert results["healthz"][0] == 200
    assert [results[f"hold{i}"][0] for i in range(2)] == [200, 200]
    assert after == [200] * 5 and ready_after == 200


def _import_workbook(rows: int, unit_code: str) -> bytes:
    from openpyxl import Workbook

    from app.cadres import excel

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.header for c in excel.COLUMNS])
    families, middles, givens = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Hữu", "Minh"], [
        "An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà"]
    for i in range(rows):
        values = {"family_name": families[i % 5], "middle_name": middles[i % 4], "given_name": givens[i % 7],
                  "birth_date": f"{1 + i % 28:02d}/{1 + (i // 28) % 12:02d}/{1960 + i // 336}",
                  "gender": "Nam" if i % 2 else "Nữ", "unit_code": unit_code,
                  "employment": "Chuyên trách" if i % 3 else "Không chuyên trách", "education_level": "Đại học",
                  "political_theory": "Trung cấp", "email": f"cb{i}@congdoan.vn"}
        ws.append([values.get(c.field) for c in excel.COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pid_of_backend_client(api: Api, client_port: int) -> int | None:
    """The API worker process owning the TCP connection whose local port is `client_port` (/proc/net/tcp)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == client_port:
                inodes.add(fields[9])
    for pid in api.workers():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    return None


@dataclass
class LightLoad:
    """A few users reading, counting the requests outstanding at any moment (the in-flight ones)."""

    base: str
    headers: dict[str, str]
    in_flight: int = 0
    errors: list[str] = field(default_factory=list)
    ok: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def worker(self) -> None:
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=30) as c:
            while not self.stop.is_set():
                with self.lock:
                    self.in_flight += 1
                try:
                    r = c.get("/api/v1/units", params={"limit": 5})
                    outcome = None if r.status_code < 400 else f"HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                with self.lock:
                    self.in_flight -= 1
                    if outcome is None:
                        self.ok += 1
                    else:
                        self.errors.append(outcome)
                time.sleep(0.05)


def test_rule_worker_killed_mid_import_leaves_no_partial_data_and_fails_only_in_flight_requests(capsys):
    """Criterion 37. Two uvicorn workers; an all-or-nothing import of 5,000 cadres runs in one of them while four
    users read. That worker is killed with SIGKILL in the middle of the inserts; uvicorn's master starts a new one,
    whose start-up sweep fails the job as `interrupted` (its running lock died with the process; the sibling
    worker's jobs are untouched). No cadre of the import exists, and the readers' errors are at most the requests
    in flight at the kill."""
    rows = 5000
    with throwaway_cluster(55434) as cluster:
        prepare_database(cluster.url)
        with api_process(cluster.url, 8794, workers=2) as api:
            base, headers = api.base, {"Authorization": f"Bearer {token(api.base)}"}
            root = httpx.get(base + "/api/v1/units", params={"roots": "true"}, headers=headers).json()["items"][0]
            r = httpx.post(base + "/api/v1/units", headers=headers, timeout=30, json={
                "code": "KILL9", "name": "LĐLĐ diễn tập kill -9", "unit_type": "ldld_tinh", "parent_id": root["id"]})
            assert r.status_code == 201, r.text
            watch = _psql(cluster)
            cadres_before = watch.execute("SELECT count(*) FROM cadre").fetchone()
            content = _import_workbook(rows, "KILL9")
            load = LightLoad(base, headers)
            threads = [threading.Thread(target=load.worker, daemon=True) for _ in range(4)]
            for t in threads:
                t.start()
            r = httpx.post(base + "/api/v1/cadres/imports", params={"mode": "commit"}, headers=headers, timeout=120,
                           files={"file": ("kill9.xlsx", content,
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
            assert r.status_code == 202, r.text
            job_id = r.json()["id"]

            def job() -> dict[str, object]:
                return dict(httpx.get(f"{base}/api/v1/jobs/{job_id}", headers=headers, timeout=30).json())

            # kill once a batch or more is inserted (uncommitted) and the import is far from done
            _wait(lambda: 0 < int(str(job()["progress"])) < rows, 180, "the import's inserts to start")
            at_kill = job()
            owner = watch.execute(
                "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                "WHERE l.locktype = 'advisory' AND l.classid = 74150016 AND l.granted").fetchone()
            assert owner is not None, "no running lock for the job"
            pid = _pid_of_backend_client(api, owner[0])
            assert pid is not None, "the worker running the job was not found"
            before = api.workers()
            siblings = [p for p in before if p != pid]
            _wait(lambda: load.in_flight > 0, 5, "a reader's request in flight")  # kill amid traffic, not in a lull
            with load.lock:
                in_flight_at_signal = load.in_flight
                os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            # In flight at the kill: requests outstanding at any moment until the process is really gone (a
            # request sent while the kernel tears the dying process down is in flight on it as well).
            in_flight = in_flight_at_signal
            while alive(pid):
                in_flight = max(in_flight, load.in_flight)
                time.sleep(0.001)
            in_flight = max(in_flight, load.in_flight)
            died_after = time.monotonic() - killed_at
            _wait(lambda: len(set(api.workers()) - set(before)) == 1, 60, "the master to respawn the worker")
            _wait(lambda: job()["status"] != "running", 60, "the sweep to end the job")
            swept_after = time.monotonic() - killed_at
            time.sleep(3)  # the readers keep going against the new worker
            load.stop.set()
            for t in threads:
                t.join(40)
            final = job()
            cadres_after = watch.execute("SELECT count(*) FROM cadre").fetchone()
            imported = watch.execute("SELECT count(*) FROM cadre c JOIN org_unit u ON u.id = c.unit_id "
                                     "WHERE u.code = 'KILL9'").fetchone()
            watch.close()
    with capsys.disabled():
        print(f"\n[drill: kill -9 mid-import] {rows} rows, killed worker {pid} at progress {at_kill['progress']}/"
              f"{at_kill['total']} (sibling {siblings} kept); job {final['status']} ({final['error']}) "
              f"{swept_after:.1f}s after the kill; cadres {cadres_before[0]} -> {cadres_after[0]}, of the import "
              f"{imported[0]}; readers: {load.ok} ok, errors {load.errors}, in flight at the kill {in_flight} "
              f"({in_flight_at_signal} at the signal, the process gone {died_after * 1000:.0f} ms later)")
    assert final["status"] == "failed" and final["error"] == "interrupted"
    assert cadres_after == cadres_before and imported == (0,), "part of the import was committed"
    assert len(load.errors) <= in_flight, "more requests failed than were in flight at the kill"
    assert load.ok > 0
