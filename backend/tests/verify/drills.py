"""Helpers of the fault drills: a throw-away PostgreSQL cluster (initdb/pg_ctl from the Debian packages, run as
the `postgres` user) and the API under real uvicorn against it."""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BACKEND = Path(__file__).resolve().parents[2]


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(*cmd: str) -> list[str]:
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]
    return list(cmd)


@dataclass
class Cluster:
    datadir: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/cadre"

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", mode, "-w", "stop"),
                       check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run(_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-w", "-l",
                                    str(self.datadir / "log"), "-o", f"-p {self.port} -k /tmp", "start"),
                       check=True, capture_output=True)


@contextmanager
def throwaway_cluster(port: int) -> Iterator[Cluster]:
    binary = pg_bin()
    assert binary is not None
    root = Path(tempfile.mkdtemp(prefix="cadre-drill-"))
    datadir = root / "data"
    datadir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(datadir, "postgres")
    subprocess.run(_as_postgres(str(binary / "initdb"), "-D", str(datadir), "-A", "trust", "-U", "postgres"),
                   check=True, capture_output=True)
    cluster = Cluster(datadir, port, binary)
    cluster.start()
    try:
        import asyncpg

        async def create() -> None:
            conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres")
            await conn.execute("CREATE DATABASE cadre")
            await conn.close()

        asyncio.run(create())
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(root, ignore_errors=True)


CLIENT_ID, CLIENT_SECRET = "drill-admin", "drill-secret-0123456789abcdef"


def prepare_database(url: str) -> None:
    """Migrate and create the national root unit (the bootstrap client is granted on it)."""
    env = {**os.environ, "CADRE_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=BACKEND, env=env, check=True,
                   capture_output=True)
    code = ("import asyncio\n"
            "from datetime import date\n"
            "from app.core.db import get_db\n"
            "from app.org_units import service\n"
            "from app.org_units.schemas import UnitCreate\n"
            "from tests.factories import SYSTEM\n"
            "async def main():\n"
            "    async with get_db().sessionmaker() as s:\n"
            "        await service.create_unit(s, SYSTEM, UnitCreate(code='TLD', name='Tổng Liên đoàn', "
            "unit_type='tong_lien_doan', parent_id=None, established_on=date(1929, 7, 28)))\n"
            "        await s.commit()\n"
            "    await get_db().engine.dispose()\n"
            "asyncio.run(main())\n")
    subprocess.run([sys.executable, "-c", code], cwd=BACKEND, env=env, check=True, capture_output=True)


@dataclass
class Api:
    base: str
    proc: subprocess.Popen[bytes]  # `app.cli serve`: uvicorn's master; its children are the worker processes

    def workers(self) -> list[int]:
        """Pids of the live uvicorn worker processes (the master's spawned children; not its resource tracker)."""
        found = []
        for pid in children(self.proc.pid):
            try:
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                continue
        return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (a killed worker is a zombie until its master reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # the command may contain spaces and parentheses: the fields after the last ')' are fixed
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


@contextmanager
def api_process(url: str, port: int, *, workers: int | None = None, **settings: str) -> Iterator[Api]:
    """The API under real uvicorn (`python -m app.cli serve`: migrate, seed per CADRE_SEED, serve), as its own
    process group. `workers`: uvicorn worker processes (default: one per core on PostgreSQL)."""
    env = {**os.environ, "CADRE_DATABASE_URL": url, "CADRE_PORT": str(port), "CADRE_HOST": "127.0.0.1",
           "CADRE_SEED": "none", "CADRE_RUN_SCHEDULER": "false", "CADRE_ENVIRONMENT": "development",
           "CADRE_PUBLIC_URL": f"http://127.0.0.1:{port}", "CADRE_BOOTSTRAP_CLIENT_ID": CLIENT_ID,
           "CADRE_BOOTSTRAP_CLIENT_SECRET": CLIENT_SECRET, "CADRE_LOG_LEVEL": "WARNING",
           "CADRE_RATE_LIMIT_PER_MINUTE": "1000000", "CADRE_RATE_LIMIT_PER_IP_PER_MINUTE": "1000000",
           "CADRE_FRONTEND_DIST": "/nonexistent", **settings}
    args = ["--workers", str(workers)] if workers else []
    log = open(Path(tempfile.gettempdir()) / f"cadre-drill-api-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", *args], cwd=BACKEND, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # a demo seed takes minutes on a busy machine
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"the API exited ({proc.returncode}); see {log.name}"
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise AssertionError("the API did not start")
        yield Api(base, proc)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextmanager
def api_server(url: str, port: int, **settings: str) -> Iterator[str]:
    with api_process(url, port, **settings) as api:
        yield api.base


def token(base: str) -> str:
    r = httpx.post(base + "/oauth/token", data={"grant_type": "client_credentials"},
                   auth=(CLIENT_ID, CLIENT_SECRET), timeout=30)
    r.raise_for_status()
    return str(r.json()["access_token"])
