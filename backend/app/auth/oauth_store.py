"""Storage of the authorization server's state: codes, refresh tokens and the access-token deny-list.

Synchronous functions over a SQLAlchemy `Session`: they run inside Authlib's callbacks, on the synchronous
facade of the request's `AsyncSession` (see `oauth_server.run_authlib`). Secrets are never stored: codes and
refresh tokens are kept as keyed hashes (`core.crypto.keyed_hash`). Single use and rotation are enforced with
conditional UPDATEs, so two concurrent redemptions of one code or refresh token cannot both succeed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlmodel import col

from app.auth.models import AuthorizationCode, OAuthClient, RefreshToken, RevokedToken
from app.auth.tokens import SignedAccessToken
from app.core.config import get_settings
from app.core.crypto import keyed_hash
from app.core.db import rowcount, table_of, today, utcnow

CODE_TTL = timedelta(seconds=60)
PRUNE_AFTER = timedelta(days=1)  # expired rows linger this long (reuse of a just-expired token is still seen)

codes = table_of(AuthorizationCode)
refresh_tokens = table_of(RefreshToken)
revoked = table_of(RevokedToken)
client_rows = cast(Table, sa_inspect(OAuthClient).local_table)


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_past(value: datetime | None, now: datetime | None = None) -> bool:
    return value is not None and as_utc(value) <= (now or utcnow())


def epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value, UTC)


# --- clients ---------------------------------------------------------------------------------------------

def find_client(session: Session, client_id: str) -> OAuthClient | None:
    """An active client; one whose processing agreement has expired (rule 28) gets no more tokens."""
    return session.execute(select(OAuthClient).where(
        col(OAuthClient.client_id) == client_id, col(OAuthClient.is_active).is_(True),
        or_(client_rows.c.agreement_expires_on.is_(None),
            client_rows.c.agreement_expires_on >= today()))).scalars().first()


# --- authorization codes ---------------------------------------------------------------------------------

def save_code(session: Session, *, code: str, client_id: str, user_id: int, redirect_uri: str | None, scope: str,
              code_challenge: str, code_challenge_method: str) -> None:
    now = utcnow()
    session.execute(delete(codes).where(codes.c.expires_at < now - PRUNE_AFTER))
    session.add(AuthorizationCode(
        code_hash=keyed_hash(code, "oauth_code"), client_id=client_id, user_id=user_id, redirect_uri=redirect_uri,
        scope=scope, code_challenge=code_challenge, code_challenge_method=code_challenge_method,
        expires_at=now + CODE_TTL, created_at=now))
    session.flush()


def find_code(session: Session, code: str, client_id: str) -> AuthorizationCode | None:
    return session.execute(select(AuthorizationCode).where(
        col(AuthorizationCode.code_hash) == keyed_hash(code, "oauth_code"),
        col(AuthorizationCode.client_id) == client_id)).scalars().first()


def consume_code(session: Session, code_id: int, *, family_id: str | None, access: SignedAccessToken | None) -> bool:
    """Mark a code used, once: False if someone redeemed it first."""
    result = session.execute(update(codes).where(codes.c.id == code_id, codes.c.used_at.is_(None)).values(
        used_at=utcnow(), family_id=family_id, access_jti=access.jti if access else None,
        access_expires_at=epoch(access.expires_at) if access else None))
    return rowcount(result) == 1


def revoke_code_grant(session: Session, code_id: int) -> None:
    """A code presented twice: revoke what its first redemption issued (RFC 6749 §4.1.2)."""
    row = session.get(AuthorizationCode, code_id)
    if row is None:
        return
    if row.family_id:
        revoke_family(session, row.family_id)
    if row.access_jti and row.access_expires_at is not None:
        deny_jti(session, row.access_jti, as_utc(row.access_expires_at))


# --- refresh tokens --------------------------------------------------------------------------------------

def save_refresh_token(session: Session, *, token: str, family_id: str, client_id: str, user_id: int, scope: str,
                       access: SignedAccessToken | None) -> None:
    now = utcnow()
    session.execute(delete(refresh_tokens).where(refresh_tokens.c.expires_at < now - PRUNE_AFTER))
    session.add(RefreshToken(
        token_hash=keyed_hash(token, "oauth_refresh"), family_id=family_id, client_id=client_id, user_id=user_id,
        scope=scope, issued_at=now, expires_at=now + timedelta(seconds=get_settings().refresh_token_ttl_seconds),
        access_jti=access.jti if access else None,
        access_expires_at=epoch(access.expires_at) if access else None))
    session.flush()


def find_refresh_token(session: Session, token: str) -> RefreshToken | None:
    return session.execute(select(RefreshToken).where(
        col(RefreshToken.token_hash) == keyed_hash(token, "oauth_refresh"))).scalars().first()


def rotate_refresh_token(session: Session, token_id: int) -> bool:
    """Retire a refresh token that was just exchanged, once: False if it was already used or revoked."""
    result = session.execute(update(refresh_tokens).where(
        refresh_tokens.c.id == token_id, refresh_tokens.c.rotated_at.is_(None),
        refresh_tokens.c.revoked_at.is_(None)).values(rotated_at=utcnow()))
    return rowcount(result) == 1


def unused_successors_within_grace(session: Session, row: RefreshToken) -> list[int] | None:
    """The live tokens that replaced `row`, when presenting `row` again is a lost-answer retry: it was rotated
    less than `refresh_reuse_grace_seconds` ago and nothing in its family has been used since (its successor
    never reached the client, or the client has not used it yet). None when the replay must count as reuse."""
    grace = get_settings().refresh_reuse_grace_seconds
    if row.rotated_at is None or row.revoked_at is not None or grace <= 0:
        return None
    rotated_at = as_utc(row.rotated_at)
    if is_past(rotated_at + timedelta(seconds=grace)):
        return None
    family = session.execute(select(refresh_tokens.c.id, refresh_tokens.c.rotated_at, refresh_tokens.c.revoked_at)
                             .where(refresh_tokens.c.family_id == row.family_id)).all()
    if any(r.rotated_at is not None and as_utc(r.rotated_at) > rotated_at for r in family):
        return None  # a later token was used: the successor reached someone
    live = [r.id for r in family if r.rotated_at is None and r.revoked_at is None]
    return live if len(live) <= 1 else None


def supersede(session: Session, token_ids: list[int]) -> None:
    """Retire unused successors (a grace retry replaced them) and deny-list the access tokens issued with them.
    Marked rotated and revoked: presenting one later is reuse, which revokes the family (no second grace)."""
    if not token_ids:
        return
    now = utcnow()
    rows = session.execute(select(refresh_tokens.c.access_jti, refresh_tokens.c.access_expires_at).where(
        refresh_tokens.c.id.in_(token_ids))).all()
    for jti, expires_at in rows:
        if jti and expires_at is not None and not is_past(expires_at, now):
            deny_jti(session, jti, as_utc(expires_at))
    unused = refresh_tokens.c.id.in_(token_ids) & refresh_tokens.c.rotated_at.is_(None)
    session.execute(update(refresh_tokens).where(unused).values(rotated_at=now, revoked_at=now))


def revoke_family(session: Session, family_id: str) -> int:
    """Revoke every refresh token of a family and deny-list the access tokens issued with them."""
    now = utcnow()
    rows = session.execute(select(refresh_tokens.c.access_jti, refresh_tokens.c.access_expires_at).where(
        refresh_tokens.c.family_id == family_id)).all()
    for jti, expires_at in rows:
        if jti and expires_at is not None and not is_past(expires_at, now):
            deny_jti(session, jti, as_utc(expires_at))
    result = session.execute(update(refresh_tokens).where(
        refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
    return rowcount(result)


# --- access-token deny-list ------------------------------------------------------------------------------

def deny_jti(session: Session, jti: str, expires_at: datetime) -> None:
    """Add a jti to the deny-list (idempotent); expired entries are pruned on the way."""
    now = utcnow()
    session.execute(delete(revoked).where(revoked.c.expires_at < now - PRUNE_AFTER))
    insert: Any = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(revoked).values(jti=jti, expires_at=expires_at, revoked_at=now)
                    .on_conflict_do_nothing(index_elements=["jti"]))


def is_denied(session: Session, jti: str) -> bool:
    return session.execute(select(revoked.c.jti).where(revoked.c.jti == jti)).first() is not None


def denied_jtis(now: datetime) -> Any:
    """SELECT of the jtis still worth denying (their tokens have not expired yet)."""
    return select(revoked.c.jti).where(revoked.c.expires_at > now)
