"""Administration API (quản trị hệ thống) under /api/v1/admin: accounts, role grants, OAuth clients. Thin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth import admin_service as service
from app.auth.admin_schemas import (
    ClientCreate,
    ClientCreated,
    ClientPage,
    ClientRead,
    ClientSecret,
    ClientUpdate,
    PasswordReset,
    PasswordResetResult,
    RoleGrantCreate,
    RoleGrantEnd,
    RoleGrantPage,
    RoleGrantRead,
    SessionsRevoked,
    UserCreate,
    UserPage,
    UserRead,
    UserUpdate,
)
from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires

router = APIRouter(prefix="/admin", tags=["admin"], responses=problem_responses(401, 403, 404, 409, 422))
Admin = Annotated[Principal, requires(service.ADMIN)]
Search = Annotated[str | None, Query(max_length=120, description="Part of the username/name (or client id)")]
Within = Annotated[int | None, Query(description="Holding a grant on this unit or any unit below it")]


# --- users -------------------------------------------------------------------------------------------------

@router.get("/users", response_model=UserPage, summary="Accounts the admin administers")
async def list_users(session: SessionDep, principal: Admin, q: Search = None, within: Within = None,
                     active: bool | None = None, cursor: CursorParam = None,
                     limit: LimitParam = DEFAULT_LIMIT) -> UserPage:
    return await service.list_users(session, principal, q=q, within=within, active=active, cursor=cursor,
                                    limit=limit)


@router.post("/users", response_model=UserRead, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, session: SessionDep, principal: Admin, response: Response) -> UserRead:
    user = await service.create_user(session, principal, body)
    set_etag(response, user.version)
    return user


@router.get("/users/{user_id}", response_model=UserRead)
async def get_user(user_id: int, session: SessionDep, principal: Admin, response: Response) -> UserRead:
    user = await service.get_user(session, principal, user_id)
    set_etag(response, user.version)
    return user


@router.patch("/users/{user_id}", response_model=UserRead, responses=problem_responses(412, 428))
async def update_user(user_id: int, body: UserUpdate, request: Request, session: SessionDep, principal: Admin,
                      response: Response) -> UserRead:
    user = await service.update_user(session, principal, user_id, body, expected_version(request))
    set_etag(response, user.version)
    return user


@router.post("/users/{user_id}/disable", response_model=UserRead, summary="Disable and sign out everywhere")
async def disable_user(user_id: int, session: SessionDep, principal: Admin) -> UserRead:
    return await service.set_user_active(session, principal, user_id, False)


@router.post("/users/{user_id}/enable", response_model=UserRead)
async def enable_user(user_id: int, session: SessionDep, principal: Admin) -> UserRead:
    return await service.set_user_active(session, principal, user_id, True)


@router.post("/users/{user_id}/reset-password", response_model=PasswordResetResult,
             summary="Set a new password (or generate a temporary one, shown once); signs the user out everywhere")
async def reset_password(user_id: int, body: PasswordReset, session: SessionDep,
                         principal: Admin) -> PasswordResetResult:
    return await service.reset_password(session, principal, user_id, body)


@router.post("/users/{user_id}/revoke-sessions", response_model=SessionsRevoked,
             summary="Sign the user out on every device (revokes every refresh-token family)")
async def revoke_sessions(user_id: int, session: SessionDep, principal: Admin) -> SessionsRevoked:
    return await service.revoke_sessions(session, principal, user_id)


# --- role grants -------------------------------------------------------------------------------------------

@router.get("/role-grants", response_model=RoleGrantPage)
async def list_grants(session: SessionDep, principal: Admin, user_id: int | None = None,
                      client_id: Annotated[str | None, Query(max_length=120)] = None, within: Within = None,
                      active: bool | None = None, cursor: CursorParam = None,
                      limit: LimitParam = DEFAULT_LIMIT) -> RoleGrantPage:
    return await service.list_grants(session, principal, user_id=user_id, client_id=client_id, within=within,
                                     active=active, cursor=cursor, limit=limit)


@router.post("/role-grants", response_model=RoleGrantRead, status_code=status.HTTP_201_CREATED)
async def add_grant(body: RoleGrantCreate, session: SessionDep, principal: Admin) -> RoleGrantRead:
    return await service.add_grant(session, principal, body)


@router.post("/role-grants/{grant_id}/end", response_model=RoleGrantRead)
async def end_grant(grant_id: int, body: RoleGrantEnd, session: SessionDep, principal: Admin) -> RoleGrantRead:
    return await service.end_grant(session, principal, grant_id, body)


# --- OAuth clients -----------------------------------------------------------------------------------------

@router.get("/clients", response_model=ClientPage)
async def list_clients(session: SessionDep, principal: Admin, q: Search = None, active: bool | None = None,
                       cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> ClientPage:
    return await service.list_clients(session, principal, q=q, active=active, cursor=cursor, limit=limit)


@router.post("/clients", response_model=ClientCreated, status_code=status.HTTP_201_CREATED,
             summary="Register a client; a confidential client's secret is shown once")
async def create_client(body: ClientCreate, session: SessionDep, principal: Admin) -> ClientCreated:
    return await service.create_client(session, principal, body)


@router.get("/clients/{client_id}", response_model=ClientRead)
async def get_client(client_id: str, session: SessionDep, principal: Admin, response: Response) -> ClientRead:
    client = await service.get_client(session, principal, client_id)
    set_etag(response, client.version)
    return client


@router.patch("/clients/{client_id}", response_model=ClientRead, responses=problem_responses(412, 428))
async def update_client(client_id: str, body: ClientUpdate, request: Request, session: SessionDep,
                        principal: Admin, response: Response) -> ClientRead:
    client = await service.update_client(session, principal, client_id, body, expected_version(request))
    set_etag(response, client.version)
    return client


@router.post("/clients/{client_id}/rotate-secret", response_model=ClientSecret,
             summary="New secret, shown once; the old one stops working at once")
async def rotate_secret(client_id: str, session: SessionDep, principal: Admin) -> ClientSecret:
    return await service.rotate_client_secret(session, principal, client_id)


@router.post("/clients/{client_id}/disable", response_model=ClientRead)
async def disable_client(client_id: str, session: SessionDep, principal: Admin) -> ClientRead:
    return await service.set_client_active(session, principal, client_id, False)


@router.post("/clients/{client_id}/enable", response_model=ClientRead)
async def enable_client(client_id: str, session: SessionDep, principal: Admin) -> ClientRead:
    return await service.set_client_active(session, principal, client_id, True)
