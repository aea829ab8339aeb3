"""HTTP routes of training: programmes, courses (lớp), enrolments (lượt), coverage gaps and counts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.concurrency import set_etag
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.ids import PathId, QueryId, RequiredQueryId
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires
from app.training import service
from app.training.schemas import (
    CourseCreate,
    CoursePage,
    CourseRead,
    CoverageGaps,
    CoverageRule,
    EnrolmentComplete,
    EnrolmentCreate,
    EnrolmentPage,
    EnrolmentRead,
    ProgrammeCreate,
    ProgrammeList,
    ProgrammeRead,
    Tag,
    TrainingStatistics,
)

router = APIRouter(tags=["training"], responses=problem_responses(401, 403, 404, 409, 422))
Reader = Annotated[Principal, requires("cadres:read")]
Writer = Annotated[Principal, requires("cadres:write")]
Year = Annotated[int | None, Query(ge=1950, le=2200)]


@router.get("/training-programmes", response_model=ProgrammeList)
async def list_programmes(session: SessionDep, principal: Reader, year: Year = None) -> ProgrammeList:
    return await service.list_programmes(session, principal, year=year)


@router.post("/training-programmes", response_model=ProgrammeRead, status_code=status.HTTP_201_CREATED)
async def create_programme(body: ProgrammeCreate, session: SessionDep, principal: Writer) -> ProgrammeRead:
    return await service.create_programme(session, principal, body)


@router.get("/training-courses", response_model=CoursePage)
async def list_courses(session: SessionDep, principal: Reader, tag: Tag | None = None, year: Year = None,
                       organiser_unit_id: QueryId = None, q: Annotated[str | None, Query(max_length=100)] = None,
                       cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> CoursePage:
    return await service.list_courses(session, principal, tag=tag, year=year, organiser_unit_id=organiser_unit_id,
                                      q=q, cursor=cursor, limit=limit)


@router.post("/training-courses", response_model=CourseRead, status_code=status.HTTP_201_CREATED)
async def create_course(body: CourseCreate, session: SessionDep, principal: Writer, response: Response) -> CourseRead:
    course = await service.create_course(session, principal, body)
    set_etag(response, course.version)
    return course


@router.get("/training-courses/{course_id}", response_model=CourseRead)
async def get_course(course_id: PathId, session: SessionDep, principal: Reader, response: Response) -> CourseRead:
    course = await service.get_course(session, principal, course_id)
    set_etag(response, course.version)
    return course


@router.get("/training-courses/{course_id}/enrolments", response_model=EnrolmentPage)
async def course_enrolments(course_id: PathId, session: SessionDep, principal: Reader, cursor: CursorParam = None,
                            limit: LimitParam = DEFAULT_LIMIT) -> EnrolmentPage:
    return await service.list_enrolments(session, principal, course_id=course_id, cadre_id=None, cursor=cursor,
                                         limit=limit)


@router.post("/training-courses/{course_id}/enrolments", response_model=EnrolmentRead,
             status_code=status.HTTP_201_CREATED)
async def enrol(course_id: PathId, body: EnrolmentCreate, session: SessionDep, principal: Writer,
                response: Response) -> EnrolmentRead:
    enrolment = await service.enrol(session, principal, course_id, body.cadre_id)
    set_etag(response, enrolment.version)
    return enrolment


@router.get("/enrolments/{enrolment_id}", response_model=EnrolmentRead)
async def get_enrolment(enrolment_id: PathId, session: SessionDep, principal: Reader,
                        response: Response) -> EnrolmentRead:
    enrolment = await service.get_enrolment(session, principal, enrolment_id)
    set_etag(response, enrolment.version)
    return enrolment


@router.post("/enrolments/{enrolment_id}/complete", response_model=EnrolmentRead)
async def complete(enrolment_id: PathId, body: EnrolmentComplete, session: SessionDep,
                   principal: Writer) -> EnrolmentRead:
    return await service.complete(session, principal, enrolment_id, body)


@router.get("/cadres/{cadre_id}/enrolments", response_model=EnrolmentPage)
async def cadre_enrolments(cadre_id: PathId, session: SessionDep, principal: Reader, cursor: CursorParam = None,
                           limit: LimitParam = DEFAULT_LIMIT) -> EnrolmentPage:
    return await service.list_enrolments(session, principal, course_id=None, cadre_id=cadre_id, cursor=cursor,
                                         limit=limit)


@router.get("/training/coverage-gaps", response_model=CoverageGaps)
async def coverage_gaps(session: SessionDep, principal: Reader, unit_id: RequiredQueryId, rule: CoverageRule,
                        period_start: date | None = None, period_end: date | None = None,
                        limit: LimitParam = 200) -> CoverageGaps:
    return await service.coverage_gaps(session, principal, unit_id=unit_id, rule=rule, period_start=period_start,
                                       period_end=period_end, limit=limit)


@router.get("/training/statistics", response_model=TrainingStatistics)
async def training_statistics(session: SessionDep, principal: Annotated[Principal, requires("reports:read")],
                              unit_id: RequiredQueryId, period_start: date | None = None,
                              period_end: date | None = None) -> TrainingStatistics:
    return await service.statistics(session, principal, unit_id=unit_id, period_start=period_start,
                                    period_end=period_end)
