"""Routes of the embedded authorization server: discovery, JWKS, authorize (sign-in page), token, revoke,
introspect. Mounted only when CADRE_AUTH_MODE=embedded.

These endpoints speak OAuth, not problem+json: errors are RFC 6749 §5.2 JSON (`error`, `error_description`)
or, at the authorization endpoint, a redirect to the client or an HTML page, because that is what OAuth client
libraries and browsers expect. They are left out of the OpenAPI document (they are form-encoded standards).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import anyio
import structlog
from authlib.oauth2 import OAuth2Error
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pwdlib.exceptions import PwdlibError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col
from starlette.datastructures import FormData

from app.auth import keys, login, throttle, totp
from app.auth.login import LoginPage
from app.auth.models import UserAccount
from app.auth.oauth_models import OAuthContext
from app.auth.oauth_request import AUTHORIZE_PARAMS, StarletteOAuth2Request, read_request
from app.auth.oauth_server import client_credentials_of, prepare_context, run_authlib
from app.auth.service import password_hash
from app.core import crypto
from app.core.config import get_settings
from app.core.db import SessionDep, WriteSessionDep
from app.core.errors import AppError
from app.core.security import ALL_SCOPES

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False, tags=["oauth"])

GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"]
CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]


def authorization_server_metadata(base_url: str) -> dict[str, Any]:
    """RFC 8414 metadata; also served as the OpenID Provider configuration document."""
    return {
        "issuer": base_url,
        "authorization_endpoint": f"{base_url}/oauth/authorize",
        "token_endpoint": f"{base_url}/oauth/token",
        "jwks_uri": f"{base_url}/.well-known/jwks.json",
        "revocation_endpoint": f"{base_url}/oauth/revoke",
        "introspection_endpoint": f"{base_url}/oauth/introspect",
        "scopes_supported": [*ALL_SCOPES, "offline_access"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "ui_locales_supported": ["vi", "en"],
        "service_documentation": f"{base_url}/api/docs",
    }


@router.get("/.well-known/oauth-authorization-server")
@router.get("/.well-known/openid-configuration")
async def discovery() -> JSONResponse:
    return JSONResponse(authorization_server_metadata(get_settings().base_url),
                        headers={"Cache-Control": "public, max-age=300"})


@router.get("/.well-known/jwks.json")
async def jwks(session: SessionDep) -> JSONResponse:
    return JSONResponse(await keys.jwks(session), headers={"Cache-Control": "public, max-age=60"})


# --- token, revocation, introspection ----------------------------------------------------------------------

@router.post("/oauth/token")
async def token(request: Request, session: WriteSessionDep) -> Response:
    oauth_request = await read_request(request)
    # Failed client authentications are counted per address and per client id; past the limit the endpoint
    # answers 429 before spending an Argon2 hash (issue 14: wrong secrets were an unauthenticated CPU sink).
    client_ids = [cid for cid, _ in client_credentials_of(oauth_request)]
    await throttle.check_token_failures(_client_ip(request), client_ids)
    ctx = await prepare_context(session, oauth_request, signing=True)
    failed = [cid for cid in client_ids if cid not in ctx.verified_secrets]
    if failed:
        await throttle.record_token_failures(_client_ip(request), failed)
    return await run_authlib(session, ctx, lambda server: server.create_token_response(oauth_request))


@router.post("/oauth/revoke")
async def revoke(request: Request, session: SessionDep) -> Response:
    oauth_request = await read_request(request)
    ctx = await prepare_context(session, oauth_request, verification=True)
    return await run_authlib(session, ctx,
                             lambda server: server.create_endpoint_response("revocation", oauth_request))


@router.post("/oauth/introspect")
async def introspect(request: Request, session: SessionDep) -> Response:
    oauth_request = await read_request(request)
    ctx = await prepare_context(session, oauth_request, verification=True)
    return await run_authlib(session, ctx,
                             lambda server: server.create_endpoint_response("introspection", oauth_request))


# --- authorization endpoint: the sign-in page --------------------------------------------------------------

@router.get("/oauth/authorize")
async def authorize_page(request: Request, session: SessionDep) -> Response:
    oauth_request = await read_request(request, only=AUTHORIZE_PARAMS)
    page = await _validated_page(session, request, oauth_request)
    return page if isinstance(page, Response) else page.render()


@router.post("/oauth/authorize")
async def authorize(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    oauth_request = await read_request(request, only=AUTHORIZE_PARAMS)
    page = await _validated_page(session, request, oauth_request)
    if isinstance(page, Response):
        return page
    if form.get("mfa_token"):
        return await _second_factor_step(session, request, form, page, oauth_request)
    return await _password_step(session, request, form, page, oauth_request)


async def _validated_page(session: AsyncSession, request: Request,
                          oauth_request: StarletteOAuth2Request) -> LoginPage | Response:
    """Authlib validates the client, redirect URI, response type, scope and PKCE before anyone signs in."""
    params = dict(oauth_request.payload.data)
    lang = login.language(params.get("ui_locales"), request.headers.get("accept-language"))
    try:
        client_name = await run_authlib(session, OAuthContext(),
                                        lambda server: server.get_consent_grant(oauth_request).client.row.name)
    except OAuth2Error as error:
        return _authorization_error(error, lang)
    return LoginPage(lang=lang, params=params, client_name=client_name)


def _authorization_error(error: OAuth2Error, lang: str) -> Response:
    """With a verified redirect URI the client is told (RFC 6749 §4.1.2.1); otherwise never redirect."""
    if error.redirect_uri:
        status, _, headers = error()
        return Response(status_code=status, headers=dict(headers))
    detail = f"{error.error}: {error.description}" if error.description else str(error.error)
    return login.error_page(lang, detail)


async def _password_step(session: AsyncSession, request: Request, form: FormData, page: LoginPage,
                         oauth_request: StarletteOAuth2Request) -> Response:
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    ip = _client_ip(request)
    policy = throttle.ThrottlePolicy.from_settings(get_settings())
    wait = await throttle.retry_after(session, policy, username=username, ip=ip)
    if wait is not None:
        return _throttled(request, page, wait)
    user = await _check_password(session, username, password)
    if user is None:
        await throttle.record_attempt(session, username=username, ip=ip, succeeded=False)
        log.info("auth.login_failed", reason="credentials", ip=ip)
        return LoginPage(page.lang, page.params, page.client_name, username).render(
            message=page.text("invalid_credentials"))
    if user.totp_secret:
        assert user.id is not None
        return page.render(mode="otp", extra_hidden={"mfa_token": login.pending_login_token(user.id, page.params)})
    await throttle.record_attempt(session, username=username, ip=ip, succeeded=True)
    return await _issue_code(session, oauth_request, user)


async def _second_factor_step(session: AsyncSession, request: Request, form: FormData, page: LoginPage,
                              oauth_request: StarletteOAuth2Request) -> Response:
    pending = str(form.get("mfa_token"))
    user_id = login.read_pending_login(pending, page.params)
    user = await session.get(UserAccount, user_id) if user_id is not None else None
    if user is None or not user.is_active or not user.totp_secret:
        return page.render(message=page.text("pending_expired"))
    ip = _client_ip(request)
    wait = await throttle.retry_after(session, throttle.ThrottlePolicy.from_settings(get_settings()),
                                      username=user.username, ip=ip)
    if wait is not None:
        return _throttled(request, page, wait)
    step = totp.matching_step(crypto.decrypt(user.totp_secret), str(form.get("otp") or ""),
                              last_step=await throttle.last_totp_step(session, user.username))
    if step is None:
        await throttle.record_attempt(session, username=user.username, ip=ip, succeeded=False)
        log.info("auth.login_failed", reason="totp", ip=ip)
        return page.render(mode="otp", message=page.text("invalid_otp"), extra_hidden={"mfa_token": pending})
    await throttle.record_attempt(session, username=user.username, ip=ip, succeeded=True, totp_step=step)
    return await _issue_code(session, oauth_request, user)


async def _issue_code(session: AsyncSession, oauth_request: StarletteOAuth2Request, user: UserAccount) -> Response:
    def call(server: Any) -> Response:
        grant = server.get_consent_grant(oauth_request, end_user=user)
        return server.create_authorization_response(oauth_request, grant_user=user, grant=grant)

    response = await run_authlib(session, OAuthContext(), call)
    log.info("auth.login_succeeded", user_id=user.id, client_id=oauth_request.payload.client_id)
    return response


@cache
def _dummy_hash() -> str:
    return password_hash.hash("no such account")


async def _check_password(session: AsyncSession, username: str, password: str) -> UserAccount | None:
    """The active account with this username and password. Unknown accounts cost the same Argon2 work, so
    response time does not reveal which usernames exist."""
    user = (await session.execute(select(UserAccount).where(col(UserAccount.username) == username))).scalars().first()
    hashed = user.password_hash if user is not None else _dummy_hash()
    try:
        ok = await anyio.to_thread.run_sync(password_hash.verify, password, hashed)
    except PwdlibError:  # not a hash we know (e.g. an account that cannot sign in with a password)
        ok = False
    return user if ok and user is not None and user.is_active else None


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _throttled(request: Request, page: LoginPage, wait: int) -> Response:
    """429 with Retry-After: problem+json for API clients, the sign-in page with a message for browsers."""
    if "json" in request.headers.get("accept", ""):
        raise AppError("rate_limited", 429, detail="too many failed sign-in attempts",
                       headers={"Retry-After": str(wait)})
    return page.render(message=page.text("throttled", minutes=max(1, -(-wait // 60))), status=429,
                       headers={"Retry-After": str(wait)})
