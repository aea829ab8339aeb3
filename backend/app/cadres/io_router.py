"""HTTP routes for Excel and documents of cadre records: import template, import jobs, export, Mẫu 2C résumé."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from app.cadres import excel, resume, service
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.jobs import JobRead
from app.core.jobs import router as jobs_router
from app.core.security import Principal, requires

router = APIRouter(tags=["cadres"], responses=problem_responses(401, 403))

Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
router.include_router(jobs_router)  # GET /jobs/{id}, /jobs/{id}/file (app/core/jobs.py)


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
async def import_cadres(principal: Writer, response: Response,
                        file: Annotated[UploadFile, File(description=".xlsx, at most 10 MB and 20,000 rows")],
                        mode: Annotated[Literal["dry_run", "commit"], Query(
                            description="dry_run: check only; commit: all-or-nothing")] = "dry_run") -> JobRead:
    """Start an import job (202). Poll `GET /api/v1/jobs/{id}`; errors are in `result.errors` and, as a
    workbook with the bad cells marked, at the job's `file_url`."""
    content = await file.read(excel.MAX_UPLOAD_BYTES + 1)
    job = await excel.start_import(principal, filename=file.filename or "import.xlsx", content=content, mode=mode)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.get("/cadres/export.xlsx", response_class=Response, responses={
    200: {"content": {excel.XLSX_TYPE: {}}}, **problem_responses(404, 413, 422)})
async def export_cadres(
    session: SessionDep,
    principal: Reader,
    within: Annotated[int | None, Query(description="A unit: its subtree's cadres")] = None,
    unit_id: Annotated[int | None, Query(description="Cadres whose home unit is exactly this one")] = None,
    gender: Literal["male", "female"] | None = None,
    employment: Literal["full_time", "part_time"] | None = None,
    party_member: Annotated[bool | None, Query(description="Needs cadres:read_sensitive")] = None,
    ethnic_minority: Annotated[bool | None, Query(description="Needs cadres:read_sensitive")] = None,
    age_min: Annotated[int | None, Query(ge=0, le=120)] = None,
    age_max: Annotated[int | None, Query(ge=0, le=120)] = None,
    education_level: Literal["none", "so_cap_nghe", "cnkt", "trung_cap", "cao_dang", "dai_hoc", "thac_si",
                             "tien_si"] | None = None,
    political_theory: Literal["none", "so_cap", "trung_cap", "cao_cap", "cu_nhan"] | None = None,
    position_code: Annotated[str | None, Query(max_length=40, description="Holds this post on as_of")] = None,
    body: Literal["bch", "btv", "ubkt", "doan_chu_tich", "apparatus"] | None = None,
    term_id: int | None = None,
    has_certificate: Annotated[bool | None, Query(description="Holds the union professional certificate")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Accent-insensitive name search")] = None,
    as_of: Annotated[date | None, Query(description="Date for ages and posts held (default today)")] = None,
) -> Response:
    """The same filters as `GET /api/v1/cadres`, as a workbook (access-logged)."""
    filters = service.CadreFilters(within=within, unit_id=unit_id, gender=gender, employment=employment,
                                   party_member=party_member, ethnic_minority=ethnic_minority, age_min=age_min,
                                   age_max=age_max, education_level=education_level,
                                   political_theory=political_theory, position_code=position_code, body=body,
                                   term_id=term_id, has_certificate=has_certificate, q=q, as_of=as_of)
    content = await excel.export_cadres(session, principal, filters)
    return _attachment(content, excel.XLSX_TYPE, "danh-sach-can-bo.xlsx")


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
