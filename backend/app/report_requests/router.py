"""HTTP routes of report requests (yêu cầu báo cáo) and in-app notifications."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Query, status

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import CurrentPrincipal, Principal, requires
from app.report_requests import service
from app.report_requests.notify import deliver_pending
from app.report_requests.schemas import (
    NotificationPage,
    NotificationRead,
    RemindResult,
    ReportRequestCreate,
    ReportRequestPage,
    ReportRequestRead,
    SubmissionCreate,
    SubmissionRead,
    Tracking,
)

router = APIRouter(tags=["report-requests"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("reports:read")]
Sender = Annotated[Principal, requires("units:write")]
Submitter = Annotated[Principal, requires("cadres:write")]


@router.post("/report-requests", response_model=ReportRequestRead, status_code=status.HTTP_201_CREATED)
async def create_request(body: ReportRequestCreate, session: SessionDep, principal: Sender,
                         background: BackgroundTasks) -> ReportRequestRead:
    """Ask subordinate units for a return; they are notified in the app and by e-mail (sent after commit)."""
    out = await service.create_request(session, principal, body)
    background.add_task(deliver_pending)
    return out


@router.get("/report-requests", response_model=ReportRequestPage)
async def list_requests(session: SessionDep, principal: Reader,
                        box: Annotated[Literal["sent", "inbox"], Query()] = "inbox",
                        cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> ReportRequestPage:
    return await service.list_requests(session, principal, box=box, cursor=cursor, limit=limit)


@router.get("/report-requests/{request_id}", response_model=ReportRequestRead)
async def get_request(request_id: int, session: SessionDep, principal: Reader) -> ReportRequestRead:
    return await service.get_request(session, principal, request_id)


@router.post("/report-requests/{request_id}/submissions", response_model=SubmissionRead,
             responses=problem_responses(409))
async def submit(request_id: int, body: SubmissionCreate, session: SessionDep,
                 principal: Submitter) -> SubmissionRead:
    """Submit (or, until the deadline, correct) the addressed unit's return."""
    return await service.submit(session, principal, request_id, body)


@router.get("/report-requests/{request_id}/tracking", response_model=Tracking)
async def tracking(request_id: int, session: SessionDep, principal: Reader) -> Tracking:
    return await service.tracking(session, principal, request_id)


@router.post("/report-requests/{request_id}/remind", response_model=RemindResult)
async def remind(request_id: int, session: SessionDep, principal: Sender,
                 background: BackgroundTasks) -> RemindResult:
    out = await service.remind(session, principal, request_id)
    background.add_task(deliver_pending)
    return out


@router.get("/notifications", response_model=NotificationPage)
async def list_notifications(session: SessionDep, principal: CurrentPrincipal, unread: bool = False,
                             cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> NotificationPage:
    return await service.list_notifications(session, principal, unread=unread, cursor=cursor, limit=limit)


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
async def mark_read(notification_id: int, session: SessionDep, principal: CurrentPrincipal) -> NotificationRead:
    return await service.mark_read(session, principal, notification_id)
