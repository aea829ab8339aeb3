"""Load and soak in one run (make verify; reliability-security §2 "Load and soak", criteria 38 and 39): 20 users
with think time against the API under real uvicorn (its default workers) on a throw-away PostgreSQL cluster seeded
with the demo province, a realistic mix of reads and writes, for VERIFY_SOAK_SECONDS (default 480).

- Criterion 38, from the requests started in the first 3 minutes: p95 < 300 ms and errors < 0.1 %.
- Criterion 39, over the whole run: the API's RSS (its worker processes together, from /proc) grows < 10 % from the
  window after warm-up to the last window, and the API's PostgreSQL connections (pg_stat_activity by
  application_name) never exceed workers × (pool size + overflow).

Figures are printed (`pytest -s`). VERIFY_SOAK_SECONDS may be lowered for a local try; the windows scale with it."""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest

from tests.verify.drills import api_process, pg_bin, rss_kib, throwaway_cluster, token

pytestmark = [pytest.mark.verify,
              pytest.mark.skipif(pg_bin() is None, reason="initdb/pg_ctl are not installed here")]

SOAK_SECONDS = float(os.environ.get("VERIFY_SOAK_SECONDS", "480"))
LOAD_SECONDS = min(180.0, SOAK_SECONDS)  # criterion 38's window
USERS = 20
THINK_SECONDS = (0.5, 1.5)  # between two actions of one user (uniform): an officer reading and editing records
P95_BUDGET_MS = 300.0
MAX_ERROR_RATE = 0.001
MAX_RSS_GROWTH = 0.10
POOL_SIZE, MAX_OVERFLOW = 10, 5  # the settings' defaults, which the API runs with here
SAMPLE_SECONDS = 2.0  # connections every 2 s, RSS and descriptors every 10 s
RSS_EVERY = 5


@dataclass
class Call:
    started: float  # seconds since the load began
    elapsed_ms: float
    op: str
    status: int | None  # None: the request failed on the client side
    error: str | None = None


@dataclass
class Soak:
    base: str
    headers: dict[str, str]
    province_id: int
    root_id: int
    cadre_ids: list[int]
    t0: float = 0.0
    calls: list[Call] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _do(self, c: httpx.Client, op: str, method: str, path: str, **kw: object) -> httpx.Response | None:
        start = time.monotonic()
        error = None
        try:
            r: httpx.Response | None = c.request(method, path, **kw)  # type: ignore[arg-type]
            status = r.status_code if r is not None else None
        except httpx.HTTPError as exc:
            r, status, error = None, None, f"{type(exc).__name__}: {exc}"[:120]
        call = Call(start - self.t0, (time.monotonic() - start) * 1000, op, status, error)
        with self.lock:
            self.calls.append(call)
        return r

    def user(self, n: int) -> None:
        rnd = random.Random(n)
        mine = self.cadre_ids[n::USERS] or self.cadre_ids[:1]  # each user edits their own cadres: no 412 races
        etags: dict[int, str] = {}
        ops = (["list"] * 25 + ["cadre"] * 25 + ["units"] * 15 + ["me"] * 15 + ["stats"] * 5 + ["patch"] * 10
               + ["unit_create"] * 5)
        with httpx.Client(base_url=self.base, headers=self.headers, timeout=30) as c:
            while not self.stop.is_set():
                op = rnd.choice(ops)
                if op == "list":
                    self._do(c, op, "GET", "/api/v1/cadres", params={"within": self.province_id, "limit": 50})
                elif op == "cadre":
                    self._do(c, op, "GET", f"/api/v1/cadres/{rnd.choice(self.cadre_ids)}")
                elif op == "units":
                    self._do(c, op, "GET", "/api/v1/units", params={"parent_id": self.province_id, "limit": 50})
                elif op == "me":
                    self._do(c, op, "GET", "/api/v1/me")
                elif op == "stats":
                    self._do(c, op, "GET", "/api/v1/reports/cadre-statistics",
                             params={"unit_id": self.province_id})
                elif op == "patch":  # open the profile, then save an edit with its ETag
                    cid = rnd.choice(mine)
                    r = self._do(c, "cadre", "GET", f"/api/v1/cadres/{cid}")
                    if r is not None and r.status_code == 200:
                        etags[cid] = r.headers["etag"]
                    if cid in etags:
                        r = self._do(c, op, "PATCH", f"/api/v1/cadres/{cid}",
                                     json={"phone": f"09{rnd.randrange(10**8):08d}"},
                                     headers={"If-Match": etags[cid]})
                        if r is not None and r.status_code == 200:
                            etags[cid] = r.headers["etag"]
                else:
                    code = f"S{n}-{uuid.uuid4().hex[:8]}"
                    self._do(c, op, "POST", "/api/v1/units", json={
                        "code": code, "name": f"LĐLĐ thử tải {code}", "unit_type": "ldld_tinh",
                        "parent_id": self.root_id})
                self.stop.wait(rnd.uniform(*THINK_SECONDS))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def test_rule_load_at_20_users_and_soak_keep_latency_memory_and_connections_bounded(capsys):
    with throwaway_cluster(55435) as cluster:
        seed_started = time.monotonic()
        with api_process(cluster.url, 8795, CADRE_SEED="demo") as api:
            seeded_in = time.monotonic() - seed_started
            base = api.base
            headers = {"Authorization": f"Bearer {token(base)}"}
            units = httpx.get(base + "/api/v1/units", params={"unit_type": "ldld_tinh"}, headers=headers,
                              timeout=30).json()["items"]
            province = next(u for u in units if u["code"] == "LDLD-LCU")
            root = httpx.get(base + "/api/v1/units", params={"roots": "true"}, headers=headers,
                             timeout=30).json()["items"][0]
            page = httpx.get(base + "/api/v1/cadres", params={"within": province["id"], "limit": 200},
                             headers=headers, timeout=30).json()["items"]
            soak = Soak(base, headers, province["id"], root["id"], [c["id"] for c in page])
            assert len(soak.cadre_ids) >= USERS
            workers = api.workers()
            pool_max = len(workers) * (POOL_SIZE + MAX_OVERFLOW)
            samples: list[tuple[float, int, int, int]] = []  # (t, API connections, RSS KiB, open fds); -1: not read
            watch = psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=cadre", autocommit=True)

            def sampler() -> None:
                i = 0
                while not soak.stop.is_set():
                    conns = watch.execute("SELECT count(*) FROM pg_stat_activity "
                                          "WHERE application_name = 'cadre-api'").fetchone()
                    rss = fds = -1
                    if i % RSS_EVERY == 0:
                        try:
                            rss = sum(rss_kib(p) for p in workers)
                            fds = sum(len(os.listdir(f"/proc/{p}/fd")) for p in workers)
                        except OSError:  # a worker is gone: the assertion on the worker pids reports it
                            rss = fds = -1
                    samples.append((time.monotonic() - soak.t0, int(conns[0]) if conns else -1, rss, fds))
                    i += 1
                    soak.stop.wait(SAMPLE_SECONDS)

            soak.t0 = time.monotonic()
            threads = [threading.Thread(target=soak.user, args=(n,), daemon=True) for n in range(USERS)]
            threads.append(threading.Thread(target=sampler, daemon=True))
            for t in threads:
                t.start()
            soak.stop.wait(SOAK_SECONDS)
            soak.stop.set()
            for t in threads:
                t.join(60)
            ran = time.monotonic() - soak.t0
            workers_after = api.workers()
            watch.close()

    calls = soak.calls
    first = [c for c in calls if c.started < LOAD_SECONDS]
    latencies = [c.elapsed_ms for c in first]
    errors_38 = [c for c in first if c.status is None or c.status >= 400]
    errors_all = [c for c in calls if c.status is None or c.status >= 400]
    by_op = {op: (len(v), _pct(v, 0.95)) for op in sorted({c.op for c in first})
             for v in [[c.elapsed_ms for c in first if c.op == op]]}
    window = min(60.0, SOAK_SECONDS / 4)  # warm-up, then the baseline window; the last window at the end
    rss = [(t, r) for t, _, r, _ in samples if r >= 0]
    baseline = [r for t, r in rss if window <= t < 2 * window]
    last = [r for t, r in rss if t >= ran - window]
    growth = (statistics.mean(last) / statistics.mean(baseline) - 1) if baseline and last else float("nan")
    conns = [c for _, c, _, _ in samples]
    fds = [f for _, _, _, f in samples if f >= 0]
    with capsys.disabled():
        print(f"\n[load+soak] demo seeded and API up in {seeded_in:.0f}s; {USERS} users, think {THINK_SECONDS}s, "
              f"{len(workers)} workers, ran {ran:.0f}s, {len(calls)} requests ({len(calls) / ran:.1f} req/s), "
              f"load average {os.getloadavg()}")
        print(f"[criterion 38: first {LOAD_SECONDS:.0f}s] {len(first)} requests ({len(first) / LOAD_SECONDS:.1f}"
              f" req/s): p50 {_pct(latencies, 0.5):.0f} ms, p95 {_pct(latencies, 0.95):.0f} ms, p99 "
              f"{_pct(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms; errors {len(errors_38)} "
              f"({len(errors_38) / max(1, len(first)):.3%}) {sorted({(c.op, c.status) for c in errors_38})[:6]} "
              f"first at {min((c.started for c in errors_38), default=-1):.0f}s: "
              f"{sorted({str(c.error) for c in errors_38})[:3]}")
        print("   per operation (count, p95 ms): "
              + ", ".join(f"{op} {n}/{p95:.0f}" for op, (n, p95) in by_op.items()))
        print(f"[criterion 39: {ran:.0f}s] RSS (MiB, workers together) baseline {statistics.mean(baseline) / 1024:.1f}"
              f" -> last {statistics.mean(last) / 1024:.1f} (growth {growth:+.2%}); series "
              f"{[round(r / 1024) for _, r in rss]}; open fds {min(fds)}..{max(fds)}; API connections max "
              f"{max(conns)} (pool maximum {pool_max}) over {len(conns)} samples; errors over the run "
              f"{len(errors_all)} of {len(calls)}")
    assert workers_after == workers, "a worker process died during the run"
    assert _pct(latencies, 0.95) < P95_BUDGET_MS, "criterion 38: p95 over budget"
    assert len(errors_38) / len(first) < MAX_ERROR_RATE, "criterion 38: error rate"
    assert len(errors_all) / len(calls) < MAX_ERROR_RATE
    assert growth < MAX_RSS_GROWTH, "criterion 39: RSS grew"
    assert max(conns) <= pool_max and min(conns) >= 0, "criterion 39: more connections than the pool allows"
