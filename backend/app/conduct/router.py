"""HTTP routes of conduct records (discipline, political clearance) under /cadres/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from app.conduct import service
from app.conduct.schemas import ClearanceCreate, ClearanceRead, ConductList, DisciplineCreate, DisciplineRead
from app.core.db import SessionDep
from app.core.errors import problem_responses
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
