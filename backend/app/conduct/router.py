"""HTTP routes of conduct records (discipline, political clearance) under /cadres/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from app.conduct import service
from app.conduct.schemas import (
    AwardCreate,
    AwardList,
    AwardRead,
    ClearanceCreate,
    ClearanceRead,
    ConductList,
    DisciplineCreate,
    DisciplineList,
    DisciplineRead,
    UnitDisciplineCreate,
    UnitDisciplineList,
    UnitDisciplineRead,
)
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId
from app.core.security import Principal, requires

router = APIRouter(tags=["cadres"], responses=problem_responses(401, 403, 404, 422))
Writer = Annotated[Principal, requires("cadres:write")]


@router.post("/cadres/{cadre_id}/disciplines", response_model=DisciplineRead, status_code=status.HTTP_201_CREATED)
async def add_discipline(cadre_id: int, body: DisciplineCreate, session: SessionDep,
                         principal: Writer) -> DisciplineRead:
    return await service.add_discipline(session, principal, cadre_id, body)


@router.post("/cadres/{cadre_id}/political-clearances", response_model=ClearanceRead,
             status_code=status.HTTP_201_CREATED)
async def add_clearance(cadre_id: int, body: ClearanceCreate, session: SessionDep, principal: Writer) -> ClearanceRead:
    return await service.add_clearance(session, principal, cadre_id, body)


@router.get("/cadres/{cadre_id}/conduct", response_model=ConductList,
            summary="Discipline and political clearance records (sensitive)")
async def list_conduct(cadre_id: int, session: SessionDep,
                       principal: Annotated[Principal, requires("cadres:read_sensitive")]) -> ConductList:
    return await service.list_conduct(session, principal, cadre_id)


Reader = Annotated[Principal, requires("cadres:read")]
UnitReader = Annotated[Principal, requires("units:read")]
UnitWriter = Annotated[Principal, requires("units:write")]


@router.get("/cadres/{cadre_id}/disciplines", response_model=DisciplineList)
async def list_disciplines(cadre_id: PathId, session: SessionDep, principal: Reader) -> DisciplineList:
    return await service.list_disciplines(session, principal, cadre_id)


@router.get("/cadres/{cadre_id}/awards", response_model=AwardList)
async def list_awards(cadre_id: PathId, session: SessionDep, principal: Reader) -> AwardList:
    return await service.list_awards(session, principal, cadre_id)


@router.post("/cadres/{cadre_id}/awards", response_model=AwardRead, status_code=status.HTTP_201_CREATED)
async def add_award(cadre_id: PathId, body: AwardCreate, session: SessionDep, principal: Writer) -> AwardRead:
    return await service.add_award(session, principal, cadre_id, body)


@router.get("/units/{unit_id}/awards", response_model=AwardList, tags=["units"])
async def list_unit_awards(unit_id: PathId, session: SessionDep, principal: UnitReader) -> AwardList:
    return await service.list_unit_awards(session, principal, unit_id)


@router.post("/units/{unit_id}/awards", response_model=AwardRead, status_code=status.HTTP_201_CREATED, tags=["units"])
async def add_unit_award(unit_id: PathId, body: AwardCreate, session: SessionDep, principal: UnitWriter) -> AwardRead:
    return await service.add_unit_award(session, principal, unit_id, body)


@router.get("/units/{unit_id}/disciplines", response_model=UnitDisciplineList, tags=["units"])
async def list_unit_disciplines(unit_id: PathId, session: SessionDep, principal: UnitReader) -> UnitDisciplineList:
    return await service.list_unit_disciplines(session, principal, unit_id)


@router.post("/units/{unit_id}/disciplines", response_model=UnitDisciplineRead, status_code=status.HTTP_201_CREATED,
             tags=["units"])
async def add_unit_discipline(unit_id: PathId, body: UnitDisciplineCreate, session: SessionDep,
                              principal: UnitWriter) -> UnitDisciplineRead:
    return await service.add_unit_discipline(session, principal, unit_id, body)
