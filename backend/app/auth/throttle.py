"""Login throttling (chống dò mật khẩu) per account and per client IP, stored in the database so that it holds
across replicas and on both PostgreSQL and SQLite.

An account is locked after `per_account` failures since its last success within the window; an IP address
after `per_ip` failures within the window. A locked attempt is refused before the password is even checked,
and is not recorded, so the lock lifts when the oldest counted failure leaves the window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import LoginAttempt
from app.auth.oauth_store import as_utc
from app.core.config import Settings
from app.core.db import utcnow

attempts = LoginAttempt.__table__  # type: ignore[attr-defined]
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int
    per_ip: int
    window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> ThrottlePolicy:
        return cls(settings.login_max_failures_per_account, settings.login_max_failures_per_ip,
                   timedelta(seconds=settings.login_window_seconds))


def account_key(username: str) -> str:
    return username.strip().lower()[:120]


def _wait(failures: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until fewer than `limit` failures remain in the window (None: not locked)."""
    if len(failures) < limit:
        return None
    unlock_at = failures[len(failures) - limit] + window
    return max(1, math.ceil((unlock_at - now).total_seconds()))


async def retry_after(session: AsyncSession, policy: ThrottlePolicy, *, username: str, ip: str,
                      now: datetime | None = None) -> int | None:
    """Seconds the caller must wait before trying to sign in again, or None if allowed now."""
    now = now or utcnow()
    since = now - policy.window
    account_rows = (await session.execute(
        select(attempts.c.occurred_at, attempts.c.succeeded)
        .where(attempts.c.username == account_key(username), attempts.c.occurred_at > since)
        .order_by(attempts.c.occurred_at, attempts.c.id))).all()
    account_failures: list[datetime] = []
    for occurred_at, succeeded in account_rows:
        account_failures = [] if succeeded else [*account_failures, as_utc(occurred_at)]
    ip_failures = [as_utc(r.occurred_at) for r in (await session.execute(
        select(attempts.c.occurred_at)
        .where(attempts.c.ip == ip, attempts.c.succeeded.is_(False), attempts.c.occurred_at > since)
        .order_by(attempts.c.occurred_at))).all()]
    waits = [w for w in (_wait(account_failures, policy.per_account, policy.window, now),
                         _wait(ip_failures, policy.per_ip, policy.window, now)) if w is not None]
    return max(waits) if waits else None


async def record_attempt(session: AsyncSession, *, username: str, ip: str, succeeded: bool,
                         totp_step: int | None = None) -> None:
    now = utcnow()
    if not succeeded:
        await session.execute(delete(attempts).where(attempts.c.occurred_at < now - KEEP))
    await session.execute(insert(attempts).values(occurred_at=now, username=account_key(username), ip=ip[:64],
                                                  succeeded=succeeded, totp_step=totp_step))


async def last_totp_step(session: AsyncSession, username: str) -> int | None:
    """The TOTP step of the account's latest successful second factor: codes up to it are spent."""
    return (await session.execute(
        select(attempts.c.totp_step)
        .where(attempts.c.username == account_key(username), attempts.c.totp_step.is_not(None))
        .order_by(attempts.c.totp_step.desc()).limit(1))).scalar()
