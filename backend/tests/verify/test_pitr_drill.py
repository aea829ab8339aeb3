"""Criterion 41, the point-in-time recovery drill (make verify; reliability-security §2 "Backup and restore").

A throw-away cluster archives its WAL; `pg_basebackup` (manifest with SHA-256 checksums, checked by
`pg_verifybackup`) is taken; MARKER-BEFORE is committed, the target time T noted, MARKER-AFTER committed and the WAL
switched (without an archived commit after T recovery would stop short of the target). A second cluster made from
the base backup recovers to T: BEFORE is there, AFTER is not. Production does the same with CloudNativePG
(docs/operations.md)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
import pytest

from tests.verify.drills import Cluster, _as_postgres, pg_bin, throwaway_cluster

pytestmark = [pytest.mark.verify,
              pytest.mark.skipif(pg_bin() is None, reason="initdb/pg_ctl are not installed here")]

PORT, RESTORED_PORT = 8851, 8852


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


async def _sql(port: int, *statements: str) -> list:  # type: ignore[type-arg]
    conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{port}/cadre")
    try:
        out = []
        for statement in statements:
            out.append(await conn.fetch(statement))
        return out
    finally:
        await conn.close()


def test_rule_pitr_restores_the_marker_before_the_target_and_not_the_one_after(capsys):
    binary = pg_bin()
    assert binary is not None
    root = Path(tempfile.mkdtemp(prefix="cadre-pitr-"))
    archive, base = root / "archive", root / "base"
    for d in (root, archive):
        d.mkdir(exist_ok=True)
        _own(d)
    try:
        with throwaway_cluster(PORT) as cluster:
            with open(cluster.datadir / "postgresql.conf", "a") as conf:
                conf.write(f"\nwal_level = replica\narchive_mode = on\narchive_command = 'cp %p {archive}/%f'\n")
            cluster.stop()
            cluster.start()
            asyncio.run(_sql(PORT, "CREATE TABLE marker (name text PRIMARY KEY, at timestamptz DEFAULT now())"))
            subprocess.run(_as_postgres(str(binary / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PORT), "-U",
                                        "postgres", "-D", str(base), "-X", "stream", "-c", "fast",
                                        "--manifest-checksums=SHA256"), check=True, capture_output=True)
            verified = subprocess.run(_as_postgres(str(binary / "pg_verifybackup"), str(base)), capture_output=True,
                                      text=True)
            assert verified.returncode == 0, verified.stderr
            asyncio.run(_sql(PORT, "INSERT INTO marker (name) VALUES ('MARKER-BEFORE')"))
            time.sleep(1.1)
            [[target]] = asyncio.run(_sql(PORT, "SELECT now()::text AS t"))
            time.sleep(1.1)
            _, [segment] = asyncio.run(_sql(PORT, "INSERT INTO marker (name) VALUES ('MARKER-AFTER')",
                                              "SELECT pg_walfile_name(pg_switch_wal()) AS name"))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # the segment holding MARKER-AFTER's commit reaches the archive
                if (archive / segment["name"]).exists():
                    break
                time.sleep(0.2)
            else:
                raise AssertionError(f"{segment['name']} was not archived")
        restored = Cluster(base, RESTORED_PORT, binary)
        (base / "recovery.signal").touch()
        _own(base / "recovery.signal")
        with open(base / "postgresql.auto.conf", "a") as conf:
            conf.write(f"\nrestore_command = 'cp {archive}/%f %p'\nrecovery_target_time = '{target['t']}'\n"
                       "recovery_target_action = 'promote'\narchive_mode = off\n")
        started = time.monotonic()
        restored.start()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    [[row]] = asyncio.run(_sql(RESTORED_PORT, "SELECT NOT pg_is_in_recovery() AS promoted"))
                    if row["promoted"]:
                        break
                except (OSError, asyncpg.PostgresError):
                    pass
                time.sleep(0.2)
            recovered_in = time.monotonic() - started
            [rows] = asyncio.run(_sql(RESTORED_PORT, "SELECT name FROM marker ORDER BY name"))
            assert [r["name"] for r in rows] == ["MARKER-BEFORE"]
        finally:
            try:
                restored.stop("immediate")
            except subprocess.CalledProcessError:
                pass
        with capsys.disabled():
            print(f"\nPITR drill: base backup verified, recovered to {target['t']} in {recovered_in:.1f} s: "
                  "MARKER-BEFORE present, MARKER-AFTER absent")
    finally:
        shutil.rmtree(root, ignore_errors=True)
