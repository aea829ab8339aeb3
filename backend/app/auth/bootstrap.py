"""Start-up clients: CADRE_BOOTSTRAP_CLIENT_ID/SECRET (system_admin on the national root) and the SPA."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.auth import service
from app.auth.models import OAuthClient
from app.core.config import get_settings
from app.org_units.models import OrgUnit

SPA_CLIENT_ID = "cadre-spa"


async def _national_root_code(session: AsyncSession) -> str | None:
    row = (await session.execute(select(col(OrgUnit.code)).where(col(OrgUnit.parent_id).is_(None))
                                 .order_by(col(OrgUnit.id)).limit(1))).first()
    return row.code if row else None


def spa_redirect_uris() -> list[str]:
    s = get_settings()
    uris = list(s.spa_redirect_uris)
    for base in {s.base_url, f"http://127.0.0.1:{s.port}", f"http://localhost:{s.port}"}:
        uris += [f"{base}/auth/callback", f"{base}/chair/auth/callback"]
    for dev in ("http://127.0.0.1:5173", "http://localhost:5173"):
        uris += [f"{dev}/auth/callback", f"{dev}/chair/auth/callback"]
    return sorted(set(uris))


async def ensure_bootstrap_clients(session: AsyncSession) -> None:
    settings = get_settings()
    root = await _national_root_code(session)
    if root is None:
        return
    if settings.bootstrap_client_id and settings.bootstrap_client_secret:
        existing = (await session.execute(select(OAuthClient).where(
            col(OAuthClient.client_id) == settings.bootstrap_client_id))).scalars().first()
        if existing is None:
            await service.create_client(session, name="Bootstrap client", role="system_admin", unit_code=root,
                                        client_id=settings.bootstrap_client_id,
                                        client_secret=settings.bootstrap_client_secret, actor="bootstrap")
        elif not service.password_hash.verify(settings.bootstrap_client_secret, existing.client_secret_hash or ""):
            existing.client_secret_hash = service.password_hash.hash(settings.bootstrap_client_secret)
    spa = (await session.execute(select(OAuthClient).where(col(OAuthClient.client_id) == SPA_CLIENT_ID))
           ).scalars().first()
    spa_scope = "openid profile offline_access " + service.default_scope("system_admin")
    if spa is None:
        # Public client: no role of its own — tokens it obtains act for the signed-in user.
        await service.create_client(session, name="Cadre Registry SPA", role="viewer", unit_code=root,
                                    client_id=SPA_CLIENT_ID, public=True, redirect_uris=spa_redirect_uris(),
                                    scope=spa_scope, actor="bootstrap")
    else:
        spa.redirect_uris = sorted(set(spa.redirect_uris) | set(spa_redirect_uris()))
        if set(spa_scope.split()) - set(spa.scope.split()):  # scopes added since (e.g. units:facts)
            spa.scope = " ".join(sorted(set(spa.scope.split()) | set(spa_scope.split())))
