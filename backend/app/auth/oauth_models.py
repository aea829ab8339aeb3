"""Adapters that give our rows the shapes Authlib's grants expect (ClientMixin, AuthorizationCodeMixin,
TokenMixin), plus the per-request context the synchronous callbacks share."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin
from authlib.oauth2.rfc6749.util import scope_to_list
from joserfc.jwk import ECKey, KeySet
from sqlalchemy.orm import Session

from app.auth import oauth_store as store
from app.auth.models import AuthorizationCode, OAuthClient, RefreshToken
from app.auth.tokens import SignedAccessToken

PUBLIC_AUTH_METHODS = frozenset({"none"})
CONFIDENTIAL_AUTH_METHODS = frozenset({"client_secret_basic", "client_secret_post"})


@dataclass
class OAuthContext:
    """What Authlib's synchronous callbacks need, gathered asynchronously before it runs, and what they leave
    for the caller to act on afterwards (see `oauth_server.run_authlib`)."""

    signing_key: ECKey | None = None
    verification_keys: KeySet | None = None
    verified_secrets: dict[str, str] = field(default_factory=dict)  # client_id -> secret checked with Argon2
    session: Session | None = None  # the synchronous facade of the request's AsyncSession, while Authlib runs
    # outputs
    family_id: str | None = None  # refresh-token family of the grant being processed
    issued: SignedAccessToken | None = None
    reused_family: str | None = None  # an already-rotated refresh token was presented: revoke this family
    superseded_ids: list[int] | None = None  # a retry within the reuse grace: retire these unused successors
    reused_code_id: int | None = None  # an already-redeemed code was presented: revoke what it issued
    denylist_changed: bool = False

    @property
    def db(self) -> Session:
        assert self.session is not None, "only usable while Authlib runs inside run_authlib"
        return self.session


class Client(ClientMixin):
    """An OAuth client row seen through Authlib's eyes."""

    def __init__(self, row: OAuthClient, ctx: OAuthContext) -> None:
        self.row = row
        self.ctx = ctx

    @property
    def client_id(self) -> str:
        return self.row.client_id

    @property
    def allowed_scopes(self) -> list[str]:
        return self.row.scope.split()

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        uris = self.row.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """requested ∩ the client's scopes; no request means all of them; nothing in common is an error."""
        allowed = self.allowed_scopes
        if not scope:
            return " ".join(allowed)
        granted = [s for s in dict.fromkeys(scope_to_list(scope)) if s in allowed]
        return " ".join(granted) if granted else None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.row.redirect_uris  # exact match only (RFC 9700 §2.1)

    def check_client_secret(self, client_secret: str) -> bool:
        """True only if the secret was verified (Argon2, in a worker thread) before Authlib ran."""
        verified = self.ctx.verified_secrets.get(self.row.client_id)
        return verified is not None and hmac.compare_digest(verified, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        allowed = PUBLIC_AUTH_METHODS if self.row.is_public else CONFIDENTIAL_AUTH_METHODS
        return method in allowed

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.row.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.row.grant_types


class Code(AuthorizationCodeMixin):
    def __init__(self, row: AuthorizationCode) -> None:
        self.row = row
        self.code_challenge = row.code_challenge
        self.code_challenge_method = row.code_challenge_method

    def get_redirect_uri(self) -> str | None:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope


class Token(TokenMixin):
    """A token presented to the revocation or introspection endpoint."""

    client_id: str = ""

    def check_client(self, client: Client) -> bool:
        return self.client_id == client.client_id

    def revoke(self, ctx: OAuthContext) -> None:
        raise NotImplementedError

    def introspection(self) -> dict[str, Any]:
        raise NotImplementedError


class RefreshTokenView(Token):
    def __init__(self, row: RefreshToken) -> None:
        self.row = row
        self.client_id = row.client_id

    def get_scope(self) -> str:
        return self.row.scope

    def is_expired(self) -> bool:
        return store.is_past(self.row.expires_at)

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None or self.row.rotated_at is not None

    def revoke(self, ctx: OAuthContext) -> None:
        """Revoking a refresh token ends the whole grant: its family and the access tokens issued with it."""
        store.revoke_family(ctx.db, self.row.family_id)
        ctx.denylist_changed = True

    def introspection(self) -> dict[str, Any]:
        return {"active": True, "token_type": "refresh_token", "client_id": self.row.client_id,
                "sub": f"user:{self.row.user_id}", "scope": self.row.scope,
                "exp": int(store.as_utc(self.row.expires_at).timestamp()),
                "iat": int(store.as_utc(self.row.issued_at).timestamp())}


class AccessTokenView(Token):
    def __init__(self, claims: dict[str, Any], revoked: bool) -> None:
        self.claims = claims
        self.client_id = str(claims.get("client_id", ""))
        self.revoked = revoked

    def get_scope(self) -> str:
        return str(self.claims.get("scope", ""))

    def is_expired(self) -> bool:
        return int(self.claims.get("exp", 0)) <= int(time.time())

    def is_revoked(self) -> bool:
        return self.revoked

    def revoke(self, ctx: OAuthContext) -> None:
        store.deny_jti(ctx.db, str(self.claims["jti"]), store.epoch(int(self.claims["exp"])))
        ctx.denylist_changed = True

    def introspection(self) -> dict[str, Any]:
        keys = ("scope", "client_id", "sub", "exp", "iat", "iss", "aud", "jti")
        return {"active": True, "token_type": "Bearer", **{k: self.claims[k] for k in keys if k in self.claims}}
