"""HTTP routes of evaluation cycles and evaluations (đánh giá, xếp loại cán bộ)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from app.core.concurrency import set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import CurrentPrincipal, Principal, requires
from app.evaluations import service
from app.evaluations.schemas import (
    CadreEvaluationList,
    CollectiveComment,
    CommentCreate,
    CommentList,
    CommentRead,
    CycleKind,
    CycleStatus,
    Decision,
    EvaluationCreate,
    EvaluationCycleCreate,
    EvaluationCyclePage,
    EvaluationCycleRead,
    EvaluationPage,
    EvaluationRead,
    EvaluationStatus,
    MyEvaluationList,
    Proposal,
    RuleSetList,
    SelfAssessment,
)

router = APIRouter(tags=["evaluations"], responses=problem_responses(401, 403, 404, 409, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]
Approver = Annotated[Principal, requires("actions:approve")]


@router.get("/evaluation-rule-sets", response_model=RuleSetList)
async def list_rule_sets(session: SessionDep, principal: CurrentPrincipal) -> RuleSetList:
    return await service.list_rule_sets(session)


@router.get("/evaluation-cycles", response_model=EvaluationCyclePage)
async def list_cycles(session: SessionDep, principal: Reader, within: QueryId = None,
                      status: CycleStatus | None = None, kind: CycleKind | None = None,
                      cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> EvaluationCyclePage:
    return await service.list_cycles(session, principal, within=within, status=status, kind=kind, cursor=cursor,
                                     limit=limit)


@router.post("/evaluation-cycles", response_model=EvaluationCycleRead, status_code=status.HTTP_201_CREATED)
async def create_cycle(
    body: EvaluationCycleCreate, session: SessionDep, principal: Writer, response: Response
) -> EvaluationCycleRead:
    cycle = await service.create_cycle(session, principal, body)
    set_etag(response, cycle.version)
    return cycle


@router.get("/evaluation-cycles/{cycle_id}", response_model=EvaluationCycleRead)
async def get_cycle(
    cycle_id: PathId, session: SessionDep, principal: Reader, response: Response
) -> EvaluationCycleRead:
    cycle = await service.get_cycle(session, principal, cycle_id)
    set_etag(response, cycle.version)
    return cycle


@router.post("/evaluation-cycles/{cycle_id}/finalize", response_model=EvaluationCycleRead)
async def finalize_cycle(cycle_id: PathId, session: SessionDep, principal: Approver) -> EvaluationCycleRead:
    return await service.finalize_cycle(session, principal, cycle_id)


@router.get("/evaluation-cycles/{cycle_id}/evaluations", response_model=EvaluationPage)
async def list_evaluations(cycle_id: PathId, session: SessionDep, principal: Reader,
                           status: EvaluationStatus | None = None, cursor: CursorParam = None,
                           limit: LimitParam = DEFAULT_LIMIT) -> EvaluationPage:
    return await service.list_evaluations(session, principal, cycle_id, status=status, cursor=cursor, limit=limit)


@router.post("/evaluation-cycles/{cycle_id}/evaluations", response_model=EvaluationRead,
             status_code=status.HTTP_201_CREATED)
async def add_evaluation(cycle_id: PathId, body: EvaluationCreate, session: SessionDep, principal: Writer,
                         response: Response) -> EvaluationRead:
    ev = await service.add_evaluation(session, principal, cycle_id, body.cadre_id)
    set_etag(response, ev.version)
    return ev


@router.get("/me/evaluations", response_model=MyEvaluationList)
async def my_evaluations(session: SessionDep, principal: CurrentPrincipal) -> MyEvaluationList:
    """The caller's own evaluations, when their account belongs to a cadre (Tự đánh giá của tôi)."""
    return await service.my_evaluations(session, principal)


@router.get("/evaluations/{evaluation_id}", response_model=EvaluationRead)
async def get_evaluation(evaluation_id: PathId, session: SessionDep, principal: CurrentPrincipal,
                         response: Response) -> EvaluationRead:
    ev = await service.get_evaluation(session, principal, evaluation_id)
    set_etag(response, ev.version)
    return ev


@router.post("/evaluations/{evaluation_id}/self-assessment", response_model=EvaluationRead)
async def self_assessment(evaluation_id: PathId, body: SelfAssessment, session: SessionDep,
                          principal: CurrentPrincipal) -> EvaluationRead:
    """By the cadre themself under their own login (only their own evaluation), or with `cadres:write`."""
    return await service.self_assess(session, principal, evaluation_id, body)


@router.post("/evaluations/{evaluation_id}/collective-comment", response_model=EvaluationRead)
async def collective_comment(evaluation_id: PathId, body: CollectiveComment, session: SessionDep,
                             principal: Writer) -> EvaluationRead:
    return await service.collective_comment(session, principal, evaluation_id, body)


@router.post("/evaluations/{evaluation_id}/proposal", response_model=EvaluationRead)
async def proposal(evaluation_id: PathId, body: Proposal, session: SessionDep, principal: Writer) -> EvaluationRead:
    return await service.propose(session, principal, evaluation_id, body)


@router.post("/evaluations/{evaluation_id}/decision", response_model=EvaluationRead)
async def decision(evaluation_id: PathId, body: Decision, session: SessionDep, principal: Approver) -> EvaluationRead:
    return await service.decide(session, principal, evaluation_id, body)


@router.post("/evaluations/{evaluation_id}/publish", response_model=EvaluationRead)
async def publish(evaluation_id: PathId, session: SessionDep, principal: Approver) -> EvaluationRead:
    return await service.publish(session, principal, evaluation_id)


@router.get("/evaluations/{evaluation_id}/comments", response_model=CommentList)
async def list_comments(evaluation_id: PathId, session: SessionDep, principal: Reader) -> CommentList:
    return await service.list_comments(session, principal, evaluation_id)


@router.post("/evaluations/{evaluation_id}/comments", response_model=CommentRead,
             status_code=status.HTTP_201_CREATED)
async def add_comment(evaluation_id: PathId, body: CommentCreate, session: SessionDep,
                      principal: Writer) -> CommentRead:
    return await service.add_comment(session, principal, evaluation_id, body)


@router.get("/cadres/{cadre_id}/evaluations", response_model=CadreEvaluationList)
async def cadre_evaluations(cadre_id: PathId, session: SessionDep, principal: Reader) -> CadreEvaluationList:
    return await service.cadre_results(session, principal, cadre_id)
