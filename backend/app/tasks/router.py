"""HTTP routes of tasks (API.md "Tasks"): work the rules raise for people to decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.core.concurrency import optional_version, set_etag
from app.core.db import SessionDep
from app.core.errors import preferred_language, problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import CurrentPrincipal
from app.tasks import service
from app.tasks.models import TaskStatus
from app.tasks.schemas import TaskPage, TaskRead, TaskResolve

router = APIRouter(tags=["tasks"], responses=problem_responses(401, 404, 422))


def _lang(request: Request) -> str:
    return preferred_language(request.headers.get("accept-language"))


@router.get("/tasks", response_model=TaskPage, summary="Tasks raised by the rules, in my scope (waiting for me)")
async def list_tasks(request: Request, session: SessionDep, principal: CurrentPrincipal,
                     status: TaskStatus | None = None,
                     kind: Annotated[str | None, Query(max_length=40)] = None,
                     within: Annotated[int | None, Query(description="Only tasks of this unit's subtree")] = None,
                     cadre_id: int | None = None,
                     cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT) -> TaskPage:
    return await service.list_tasks(session, principal, status=status, kind=kind, within=within, cadre_id=cadre_id,
                                    cursor=cursor, limit=limit, lang=_lang(request))


@router.get("/tasks/{task_id}", response_model=TaskRead)
async def get_task(task_id: int, request: Request, response: Response, session: SessionDep,
                   principal: CurrentPrincipal) -> TaskRead:
    task = await service.get_task(session, principal, task_id, _lang(request))
    set_etag(response, task.version)
    return task


@router.post("/tasks/{task_id}/resolve", response_model=TaskRead, responses=problem_responses(409, 412),
             summary="Resolve a task (done / dismissed) with a decision note; If-Match optional")
async def resolve_task(task_id: int, body: TaskResolve, request: Request, response: Response, session: SessionDep,
                       principal: CurrentPrincipal) -> TaskRead:
    task = await service.resolve_task(session, actor=principal, task_id=task_id, status=body.status, note=body.note,
                                      lang=_lang(request), expected=optional_version(request))
    set_etag(response, task.version)
    return task
