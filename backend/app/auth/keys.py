"""Signing keys of the embedded authorization server (joserfc), and the JWKS they publish.

The current key signs; retired keys stay published until their last token expires, so rotating the key
logs nobody out.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta

from joserfc.jwk import ECKey, KeySet
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.auth.models import SigningKey
from app.core import crypto
from app.core.config import get_settings
from app.core.db import get_db, utcnow

_CACHE_SECONDS = 60


class EmbeddedKeyProvider:
    """KeyProvider for tokens this server issued; keys come from the database, cached briefly."""

    algorithms = ("ES256",)
    require_at_jwt = True  # every token we issue is an RFC 9068 access token

    def __init__(self) -> None:
        self._keyset: KeySet | None = None
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        self._keyset = None

    async def keyset(self, kid: str | None, *, refresh: bool = False) -> KeySet:
        if refresh or self._keyset is None or time.monotonic() - self._loaded_at > _CACHE_SECONDS:
            async with get_db().sessionmaker() as session:
                self._keyset = await public_keyset(session)
            self._loaded_at = time.monotonic()
        return self._keyset

    def expected_issuer(self) -> str:
        return get_settings().base_url

    def expected_audience(self) -> str | None:
        return get_settings().base_url + "/api"


key_provider = EmbeddedKeyProvider()


def _publishable(session_rows: list[SigningKey]) -> list[SigningKey]:
    horizon = utcnow() - timedelta(seconds=get_settings().access_token_ttl_seconds + 60)
    out = []
    for row in session_rows:
        retired = row.retired_at
        if retired is not None and retired.tzinfo is None:
            retired = retired.replace(tzinfo=horizon.tzinfo)
        if retired is None or retired > horizon:
            out.append(row)
    return out


async def public_keyset(session: AsyncSession) -> KeySet:
    rows = list((await session.execute(select(SigningKey))).scalars())
    return KeySet([ECKey.import_key(r.public_jwk) for r in _publishable(rows)])


async def jwks(session: AsyncSession) -> dict[str, object]:
    rows = list((await session.execute(select(SigningKey))).scalars())
    return {"keys": [{**r.public_jwk, "use": "sig", "alg": "ES256"} for r in _publishable(rows)]}


async def current_signing_key(session: AsyncSession) -> ECKey:
    row = (await session.execute(select(SigningKey).where(col(SigningKey.is_current).is_(True)))).scalars().first()
    if row is None:
        row = await rotate(session)
    return ECKey.import_key(json.loads(crypto.decrypt(row.private_jwk)))


async def rotate(session: AsyncSession) -> SigningKey:
    """Make a new current key; the previous one is retired but stays in the JWKS for one token lifetime."""
    kid = uuid.uuid4().hex[:16]
    key = ECKey.generate_key("P-256", parameters={"kid": kid})
    await session.execute(
        update(SigningKey).where(col(SigningKey.is_current).is_(True)).values(is_current=False, retired_at=utcnow())
    )
    row = SigningKey(
        kid=kid,
        private_jwk=crypto.encrypt(json.dumps(key.as_dict(private=True))),
        public_jwk=key.as_dict(private=False),
        is_current=True,
    )
    session.add(row)
    await session.flush()
    key_provider.invalidate()
    return row
