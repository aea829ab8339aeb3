"""Throw-away databases of the kind under test (PostgreSQL or SQLite), for tests that must commit: migrations,
concurrent writers on separate connections, and the command line run as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

BACKEND = Path(__file__).resolve().parents[1]
TEST_DB = os.environ.get("CADRE_TEST_DB", "postgres")
PG_ADMIN_URL = os.environ.get("CADRE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@asynccontextmanager
async def scratch_database(purpose: str) -> AsyncIterator[str]:
    """Create an empty database, yield its SQLAlchemy URL, drop it afterwards."""
    name = f"cadre_{purpose}_{uuid.uuid4().hex[:10]}"
    if TEST_DB == "sqlite":
        path = Path(tempfile.gettempdir()) / f"{name}.db"
        try:
            yield f"sqlite+aiosqlite:///{path}"
        finally:
            _remove_sqlite_files(path)
        return
    admin = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(args: list[str], url: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command from backend/ against the given database."""
    env = {**os.environ, "CADRE_DATABASE_URL": url}
    return subprocess.run(args, cwd=BACKEND, env=env, check=check, capture_output=True, text=True, timeout=120)


def alembic(url: str, *args: str) -> None:
    result = run([sys.executable, "-m", "alembic", *args], url, check=False)
    assert result.returncode == 0, result.stderr


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "app.cli", *args], url, check=False)
