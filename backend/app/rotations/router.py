"""HTTP routes of rotation programmes (luân chuyển, điều động, biệt phái)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response, status

from app.core.concurrency import set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId, RequiredQueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.rotations import service
from app.rotations.schemas import RotationCounts, RotationCreate, RotationPage, RotationRead, RotationReturn

router = APIRouter(tags=["rotations"], responses=problem_responses(401, 403, 404, 409, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("actions:write")]


@router.get("/rotations", response_model=RotationPage)
async def list_rotations(session: SessionDep, principal: Reader, within: QueryId = None, cadre_id: QueryId = None,
                         ending_before: date | None = None, cursor: CursorParam = None,
                         limit: LimitParam = DEFAULT_LIMIT) -> RotationPage:
    return await service.list_rotations(session, principal, within=within, cadre_id=cadre_id,
                                        ending_before=ending_before, cursor=cursor, limit=limit)


@router.post("/rotations", response_model=RotationRead, status_code=status.HTTP_201_CREATED)
async def create_rotation(body: RotationCreate, session: SessionDep, principal: Writer,
                          response: Response) -> RotationRead:
    rotation = await service.create_rotation(session, principal, body)
    set_etag(response, rotation.version)
    return rotation


@router.get("/rotations/statistics", response_model=RotationCounts)
async def rotation_statistics(session: SessionDep, principal: Annotated[Principal, requires("reports:read")],
                              unit_id: RequiredQueryId, period_start: date | None = None,
                              period_end: date | None = None) -> RotationCounts:
    return await service.scoped_counts(session, principal, unit_id=unit_id, period_start=period_start,
                                       period_end=period_end)


@router.get("/rotations/{rotation_id}", response_model=RotationRead)
async def get_rotation(rotation_id: PathId, session: SessionDep, principal: Reader, response: Response) -> RotationRead:
    rotation = await service.get_rotation(session, principal, rotation_id)
    set_etag(response, rotation.version)
    return rotation


@router.post("/rotations/{rotation_id}/return", response_model=RotationRead)
async def record_return(rotation_id: PathId, body: RotationReturn, session: SessionDep,
                        principal: Writer) -> RotationRead:
    return await service.record_return(session, principal, rotation_id, body)
