"""HTTP routes of grassroots-unit ratings (HD 1294)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.ratings import service
from app.ratings.schemas import RatingCreate, RatingPage, RatingRead, RatingUpdate

router = APIRouter(tags=["unit ratings"], responses=problem_responses(401, 403, 404, 409, 422))
Reader = Annotated[Principal, requires("units:read")]
Writer = Annotated[Principal, requires("units:write")]


@router.get("/unit-ratings", response_model=RatingPage)
async def list_ratings(session: SessionDep, principal: Reader, unit_id: QueryId = None, within: QueryId = None,
                       year: Annotated[int | None, Query(ge=1990, le=2200)] = None, cursor: CursorParam = None,
                       limit: LimitParam = DEFAULT_LIMIT) -> RatingPage:
    return await service.list_ratings(session, principal, unit_id=unit_id, within=within, year=year, cursor=cursor,
                                      limit=limit)


@router.post("/unit-ratings", response_model=RatingRead, status_code=status.HTTP_201_CREATED)
async def create_rating(body: RatingCreate, session: SessionDep, principal: Writer, response: Response) -> RatingRead:
    rating = await service.create_rating(session, principal, body)
    set_etag(response, rating.version)
    return rating


@router.get("/unit-ratings/{rating_id}", response_model=RatingRead)
async def get_rating(rating_id: PathId, session: SessionDep, principal: Reader, response: Response) -> RatingRead:
    rating = await service.get_rating(session, principal, rating_id)
    set_etag(response, rating.version)
    return rating


@router.patch("/unit-ratings/{rating_id}", response_model=RatingRead, responses=problem_responses(412, 428))
async def update_rating(rating_id: PathId, body: RatingUpdate, request: Request, session: SessionDep,
                        principal: Writer, response: Response) -> RatingRead:
    """Correct a rating's 40/40/15/5 breakdown, score, level or decision number (If-Match)."""
    rating = await service.update_rating(session, principal, rating_id, expected_version(request), body)
    set_etag(response, rating.version)
    return rating
