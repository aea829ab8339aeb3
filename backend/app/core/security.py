"""Principals, permissions and access-token verification (one verifier for embedded and external IdPs).

A principal is a user or an OAuth client holding role grants, each scoped to a unit subtree and a validity
period (phân quyền theo đơn vị). A permission is usable on a unit when the access token carries the OAuth
scope *and* a grant valid today whose role includes it covers the unit. Object access is then filtered by
`core/scope.py`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol

from fastapi import Depends, Request
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.db import SessionDep, after_commit_hooks
from app.core.errors import Forbidden, Unauthorized

# OAuth scopes (API.md). Role grants decide which of them a principal may actually use.
ALL_SCOPES: tuple[str, ...] = (
    "units:read", "units:write",
    "units:facts",  # a unit's own facts only (member count, workforce): what a grassroots chair reports
    "cadres:read", "cadres:write", "cadres:read_sensitive",
    "actions:write", "actions:approve",
    "reports:read",
    "audit:read",
    "access_log:read",  # who read whose personal data: system admins and organisation officers only
    "admin",
    "webhooks:manage",  # a client's own webhook endpoints (issue 15)
)

ROLES: tuple[str, ...] = ("system_admin", "org_officer", "approver", "grassroots_chair", "viewer", "integration")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "system_admin": frozenset(ALL_SCOPES),
    "org_officer": frozenset({"units:read", "units:write", "cadres:read", "cadres:write", "cadres:read_sensitive",
                              "actions:write", "reports:read", "audit:read", "access_log:read"}),
    "approver": frozenset({"units:read", "cadres:read", "cadres:read_sensitive", "actions:write",
                           "actions:approve", "reports:read", "audit:read"}),
    "grassroots_chair": frozenset({"units:read", "units:facts", "cadres:read", "cadres:write", "reports:read"}),
    "viewer": frozenset({"units:read", "cadres:read", "reports:read"}),
    "integration": frozenset({"units:read", "units:write", "cadres:read", "cadres:write", "reports:read",
                              "webhooks:manage"}),
}


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    national: bool  # the grant's unit is a root of the whole tree: no subtree filter needed


@dataclass(frozen=True)
class Principal:
    subject: str  # token `sub`: "user:<id>" or "client:<client_id>"
    kind: Literal["user", "client"]
    display_name: str
    token_scopes: frozenset[str]
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    principal_id: int | None = None
    cadre_id: int | None = None  # a user account that belongs to a cadre (their own self-assessment)

    def has_scope(self, permission: str) -> bool:
        return permission in self.token_scopes

    def roots(self, permission: str) -> list[int] | None:
        """Units whose subtrees the permission covers; None means the whole tree; [] means nowhere."""
        if permission not in self.token_scopes:
            return []
        roots: list[int] = []
        for g in self.grants:
            if permission in ROLE_PERMISSIONS.get(g.role, frozenset()):
                if g.national:
                    return None
                roots.append(g.unit_id)
        return sorted(set(roots))

    def can(self, permission: str) -> bool:
        return self.roots(permission) != []

    @property
    def role_codes(self) -> list[str]:
        return sorted({g.role for g in self.grants})


class KeyProvider(Protocol):
    """Where verification keys come from. Optional attributes refine the checks: `algorithms` (the allow-list,
    default ALLOWED_ALGORITHMS) and `require_at_jwt` (insist on the RFC 9068 `typ: at+jwt` header)."""

    async def keyset(self, kid: str | None, *, refresh: bool = False) -> KeySet: ...

    def expected_issuer(self) -> str: ...

    def expected_audience(self) -> str | None: ...


class PrincipalLoader(Protocol):
    async def __call__(self, session: AsyncSession, claims: dict[str, Any]) -> Principal: ...


class TokenDenylist(Protocol):
    """Revoked access tokens by `jti` (RFC 7009 revocation of self-contained tokens)."""

    async def is_revoked(self, jti: str) -> bool: ...


class PrincipalCache:
    """Per-process cache of verified bearer tokens: token → (jti, principal with its grants), so an authenticated
    request costs no database round trip and no signature check on the hot path.

    An entry lives until the token expires or `ttl` seconds pass, whichever is first; the deny-list is still asked
    on every hit (it is itself an in-memory set reloaded every few seconds). So a revoked token stops working at
    once in the process that revoked it and within the deny-list's reload period elsewhere; a disabled account or
    a changed grant within `ttl` seconds on every replica, and at once in the process that committed the change
    (`drop_if_touched`, called after every commit). docs/decisions/040-principal-cache.md.
    """

    def __init__(self, ttl_seconds: float, max_entries: int = 20_000) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.tables: frozenset[str] = frozenset()  # tables whose changes invalidate principals (set by app.auth)
        self._entries: dict[str, tuple[float, str | None, Principal]] = {}

    def get(self, token: str) -> tuple[str | None, Principal] | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry[0] <= time.monotonic():
            self._entries.pop(token, None)
            return None
        return entry[1], entry[2]

    def put(self, token: str, claims: dict[str, Any], principal: Principal) -> None:
        if self.ttl_seconds <= 0:
            return
        now = time.monotonic()
        lifetime = self.ttl_seconds
        exp = claims.get("exp")
        if isinstance(exp, int | float):
            lifetime = min(lifetime, float(exp) - time.time())
        if lifetime <= 0:
            return
        if len(self._entries) >= self.max_entries:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
        jti = claims.get("jti")
        self._entries[token] = (now + lifetime, str(jti) if jti else None, principal)

    def clear(self) -> None:
        self._entries.clear()

    def drop_if_touched(self, tables: set[str]) -> None:
        if tables & self.tables:
            self.clear()


@dataclass
class SecurityRegistry:
    """Filled at start-up by `app.auth` (embedded AS or external IdP); read by the verifier."""

    key_provider: KeyProvider | None = None
    principal_loader: PrincipalLoader | None = None
    # Counts every authenticated request against its principal's rate limit, cache hits included (auth.throttle).
    principal_limit: Callable[[AsyncSession, Principal], Awaitable[None]] | None = None
    denylist: TokenDenylist | None = None
    principals: PrincipalCache = field(
        default_factory=lambda: PrincipalCache(get_settings().principal_cache_seconds))


registry = SecurityRegistry()
after_commit_hooks.append(lambda tables: registry.principals.drop_if_touched(tables))

ALLOWED_ALGORITHMS = ["ES256", "RS256", "PS256"]
ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})


def _algorithms(provider: KeyProvider) -> list[str]:
    return list(getattr(provider, "algorithms", ALLOWED_ALGORITHMS))


def token_header(token: str) -> dict[str, Any]:
    try:
        return dict(jws.extract_compact(token.encode()).protected)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise Unauthorized("malformed token") from exc


def check_token_type(header: dict[str, Any], claims: dict[str, Any], provider: KeyProvider) -> None:
    """Only access tokens are accepted as bearer tokens: never an ID token (RFC 9068 §4, ASVS 9.2.2)."""
    typ = str(header.get("typ", "")).lower()
    if getattr(provider, "require_at_jwt", False):
        if typ not in ACCESS_TOKEN_TYPES:
            raise Unauthorized("not an access token")
    elif typ and typ not in ACCESS_TOKEN_TYPES | {"jwt"}:
        raise Unauthorized("not an access token")
    if "nonce" in claims or str(claims.get("typ", "")).lower() == "id":
        raise Unauthorized("an ID token is not an access token")


def validate_claims(claims: dict[str, Any], provider: KeyProvider) -> None:
    """iss, exp, nbf, sub and aud."""
    registry_claims = jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": provider.expected_issuer()},
        exp={"essential": True},
        sub={"essential": True},
        leeway=30,
    )
    try:
        registry_claims.validate(claims)
    except JoseError as exc:
        raise Unauthorized(f"invalid claims: {exc.error}") from exc
    audience = provider.expected_audience()
    if audience is not None:
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        if audience not in auds:
            raise Unauthorized("wrong audience")


def decode_token(token: str, keys: KeySet, provider: KeyProvider) -> dict[str, Any]:
    """Synchronous part of verification, given the keys: signature, algorithm, token type and claims."""
    algorithms = _algorithms(provider)
    if token_header(token).get("alg") not in algorithms:
        raise Unauthorized("algorithm not allowed")
    try:
        decoded = jwt.decode(token, keys, algorithms=algorithms)
    except (JoseError, ValueError) as exc:
        raise Unauthorized("invalid signature") from exc
    claims = dict(decoded.claims)
    check_token_type(dict(decoded.header), claims, provider)
    validate_claims(claims, provider)
    return claims


async def verify_access_token(token: str) -> dict[str, Any]:
    """Verify signature (allow-listed algorithms, keys only from the configured JWKS), typ, iss, aud, exp, nbf,
    and that the token was not revoked (jti deny-list)."""
    provider = registry.key_provider
    if provider is None:
        raise Unauthorized("authentication is not configured")
    header = token_header(token)
    if header.get("alg") not in _algorithms(provider):
        raise Unauthorized("algorithm not allowed")
    kid = header.get("kid")
    keys = await provider.keyset(kid)
    if kid and not any(k.kid == kid for k in keys.keys):
        keys = await provider.keyset(kid, refresh=True)
    claims = decode_token(token, keys, provider)
    jti = claims.get("jti")
    if registry.denylist is not None and jti and await registry.denylist.is_revoked(str(jti)):
        raise Unauthorized("token revoked")
    return claims


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("expected a Bearer token", error="invalid_request")
    return token.strip()


async def get_principal(request: Request, session: SessionDep) -> Principal:
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = _bearer(request)
    hit = registry.principals.get(token)
    if hit is not None:
        jti, principal = hit
        if jti and registry.denylist is not None and await registry.denylist.is_revoked(jti):
            raise Unauthorized("token revoked")
    else:
        claims = await verify_access_token(token)
        loader = registry.principal_loader
        if loader is None:
            raise Unauthorized("authentication is not configured")
        principal = await loader(session, claims)
        registry.principals.put(token, claims, principal)
    if registry.principal_limit is not None:
        await registry.principal_limit(session, principal)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


class Requires:
    """Dependency: the caller must be able to use `permission` somewhere (else 403)."""

    def __init__(self, permission: str) -> None:
        self.permission = permission

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not principal.can(self.permission):
            raise Forbidden(f"requires {self.permission}")
        return principal


def requires(permission: str) -> Any:
    return Depends(Requires(permission))


def issuer() -> str:
    return get_settings().base_url
