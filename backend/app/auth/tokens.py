"""Access tokens: short-lived ES256 JWTs with RFC 9068 claims."""

from __future__ import annotations

import time
import uuid

from joserfc import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.keys import current_signing_key, key_provider
from app.core.config import get_settings


async def issue_access_token(session: AsyncSession, *, subject: str, client_id: str, scope: str,
                             ttl: int | None = None) -> tuple[str, int]:
    """Sign an RFC 9068 access token; returns (token, expires_in)."""
    settings = get_settings()
    ttl = ttl or settings.access_token_ttl_seconds
    key = await current_signing_key(session)
    now = int(time.time())
    claims = {
        "iss": key_provider.expected_issuer(),
        "aud": key_provider.expected_audience(),
        "sub": subject,
        "client_id": client_id,
        "scope": scope,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    header = {"alg": "ES256", "typ": "at+jwt", "kid": key.kid}
    return jwt.encode(header, claims, key), ttl
