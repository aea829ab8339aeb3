"""Rate limits (giới hạn tần suất) with the `limits` library: on Redis when `CADRE_REDIS_URL` is set (counters
shared by every replica), in process memory otherwise.

- per client address, on every API and OAuth request (`rate_limit_per_ip_per_minute`), by a middleware;
- per principal — a user, or an OAuth client with its own `rate_limit_per_minute` — once the token is verified
  (see `auth.throttle.enforce_principal_limit`, called for every request by `core.security.get_principal`);
- failed client authentications at the token endpoint (`auth.throttle`).

Exceeding a limit is 429 problem+json with `Retry-After`. If the shared store is unreachable the request is let
through (fail open, logged): rate limiting must not turn a Redis outage into an API outage.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import structlog
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.config import Settings, get_settings
from app.core.errors import AppError, problem_response

log = structlog.get_logger(__name__)

LIMITED_PREFIXES = ("/api/", "/oauth/")


class RateLimited(AppError):
    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__("rate_limited", 429, detail, headers={"Retry-After": str(max(1, retry_after))})


@dataclass
class Limiter:
    storage: Storage
    strategy: MovingWindowRateLimiter

    async def hit(self, item: RateLimitItem, *key: str) -> int | None:
        """Count one request; None when allowed, else the seconds until the window lets one more through."""
        try:
            if await self.strategy.hit(item, *key):
                return None
            stats = await self.strategy.get_window_stats(item, *key)
        except Exception as exc:  # noqa: BLE001 - the store is down: fail open
            log.warning("rate_limit_store_unavailable", error=type(exc).__name__)
            return None
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def check(self, item: RateLimitItem, *key: str) -> int | None:
        """Like `hit` without counting: for counters that only failures increase."""
        try:
            if await self.strategy.test(item, *key):
                return None
            stats = await self.strategy.get_window_stats(item, *key)
        except Exception as exc:  # noqa: BLE001
            log.warning("rate_limit_store_unavailable", error=type(exc).__name__)
            return None
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def reset(self) -> None:
        await self.storage.reset()


_limiter: Limiter | None = None


def make_limiter(settings: Settings) -> Limiter:
    storage: Storage
    if settings.redis_url:
        url = settings.redis_url
        if url.startswith(("redis://", "rediss://")):
            url = "async+" + url
        built = storage_from_string(url)  # async+redis:// → limits' asyncio Redis storage (coredis)
        if not isinstance(built, Storage):
            raise ValueError(f"CADRE_REDIS_URL must name an asyncio storage, got {type(built).__name__}")
        storage = built
    else:
        storage = MemoryStorage()
    return Limiter(storage, MovingWindowRateLimiter(storage))


def get_limiter() -> Limiter:
    global _limiter
    if _limiter is None:
        _limiter = make_limiter(get_settings())
    return _limiter


def set_limiter(limiter: Limiter | None) -> None:
    global _limiter
    _limiter = limiter


def per_minute(n: int) -> RateLimitItem:
    return RateLimitItemPerMinute(max(1, n))


def client_address(scope: Scope) -> str:
    """The caller's address as the server sees it: uvicorn replaces it from X-Forwarded-For only for the proxies
    listed in `CADRE_TRUSTED_PROXIES` (`forwarded_allow_ips`); the header itself is never read here."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class IpRateLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        wait = await get_limiter().hit(per_minute(settings.rate_limit_per_ip_per_minute), "ip",
                                       client_address(scope))
        if wait is not None:
            response = problem_response(Request(scope), "rate_limited", 429, detail="too many requests from "
                                        "this address", headers={"Retry-After": str(wait)})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
