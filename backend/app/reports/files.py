"""The statistics report's files (.xlsx, .docx, .pdf) as a job (202 + job resource), run by the worker.

The job renders with the same functions as `GET /reports/cadre-statistics?format=…` (`service.cadre_statistics`
then `service.render`), with the submitter's rights (rule 26's small cells hidden per the submitter), and writes
the report's access-log row in its own transaction when the file is made. Only the submitter reads the job and
its file (the figures shown depend on the submitter's rights)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import documents, jobs
from app.core.db import today
from app.core.errors import AppError
from app.core.scope import ensure_in_scope
from app.core.security import Principal
from app.reports import service

JOB_KIND = "statistics_file"
FileFormat = Literal["xlsx", "docx", "pdf"]


class StatisticsFileRequest(BaseModel):
    model_config = {"extra": "forbid"}
    unit_id: int
    as_of: date | None = None  # default today
    format: FileFormat


def file_name(unit_id: int, as_of: date, fmt: str) -> str:
    """The report file's name, for the GET's attachment and the job's file alike."""
    return f"thong-ke-can-bo-{unit_id}-{as_of.isoformat()}.{fmt}"


async def submit_statistics_file(session: AsyncSession, principal: Principal,
                                 body: StatisticsFileRequest) -> jobs.JobRead:
    """404 outside the caller's scope and 503 `pdf_unavailable` without LibreOffice, now; then queue the job."""
    await ensure_in_scope(session, principal, service.READ, body.unit_id)
    if body.format == "pdf" and documents.soffice() is None:
        raise AppError("pdf_unavailable", 503, "LibreOffice is not installed on this server",
                       headers={"Retry-After": "3600"})
    as_of = body.as_of or today()
    return await jobs.submit(principal, JOB_KIND, unit_id=body.unit_id, total=2, params={
        "unit_id": body.unit_id, "as_of": as_of.isoformat(), "format": body.format}, session=session)


@jobs.register(JOB_KIND, None)  # only its creator
async def run_statistics_file(ctx: jobs.JobContext) -> jobs.Outcome:
    unit_id, fmt = int(ctx.params["unit_id"]), str(ctx.params["format"])
    as_of = date.fromisoformat(ctx.params["as_of"])
    await ctx.set_progress(0, 2)
    async with ctx.session() as session:
        stats = await service.cadre_statistics(session, ctx.principal, unit_id, as_of)
        await ctx.set_progress(1)
        content, media_type = await service.render(session, ctx.principal, stats, fmt)  # logs the access
        await session.commit()
    return jobs.Outcome("succeeded", {"unit_id": unit_id, "as_of": as_of.isoformat(), "format": fmt},
                        file_name=file_name(unit_id, stats.as_of, fmt), file_content_type=media_type,
                        file_bytes=content)
