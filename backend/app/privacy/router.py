"""HTTP routes of personal-data duties (API.md "Personal data")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from app.core.concurrency import set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.privacy import service
from app.privacy.models import RequestStatus
from app.privacy.schemas import (
    DataSubjectRequestComplete,
    DataSubjectRequestCreate,
    DataSubjectRequestPage,
    DataSubjectRequestRead,
    PersonalDataExport,
)

router = APIRouter(tags=["privacy"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]
SensitiveReader = Annotated[Principal, requires("cadres:read_sensitive")]


@router.post("/data-subject-requests", response_model=DataSubjectRequestRead, status_code=status.HTTP_201_CREATED,
             summary="Record a data-subject request (access, correction, deletion, restriction, objection)")
async def create_request(body: DataSubjectRequestCreate, session: SessionDep, principal: Writer
                         ) -> DataSubjectRequestRead:
    return await service.create_request(session, principal, body)


@router.get("/data-subject-requests", response_model=DataSubjectRequestPage)
async def list_requests(session: SessionDep, principal: Reader, status: RequestStatus | None = None,
                        cadre_id: int | None = None, overdue: bool | None = None,
                        cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> DataSubjectRequestPage:
    return await service.list_requests(session, principal, status=status, cadre_id=cadre_id, overdue=overdue,
                                       cursor=cursor, limit=limit)


@router.get("/data-subject-requests/{request_id}", response_model=DataSubjectRequestRead)
async def get_request(request_id: int, response: Response, session: SessionDep, principal: Reader
                      ) -> DataSubjectRequestRead:
    found = await service.get_request(session, principal, request_id)
    set_etag(response, found.version)
    return found


@router.post("/data-subject-requests/{request_id}/acknowledge", response_model=DataSubjectRequestRead,
             responses=problem_responses(409))
async def acknowledge(request_id: int, session: SessionDep, principal: Writer) -> DataSubjectRequestRead:
    return await service.acknowledge(session, principal, request_id)


@router.post("/data-subject-requests/{request_id}/complete", response_model=DataSubjectRequestRead,
             responses=problem_responses(409))
async def complete(request_id: int, body: DataSubjectRequestComplete, session: SessionDep, principal: Writer
                   ) -> DataSubjectRequestRead:
    return await service.complete(session, principal, request_id, body)


@router.get("/cadres/{cadre_id}/personal-data-export", response_model=PersonalDataExport,
            summary="Everything held about one person (access-logged)")
async def personal_data_export(cadre_id: int, session: SessionDep, principal: SensitiveReader
                               ) -> PersonalDataExport:
    return await service.personal_data_export(session, principal, cadre_id)
