"""Identity routes under /api/v1: the caller's own identity (`/me`). The authorization server's routes
(discovery, JWKS, /oauth/*) are in `oauth_router.py`."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.core.errors import problem_responses
from app.core.security import CurrentPrincipal

router = APIRouter(tags=["auth"], responses=problem_responses(401))


class GrantRead(BaseModel):
    role: str
    unit_id: int


class MeRead(BaseModel):
    subject: str
    kind: str
    display_name: str
    scopes: list[str]
    grants: list[GrantRead]
    cadre_id: int | None = Field(default=None, description="The cadre this account belongs to (its own "
                                 "self-assessment: GET /me/evaluations)")


@router.get("/me", response_model=MeRead)
async def me(principal: CurrentPrincipal) -> MeRead:
    return MeRead(subject=principal.subject, kind=principal.kind, display_name=principal.display_name,
                  scopes=sorted(principal.token_scopes),
                  grants=[GrantRead(role=g.role, unit_id=g.unit_id) for g in principal.grants],
                  cadre_id=principal.cadre_id)
