"""HTTP routes of reports (API.md "Reports")."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.core.db import SessionDep, today
from app.core.errors import FieldProblem, RuleViolation, problem_responses
from app.core.ids import RequiredQueryId
from app.core.jobs import JobRead
from app.core.security import Principal, requires
from app.reports import service
from app.reports.files import StatisticsFileRequest, file_name, submit_statistics_file
from app.reports.review import submit_review
from app.reports.schemas import CadreStatistics, ReviewRequest

router = APIRouter(tags=["reports"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("reports:read")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/reports/cadre-statistics", response_model=CadreStatistics,
            responses={200: {"content": {XLSX: {}, "application/vnd.openxmlformats-officedocument."
                                                     "wordprocessingml.document": {}}},
                       **problem_responses(503)})
async def cadre_statistics(session: SessionDep, principal: Reader, unit_id: RequiredQueryId,
                           as_of: Annotated[date | None, Query(description="YYYY-MM-DD, default today")] = None,
                           format: Literal["json", "xlsx", "docx", "pdf"] = "json") -> CadreStatistics | Response:
    stats = await service.cadre_statistics(session, principal, unit_id, as_of)
    if format == "json":
        return stats
    content, media_type = await service.render(session, principal, stats, format)
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{file_name(unit_id, stats.as_of, format)}"',
        "Cache-Control": "no-store", "X-Generated-On": today().isoformat()})


@router.post("/reports/cadre-statistics/files", response_model=JobRead, status_code=202,
             responses=problem_responses(503))
async def cadre_statistics_file(body: StatisticsFileRequest, session: SessionDep, principal: Reader,
                                response: Response) -> JobRead:
    """The statistics report as a file (xlsx, docx or pdf), built by the worker: poll the job, then download its
    file (only its creator can). The same figures and file as the GET with `format=`."""
    job = await submit_statistics_file(session, principal, body)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.post("/reports/review", response_model=JobRead, status_code=202, responses=problem_responses(404))
async def review_report(body: ReviewRequest, session: SessionDep, principal: Reader,
                        response: Response) -> JobRead:
    """Báo cáo sơ kết: built as a job; poll the job and download its file."""
    if body.period_end < body.period_start:
        raise RuleViolation("validation_error", errors=[FieldProblem("period_end", "invalid", "before start")])
    job = await submit_review(session, principal, unit_id=body.unit_id, period_start=body.period_start,
                              period_end=body.period_end, plan_id=body.plan_id)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job
