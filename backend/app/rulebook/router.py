"""HTTP routes of the rulebook: versioned rule settings and title standards (system admin edits)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.core.security import CurrentPrincipal, Principal, requires
from app.rulebook import service
from app.rulebook.schemas import (
    RuleSettingCreate,
    RuleSettingList,
    RuleSettingRead,
    TitleStandardBody,
    TitleStandardList,
    TitleStandardRead,
)

router = APIRouter(tags=["configuration"], responses=problem_responses(401, 403, 404, 422))
Admin = Annotated[Principal, requires("admin")]


@router.get("/rule-settings", response_model=RuleSettingList)
async def list_rule_settings(session: SessionDep, _: CurrentPrincipal) -> RuleSettingList:
    return await service.list_settings(session)


@router.post("/rule-settings", response_model=RuleSettingRead, status_code=status.HTTP_201_CREATED,
             responses=problem_responses(409))
async def create_rule_setting(body: RuleSettingCreate, session: SessionDep, principal: Admin) -> RuleSettingRead:
    return await service.new_version(session, principal, body)


@router.get("/title-standards", response_model=TitleStandardList)
async def list_title_standards(session: SessionDep, _: CurrentPrincipal) -> TitleStandardList:
    return await service.list_title_standards(session)


@router.put("/title-standards", response_model=TitleStandardRead)
async def put_title_standard(body: TitleStandardBody, session: SessionDep, principal: Admin) -> TitleStandardRead:
    return await service.put_title_standard(session, principal, body)
