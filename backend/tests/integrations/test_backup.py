"""Backup and restore round trip (issue 15): identical per-table counts and checksums."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from app.backup import fingerprint
from app.cadres import service as cadres
from app.cadres.schemas import CadreCreate
from app.core.config import get_settings
from app.core.db import Database, make_engine, set_db
from tests.factories import SYSTEM, build_tree
from tests.scratch import alembic, cli, scratch_database


async def test_rule_backup_restore_round_trip_keeps_every_row():
    async with scratch_database("bk_src") as source, scratch_database("bk_dst") as target:
        alembic(source, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": source}))
        set_db(Database(engine))
        try:
            async with Database(engine).sessionmaker() as s:
                tree = await build_tree(s)
                for i in range(20):
                    await cadres.create_cadre(s, SYSTEM, CadreCreate(
                        unit_id=tree.grassroots[i % 8], family_name="Đỗ", middle_name="Thị", given_name=f"Hà {i}",
                        birth_date="1990-01-01", gender="female", employment="part_time", national_id=f"0010900{i:05d}",
                        ethnicity="tay"))
                await s.commit()
            before = await fingerprint(engine)
        finally:
            set_db(None)
            await engine.dispose()
        assert before["cadre"][0] == 20 and before["org_unit"][0] == 15 and before["audit_log"][0] >= 35
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "cadre.dump"
            made = cli(source, "backup", "--out", str(dump))
            assert made.returncode == 0, made.stderr
            assert json.loads(made.stdout)["backup"] == str(dump) and dump.stat().st_size > 0
            if not source.startswith("sqlite"):
                assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
                alembic(target, "upgrade", "head")  # restoring over a live schema: --clean replaces it
            restored = cli(target, "restore", "--file", str(dump))
            assert restored.returncode == 0, restored.stderr
        engine = make_engine(get_settings().model_copy(update={"database_url": target}))
        try:
            after = await fingerprint(engine)
        finally:
            await engine.dispose()
        assert after == before
        # the restored audit chain still verifies
        assert cli(target, "verify-audit").stdout.strip() == "ok"
