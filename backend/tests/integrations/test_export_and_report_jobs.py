"""Exports and report files as jobs run by the worker (issue 15 "Operations": imports, exports and reports).

`POST /cadres/exports` and `POST /reports/cadre-statistics/files` queue a job that renders with the same functions as
the GET endpoints (which stay, API.md): the same file, the access log written when the file is made, the row cap,
and the sensitive-column and small-cell rules of the submitting principal. Only the job's creator reads its file."""

from __future__ import annotations

import io
import signal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.cadres import excel
from app.core import jobs
from app.core.access_log import AccessLog
from app.core.db import today
from tests.factories import SYSTEM, Tree, bearer, build_tree, grant_token
from tests.integrations.test_worker import POSTGRES, database, start_worker, stop, wait_for
from tests.scratch import scratch_database

EXPORTS = "/api/v1/cadres/exports"
EXPORT_GET = "/api/v1/cadres/export.xlsx"
STATS = "/api/v1/reports/cadre-statistics"
SENSITIVE_HEADERS = {"Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng", "Số CCCD"}

pytestmark = pytest.mark.usefixtures("inline_jobs")


async def cadre(client: Any, headers: dict[str, str], unit_id: int, given: str, **extra: Any) -> int:
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Văn", "given_name": given,
        "birth_date": "1980-03-04", "gender": "male", "employment": "full_time", **extra})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def sheet(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


async def run_job(client: Any, path: str, headers: dict[str, str], **kw: Any) -> dict[str, Any]:
    r = await client.post(path, headers=headers, **kw)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    job = (await client.get(r.headers["location"], headers=headers)).json()
    assert job["status"] == "succeeded", job
    return job


async def exports_logged(session: Any) -> list[AccessLog]:
    return list((await session.execute(select(AccessLog).where(AccessLog.category == "export")
                                       .order_by(AccessLog.id))).scalars())


async def test_rule_cadre_export_job_makes_the_same_workbook_as_the_get(client, session, tree: Tree, admin_headers):
    for n, (given, unit) in enumerate((("Bình", tree.grassroots[0]), ("An", tree.grassroots[1]),
                                       ("Ánh", tree.grassroots[4]))):
        await cadre(client, admin_headers, unit, given, ethnicity="thai", national_id=f"01108000123{n}")
    params = {"within": tree.provinces[0]}
    direct = await client.get(EXPORT_GET, params=params, headers=admin_headers)
    assert direct.status_code == 200
    job = await run_job(client, EXPORTS, admin_headers, params=params)
    assert job["kind"] == excel.EXPORT_JOB_KIND and job["result"] == {"rows": 2}
    assert (job["progress"], job["total"]) == (2, 2)
    file = await client.get(job["file_url"], headers=admin_headers)
    assert file.status_code == 200 and file.headers["content-type"] == excel.XLSX_TYPE
    assert file.headers["cache-control"] == "no-store"
    assert job["file_name"] == "danh-sach-can-bo.xlsx"
    rows = sheet(file.content)
    assert rows == sheet(direct.content)  # one implementation: the same rows, columns and values
    assert SENSITIVE_HEADERS <= set(rows[0]) and [r[3] for r in rows[1:]] == ["An", "Bình"]
    # the access log: one export row per file made, the job's with the same ids and actor as the GET's
    via_get, via_job = await exports_logged(session)
    assert via_job.actor == via_get.actor and sorted(via_job.subject_ids) == sorted(via_get.subject_ids)
    assert len(via_job.subject_ids) == 2 and via_job.purpose == "excel export (sensitive)"
    # the list's filters apply as they do to the GET
    female = await run_job(client, EXPORTS, admin_headers, params={**params, "gender": "female"})
    assert female["result"] == {"rows": 0}


async def test_rule_export_job_follows_the_submitters_rights_and_only_its_creator_reads_it(
        client, session, tree: Tree, admin_headers):
    await cadre(client, admin_headers, tree.grassroots[0], "Chi", ethnicity="tay", national_id="011080009999")
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.provinces[0]))
    job = await run_job(client, EXPORTS, viewer)
    rows = sheet((await client.get(job["file_url"], headers=viewer)).content)
    assert not SENSITIVE_HEADERS & set(rows[0]) and len(rows) == 2
    assert (await exports_logged(session))[-1].purpose == "excel export"
    # a sensitive filter without the right is refused at submission, as on the GET; nothing is queued
    before = (await session.execute(select(func.count()).select_from(jobs.jobs_table))).scalar_one()
    r = await client.post(EXPORTS, params={"party_member": "true"}, headers=viewer)
    assert r.status_code == 403
    other_district = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[2]))
    r = await client.post(EXPORTS, params={"within": tree.provinces[0]}, headers=other_district)
    assert r.status_code == 404
    assert (await session.execute(select(func.count()).select_from(jobs.jobs_table))).scalar_one() == before
    # another user, even one whose scope covers the unit, does not see the job or its file
    for headers in (admin_headers, bearer(await grant_token(session, role="org_officer", unit_id=tree.national))):
        assert (await client.get(f"/api/v1/jobs/{job['id']}", headers=headers)).status_code == 404
        assert (await client.get(job["file_url"], headers=headers)).status_code == 404


async def test_rule_export_job_row_cap_is_413_at_submission(client, session, tree: Tree, admin_headers, monkeypatch):
    for given in ("An", "Bình", "Chi"):
        await cadre(client, admin_headers, tree.grassroots[0], given)
    monkeypatch.setattr(excel, "MAX_EXPORT_ROWS", 2)
    r = await client.post(EXPORTS, params={"within": tree.provinces[0]}, headers=admin_headers)
    assert r.status_code == 413 and r.json()["code"] == "too_many_rows"
    assert (await session.execute(select(func.count()).select_from(jobs.jobs_table))).scalar_one() == 0
    assert await exports_logged(session) == []
    # the job enforces the cap itself too (rows added between submission and run): failed, nothing logged
    failed = await jobs.submit(SYSTEM, excel.EXPORT_JOB_KIND, unit_id=None,
                               params={"filters": {"within": tree.provinces[0]}})
    assert failed.status == "failed" and failed.result == {"code": "too_many_rows"} and failed.file_name is None
    assert await exports_logged(session) == []


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
async def test_rule_statistics_file_job_makes_the_same_file_as_the_get(client, session, tree: Tree, admin_headers,
                                                                      fmt):
    d = tree.districts[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": d, "kind": "apparatus"}
                              )).json()["id"]
    for given in ("An", "Bình"):
        cid = await cadre(client, admin_headers, d, given, ethnicity="tay")
        r = await client.post("/api/v1/assignments", headers=admin_headers, json={
            "cadre_id": cid, "body_id": body, "position_code": "chuyen_vien", "basis": "appointed",
            "from_date": "2020-01-01"})
        assert r.status_code == 201, r.text
    as_of = "2024-06-01"
    direct = await client.get(STATS, params={"unit_id": d, "as_of": as_of, "format": fmt}, headers=admin_headers)
    assert direct.status_code == 200
    job = await run_job(client, f"{STATS}/files", admin_headers, json={"unit_id": d, "as_of": as_of, "format": fmt})
    assert job["kind"] == "statistics_file" and job["file_name"] == f"thong-ke-can-bo-{d}-{as_of}.{fmt}"
    file = await client.get(job["file_url"], headers=admin_headers)
    assert file.status_code == 200 and file.headers["content-type"] == direct.headers["content-type"]
    if fmt == "xlsx":
        assert sheet(file.content) == sheet(direct.content)
        assert ("Tổng số", 2, 0) in sheet(file.content)
    elif fmt == "docx":
        def text(content: bytes) -> list[str]:
            doc = Document(io.BytesIO(content))
            return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]

        assert text(file.content) == text(direct.content)
    else:
        assert file.content.startswith(b"%PDF")
    logged = [r for r in await exports_logged(session) if r.subject_type == "unit"]
    assert [r.purpose for r in logged] == [f"cadre-statistics {as_of} {fmt}"] * 2
    assert logged[0].actor == logged[1].actor and logged[1].subject_ids == [str(d)]


async def test_rule_statistics_file_job_hides_small_cells_per_the_submitter(client, session, tree: Tree,
                                                                           admin_headers):
    d = tree.districts[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": d, "kind": "apparatus"}
                              )).json()["id"]
    cid = await cadre(client, admin_headers, d, "Hoa", ethnicity="tay", party_member=True)
    await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": cid, "body_id": body, "position_code": "chuyen_vien", "basis": "appointed",
        "from_date": "2020-01-01"})
    request = {"unit_id": d, "as_of": "2024-06-01", "format": "xlsx"}
    viewer = bearer(await grant_token(session, role="viewer", unit_id=d))
    hidden = {r[0]: r[1:] for r in sheet((await client.get(
        (await run_job(client, f"{STATS}/files", viewer, json=request))["file_url"], headers=viewer)).content) if r[0]}
    shown = {r[0]: r[1:] for r in sheet((await client.get(
        (await run_job(client, f"{STATS}/files", admin_headers, json=request))["file_url"],
        headers=admin_headers)).content) if r[0]}
    assert hidden["Dân tộc thiểu số"][0] == "—" and hidden["Đảng viên"][0] == "—"
    assert shown["Dân tộc thiểu số"][0] == 1 and shown["Đảng viên"][0] == 1


async def test_statistics_file_job_checks_scope_and_pdf_at_submission(client, session, tree: Tree, admin_headers,
                                                                     monkeypatch):
    from app.core import documents

    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    r = await client.post(f"{STATS}/files", headers=officer, json={"unit_id": tree.districts[1], "format": "xlsx"})
    assert r.status_code == 404
    r = await client.post(f"{STATS}/files", headers=officer, json={"unit_id": tree.districts[0], "format": "csv"})
    assert r.status_code == 422
    monkeypatch.setattr(documents, "soffice", lambda: None)
    r = await client.post(f"{STATS}/files", headers=admin_headers, json={"unit_id": tree.districts[0],
                                                                         "format": "pdf"})
    assert r.status_code == 503 and r.json()["code"] == "pdf_unavailable" and "retry-after" in r.headers
    assert (await session.execute(select(func.count()).select_from(jobs.jobs_table))).scalar_one() == 0
    job = await run_job(client, f"{STATS}/files", officer, json={"unit_id": tree.districts[0], "format": "docx"})
    assert job["result"] == {"unit_id": tree.districts[0], "as_of": today().isoformat(), "format": "docx"}


@pytest.mark.skipif(not POSTGRES, reason="procrastinate runs on PostgreSQL; SQLite runs jobs in the API process")
async def test_rule_procrastinate_worker_runs_export_and_statistics_file_jobs(monkeypatch):
    from app.cadres import service as cadres
    from app.cadres.schemas import CadreCreate
    from app.reports.files import JOB_KIND, StatisticsFileRequest, submit_statistics_file
    from app.worker import defer, ensure_schema, make_app

    monkeypatch.setattr(jobs.runner, "inline", False)
    async with scratch_database("exports") as url, database(url) as db:
        async with db.sessionmaker() as s:
            tree = await build_tree(s)
            for n, given in enumerate(("An", "Bình")):
                await cadres.create_cadre(s, SYSTEM, CadreCreate.model_validate({
                    "unit_id": tree.grassroots[0], "family_name": "Lò", "middle_name": "Văn", "given_name": given,
                    "birth_date": "1980-03-04", "gender": "male", "employment": "full_time",
                    "national_id": f"01108000123{n}"}))
            await s.commit()
        await ensure_schema(url)
        queue = make_app(url)
        async with queue.open_async():
            monkeypatch.setattr(jobs.runner, "defer", lambda job_id: defer(job_id, queue))
            async with db.sessionmaker() as s:
                export = await excel.start_export(s, SYSTEM, cadres.CadreFilters(within=tree.provinces[0]))
                report = await submit_statistics_file(s, SYSTEM, StatisticsFileRequest(
                    unit_id=tree.provinces[0], format="docx"))
                await s.commit()  # as the request does: the jobs are deferred once it commits
            assert (export.status, report.status) == ("queued", "queued")
            worker = start_worker(url, CADRE_WORKER_HEARTBEAT_SECONDS="0.5")
            try:
                async def finished() -> bool:
                    async with db.sessionmaker() as s:
                        done = (await s.execute(select(jobs.jobs_table.c.status).where(
                            jobs.jobs_table.c.id.in_([export.id, report.id])))).scalars().all()
                    return all(status in ("succeeded", "failed") for status in done)

                await wait_for(finished)
            finally:
                stop(worker, signal.SIGTERM)
        async with db.sessionmaker() as s:
            rows = {r.kind: r for r in (await s.execute(select(jobs.jobs_table))).all()}
            logged = (await s.execute(select(AccessLog).where(AccessLog.category == "export")
                                      .order_by(AccessLog.id))).scalars().all()
        assert rows[excel.EXPORT_JOB_KIND].status == "succeeded", rows[excel.EXPORT_JOB_KIND].error
        assert rows[JOB_KIND].status == "succeeded", rows[JOB_KIND].error
        workbook = sheet(rows[excel.EXPORT_JOB_KIND].file_bytes)
        assert "Số CCCD" in workbook[0] and [r[3] for r in workbook[1:]] == ["An", "Bình"]
        assert "011080001230" in workbook[1]
        assert Document(io.BytesIO(rows[JOB_KIND].file_bytes)).paragraphs
        # the worker logged both files, as the submitting principal
        assert sorted((r.actor, r.subject_type) for r in logged) == [(SYSTEM.subject, "cadre"),
                                                                     (SYSTEM.subject, "unit")]
