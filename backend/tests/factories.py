"""Builders for test data, going through the real services (no hand-written rows where a service exists)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import RoleGrant, UserAccount
from app.auth.tokens import issue_access_token
from app.core.security import ALL_SCOPES, Grant, Principal
from app.org_units import service as units_service
from app.org_units.schemas import UnitCreate

_seq = itertools.count(1)

SYSTEM = Principal(subject="system:test", kind="client", display_name="test system",
                   token_scopes=frozenset(ALL_SCOPES), grants=(Grant("system_admin", 0, True),))


@dataclass
class Tree:
    """national → 2 provinces → 2 districts each → 2 grassroots each (established 2020-01-01)."""

    national: int
    provinces: list[int]
    districts: list[int]  # [p0d0, p0d1, p1d0, p1d1]
    grassroots: list[int]  # two per district, same order


async def make_unit(session: AsyncSession, *, unit_type: str, parent_id: int | None, name: str | None = None,
                    code: str | None = None, established_on: date | None = date(2020, 1, 1),
                    **extra: Any) -> int:
    n = next(_seq)
    unit = await units_service.create_unit(session, SYSTEM, UnitCreate(
        code=code or f"U{n:05d}", name=name or f"Đơn vị {n}", unit_type=unit_type, parent_id=parent_id,
        established_on=established_on, **extra))
    return unit.id


async def build_tree(session: AsyncSession) -> Tree:
    national = await make_unit(session, unit_type="tong_lien_doan", parent_id=None, name="Tổng Liên đoàn",
                               established_on=date(1929, 7, 28))
    provinces, districts, grassroots = [], [], []
    for p in range(2):
        pid = await make_unit(session, unit_type="ldld_tinh", parent_id=national, name=f"LĐLĐ tỉnh {p}",
                              established_on=date(2000, 1, 1))
        provinces.append(pid)
        for d in range(2):
            did = await make_unit(session, unit_type="ldld_huyen", parent_id=pid, name=f"LĐLĐ huyện {p}-{d}",
                                  established_on=date(2005, 1, 1))
            districts.append(did)
            for g in range(2):
                grassroots.append(await make_unit(session, unit_type="cong_doan_co_so", parent_id=did,
                                                  name=f"CĐCS Công ty {p}-{d}-{g}", member_count=100,
                                                  sector="non_state"))
    await session.commit()
    return Tree(national, provinces, districts, grassroots)


@pytest.fixture
async def tree(session: AsyncSession) -> Tree:
    return await build_tree(session)


async def grant_token(session: AsyncSession, *, role: str, unit_id: int, scopes: str | None = None,
                      username: str | None = None) -> str:
    """A real ES256 access token for a new user holding `role` on `unit_id`'s subtree."""
    n = next(_seq)
    user = UserAccount(username=username or f"user{n}", password_hash="x", display_name=f"Người dùng {n}")
    session.add(user)
    await session.flush()
    session.add(RoleGrant(user_id=user.id, role=role, unit_id=unit_id))
    await session.flush()
    token, _ = await issue_access_token(session, subject=f"user:{user.id}", client_id="test",
                                        scope=scopes or " ".join(ALL_SCOPES))
    await session.commit()
    return token


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


@pytest.fixture
async def admin_headers(session: AsyncSession, tree: Tree) -> dict[str, str]:
    return bearer(await grant_token(session, role="system_admin", unit_id=tree.national))


@pytest.fixture
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs run to completion inside the submitting request, on the test's connection."""
    from app.core import jobs

    monkeypatch.setattr(jobs.runner, "inline", True)
