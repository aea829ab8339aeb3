"""HTTP routes of cadre records (API.md "Cadres"). Responses with personal data are `no-store`
(core/privacy.py) and leave out sensitive keys the caller may not see (`response_model_exclude_unset`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile, status

from app.cadres import service
from app.cadres.models import EducationLevel, Employment, Gender, PoliticalTheory
from app.cadres.schemas import (
    CadreCreate,
    CadrePage,
    CadreRead,
    CadreUpdate,
    DocumentRead,
    EmploymentCreate,
    EmploymentList,
    EmploymentRead,
    FamilyList,
    FamilyMemberCreate,
    FamilyMemberRead,
    QualificationCreate,
    QualificationList,
    QualificationRead,
)
from app.core.concurrency import expected_version, set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.terms.models import BodyKind

router = APIRouter(tags=["cadres"], responses=problem_responses(401, 403, 404, 422))

Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]


def cadre_filters(
    within: Annotated[int | None, Query(description="A unit: its subtree's cadres")] = None,
    unit_id: Annotated[int | None, Query(description="Cadres whose home unit is exactly this one")] = None,
    gender: Gender | None = None,
    employment: Employment | None = None,
    party_member: Annotated[bool | None, Query(description="Needs cadres:read_sensitive")] = None,
    ethnic_minority: Annotated[bool | None, Query(description="Needs cadres:read_sensitive")] = None,
    age_min: Annotated[int | None, Query(ge=0, le=120)] = None,
    age_max: Annotated[int | None, Query(ge=0, le=120)] = None,
    education_level: EducationLevel | None = None,
    political_theory: PoliticalTheory | None = None,
    position_code: Annotated[str | None, Query(max_length=40, description="Holds this post on as_of")] = None,
    body: BodyKind | None = None,
    term_id: int | None = None,
    has_certificate: Annotated[bool | None, Query(description="Holds the union professional certificate")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Accent-insensitive name search")] = None,
    as_of: Annotated[date | None, Query(description="Date for ages and posts held (default today)")] = None,
    retiring_by: Annotated[date | None, Query(description="Not yet retired on as_of, retired by this date "
                                              "(retirement_on in (as_of, retiring_by])")] = None,
) -> service.CadreFilters:
    """The cadre filters as query parameters — one definition for the list and its Excel export."""
    return service.CadreFilters(within=within, unit_id=unit_id, gender=gender, employment=employment,
                                party_member=party_member, ethnic_minority=ethnic_minority, age_min=age_min,
                                age_max=age_max, education_level=education_level, political_theory=political_theory,
                                position_code=position_code, body=body, term_id=term_id,
                                has_certificate=has_certificate, q=q, as_of=as_of, retiring_by=retiring_by)


Filters = Annotated[service.CadreFilters, Depends(cadre_filters)]


@router.get("/cadres", response_model=CadrePage, response_model_exclude_unset=True)
async def list_cadres(session: SessionDep, principal: Reader, filters: Filters, cursor: CursorParam = None,
                      limit: LimitParam = DEFAULT_LIMIT) -> CadrePage:
    return await service.list_cadres(session, principal, filters, cursor=cursor, limit=limit)


@router.post("/cadres", response_model=CadreRead, response_model_exclude_unset=True,
             status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
async def create_cadre(body: CadreCreate, session: SessionDep, principal: Writer, response: Response) -> CadreRead:
    cadre = await service.create_cadre(session, principal, body)
    response.headers["Location"] = f"/api/v1/cadres/{cadre.id}"
    set_etag(response, cadre.version)
    return cadre


@router.get("/cadres/{cadre_id}", response_model=CadreRead, response_model_exclude_unset=True)
async def get_cadre(cadre_id: int, session: SessionDep, principal: Reader, response: Response,
                    purpose: Annotated[str | None, Query(max_length=300, description="Why (access log)")] = None,
                    sensitive: Annotated[bool, Query(
                        description="false: leave the sensitive keys out and log a plain detail read (the SPA "
                                    "shows them only when the user asks; that request is logged as sensitive)")
                    ] = True) -> CadreRead:
    cadre = await service.get_cadre(session, principal, cadre_id, purpose=purpose, reveal=sensitive)
    set_etag(response, cadre.version)
    return cadre


@router.patch("/cadres/{cadre_id}", response_model=CadreRead, response_model_exclude_unset=True,
              responses=problem_responses(409, 412, 428))
async def update_cadre(cadre_id: int, body: CadreUpdate, request: Request, session: SessionDep, principal: Writer,
                       response: Response) -> CadreRead:
    cadre = await service.update_cadre(session, principal, cadre_id, expected_version(request), body)
    set_etag(response, cadre.version)
    return cadre


@router.delete("/cadres/{cadre_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses=problem_responses(404, 412, 428))
async def delete_cadre(cadre_id: int, request: Request, session: SessionDep, principal: Writer) -> Response:
    await service.delete_cadre(session, principal, cadre_id, expected_version(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/cadres/{cadre_id}/qualifications", response_model=QualificationList)
async def list_qualifications(cadre_id: int, session: SessionDep, principal: Reader) -> QualificationList:
    return await service.list_qualifications(session, principal, cadre_id)


@router.post("/cadres/{cadre_id}/qualifications", response_model=QualificationRead,
             status_code=status.HTTP_201_CREATED)
async def add_qualification(cadre_id: int, body: QualificationCreate, session: SessionDep,
                            principal: Writer) -> QualificationRead:
    return await service.add_qualification(session, principal, cadre_id, body)


@router.get("/cadres/{cadre_id}/employment", response_model=EmploymentList)
async def list_employment(cadre_id: int, session: SessionDep, principal: Reader) -> EmploymentList:
    return await service.list_employment(session, principal, cadre_id)


@router.post("/cadres/{cadre_id}/employment", response_model=EmploymentRead, status_code=status.HTTP_201_CREATED)
async def add_employment(cadre_id: int, body: EmploymentCreate, session: SessionDep,
                         principal: Writer) -> EmploymentRead:
    return await service.add_employment(session, principal, cadre_id, body)


@router.get("/cadres/{cadre_id}/family", response_model=FamilyList)
async def list_family(cadre_id: int, session: SessionDep, principal: Reader) -> FamilyList:
    return await service.list_family(session, principal, cadre_id)


@router.post("/cadres/{cadre_id}/family", response_model=FamilyMemberRead, status_code=status.HTTP_201_CREATED)
async def add_family_member(cadre_id: int, body: FamilyMemberCreate, session: SessionDep,
                            principal: Writer) -> FamilyMemberRead:
    return await service.add_family_member(session, principal, cadre_id, body)


@router.post("/cadres/{cadre_id}/documents", response_model=DocumentRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(413))
async def upload_document(cadre_id: int, session: SessionDep, principal: Writer,
                          file: Annotated[UploadFile, File(description="PDF, JPEG or PNG, at most 5 MB")]
                          ) -> DocumentRead:
    content = await file.read(service.MAX_DOCUMENT_BYTES + 1)
    return await service.add_document(session, principal, cadre_id, filename=file.filename or "document",
                                      content_type=file.content_type or "", content=content)


@router.get("/documents/{document_id}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}})
async def download_document(document_id: int, session: SessionDep, principal: Reader) -> Response:
    doc = await service.get_document(session, principal, document_id)
    return Response(doc.content, media_type=doc.content_type, headers={
        "Content-Disposition": f'attachment; filename="document-{doc.id}"', "Cache-Control": "no-store"})
