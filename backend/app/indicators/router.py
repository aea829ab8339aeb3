"""HTTP routes of the indicator catalogue and measurements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.indicators import service
from app.indicators.schemas import (
    IndicatorList,
    MeasurementCheck,
    MeasurementCreate,
    MeasurementDecision,
    MeasurementPage,
    MeasurementRead,
)

router = APIRouter(tags=["indicators"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("reports:read")]
Enterer = Annotated[Principal, requires("cadres:write")]
Approver = Annotated[Principal, requires("actions:approve")]


@router.get("/indicators", response_model=IndicatorList)
async def list_indicators(session: SessionDep, principal: Reader) -> IndicatorList:
    return await service.list_indicators(session)


@router.get("/measurements", response_model=MeasurementPage)
async def list_measurements(session: SessionDep, principal: Reader, indicator_code: str | None = None,
                            unit_id: int | None = None, cursor: CursorParam = None,
                            limit: LimitParam = DEFAULT_LIMIT) -> MeasurementPage:
    return await service.list_measurements(session, principal, indicator_code=indicator_code, unit_id=unit_id,
                                           cursor=cursor, limit=limit)


@router.post("/measurements", response_model=MeasurementRead, status_code=status.HTTP_201_CREATED)
async def create_measurement(body: MeasurementCreate, session: SessionDep, principal: Enterer) -> MeasurementRead:
    """Computed indicator: compute and store the figure. Manual indicator: submit a figure with evidence."""
    return await service.create_measurement(session, principal, body)


@router.get("/measurements/{measurement_id}", response_model=MeasurementRead)
async def get_measurement(measurement_id: int, session: SessionDep, principal: Reader) -> MeasurementRead:
    return await service.get_measurement(session, principal, measurement_id)


@router.get("/measurements/{measurement_id}/check", response_model=MeasurementCheck)
async def check_measurement(measurement_id: int, session: SessionDep, principal: Reader) -> MeasurementCheck:
    """Rule 25: recompute with the stored inputs and compare."""
    return await service.check_measurement(session, principal, measurement_id)


@router.post("/measurements/{measurement_id}/decision", response_model=MeasurementRead,
             responses=problem_responses(409))
async def decide_measurement(measurement_id: int, body: MeasurementDecision, session: SessionDep,
                             principal: Approver) -> MeasurementRead:
    return await service.decide_measurement(session, principal, measurement_id, body)
