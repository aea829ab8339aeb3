"""Access tokens: short-lived ES256 JWTs with RFC 9068 claims (mã truy cập)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.keys import current_signing_key, key_provider
from app.core.config import get_settings


@dataclass(frozen=True)
class SignedAccessToken:
    token: str
    jti: str
    expires_at: int  # epoch seconds
    expires_in: int


def sign_access_token(key: ECKey, *, subject: str, client_id: str, scope: str, ttl: int | None = None,
                      now: int | None = None) -> SignedAccessToken:
    """Sign an RFC 9068 access token with an already-loaded key (synchronous: usable inside Authlib)."""
    ttl = ttl or get_settings().access_token_ttl_seconds
    now = int(time.time()) if now is None else now
    jti = uuid.uuid4().hex
    claims = {
        "iss": key_provider.expected_issuer(),
        "aud": key_provider.expected_audience(),
        "sub": subject,
        "client_id": client_id,
        "scope": scope,
        "iat": now,
        "exp": now + ttl,
        "jti": jti,
    }
    header = {"alg": "ES256", "typ": "at+jwt", "kid": key.kid}
    return SignedAccessToken(jwt.encode(header, claims, key), jti, now + ttl, ttl)


async def issue_access_token(session: AsyncSession, *, subject: str, client_id: str, scope: str,
                             ttl: int | None = None) -> tuple[str, int]:
    """Sign an RFC 9068 access token with the current key; returns (token, expires_in)."""
    signed = sign_access_token(await current_signing_key(session), subject=subject, client_id=client_id,
                               scope=scope, ttl=ttl)
    return signed.token, signed.expires_in
