"""Fixtures of the identity tests: the SPA client from bootstrap, a confidential client, a user."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service
from app.auth.bootstrap import SPA_CLIENT_ID, ensure_bootstrap_clients
from app.auth.models import OAuthClient
from app.org_units.models import OrgUnit
from tests.auth.helpers import SPA_REDIRECT, Account, Confidential
from tests.factories import Tree

_n = itertools.count(1)


async def unit_code(session: AsyncSession, unit_id: int) -> str:
    return (await session.execute(select(OrgUnit.code).where(OrgUnit.id == unit_id))).scalar_one()


@pytest.fixture
async def spa(session: AsyncSession, tree: Tree) -> OAuthClient:
    await ensure_bootstrap_clients(session)
    await session.commit()
    client = (await session.execute(select(OAuthClient).where(OAuthClient.client_id == SPA_CLIENT_ID))).scalar_one()
    assert SPA_REDIRECT in client.redirect_uris
    return client


async def make_account(session: AsyncSession, *, role: str, unit_id: int, password: str = "Mật-khẩu-đủ-dài-1")\
        -> Account:
    username = f"canbo{next(_n)}"
    user = await service.create_user(session, username=username, password=password, role=role,
                                     unit_code=await unit_code(session, unit_id))
    await session.commit()
    assert user.id is not None
    return Account(username, password, user.id)


@pytest.fixture
async def officer(session: AsyncSession, tree: Tree) -> Account:
    """An organisation officer of province 0."""
    return await make_account(session, role="org_officer", unit_id=tree.provinces[0])


async def make_confidential(session: AsyncSession, *, role: str, unit_id: int, scope: str | None = None,
                            grant_types: list[str] | None = None, redirect_uris: list[str] | None = None)\
        -> Confidential:
    client, secret = await service.create_client(session, name=f"Hệ thống tích hợp {next(_n)}", role=role,
                                                 unit_code=await unit_code(session, unit_id), scope=scope,
                                                 grant_types=grant_types, redirect_uris=redirect_uris)
    await session.commit()
    assert secret is not None
    return Confidential(client.client_id, secret)


@pytest.fixture
async def integration(session: AsyncSession, tree: Tree) -> Confidential:
    return await make_confidential(session, role="integration", unit_id=tree.national)
