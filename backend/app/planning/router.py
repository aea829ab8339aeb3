"""HTTP routes of cadre planning (quy hoạch)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Response, status

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.planning import service
from app.planning.schemas import (
    ApproveCycle,
    CandidateCreate,
    CandidateList,
    CandidateRead,
    CandidateRemove,
    CycleCreate,
    CycleList,
    CycleRead,
    CycleStructure,
    SubmitCycle,
)

router = APIRouter(tags=["planning"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("actions:write")]
Approver = Annotated[Principal, requires("actions:approve")]
FROZEN = problem_responses(409)


@router.get("/planning-cycles", response_model=CycleList)
async def list_cycles(session: SessionDep, principal: Reader, within: int | None = None, unit_id: int | None = None,
                      cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> CycleList:
    return await service.list_cycles(session, principal, within=within, unit_id=unit_id, cursor=cursor, limit=limit)


@router.post("/planning-cycles", response_model=CycleRead, status_code=status.HTTP_201_CREATED)
async def create_cycle(body: CycleCreate, session: SessionDep, principal: Writer) -> CycleRead:
    return await service.create_cycle(session, principal, body)


@router.get("/planning-cycles/{cycle_id}", response_model=CycleRead)
async def get_cycle(cycle_id: int, session: SessionDep, principal: Reader) -> CycleRead:
    return await service.get_cycle(session, principal, cycle_id)


@router.get("/planning-cycles/{cycle_id}/candidates", response_model=CandidateList)
async def list_candidates(cycle_id: int, session: SessionDep, principal: Reader,
                          include_removed: bool = False) -> CandidateList:
    return await service.list_candidates(session, principal, cycle_id, include_removed)


@router.post("/planning-cycles/{cycle_id}/candidates", response_model=CandidateRead,
             status_code=status.HTTP_201_CREATED, responses=FROZEN)
async def add_candidate(cycle_id: int, body: CandidateCreate, session: SessionDep, principal: Writer) -> CandidateRead:
    return await service.add_candidate(session, principal, cycle_id, body)


@router.post("/planning-candidates/{entry_id}/remove", response_model=CandidateRead, responses=FROZEN)
async def remove_candidate(entry_id: int, body: CandidateRemove, session: SessionDep,
                           principal: Writer) -> CandidateRead:
    return await service.remove_candidate(session, principal, entry_id, body)


@router.get("/planning-cycles/{cycle_id}/structure", response_model=CycleStructure)
async def structure(cycle_id: int, session: SessionDep, principal: Reader) -> CycleStructure:
    return await service.structure(session, principal, cycle_id)


@router.post("/planning-cycles/{cycle_id}/submit", response_model=CycleRead, responses=FROZEN)
async def submit_cycle(cycle_id: int, session: SessionDep, principal: Writer,
                       body: SubmitCycle | None = None) -> CycleRead:
    return await service.submit_cycle(session, principal, cycle_id, body)


@router.post("/planning-cycles/{cycle_id}/approve", response_model=CycleRead, responses=FROZEN)
async def approve_cycle(cycle_id: int, session: SessionDep, principal: Approver,
                        body: ApproveCycle | None = None) -> CycleRead:
    return await service.approve_cycle(session, principal, cycle_id, body)


@router.post("/planning-cycles/{cycle_id}/revisions", response_model=CycleRead, status_code=status.HTTP_201_CREATED,
             responses=FROZEN)
async def open_revision(cycle_id: int, session: SessionDep, principal: Writer) -> CycleRead:
    return await service.open_revision(session, principal, cycle_id)


@router.get("/planning-cycles/{cycle_id}/list.{fmt}", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                                         {}}}})
async def planning_list(cycle_id: int, fmt: Literal["xlsx", "docx"], session: SessionDep,
                        principal: Annotated[Principal, requires("reports:read")]) -> Response:
    content, media_type = await service.planning_list(session, principal, cycle_id, fmt)
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="quy-hoach-{cycle_id}.{fmt}"', "Cache-Control": "no-store"})
