"""Schemathesis against the running API's OpenAPI document, with real tokens for two roles (make verify).

Starts the API (demo data) on a port of its own — on a throw-away PostgreSQL database by default (the database
that counts; `CADRE_TEST_PG_URL` names the server), or on an SQLite file with `--database sqlite` —, gets a token
for a national system admin (the bootstrap client) and for a provincial organisation officer (a client made with
the CLI), and runs `st run --checks all` for each within the time budget, with the settings of
`backend/schemathesis.toml`. Prints each role's summary and exits non-zero when schemathesis reports a failure.
Usage: python scripts/schemathesis_run.py [--max-time 300] [--port 8794] [--database postgres|sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

BACKEND = Path(__file__).resolve().parents[1]
CLIENT_ID, CLIENT_SECRET = "st-admin", "st-admin-secret-0123456789abcdef"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-time", type=int, default=300, help="seconds for the whole run (both roles)")
    parser.add_argument("--port", type=int, default=8794)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cadre-st-"))
    if args.database == "sqlite":
        return run(args, tmp, f"sqlite+aiosqlite:///{tmp / 'cadre.db'}")
    admin = os.environ.get("CADRE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"cadre_st_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin_sql(admin, f'CREATE DATABASE "{name}"'))
    try:
        base_url = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        return run(args, tmp, f"{base_url}/{name}")
    finally:
        asyncio.run(_admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin_sql(admin_url: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def run(args: argparse.Namespace, tmp: Path, database_url: str) -> int:
    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CADRE_DATABASE_URL": database_url,
           "CADRE_PORT": str(args.port), "CADRE_HOST": "127.0.0.1", "CADRE_PUBLIC_URL": base, "CADRE_SEED": "demo",
           "CADRE_RUN_SCHEDULER": "false", "CADRE_BOOTSTRAP_CLIENT_ID": CLIENT_ID, "CADRE_LOG_LEVEL": "WARNING",
           "CADRE_BOOTSTRAP_CLIENT_SECRET": CLIENT_SECRET, "CADRE_RATE_LIMIT_PER_MINUTE": "1000000",
           "CADRE_RATE_LIMIT_PER_IP_PER_MINUTE": "1000000", "CADRE_FRONTEND_DIST": "/nonexistent"}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve"], cwd=BACKEND, env=env,
                              stdout=open(tmp / "api.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 900  # migrating and seeding the demo province takes minutes on a busy host
        while time.monotonic() < deadline:
            if server.poll() is not None:  # died while migrating or seeding: no use waiting out the deadline
                print(f"the API exited with {server.returncode}; see {tmp / 'api.log'}", file=sys.stderr)
                return 2
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        else:
            print("the API did not start", file=sys.stderr)
            return 2
        officer = json.loads(subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "app.cli", "create-client", "--name", "schemathesis officer", "--role",
             "org_officer", "--unit-code", _province_code(base)], cwd=BACKEND, env=env, check=True,
            capture_output=True, text=True).stdout)
        # The officer first: the admin's run calls the admin API (disabling clients, rotating their secrets), which
        # would leave the officer's client unusable afterwards.
        roles = {"org_officer": (officer["client_id"], officer["client_secret"]),
                 "system_admin": (CLIENT_ID, CLIENT_SECRET)}
        failed = False
        for role, (cid, secret) in roles.items():
            token = httpx.post(base + "/oauth/token", data={"grant_type": "client_credentials"},
                               auth=(cid, secret), timeout=30).json()["access_token"]
            report = tmp / f"st-{role}.json"
            cmd = [str(Path(sys.executable).with_name("st")), "run", base + "/api/v1/openapi.json", "--checks", "all",
                   "--max-time", str(args.max_time // len(roles)), "--workers", str(args.workers),
                   "-H", f"Authorization: Bearer {token}", "--report", "junit",
                   "--report-junit-path", str(tmp / f"st-{role}.xml"), "--request-timeout", "30"]
            result = subprocess.run(cmd, cwd=BACKEND, capture_output=True, text=True)  # noqa: S603
            tail = "\n".join(result.stdout.splitlines()[-25:])
            print(f"== schemathesis as {role}: exit {result.returncode}\n{tail}")
            report.write_text(result.stdout)
            failed |= result.returncode != 0
        if server.poll() is not None:
            print(f"the API exited with {server.returncode} during the run; see {tmp / 'api.log'}", file=sys.stderr)
            failed = True
        print(f"reports: {tmp}")
        return 1 if failed else 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)


def _province_code(base: str) -> str:
    """A provincial federation of the demo data, read through the API with the admin token."""
    token = httpx.post(base + "/oauth/token", data={"grant_type": "client_credentials"},
                       auth=(CLIENT_ID, CLIENT_SECRET), timeout=30).json()["access_token"]
    units = httpx.get(base + "/api/v1/units", params={"unit_type": "ldld_tinh", "limit": 1},
                      headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["items"]
    return str(units[0]["code"])


if __name__ == "__main__":
    raise SystemExit(main())
