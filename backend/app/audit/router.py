"""Routes of the audit trail and the access log. Thin: parse, authorise, call the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service
from app.audit.schemas import AccessPage, AuditPage
from app.core.access_log import AccessCategory
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.security import Principal, requires

router = APIRouter(tags=["audit"], responses=problem_responses(401, 403, 404, 422))

AuditReader = Annotated[Principal, requires(service.AUDIT_READ)]
AccessLogReader = Annotated[Principal, requires(service.ACCESS_LOG_READ)]
Text = Annotated[str | None, Query(max_length=120)]


@router.get("/audit-log", response_model=AuditPage, summary="Audit trail of changes, newest first")
async def list_audit_log(
    session: SessionDep,
    principal: AuditReader,
    unit_id: Annotated[int | None, Query(description="Changes recorded against this unit")] = None,
    within: Annotated[int | None, Query(description="Changes recorded against this unit or any below it")] = None,
    entity_type: Text = None,
    entity_id: Text = None,
    actor: Text = None,
    action: Text = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> AuditPage:
    filters = service.AuditFilters(unit_id=unit_id, within=within, entity_type=entity_type, entity_id=entity_id,
                                   actor=actor, action=action)
    return await service.list_audit(session, principal, filters, cursor=cursor, limit=limit)


@router.get("/access-log", response_model=AccessPage, summary="Who read which personal data, newest first")
async def list_access_log(
    session: SessionDep,
    principal: AccessLogReader,
    unit_id: Annotated[int | None, Query(description="Reads of data belonging to this unit")] = None,
    within: Annotated[int | None, Query(description="Reads of data of this unit or any below it")] = None,
    actor: Text = None,
    subject_type: Text = None,
    subject_id: Text = None,
    category: Annotated[AccessCategory | None, Query()] = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> AccessPage:
    filters = service.AccessFilters(unit_id=unit_id, within=within, actor=actor, subject_type=subject_type,
                                    subject_id=subject_id, category=category)
    return await service.list_access(session, principal, filters, cursor=cursor, limit=limit)
