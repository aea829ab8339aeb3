"""HTTP routes for Excel and documents of cadre records: import template, import jobs, export, Mẫu 2C résumé."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from app.cadres import excel, resume
from app.cadres.router import Filters
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.jobs import JobRead
from app.core.security import Principal, requires

router = APIRouter(tags=["cadres"], responses=problem_responses(401, 403))

Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE})


@router.get("/cadres/import-template", response_class=Response,
            responses={200: {"content": {excel.XLSX_TYPE: {}}}})
async def import_template(principal: Writer) -> Response:
    """The Excel import template (Vietnamese headers, drop-down lists, frozen header)."""
    return _attachment(excel.build_template(), excel.XLSX_TYPE, "mau-nhap-can-bo.xlsx")


@router.post("/cadres/imports", response_model=JobRead, status_code=status.HTTP_202_ACCEPTED,
             responses=problem_responses(413, 422))
async def import_cadres(session: SessionDep, principal: Writer, response: Response,
                        file: Annotated[UploadFile, File(description=".xlsx, at most 10 MB and 20,000 rows")],
                        mode: Annotated[Literal["dry_run", "commit"], Query(
                            description="dry_run: check only; commit: all-or-nothing")] = "dry_run") -> JobRead:
    """Start an import job (202). Poll `GET /api/v1/jobs/{id}`; errors are in `result.errors` and, as a
    workbook with the bad cells marked, at the job's `file_url`."""
    content = await file.read(excel.MAX_UPLOAD_BYTES + 1)
    job = await excel.start_import(session, principal, filename=file.filename or "import.xlsx", content=content,
                                   mode=mode)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.get("/cadres/export.xlsx", response_class=Response, responses={
    200: {"content": {excel.XLSX_TYPE: {}}}, **problem_responses(404, 413, 422)})
async def export_cadres(session: SessionDep, principal: Reader, filters: Filters) -> FileResponse:
    """The same filters as `GET /api/v1/cadres`, as a workbook (access-logged). Built off the event loop into a
    temporary file, streamed, then deleted."""
    path = await excel.export_cadres(session, principal, filters)
    return FileResponse(path, media_type=excel.XLSX_TYPE, filename=excel.EXPORT_FILE_NAME, headers=NO_STORE,
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.post("/cadres/exports", response_model=JobRead, status_code=status.HTTP_202_ACCEPTED,
             responses=problem_responses(404, 413, 422))
async def start_export(session: SessionDep, principal: Reader, filters: Filters, response: Response) -> JobRead:
    """The export of `GET /api/v1/cadres/export.xlsx` (the same filters, as query parameters) as a job run by the
    worker (202): poll `GET /api/v1/jobs/{id}`, then download the workbook at its `file_url` (only its creator
    can; access-logged when the file is made)."""
    job = await excel.start_export(session, principal, filters)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.get("/cadres/{cadre_id}/resume.docx", response_class=Response, responses={
    200: {"content": {resume.DOCX_TYPE: {}}}, **problem_responses(404)})
async def resume_docx(cadre_id: int, session: SessionDep, principal: Reader) -> Response:
    """Mẫu 2C résumé as Word (access-logged; sensitive items only with cadres:read_sensitive)."""
    content = await resume.resume_docx(session, principal, cadre_id)
    return _attachment(content, resume.DOCX_TYPE, f"so-yeu-ly-lich-{cadre_id}.docx")


@router.get("/cadres/{cadre_id}/resume.pdf", response_class=Response, responses={
    200: {"content": {"application/pdf": {}}}, **problem_responses(404, 503)})
async def resume_pdf(cadre_id: int, session: SessionDep, principal: Reader) -> Response:
    """Mẫu 2C résumé as PDF (LibreOffice on the server; 503 `pdf_unavailable` without it)."""
    content = await resume.resume_pdf(session, principal, cadre_id)
    return _attachment(content, "application/pdf", f"so-yeu-ly-lich-{cadre_id}.pdf")
