"""HTTP routes of units (API.md "Units"). Thin: parse, authorise, call the service."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.core.concurrency import expected_version, set_etag
from app.core.db import ReadSessionDep, SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import CurrentPrincipal, Principal, requires
from app.org_units import finance, service
from app.org_units.models import Sector
from app.org_units.schemas import (
    AbolishedTypePage,
    DissolveRequest,
    MergeRequest,
    MoveRequest,
    RenameRequest,
    SplitRequest,
    UnitCreate,
    UnitFinanceCreate,
    UnitFinanceList,
    UnitFinanceRead,
    UnitFinanceUpdate,
    UnitHistory,
    UnitPage,
    UnitRead,
    UnitTypeList,
    UnitUpdate,
)

router = APIRouter(tags=["units"], responses=problem_responses(401, 403, 422))

Reader = Annotated[Principal, requires("units:read")]
Writer = Annotated[Principal, requires("units:write")]
WRITE_ERRORS = problem_responses(404, 409, 422)


@router.get("/unit-types", response_model=UnitTypeList, summary="Unit types with allowed parent types")
async def list_unit_types(session: SessionDep, _: Reader) -> UnitTypeList:
    return await service.list_unit_types(session)


@router.get("/units", response_model=UnitPage, responses=problem_responses(404))
async def list_units(
    session: ReadSessionDep,  # a read replica when configured (read-your-writes kept for the writer)
    principal: Reader,
    within: Annotated[int | None, Query(description="A unit: list it and all its descendants")] = None,
    parent_id: Annotated[int | None, Query(description="List the children of this unit")] = None,
    roots: Annotated[bool, Query(description="Only the topmost units the caller may see")] = False,
    unit_type: Annotated[str | None, Query(max_length=40)] = None,
    sector: Annotated[Sector | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="Accent-insensitive name search")] = None,
    as_of: Annotated[date | None, Query(description="The tree valid on this date (YYYY-MM-DD)")] = None,
    include_ended: Annotated[bool, Query(description="Also list ended units (current tree only)")] = False,
    sort: Annotated[Literal["path", "code", "name"], Query()] = "path",
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> UnitPage:
    filters = service.UnitFilters(within=within, parent_id=parent_id, roots=roots, unit_type=unit_type,
                                  sector=sector, q=q, as_of=as_of, include_ended=include_ended, sort=sort)
    return await service.list_units(session, principal, filters, cursor=cursor, limit=limit)


@router.post("/units", response_model=UnitRead, status_code=status.HTTP_201_CREATED, responses=WRITE_ERRORS)
async def create_unit(body: UnitCreate, session: SessionDep, principal: Writer, response: Response) -> UnitRead:
    unit = await service.create_unit(session, principal, body)
    response.headers["Location"] = f"/api/v1/units/{unit.id}"
    set_etag(response, unit.version)
    return unit


@router.get("/units/{unit_id}", response_model=UnitRead, responses=problem_responses(404))
async def get_unit(unit_id: int, session: SessionDep, principal: Reader, response: Response) -> UnitRead:
    unit = await service.get_unit(session, principal, unit_id)
    set_etag(response, unit.version)
    return unit


@router.patch("/units/{unit_id}", response_model=UnitRead, responses=problem_responses(404, 412, 428))
async def update_unit(unit_id: int, body: UnitUpdate, request: Request, session: SessionDep, principal: Writer,
                      response: Response) -> UnitRead:
    unit = await service.update_unit(session, principal, unit_id, expected_version(request), body)
    set_etag(response, unit.version)
    return unit


@router.post("/units/{unit_id}/move", response_model=UnitRead, responses=WRITE_ERRORS)
async def move_unit(unit_id: int, body: MoveRequest, session: SessionDep, principal: Writer) -> UnitRead:
    return await service.move_unit(session, principal, unit_id, body)


@router.post("/units/{unit_id}/rename", response_model=UnitRead, responses=WRITE_ERRORS)
async def rename_unit(unit_id: int, body: RenameRequest, session: SessionDep, principal: Writer) -> UnitRead:
    return await service.rename_unit(session, principal, unit_id, body)


@router.post("/units/merge", response_model=UnitRead, responses=WRITE_ERRORS)
async def merge_units(body: MergeRequest, session: SessionDep, principal: Writer) -> UnitRead:
    return await service.merge_units(session, principal, body)


@router.post("/units/{unit_id}/split", response_model=list[UnitRead], responses=WRITE_ERRORS)
async def split_unit(unit_id: int, body: SplitRequest, session: SessionDep, principal: Writer) -> list[UnitRead]:
    return await service.split_unit(session, principal, unit_id, body)


@router.post("/units/{unit_id}/dissolve", response_model=UnitRead, responses=WRITE_ERRORS)
async def dissolve_unit(unit_id: int, body: DissolveRequest, session: SessionDep, principal: Writer) -> UnitRead:
    return await service.dissolve_unit(session, principal, unit_id, body)


@router.get("/units/{unit_id}/finances", response_model=UnitFinanceList, responses=problem_responses(404))
async def list_finances(unit_id: PathId, session: SessionDep, principal: Reader) -> UnitFinanceList:
    """The unit's own regular operating funds per fiscal year (kinh phí hoạt động thường xuyên), newest first."""
    return await finance.list_finances(session, principal, unit_id)


@router.post("/units/{unit_id}/finances", response_model=UnitFinanceRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(404, 409))
async def record_finance(unit_id: PathId, body: UnitFinanceCreate, session: SessionDep,
                         principal: CurrentPrincipal, response: Response) -> UnitFinanceRead:
    """Record a year's regular funds (`units:write`, or `units:facts` on the unit itself)."""
    row = await finance.record_finance(session, principal, unit_id, body)
    set_etag(response, row.version)
    return row


@router.get("/units/{unit_id}/finances/{year}", response_model=UnitFinanceRead, responses=problem_responses(404))
async def get_finance(unit_id: PathId, year: Annotated[int, Path(ge=1900, le=2999)], session: SessionDep,
                      principal: Reader, response: Response) -> UnitFinanceRead:
    row = await finance.get_finance(session, principal, unit_id, year)
    set_etag(response, row.version)
    return row


@router.patch("/units/{unit_id}/finances/{year}", response_model=UnitFinanceRead,
              responses=problem_responses(404, 412, 428))
async def correct_finance(unit_id: PathId, year: Annotated[int, Path(ge=1900, le=2999)], body: UnitFinanceUpdate,
                          request: Request, session: SessionDep, principal: CurrentPrincipal,
                          response: Response) -> UnitFinanceRead:
    row = await finance.correct_finance(session, principal, unit_id, year, expected_version(request), body)
    set_etag(response, row.version)
    return row


@router.get("/units/{unit_id}/history", response_model=UnitHistory, responses=problem_responses(404))
async def unit_history(unit_id: int, session: SessionDep, principal: Reader) -> UnitHistory:
    return await service.unit_history(session, principal, unit_id)


@router.get("/data-quality/abolished-unit-types", response_model=AbolishedTypePage, tags=["data-quality"],
            responses=problem_responses(404),
            summary="Units alive after 1/7/2025 whose type the rules in force no longer allow (D10)")
async def abolished_unit_types(session: SessionDep, principal: Reader,
                               within: Annotated[int | None, Query(description="Only this unit's subtree")] = None,
                               cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> AbolishedTypePage:
    return await service.abolished_unit_types(session, principal, within=within, cursor=cursor, limit=limit)
