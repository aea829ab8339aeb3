"""HTTP routes of personnel actions (API.md "Personnel actions") and approval authority (phân cấp)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.core.concurrency import expected_version
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import CurrentPrincipal, Principal, requires
from app.workflows import authority, service
from app.workflows.schemas import (
    ActionCreate,
    ActionPage,
    ActionRead,
    ActionStatus,
    ActionType,
    ActionUpdate,
    ApproveBody,
    AuthorityBody,
    AuthorityList,
    AuthorityRead,
    BatchCreate,
    BatchRead,
    RejectBody,
)

router = APIRouter(tags=["personnel-actions"], responses=problem_responses(401, 403, 404, 422))
Writer = Annotated[Principal, requires("actions:write")]
Approver = Annotated[Principal, requires("actions:approve")]
TRANSITION_ERRORS = problem_responses(409)


@router.get("/personnel-actions", response_model=ActionPage)
async def list_actions(session: SessionDep, principal: Writer,
                       within: int | None = None, cadre_id: int | None = None, type: ActionType | None = None,
                       status: ActionStatus | None = None,
                       awaiting_me: Annotated[bool, Query(description="Submitted actions I may decide")] = False,
                       cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> ActionPage:
    return await service.list_actions(session, principal, within=within, cadre_id=cadre_id, type=type,
                                      status=status, awaiting_me=awaiting_me, cursor=cursor, limit=limit)


@router.post("/personnel-actions", response_model=ActionRead, status_code=status.HTTP_201_CREATED)
async def create_action(body: ActionCreate, session: SessionDep, principal: Writer) -> ActionRead:
    return await service.create_action(session, principal, body)


@router.post("/personnel-actions/batch", response_model=BatchRead, status_code=status.HTTP_201_CREATED)
async def create_batch(body: BatchCreate, session: SessionDep, principal: Writer) -> BatchRead:
    return await service.create_batch(session, principal, body.actions)


@router.get("/personnel-actions/{action_id}", response_model=ActionRead)
async def get_action(action_id: int, session: SessionDep, principal: Writer) -> ActionRead:
    return await service.get_action(session, principal, action_id)


@router.patch("/personnel-actions/{action_id}", response_model=ActionRead,
              responses=problem_responses(409, 412, 428))
async def update_action(action_id: int, body: ActionUpdate, request: Request, session: SessionDep,
                        principal: Writer) -> ActionRead:
    return await service.update_action(session, principal, action_id, expected_version(request), body)


@router.post("/personnel-actions/{action_id}/submit", response_model=ActionRead, responses=TRANSITION_ERRORS)
async def submit(action_id: int, session: SessionDep, principal: Writer) -> ActionRead:
    return await service.submit(session, principal, action_id)


@router.post("/personnel-actions/{action_id}/withdraw", response_model=ActionRead, responses=TRANSITION_ERRORS)
async def withdraw(action_id: int, session: SessionDep, principal: Writer) -> ActionRead:
    return await service.withdraw(session, principal, action_id)


@router.post("/personnel-actions/{action_id}/approve", response_model=ActionRead, responses=TRANSITION_ERRORS)
async def approve(action_id: int, session: SessionDep, principal: Approver,
                  body: ApproveBody | None = None) -> ActionRead:
    return await service.approve(session, principal, action_id, body or ApproveBody())


@router.post("/personnel-actions/{action_id}/reject", response_model=ActionRead, responses=TRANSITION_ERRORS)
async def reject(action_id: int, session: SessionDep, principal: Approver,
                 body: RejectBody | None = None) -> ActionRead:
    return await service.reject(session, principal, action_id, body.reason if body else None)


Admin = Annotated[Principal, requires("admin")]


@router.get("/approval-authority", response_model=AuthorityList, tags=["configuration"])
async def list_authority(session: SessionDep, _: CurrentPrincipal) -> AuthorityList:
    return await authority.list_authority(session)


@router.put("/approval-authority", response_model=AuthorityRead, tags=["configuration"])
async def put_authority(body: AuthorityBody, session: SessionDep, principal: Admin) -> AuthorityRead:
    return await authority.put_authority(session, principal, body)


@router.get("/personnel-actions/{action_id}/decision.docx", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                                         {}}}, **problem_responses(409)})
async def decision_document(action_id: int, session: SessionDep, principal: Writer) -> Response:
    from app.core.documents import DOCX_TYPE

    content = await service.decision_document(session, principal, action_id)
    return Response(content, media_type=DOCX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="quyet-dinh-{action_id}.docx"', "Cache-Control": "no-store"})
