"""Issue 14: a wrong password never locks the owner out; the guessing address waits, longer each time."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from app.auth.models import LoginAttempt
from app.core.config import get_settings
from app.core.db import utcnow
from tests.auth.conftest import make_account
from tests.auth.test_sign_in import _submit
from tests.factories import Tree


def _client_at(app, ip: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 40000)), base_url="http://testserver")


async def test_rule_sign_in_delay_binds_the_guessing_address_not_the_owner(app, spa, session, tree: Tree):
    owner = await make_account(session, role="approver", unit_id=tree.national)
    limit = get_settings().login_max_failures_per_account
    async with _client_at(app, "203.0.113.66") as attacker, _client_at(app, "192.0.2.10") as office:
        for _ in range(limit):
            assert (await _submit(attacker, spa, owner.username, "guess")).status_code == 200
        first = await _submit(attacker, spa, owner.username, owner.password)
        assert first.status_code == 429
        assert 0 < int(first.headers["retry-after"]) <= 30
        # the leader, from the office, is not locked out
        assert (await _submit(office, spa, owner.username, owner.password)).status_code == 302
        # when the delay has passed, one more wrong guess doubles it
        await session.execute(update(LoginAttempt).values(occurred_at=utcnow() - timedelta(seconds=31)))
        await session.commit()
        assert (await _submit(attacker, spa, owner.username, "guess")).status_code == 200
        second = await _submit(attacker, spa, owner.username, owner.password)
        assert second.status_code == 429 and 30 < int(second.headers["retry-after"]) <= 60
        failures = (await session.execute(select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.succeeded.is_(False)))).scalar()
        assert failures == limit + 1  # throttled attempts are not recorded


