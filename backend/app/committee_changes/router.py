"""HTTP routes of committee change requests (`/api/v1/committee-change-requests`). Thin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.committee_changes import service
from app.committee_changes.schemas import (
    ChangeRequestCreate,
    ChangeRequestDecision,
    ChangeRequestPage,
    ChangeRequestRead,
    Status,
)
from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires

router = APIRouter(tags=["committee changes"], responses=problem_responses(401, 403, 404, 422))
Proposer = Annotated[Principal, requires("units:facts")]
Reader = Annotated[Principal, requires("cadres:read")]
Decider = Annotated[Principal, requires("cadres:write")]


@router.post("/committee-change-requests", response_model=ChangeRequestRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(409),
             summary="Propose a committee change (seat someone, or end a post); the upper level confirms it")
async def create_request(body: ChangeRequestCreate, session: SessionDep, principal: Proposer,
                         response: Response) -> ChangeRequestRead:
    made = await service.create(session, principal, body)
    set_etag(response, made.version)
    return made


@router.get("/committee-change-requests", response_model=ChangeRequestPage,
            summary="Committee change requests in scope, newest last")
async def list_requests(session: SessionDep, principal: Reader, unit_id: QueryId = None,
                        status: Annotated[Status | None, Query()] = None, cursor: CursorParam = None,
                        limit: LimitParam = DEFAULT_LIMIT) -> ChangeRequestPage:
    return await service.list_requests(session, principal, unit_id=unit_id, status=status, cursor=cursor,
                                       limit=limit)


@router.get("/committee-change-requests/{request_id}", response_model=ChangeRequestRead)
async def get_request(request_id: PathId, session: SessionDep, principal: Reader,
                      response: Response) -> ChangeRequestRead:
    found = await service.get(session, principal, request_id)
    set_etag(response, found.version)
    return found


@router.post("/committee-change-requests/{request_id}/confirm", response_model=ChangeRequestRead,
             responses=problem_responses(409, 412, 428),
             summary="Confirm (upper level, If-Match): the change is written through the terms rules")
async def confirm(request_id: PathId, body: ChangeRequestDecision, request: Request, session: SessionDep,
                  principal: Decider, response: Response) -> ChangeRequestRead:
    done = await service.confirm(session, principal, request_id, expected_version(request), body)
    set_etag(response, done.version)
    return done


@router.post("/committee-change-requests/{request_id}/reject", response_model=ChangeRequestRead,
             responses=problem_responses(409, 412, 428), summary="Reject (upper level, If-Match), with a note")
async def reject(request_id: PathId, body: ChangeRequestDecision, request: Request, session: SessionDep,
                 principal: Decider, response: Response) -> ChangeRequestRead:
    done = await service.reject(session, principal, request_id, expected_version(request), body)
    set_etag(response, done.version)
    return done
