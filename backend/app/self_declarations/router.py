"""HTTP routes of self-declarations (`/api/v1/me/self-declarations`, `/api/v1/self-declarations`). Thin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response, status

from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.self_declarations import service
from app.self_declarations.schemas import (
    MySelfDeclarations,
    Section,
    SelfDeclarationCreate,
    SelfDeclarationDecision,
    SelfDeclarationPage,
    SelfDeclarationRead,
    Status,
)

router = APIRouter(tags=["self-declarations"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Decider = Annotated[Principal, requires("cadres:write")]


@router.post("/me/self-declarations", response_model=SelfDeclarationRead, status_code=status.HTTP_201_CREATED,
             summary="Declare one section of my own profile (the officer confirms it)")
async def declare(body: Annotated[SelfDeclarationCreate, Body()], session: SessionDep, principal: Reader,
                  response: Response) -> SelfDeclarationRead:
    made = await service.declare(session, principal, body)
    set_etag(response, made.version)
    return made


@router.get("/me/self-declarations", response_model=MySelfDeclarations,
            summary="My self-declarations, oldest first (the latest per section is its state)")
async def mine(session: SessionDep, principal: Reader) -> MySelfDeclarations:
    return await service.mine(session, principal)


@router.get("/self-declarations", response_model=SelfDeclarationPage, summary="Self-declarations in scope")
async def list_declarations(session: SessionDep, principal: Reader,
                            status: Annotated[Status | None, Query()] = None,
                            section: Annotated[Section | None, Query()] = None, cadre_id: QueryId = None,
                            unit_id: QueryId = None, cursor: CursorParam = None,
                            limit: LimitParam = DEFAULT_LIMIT) -> SelfDeclarationPage:
    return await service.list_declarations(session, principal, status=status, section=section, cadre_id=cadre_id,
                                           unit_id=unit_id, cursor=cursor, limit=limit)


@router.get("/self-declarations/{declaration_id}", response_model=SelfDeclarationRead)
async def get_declaration(declaration_id: PathId, session: SessionDep, principal: Reader,
                          response: Response) -> SelfDeclarationRead:
    found = await service.get(session, principal, declaration_id)
    set_etag(response, found.version)
    return found


@router.post("/self-declarations/{declaration_id}/confirm", response_model=SelfDeclarationRead,
             responses=problem_responses(409, 412, 428),
             summary="Confirm (If-Match): the values are written through the cadre record's rules")
async def confirm(declaration_id: PathId, body: SelfDeclarationDecision, request: Request, session: SessionDep,
                  principal: Decider, response: Response) -> SelfDeclarationRead:
    done = await service.confirm(session, principal, declaration_id, expected_version(request), body)
    set_etag(response, done.version)
    return done


@router.post("/self-declarations/{declaration_id}/reject", response_model=SelfDeclarationRead,
             responses=problem_responses(409, 412, 428), summary="Reject (If-Match), with a note")
async def reject(declaration_id: PathId, body: SelfDeclarationDecision, request: Request, session: SessionDep,
                 principal: Decider, response: Response) -> SelfDeclarationRead:
    done = await service.reject(session, principal, declaration_id, expected_version(request), body)
    set_etag(response, done.version)
    return done
