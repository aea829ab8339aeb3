"""Backup and restore (`make backup`, `make restore`; `python -m app.cli backup|restore`).

PostgreSQL: `pg_dump --format=custom` (compressed, restorable table by table) and `pg_restore --clean
--if-exists --single-transaction --exit-on-error` (all or nothing). The embedded SQLite file: SQLite's online
backup API (a consistent copy while the app runs). Point-in-time recovery for production is CloudNativePG's
(WAL archiving + base backups): docs/operations.md.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import MetaData, Table, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database:
        raise ValueError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def backup(url: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(out)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return out
    subprocess.run([  # noqa: S603 - a resolved tool path; arguments from our own settings
                    _tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(out),
                    "--dbname", _libpq(url)], check=True, capture_output=True, text=True)
    return out


def restore(url: str, dump: Path) -> None:
    """Replace the database's contents with the dump's, in one transaction (nothing changes if it fails)."""
    if not dump.is_file():
        raise FileNotFoundError(dump)
    if url.startswith("sqlite"):
        src = sqlite3.connect(dump)
        dst = sqlite3.connect(_sqlite_path(url))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    subprocess.run([  # noqa: S603 - a resolved tool path; arguments from our own settings
                    _tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                    "--single-transaction", "--exit-on-error", "--dbname", _libpq(url), str(dump)],
                   check=True, capture_output=True, text=True)


async def fingerprint(engine: AsyncEngine) -> dict[str, tuple[int, str]]:
    """Per table: row count and a sha256 over every row in a stable order — equal before and after a round trip."""
    out: dict[str, tuple[int, str]] = {}
    async with engine.connect() as conn:
        metadata = MetaData()
        await conn.run_sync(metadata.reflect)
        for table in sorted(metadata.tables.values(), key=lambda t: t.name):
            out[table.name] = await _table_fingerprint(conn, table)
    return out


async def _table_fingerprint(conn: object, table: Table) -> tuple[int, str]:
    from sqlalchemy.ext.asyncio import AsyncConnection

    assert isinstance(conn, AsyncConnection)
    count = int((await conn.execute(select(func.count()).select_from(table))).scalar_one())
    digest = hashlib.sha256()
    key = list(table.primary_key.columns)
    if key:  # stream in primary-key order
        result = await conn.stream(select(table).order_by(*key))
        async for row in result:
            digest.update(repr(tuple(row)).encode() + b"\n")
    else:  # small tables without a key: sort the rows' text
        rows = sorted(repr(tuple(r)) for r in (await conn.execute(select(table))).all())
        for text in rows:
            digest.update(text.encode() + b"\n")
    return count, digest.hexdigest()
