"""Fault drills (make verify; reliability-security §2, criteria 34–36) on a throw-away PostgreSQL cluster the test
starts itself, with the API under real uvicorn: the database stopped under load; pool exhaustion and a statement
timeout (the last two: tests/core/test_error_mapping.py). Each drill reports its figures on stdout (`pytest -s`)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest

from tests.verify.drills import api_server, pg_bin, prepare_database, throwaway_cluster, token

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
    assert slowest <= 6  # pool_timeout 5 s + margin; most outage answers are immediate
    assert all(in_db[c] == 1 for c in acknowledged), "an acknowledged write was lost or doubled"
    assert all(in_db[c] <= 1 for c in refused)
