"""HTTP routes of the chair's phone client (`/api/v1/chair/...`). Thin: parse, authorise, call the service."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.chair import service
from app.chair.schemas import ChairOverview, ChairUnit, FactsUpdate, SyncEstimate
from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.privacy import no_store
from app.core.security import Principal, requires

router = APIRouter(prefix="/chair", tags=["chair"], responses=problem_responses(401, 403, 404, 422))
Reader = Annotated[Principal, requires("units:read")]
FactsWriter = Annotated[Principal, requires("units:facts")]
UnitParam = Annotated[int | None, Query(description="The union to show; default: the caller's own (first) unit")]


def _content_etag(payload: dict[str, object]) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode())
    return f'"{digest.hexdigest()[:32]}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


@router.get("/overview", response_model=ChairOverview, responses={304: {"description": "Not modified"}},
            summary="The chair's union in one compact payload (ETag / If-None-Match → 304)")
async def overview(request: Request, response: Response, session: SessionDep, principal: Reader,
                   unit_id: UnitParam = None,
                   updated_since: Annotated[datetime | None, Query(
                       description="Only report requests and notifications created since (ISO 8601)")] = None,
                   ) -> ChairOverview | Response:
    view = await service.overview(session, principal, unit_id, updated_since)
    etag = _content_etag(view.model_dump(mode="json", exclude={"generated_at"}))
    if _matches(request.headers.get("if-none-match"), etag):
        not_modified = Response(status_code=304, headers={"ETag": etag})
        no_store(not_modified)
        return not_modified
    response.headers["ETag"] = etag
    no_store(response)  # committee members are named
    return view


@router.patch("/units/{unit_id}/facts", response_model=ChairUnit, responses=problem_responses(412, 428),
              summary="Update the union's member count and workforce (If-Match: the unit's version)")
async def update_facts(unit_id: int, body: FactsUpdate, request: Request, response: Response, session: SessionDep,
                       principal: FactsWriter) -> ChairUnit:
    unit = await service.update_facts(session, principal, unit_id, expected_version(request), body)
    set_etag(response, unit.version)
    return unit


@router.get("/sync-estimate", response_model=SyncEstimate,
            summary="How many bytes a first sync downloads for this user (a user sync test)")
async def sync_estimate(session: SessionDep, principal: Reader, unit_id: UnitParam = None) -> SyncEstimate:
    return await service.sync_estimate(session, principal, unit_id)
