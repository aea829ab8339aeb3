"""Identity routes: discovery/JWKS (top level) and /api/v1/me."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from app.auth import keys
from app.core.db import SessionDep
from app.core.security import CurrentPrincipal

wellknown_router = APIRouter(tags=["oauth"], include_in_schema=False)
router = APIRouter(tags=["auth"])


@wellknown_router.get("/.well-known/jwks.json")
async def jwks(session: SessionDep) -> dict[str, Any]:
    return await keys.jwks(session)


class GrantRead(BaseModel):
    role: str
    unit_id: int


class MeRead(BaseModel):
    subject: str
    kind: str
    display_name: str
    scopes: list[str]
    grants: list[GrantRead]


@router.get("/me", response_model=MeRead)
async def me(principal: CurrentPrincipal) -> MeRead:
    return MeRead(subject=principal.subject, kind=principal.kind, display_name=principal.display_name,
                  scopes=sorted(principal.token_scopes),
                  grants=[GrantRead(role=g.role, unit_id=g.unit_id) for g in principal.grants])
