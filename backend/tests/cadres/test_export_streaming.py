"""The cadre export streams (issue 13): rows come from the database a chunk at a time, openpyxl writes them in a
worker thread, the event loop keeps answering, the temporary file is removed, and the row cap still holds."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from app.cadres import excel, service
from app.core.access_log import AccessLog
from app.core.db import utcnow
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/cadres/export.xlsx"
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hoa", "Lan", "Minh", "Nam", "Tâm", "Yến"]


async def many_cadres(session: Any, unit_id: int, n: int) -> None:
    """n cadres in one unit, inserted in bulk with the service's own derived columns (fast test data)."""
    now = utcnow()
    rows = []
    for i in range(n):
        names = service.name_fields("Nguyễn", "Văn", f"{GIVEN[i % len(GIVEN)]} {i:04d}")
        rows.append({"unit_id": unit_id, "family_name": "Nguyễn", "middle_name": "Văn",
                     "given_name": f"{GIVEN[i % len(GIVEN)]} {i:04d}", **names, "birth_date": date(1980, 1, 1 + i % 28),
                     "gender": "female" if i % 2 else "male", "employment": "part_time", "party_member": False,
                     "from_workers": False, "version": 1, "created_at": now, "updated_at": now})
    await session.execute(insert(service.cadres), rows)
    await session.commit()


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


async def probe(client: Any, until: asyncio.Event) -> list[float]:
    waits = []
    while not until.is_set():
        t0 = time.perf_counter()
        assert (await client.get("/healthz")).status_code == 200
        waits.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(0.005)
    return waits


async def test_rule_export_streams_in_chunks_off_the_event_loop(client, session, tree: Tree,
                                                                monkeypatch: pytest.MonkeyPatch):
    await many_cadres(session, tree.grassroots[0], 600)
    headers = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    monkeypatch.setattr(excel, "EXPORT_CHUNK", 100)
    written: list[int] = []
    files: list[Path] = []
    threads: set[int] = set()
    original_write, original_save = excel.ExportBook.write, excel.ExportBook.save

    def spy_write(self: excel.ExportBook, rows: Any) -> None:
        rows = list(rows)
        written.append(len(rows))
        threads.add(threading.get_ident())
        original_write(self, rows)
        time.sleep(0.01)  # a slow writer must not hold up the event loop: it runs in a worker thread

    def spy_save(self: excel.ExportBook) -> Path:
        threads.add(threading.get_ident())
        files.append(original_save(self))
        return files[-1]

    monkeypatch.setattr(excel.ExportBook, "write", spy_write)
    monkeypatch.setattr(excel.ExportBook, "save", spy_save)

    idle = asyncio.Event()
    asyncio.get_running_loop().call_later(0.3, idle.set)
    baseline = await probe(client, idle)  # the same probe with no export running

    done = asyncio.Event()
    waits_task = asyncio.create_task(probe(client, done))
    r = await client.get(API, params={"within": tree.provinces[0]}, headers=headers)
    done.set()
    waits = await waits_task

    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert 'filename="danh-sach-can-bo.xlsx"' in r.headers["content-disposition"]
    assert written == [100] * 6  # fetched and written a chunk at a time
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws.max_row == 601 and ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}601"
    assert files and not files[0].exists()  # the temporary file is deleted once sent
    assert threading.get_ident() not in threads  # every workbook step ran off the event loop's thread
    # /healthz kept answering: its median latency during the export stays within 50 ms of the same probe's without
    # an export. The median, because on a shared, overloaded test machine single probes wait for the OS scheduler,
    # not for the export; `make bench` measures the p99 during a 100,000-row export on an otherwise idle server.
    assert waits and median(waits) <= 50 + median(baseline), (median(waits), median(baseline))
    logged = (await session.execute(select(func.count()).select_from(AccessLog).where(
        AccessLog.category == "export"))).scalar()
    assert logged == 1


async def test_rule_export_row_cap_is_413_and_leaves_no_file(client, session, tree: Tree,
                                                             monkeypatch: pytest.MonkeyPatch):
    await many_cadres(session, tree.grassroots[0], 120)
    headers = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    monkeypatch.setattr(excel, "EXPORT_CHUNK", 50)
    monkeypatch.setattr(excel, "MAX_EXPORT_ROWS", 100)
    books: list[excel.ExportBook] = []
    original_init = excel.ExportBook.__init__

    def spy_init(self: excel.ExportBook, sensitive: bool) -> None:
        original_init(self, sensitive)
        books.append(self)

    monkeypatch.setattr(excel.ExportBook, "__init__", spy_init)
    r = await client.get(API, params={"within": tree.provinces[0]}, headers=headers)
    assert r.status_code == 413 and r.json()["code"] == "too_many_rows"
    assert books and books[0].path is None  # stopped before anything was saved
    logged = (await session.execute(select(func.count()).select_from(AccessLog).where(
        AccessLog.category == "export"))).scalar()
    assert logged == 0
