"""Throttles (chống dò mật khẩu, chống lạm dụng): sign-in per account and address, the token endpoint, and the
per-principal rate limit.

Sign-in attempts are stored in the database so that the throttle holds across replicas and on both databases.
- Per (account, address) pair: after `per_account` failures since the pair's last success within the window,
  each further attempt from that address waits a delay that doubles with every failure (30 s, 60 s, 120 s …,
  at most the window). The delay binds the guessing address only: the owner signing in from another address
  is never locked out (issue 14: five wrong passwords from anyone locked a leader out for 15 minutes).
- Per address: `per_ip` failures within the window, across accounts (password spraying).
A throttled attempt is refused before the password is checked, and is not recorded.

The token endpoint and the per-principal limit use the shared rate limiter (`core.ratelimit`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.auth.models import LoginAttempt, OAuthClient
from app.auth.oauth_store import as_utc
from app.core.config import Settings, get_settings
from app.core.db import table_of, utcnow
from app.core.ratelimit import RateLimited, get_limiter, per_minute
from app.core.security import Principal

attempts = table_of(LoginAttempt)
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


FIRST_DELAY_SECONDS = 30


def _progressive_wait(failures: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until the next attempt of an (account, address) pair: none below `limit` failures, then a delay
    after the latest failure that doubles with each failure past the limit, capped at the window."""
    if len(failures) < limit:
        return None
    delay = min(window.total_seconds(), FIRST_DELAY_SECONDS * 2 ** min(len(failures) - limit, 20))
    unlock_at = failures[-1] + timedelta(seconds=delay)
    wait = math.ceil((unlock_at - now).total_seconds())
    return wait if wait > 0 else None


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
        .where(attempts.c.username == account_key(username), attempts.c.ip == ip[:64],
               attempts.c.occurred_at > since)
        .order_by(attempts.c.occurred_at, attempts.c.id))).all()
    account_failures: list[datetime] = []
    for occurred_at, succeeded in account_rows:
        account_failures = [] if succeeded else [*account_failures, as_utc(occurred_at)]
    ip_failures = [as_utc(r.occurred_at) for r in (await session.execute(
        select(attempts.c.occurred_at)
        .where(attempts.c.ip == ip, attempts.c.succeeded.is_(False), attempts.c.occurred_at > since)
        .order_by(attempts.c.occurred_at))).all()]
    waits = [w for w in (_progressive_wait(account_failures, policy.per_account, policy.window, now),
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


# --- token endpoint and per-principal limits (shared limiter) -------------------------------------------------

async def check_token_failures(ip: str, client_ids: list[str]) -> None:
    """429 before any Argon2 work when this address, or one of these client ids, failed too often lately."""
    item = per_minute(get_settings().token_failures_per_minute)
    limiter = get_limiter()
    waits = [await limiter.check(item, "token-fail-ip", ip)]
    waits += [await limiter.check(item, "token-fail-client", cid[:120]) for cid in client_ids]
    real = [w for w in waits if w is not None]
    if real:
        raise RateLimited(max(real), "too many failed client authentications")


async def record_token_failures(ip: str, client_ids: list[str]) -> None:
    item = per_minute(get_settings().token_failures_per_minute)
    limiter = get_limiter()
    await limiter.hit(item, "token-fail-ip", ip)
    for cid in client_ids:
        await limiter.hit(item, "token-fail-client", cid[:120])


CLIENT_LIMIT_TTL = 60.0
_client_limits: dict[str, tuple[float, int | None]] = {}


async def _client_limit(session: AsyncSession, client_id: str) -> int | None:
    """An OAuth client's own `rate_limit_per_minute` (a column the administration API adds), cached a minute."""
    column = getattr(OAuthClient, "rate_limit_per_minute", None)
    if column is None:
        return None
    now = time.monotonic()
    cached = _client_limits.get(client_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    value = (await session.execute(select(column).where(col(OAuthClient.client_id) == client_id))).scalar()
    limit = int(value) if value else None
    _client_limits[client_id] = (now + CLIENT_LIMIT_TTL, limit)
    return limit


async def enforce_principal_limit(session: AsyncSession, principal: Principal) -> None:
    limit = get_settings().rate_limit_per_minute
    kind, _, ident = principal.subject.partition(":")
    if kind == "client":
        limit = await _client_limit(session, ident) or limit
    wait = await get_limiter().hit(per_minute(limit), "principal", principal.subject)
    if wait is not None:
        raise RateLimited(wait, "too many requests for this account or client")

