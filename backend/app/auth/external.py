"""External OpenID Connect provider (Keycloak, Entra ID…) as the token issuer: CADRE_AUTH_MODE=external.

The app is then only a resource server. Keys come from the provider's discovery document → `jwks_uri`
(httpx, async), cached for `external_jwks_ttl_seconds` and refetched on an unknown `kid` at most once per
`MIN_REFETCH_SECONDS`, so forged `kid`s cannot make us hammer the provider. The same verifier as in embedded
mode checks signature, algorithm, iss, aud, exp, nbf and token type.

Claims become a principal in ONE place, `map_claims`:
- roles: Keycloak `realm_access.roles` and `resource_access.<audience>.roles`, or a top-level `roles` claim
  (Entra app roles); only the role codes this system knows (`system_admin`, `org_officer`, …) are kept;
- units: the `unit_code` claim (a code or a list of codes); each role is granted on each unit's subtree;
- scopes: the API scopes in `scope` / `scp`; if the provider sends none of ours, the roles' permissions
  (the role grants still decide where they apply).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.core.config import Settings
from app.core.errors import AppError
from app.core.security import ALL_SCOPES, ROLE_PERMISSIONS, ROLES, Grant, Principal, registry
from app.org_units.models import OrgUnit

log = structlog.get_logger(__name__)

MIN_REFETCH_SECONDS = 30.0
HTTP_TIMEOUT_SECONDS = 5.0


class IdentityProviderUnavailable(AppError):
    def __init__(self, detail: str) -> None:
        super().__init__("service_unavailable", 503, detail, headers={"Retry-After": "5"})


class ExternalKeyProvider:
    """KeyProvider for tokens issued by an external OIDC provider."""

    algorithms = ("RS256", "PS256", "ES256")
    require_at_jwt = False  # Keycloak and Entra access tokens say `typ: JWT`; ID tokens are refused by claims

    def __init__(self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        if not settings.external_issuer:
            raise ValueError("CADRE_EXTERNAL_ISSUER is required when CADRE_AUTH_MODE=external")
        self.issuer = settings.external_issuer.rstrip("/")
        self.audience = settings.external_audience
        self.ttl_seconds = float(settings.external_jwks_ttl_seconds)
        self.transport = transport
        self.fetches = 0  # how many times the JWKS was downloaded (observability, tests)
        self._keys: KeySet | None = None
        self._jwks_uri: str | None = None
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    def expected_issuer(self) -> str:
        return self.issuer

    def expected_audience(self) -> str | None:
        return self.audience

    async def keyset(self, kid: str | None, *, refresh: bool = False) -> KeySet:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys is None or age > self.ttl_seconds or (refresh and age >= MIN_REFETCH_SECONDS):
                await self._refresh()
            assert self._keys is not None
            return self._keys

    async def _refresh(self) -> None:
        try:
            self._keys = await self._download()
        except (httpx.HTTPError, ValueError, KeyError, JoseError) as exc:
            log.warning("idp.jwks_unavailable", issuer=self.issuer, error=type(exc).__name__)
            if self._keys is None:  # keep serving the keys we have; without any, we cannot verify
                raise IdentityProviderUnavailable("the identity provider's keys are unavailable") from exc
        self._fetched_at = time.monotonic()

    async def _download(self) -> KeySet:
        async with httpx.AsyncClient(transport=self.transport, timeout=HTTP_TIMEOUT_SECONDS,
                                     follow_redirects=False) as http:
            if self._jwks_uri is None:
                response = await http.get(f"{self.issuer}/.well-known/openid-configuration")
                response.raise_for_status()
                metadata = response.json()
                if str(metadata.get("issuer", "")).rstrip("/") != self.issuer:
                    raise ValueError("discovery document names another issuer")
                self._jwks_uri = str(metadata["jwks_uri"])
            response = await http.get(self._jwks_uri)
            response.raise_for_status()
            document = response.json()
        self.fetches += 1
        signing = [k for k in document["keys"] if k.get("use", "sig") == "sig"]
        return KeySet.import_key_set({"keys": signing})


@dataclass(frozen=True)
class ExternalIdentity:
    subject: str
    kind: str  # "user" | "client"
    display_name: str
    roles: tuple[str, ...]
    unit_codes: tuple[str, ...]
    scopes: frozenset[str]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split() if " " in value else [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def map_claims(claims: dict[str, Any], *, audience: str | None) -> ExternalIdentity:
    """The one place where a provider's claims become roles, units and scopes."""
    role_claims = _strings((claims.get("realm_access") or {}).get("roles"))
    if audience:
        role_claims += _strings(((claims.get("resource_access") or {}).get(audience) or {}).get("roles"))
    role_claims += _strings(claims.get("roles"))
    roles = tuple(sorted({r for r in role_claims if r in ROLES}))
    unit_codes = tuple(dict.fromkeys(_strings(claims.get("unit_code"))))
    token_scopes = {s for s in _strings(claims.get("scope")) + _strings(claims.get("scp")) if s in ALL_SCOPES}
    scopes = frozenset(token_scopes) if token_scopes else frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles))
    is_app = claims.get("idtyp") == "app" or str(claims.get("preferred_username", "")).startswith("service-account-")
    name = claims.get("name") or claims.get("preferred_username") or claims["sub"]
    return ExternalIdentity(subject=f"ext:{claims['sub']}", kind="client" if is_app else "user",
                            display_name=str(name), roles=roles, unit_codes=unit_codes, scopes=scopes)


async def load_external_principal(session: AsyncSession, claims: dict[str, Any]) -> Principal:
    provider = registry.key_provider
    identity = map_claims(claims, audience=provider.expected_audience() if provider else None)
    units = (await session.execute(select(col(OrgUnit.id), col(OrgUnit.parent_id)).where(
        col(OrgUnit.code).in_(identity.unit_codes), col(OrgUnit.ended_on).is_(None)))).all() \
        if identity.unit_codes else []
    grants = tuple(Grant(role=role, unit_id=u.id, national=u.parent_id is None)
                   for role in identity.roles for u in units)
    return Principal(subject=identity.subject, kind="client" if identity.kind == "client" else "user",
                     display_name=identity.display_name, token_scopes=identity.scopes, grants=grants)
