"""HTTP routes of posts, terms, bodies and assignments."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.terms import service
from app.terms.schemas import (
    AssignmentCreate,
    AssignmentEnd,
    AssignmentList,
    AssignmentRead,
    BodyComposition,
    BodyCreate,
    BodyRead,
    ExpiringAppointmentList,
    PositionList,
    TermCreate,
    TermList,
    TermRead,
)

router = APIRouter(tags=["terms"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]


@router.get("/positions", response_model=PositionList, summary="Post codes (chức vụ) with labels")
async def list_positions(session: SessionDep, _: Reader) -> PositionList:
    return await service.list_positions(session)


@router.get("/terms", response_model=TermList)
async def list_terms(session: SessionDep, principal: Reader, unit_id: int | None = None,
                     within: int | None = None, cursor: CursorParam = None,
                     limit: LimitParam = DEFAULT_LIMIT) -> TermList:
    return await service.list_terms(session, principal, unit_id=unit_id, within=within, cursor=cursor, limit=limit)


@router.post("/terms", response_model=TermRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(409))
async def create_term(body: TermCreate, session: SessionDep, principal: Writer) -> TermRead:
    return await service.create_term(session, principal, body)


@router.get("/terms/{term_id}", response_model=TermRead)
async def get_term(term_id: int, session: SessionDep, principal: Reader) -> TermRead:
    return await service.get_term(session, principal, term_id)


@router.post("/bodies", response_model=BodyRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(409))
async def create_body(body: BodyCreate, session: SessionDep, principal: Writer) -> BodyRead:
    return await service.create_body(session, principal, body)


@router.get("/bodies/{body_id}/composition", response_model=BodyComposition)
async def body_composition(body_id: int, session: SessionDep, principal: Reader,
                           as_of: Annotated[date | None, Query()] = None) -> BodyComposition:
    return await service.body_composition(session, principal, body_id, as_of)


@router.post("/assignments", response_model=AssignmentRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(409))
async def create_assignment(body: AssignmentCreate, session: SessionDep, principal: Writer) -> AssignmentRead:
    return await service.create_assignment(session, principal, body)


@router.get("/assignments/expiring", response_model=ExpiringAppointmentList,
            summary="Appointed posts (bổ nhiệm) in a subtree whose period ends by a date")
async def expiring_appointments(session: SessionDep, principal: Reader, within: int,
                                by: Annotated[date, Query(description="last end date included, YYYY-MM-DD")],
                                limit: Annotated[int, Query(ge=1, le=200)] = 50) -> ExpiringAppointmentList:
    return await service.expiring_appointments(session, principal, within=within, by=by, limit=limit)


@router.post("/assignments/{assignment_id}/end", response_model=AssignmentRead, responses=problem_responses(409))
async def end_assignment(assignment_id: int, body: AssignmentEnd, session: SessionDep,
                         principal: Writer) -> AssignmentRead:
    return await service.end_assignment(session, principal, assignment_id, body)


@router.get("/cadres/{cadre_id}/assignments", response_model=AssignmentList, tags=["cadres"])
async def cadre_assignments(cadre_id: int, session: SessionDep, principal: Reader) -> AssignmentList:
    return await service.cadre_assignments(session, principal, cadre_id)
