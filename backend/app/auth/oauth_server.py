"""Embedded OAuth 2 authorization server (máy chủ cấp quyền) built on Authlib's framework-agnostic grants.

Grants: authorization code with PKCE (S256 only, required), refresh token (rotated on every use; reuse of a
rotated token revokes its family), client credentials. Endpoints: RFC 7009 revocation, RFC 7662 introspection.
No password grant, no implicit grant: they are simply never registered.

Authlib calls back synchronously; the database is async. The bridge (docs/decisions/002-authlib-async-bridge.md):
1. before Authlib runs, do everything async or CPU-heavy: read the form, load the signing key, verify client
   secrets with Argon2 in a worker thread (`prepare_context`);
2. run Authlib inside `AsyncSession.run_sync`, whose synchronous `Session` shares the request's connection and
   transaction, within a SAVEPOINT that is rolled back if Authlib answers with an error (`run_authlib`);
3. afterwards apply the security reactions that must outlive an error answer, e.g. revoking a refresh-token
   family whose rotated token was replayed (`_after_authlib`).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

import anyio
import structlog
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, ClientCredentialsGrant, RefreshTokenGrant
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7636.challenge import compare_s256_code_challenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col
from starlette.responses import Response

from app.auth import keys
from app.auth import oauth_store as store
from app.auth.models import OAuthClient, RoleGrant, UserAccount
from app.auth.oauth_models import AccessTokenView, Client, Code, OAuthContext, RefreshTokenView, Token
from app.auth.oauth_request import StarletteOAuth2Request
from app.auth.service import password_hash
from app.auth.tokens import sign_access_token
from app.core import audit
from app.core.db import pk, today
from app.core.errors import Unauthorized
from app.core.security import ALL_SCOPES, ROLE_PERMISSIONS, decode_token, registry

log = structlog.get_logger(__name__)
T = TypeVar("T")

CONFIDENTIAL = ["client_secret_basic", "client_secret_post"]
ANY_CLIENT = [*CONFIDENTIAL, "none"]


# --- grants ----------------------------------------------------------------------------------------------

class PkceS256(CodeChallenge):
    """RFC 7636 with S256 only, and required for every authorization request (RFC 9700 §2.1.1)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    CODE_CHALLENGE_METHODS = {"S256": compare_s256_code_challenge}

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is supported")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ANY_CLIENT

    @property
    def ctx(self) -> OAuthContext:
        return self.server.ctx

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        scope = user_scope(self.ctx.db, request.user.id, request.scope or "")
        store.save_code(self.ctx.db, code=code, client_id=request.client.client_id, user_id=request.user.id,
                        redirect_uri=request.payload.redirect_uri, scope=scope,
                        code_challenge=data["code_challenge"], code_challenge_method=data["code_challenge_method"])

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        row = store.find_code(self.ctx.db, code, client.client_id)
        if row is None:
            return None
        if row.used_at is not None:  # presented twice: the first redemption's tokens are revoked afterwards
            self.ctx.reused_code_id = row.id
            return None
        return None if store.is_past(row.expires_at) else Code(row)

    def delete_authorization_code(self, authorization_code: Code) -> None:
        if not store.consume_code(self.ctx.db, pk(authorization_code.row), family_id=self.ctx.family_id,
                                  access=self.ctx.issued):
            raise InvalidGrantError("The authorization code was already used.")

    def authenticate_user(self, authorization_code: Code) -> UserAccount | None:
        return _active_user(self.ctx.db, authorization_code.row.user_id)


class RefreshGrant(RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ANY_CLIENT
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation on every use

    @property
    def ctx(self) -> OAuthContext:
        return self.server.ctx

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshTokenView | None:
        row = store.find_refresh_token(self.ctx.db, refresh_token)
        if row is None:
            return None
        if row.rotated_at is not None:
            successors = store.unused_successors_within_grace(self.ctx.db, row)
            if successors is None:  # reuse of a rotated token: revoke the whole family afterwards
                self.ctx.reused_family = row.family_id
                return None
            self.ctx.superseded_ids = successors  # the client lost the answer: answer again, retire the lost pair
        if row.revoked_at is not None or store.is_past(row.expires_at):
            return None
        if _active_user(self.ctx.db, row.user_id) is None:
            return None
        self.ctx.family_id = row.family_id
        return RefreshTokenView(row)

    def authenticate_user(self, refresh_token: RefreshTokenView) -> UserAccount | None:
        return _active_user(self.ctx.db, refresh_token.row.user_id)

    def revoke_old_credential(self, refresh_token: RefreshTokenView) -> None:
        if self.ctx.superseded_ids is not None:  # already rotated; the unused pair it was rotated to goes instead
            store.supersede(self.ctx.db, self.ctx.superseded_ids)
            self.ctx.denylist_changed = True
            log.info("oauth.refresh_retry_within_grace", family_id=refresh_token.row.family_id)
            return
        if not store.rotate_refresh_token(self.ctx.db, pk(refresh_token.row)):  # a concurrent use won the race
            self.ctx.reused_family = refresh_token.row.family_id
            raise InvalidGrantError("The refresh token was already used.")


class ClientCredentials(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CONFIDENTIAL


def user_scope(session: Session, user_id: int, requested: str) -> str:
    """The requested scopes the user's roles allow: an app may ask for every scope (the SPA does) and gets
    only what the person may do. API scopes outside every role the user holds today (or later) are dropped;
    protocol scopes (openid, offline_access, ...) pass through. The client's own limit applied before."""
    valid_to = col(RoleGrant.valid_to)
    roles = set(session.execute(select(col(RoleGrant.role)).where(
        col(RoleGrant.user_id) == user_id, or_(valid_to.is_(None), valid_to > today()))).scalars())
    permitted = frozenset().union(*(ROLE_PERMISSIONS.get(r, frozenset()) for r in roles))
    kept = [s for s in dict.fromkeys(scope_to_list(requested) or []) if s not in ALL_SCOPES or s in permitted]
    return " ".join(kept)


def _active_user(session: Session, user_id: int) -> UserAccount | None:
    user = session.get(UserAccount, user_id)
    return user if user is not None and user.is_active else None


# --- revocation and introspection ------------------------------------------------------------------------

def find_token(ctx: OAuthContext, value: str, hint: str | None) -> Token | None:
    """A JWT access token of ours (signature and claims verified) or a refresh token, whichever it is."""
    lookups = [_find_refresh_token, _find_access_token]
    if hint != "refresh_token":
        lookups.reverse()
    for lookup in lookups:
        token = lookup(ctx, value)
        if token is not None:
            return token
    return None


def _find_access_token(ctx: OAuthContext, value: str) -> AccessTokenView | None:
    if value.count(".") != 2 or ctx.verification_keys is None:
        return None
    try:
        claims = decode_token(value, ctx.verification_keys, keys.key_provider)
    except Unauthorized:
        return None  # not ours, tampered with or expired: inactive
    jti = claims.get("jti")
    return AccessTokenView(claims, revoked=bool(jti) and store.is_denied(ctx.db, str(jti)))


def _find_refresh_token(ctx: OAuthContext, value: str) -> RefreshTokenView | None:
    row = store.find_refresh_token(ctx.db, value)
    return RefreshTokenView(row) if row is not None else None


class Revocation(RevocationEndpoint):
    """RFC 7009. Public clients may revoke their own tokens (sign-out)."""

    CLIENT_AUTH_METHODS = ANY_CLIENT

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return find_token(self.server.ctx, token_string, token_type_hint)

    def revoke_token(self, token: Token, request: Any) -> None:
        token.revoke(self.server.ctx)


class Introspection(IntrospectionEndpoint):
    """RFC 7662, for confidential clients: their own tokens, or any token for a client holding `admin`."""

    CLIENT_AUTH_METHODS = CONFIDENTIAL

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return find_token(self.server.ctx, token_string, token_type_hint)

    def check_permission(self, token: Token, client: Client, request: Any) -> bool:
        return token.check_client(client) or "admin" in client.allowed_scopes

    def introspect_token(self, token: Token) -> dict[str, Any]:
        return token.introspection()


# --- the server ------------------------------------------------------------------------------------------

class CadreAuthorizationServer(AuthorizationServer):
    """One per request: cheap to build, and it carries that request's context to every callback."""

    def __init__(self, ctx: OAuthContext) -> None:
        super().__init__(scopes_supported=None)  # scope policy: Client.get_allowed_scope
        self.ctx = ctx
        self.register_grant(CodeGrant, [PkceS256(required=True)])
        self.register_grant(RefreshGrant)
        self.register_grant(ClientCredentials)
        self.register_endpoint(Revocation)
        self.register_endpoint(Introspection)

    def query_client(self, client_id: str) -> Client | None:
        row = store.find_client(self.ctx.db, client_id)
        return Client(row, self.ctx) if row is not None else None

    def generate_token(self, grant_type: str, client: Client, user: UserAccount | None = None,
                       scope: str | None = None, expires_in: int | None = None,
                       include_refresh_token: bool = True) -> dict[str, Any]:
        granted = client.get_allowed_scope(scope)
        if granted is None:
            raise InvalidScopeError()
        subject = f"user:{user.id}" if user is not None else f"client:{client.client_id}"
        assert self.ctx.signing_key is not None
        signed = sign_access_token(self.ctx.signing_key, subject=subject, client_id=client.client_id, scope=granted)
        self.ctx.issued = signed
        token: dict[str, Any] = {"access_token": signed.token, "token_type": "Bearer",
                                 "expires_in": signed.expires_in, "scope": granted}
        if include_refresh_token and user is not None:
            token["refresh_token"] = secrets.token_urlsafe(32)
        return token

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        if "refresh_token" not in token:
            return
        self.ctx.family_id = self.ctx.family_id or uuid.uuid4().hex
        store.save_refresh_token(self.ctx.db, token=token["refresh_token"], family_id=self.ctx.family_id,
                                 client_id=request.client.client_id, user_id=request.user.id,
                                 scope=token["scope"], access=self.ctx.issued)

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        return request  # already a StarletteOAuth2Request

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError("no JSON endpoints")

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        if isinstance(body, dict) and body.get("error") == "invalid_client":
            # One answer for an unknown client and a wrong secret: the description must not say which.
            body = {**body, "error_description": "Client authentication failed."}
        content = json.dumps(body).encode() if isinstance(body, dict) else (body or "").encode()
        media = "application/json" if isinstance(body, dict) else None
        return Response(content, status_code=status, headers=dict(headers or []), media_type=media)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Authlib's hook for framework signals; nothing listens here."""


# --- the async bridge ------------------------------------------------------------------------------------

def client_credentials_of(request: StarletteOAuth2Request) -> list[tuple[str, str]]:
    """The (client_id, secret) pairs the request carries: Basic header and/or form."""
    candidates: list[tuple[str, str]] = []
    basic_id, basic_secret = extract_basic_authorization(request.headers)
    if basic_id and basic_secret:
        candidates.append((basic_id, basic_secret))
    form_id, form_secret = request.form.get("client_id"), request.form.get("client_secret")
    if form_id and form_secret:
        candidates.append((form_id, form_secret))
    return candidates


@cache
def _dummy_client_hash() -> str:
    return password_hash.hash("no such client")


async def verify_client_secrets(session: AsyncSession, request: StarletteOAuth2Request) -> dict[str, str]:
    """Check the client secrets the request carries (Basic header or form) with Argon2, off the event loop.

    An unknown or inactive client id costs the same Argon2 work as a wrong secret, so the response time does
    not tell which client ids exist (issue 14: unknown ids answered 30× faster)."""
    verified: dict[str, str] = {}
    for client_id, secret in client_credentials_of(request):
        hashed = (await session.execute(select(col(OAuthClient.client_secret_hash)).where(
            col(OAuthClient.client_id) == client_id, col(OAuthClient.is_active).is_(True)))).scalar()
        stored: str = hashed or _dummy_client_hash()
        ok = await anyio.to_thread.run_sync(password_hash.verify, secret, stored)
        if ok and hashed:
            verified[client_id] = secret
    return verified


async def prepare_context(session: AsyncSession, request: StarletteOAuth2Request, *, signing: bool = False,
                          verification: bool = False) -> OAuthContext:
    ctx = OAuthContext(verified_secrets=await verify_client_secrets(session, request))
    if signing:
        ctx.signing_key = await keys.current_signing_key(session)
    if verification:
        ctx.verification_keys = await keys.public_keyset(session)
    return ctx


async def run_authlib(session: AsyncSession, ctx: OAuthContext, call: Callable[[CadreAuthorizationServer], T]) -> T:
    """Run an Authlib call on the request's transaction. An error answer (or exception) rolls back what the
    call wrote, so nothing is left half-written; the security reactions it asked for are applied afterwards."""

    def run(sync_session: Session) -> T:
        ctx.session = sync_session
        savepoint = sync_session.begin_nested()
        try:
            result = call(CadreAuthorizationServer(ctx))
        except BaseException:
            savepoint.rollback()
            raise
        finally:
            ctx.session = None
        if isinstance(result, Response) and result.status_code >= 400:
            savepoint.rollback()
        else:
            savepoint.commit()
        return result

    try:
        return await session.run_sync(run)
    finally:
        await _after_authlib(session, ctx)


async def _after_authlib(session: AsyncSession, ctx: OAuthContext) -> None:
    """Security reactions that must stand even though the answer was an error."""
    if ctx.reused_family is not None:
        family = ctx.reused_family
        await session.run_sync(lambda s: store.revoke_family(s, family))
        log.warning("oauth.refresh_token_reuse", family_id=family)
        await audit.record(session, actor="oauth", action="oauth.token_family_revoked",
                           entity_type="oauth_token_family", entity_id=family, changes={"reason": "refresh_reuse"})
        ctx.denylist_changed = True
    if ctx.reused_code_id is not None:
        code_id = ctx.reused_code_id
        await session.run_sync(lambda s: store.revoke_code_grant(s, code_id))
        log.warning("oauth.authorization_code_reuse", code_id=code_id)
        ctx.denylist_changed = True
    if ctx.denylist_changed and registry.denylist is not None:
        invalidate = getattr(registry.denylist, "invalidate", None)
        if invalidate is not None:
            invalidate()
