"""HTTP routes of plans, tasks, targets, progress and drill-down (chỉ tiêu)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.indicators import service as indicators
from app.indicators.schemas import PlanProgress, RecordPage, TargetProgress
from app.plans import service
from app.plans.schemas import (
    CascadeRequest,
    CascadeResult,
    PlanCreate,
    PlanDetail,
    PlanPage,
    PlanUpdate,
    TargetCreate,
    TargetRead,
    TaskCreate,
    TaskRead,
    TaskUpdate,
)

router = APIRouter(tags=["plans"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("reports:read")]
Writer = Annotated[Principal, requires("units:write")]


@router.get("/plans", response_model=PlanPage)
async def list_plans(session: SessionDep, principal: Reader, issuer_unit_id: int | None = None,
                     within: int | None = None, parent_plan_id: int | None = None,
                     status: str | None = None, cursor: CursorParam = None,
                     limit: LimitParam = DEFAULT_LIMIT) -> PlanPage:
    return await service.list_plans(session, principal, issuer_unit_id=issuer_unit_id, within=within,
                                    parent_plan_id=parent_plan_id, status=status, cursor=cursor, limit=limit)


@router.post("/plans", response_model=PlanDetail, status_code=status.HTTP_201_CREATED)
async def create_plan(body: PlanCreate, session: SessionDep, principal: Writer, response: Response) -> PlanDetail:
    plan = await service.create_plan(session, principal, body)
    set_etag(response, plan.version)
    return plan


@router.get("/plans/{plan_id}", response_model=PlanDetail)
async def get_plan(plan_id: int, session: SessionDep, principal: Reader, response: Response) -> PlanDetail:
    plan = await service.get_plan(session, principal, plan_id)
    set_etag(response, plan.version)
    return plan


@router.patch("/plans/{plan_id}", response_model=PlanDetail, responses=problem_responses(412, 428))
async def update_plan(plan_id: int, body: PlanUpdate, request: Request, session: SessionDep, principal: Writer,
                      response: Response) -> PlanDetail:
    plan = await service.update_plan(session, principal, plan_id, expected_version(request), body)
    set_etag(response, plan.version)
    return plan


@router.post("/plans/{plan_id}/targets", response_model=TargetRead, status_code=status.HTTP_201_CREATED)
async def add_target(plan_id: int, body: TargetCreate, session: SessionDep, principal: Writer) -> TargetRead:
    return await service.add_target(session, principal, plan_id, body)


@router.post("/plans/{plan_id}/tasks", response_model=TaskRead, status_code=status.HTTP_201_CREATED)
async def add_task(plan_id: int, body: TaskCreate, session: SessionDep, principal: Writer) -> TaskRead:
    return await service.add_task(session, principal, plan_id, body)


@router.patch("/plan-tasks/{task_id}", response_model=TaskRead)
async def update_task(task_id: int, body: TaskUpdate, session: SessionDep, principal: Writer) -> TaskRead:
    return await service.update_task(session, principal, task_id, body)


@router.post("/plans/{plan_id}/cascade", response_model=CascadeResult)
async def cascade(plan_id: int, body: CascadeRequest, session: SessionDep, principal: Writer) -> CascadeResult:
    """Create draft implementing plans for subordinate units (idempotent per unit)."""
    return await service.cascade(session, principal, plan_id, body)


@router.get("/plans/{plan_id}/progress", response_model=PlanProgress)
async def plan_progress(plan_id: int, session: SessionDep, principal: Reader, as_of: date | None = None,
                        trend: Annotated[bool, Query(description="also each target's value at the end of each of "
                                                                 "the past four years (the dashboard's trend charts)")]
                        = False) -> PlanProgress:
    return await indicators.plan_progress(session, principal, plan_id, as_of=as_of, trend=trend)


@router.get("/targets/{target_id}/progress", response_model=TargetProgress)
async def target_progress(target_id: int, session: SessionDep, principal: Reader, as_of: date | None = None,
                          unit_id: int | None = None) -> TargetProgress:
    return await indicators.target_progress(session, principal, target_id, as_of=as_of, unit_id=unit_id)


@router.get("/targets/{target_id}/records", response_model=RecordPage)
async def target_records(target_id: int, session: SessionDep, principal: Reader, as_of: date | None = None,
                         unit_id: int | None = None, cursor: CursorParam = None,
                         limit: LimitParam = DEFAULT_LIMIT) -> RecordPage:
    """The cadres, seats or units behind the figure (rule 26: counts only for small cells without
    cadres:read_sensitive). Access-logged."""
    return await indicators.target_records(session, principal, target_id, as_of=as_of, unit_id=unit_id,
                                           cursor=cursor, limit=limit)
