"""The access-token deny-list as seen by the verifier: revoked `jti`s, cached briefly in each process.

A revoked token stops working at once in the process that revoked it (the cache is invalidated) and within
`ttl` seconds in every other replica (the cache is reloaded from the database). The list only holds tokens
that have not expired yet, so it stays small: access tokens live minutes.
"""

from __future__ import annotations

import time

from app.auth.oauth_store import denied_jtis
from app.core.db import get_db, utcnow


class JtiDenylist:
    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._jtis: frozenset[str] | None = None
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        self._jtis = None

    async def is_revoked(self, jti: str) -> bool:
        if self._jtis is None or time.monotonic() - self._loaded_at > self.ttl_seconds:
            async with get_db().sessionmaker() as session:
                rows = await session.execute(denied_jtis(utcnow()))
                self._jtis = frozenset(r.jti for r in rows)
            self._loaded_at = time.monotonic()
        return jti in self._jtis


denylist = JtiDenylist()
