"""Principals, permissions and access-token verification (one verifier for embedded and external IdPs).

A principal is a user or an OAuth client holding role grants, each scoped to a unit subtree and a validity
period (phân quyền theo đơn vị). A permission is usable on a unit when the access token carries the OAuth
scope *and* a grant valid today whose role includes it covers the unit. Object access is then filtered by
`core/scope.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol

from fastapi import Depends, Request
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.errors import Forbidden, Unauthorized

# OAuth scopes (API.md). Role grants decide which of them a principal may actually use.
ALL_SCOPES: tuple[str, ...] = (
    "units:read", "units:write",
    "cadres:read", "cadres:write", "cadres:read_sensitive",
    "actions:write", "actions:approve",
    "reports:read",
    "audit:read",
    "admin",
)

ROLES: tuple[str, ...] = ("system_admin", "org_officer", "approver", "grassroots_chair", "viewer", "integration")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "system_admin": frozenset(ALL_SCOPES),
    "org_officer": frozenset({"units:read", "units:write", "cadres:read", "cadres:write", "cadres:read_sensitive",
                              "actions:write", "reports:read", "audit:read"}),
    "approver": frozenset({"units:read", "cadres:read", "cadres:read_sensitive", "actions:write",
                           "actions:approve", "reports:read", "audit:read"}),
    "grassroots_chair": frozenset({"units:read", "cadres:read", "cadres:write", "reports:read"}),
    "viewer": frozenset({"units:read", "cadres:read", "reports:read"}),
    "integration": frozenset({"units:read", "units:write", "cadres:read", "cadres:write", "reports:read"}),
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
    async def keyset(self, kid: str | None, *, refresh: bool = False) -> KeySet: ...

    def expected_issuer(self) -> str: ...

    def expected_audience(self) -> str | None: ...


class PrincipalLoader(Protocol):
    async def __call__(self, session: AsyncSession, claims: dict[str, Any]) -> Principal: ...


@dataclass
class SecurityRegistry:
    """Filled at start-up by `app.auth` (embedded AS or external IdP); read by the verifier."""

    key_provider: KeyProvider | None = None
    principal_loader: PrincipalLoader | None = None


registry = SecurityRegistry()

ALLOWED_ALGORITHMS = ["ES256", "RS256", "PS256"]


async def verify_access_token(token: str) -> dict[str, Any]:
    """Verify signature (allow-listed algorithms, keys only from the configured JWKS), iss, aud, exp, nbf, typ."""
    provider = registry.key_provider
    if provider is None:
        raise Unauthorized("authentication is not configured")
    try:
        header = jws.extract_compact(token.encode()).protected
    except (JoseError, ValueError, UnicodeError) as exc:
        raise Unauthorized("malformed token") from exc
    alg = header.get("alg")
    if alg not in ALLOWED_ALGORITHMS:
        raise Unauthorized("algorithm not allowed")
    kid = header.get("kid")
    keys = await provider.keyset(kid)
    if kid and not any(k.kid == kid for k in keys.keys):
        keys = await provider.keyset(kid, refresh=True)
    try:
        decoded = jwt.decode(token, keys, algorithms=ALLOWED_ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise Unauthorized("invalid signature") from exc
    claims = dict(decoded.claims)
    typ = str(decoded.header.get("typ", "")).lower()
    if typ and typ not in ("at+jwt", "application/at+jwt", "jwt"):
        raise Unauthorized("not an access token")
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
    claims = await verify_access_token(_bearer(request))
    loader = registry.principal_loader
    if loader is None:
        raise Unauthorized("authentication is not configured")
    principal = await loader(session, claims)
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
