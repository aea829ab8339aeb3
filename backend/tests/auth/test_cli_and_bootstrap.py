"""The command line as integrators use it (API.md "Starting a server for an outside test"), run as separate
processes against a throw-away database, and the start-up bootstrap client."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import keys
from app.auth.bootstrap import ensure_bootstrap_clients
from app.auth.models import OAuthClient, RoleGrant, SigningKey, UserAccount
from app.auth.service import password_hash
from app.core.config import get_settings
from app.core.db import make_engine
from app.core.security import ALL_SCOPES
from app.org_units.models import OrgUnit
from tests.factories import Tree, build_tree
from tests.scratch import alembic, cli, scratch_database


async def test_cli_commands_print_the_documented_json():
    async with scratch_database("cli") as url:
        alembic(url, "upgrade", "head")
        engine = make_engine(get_settings().model_copy(update={"database_url": url}))
        try:
            async with AsyncSession(engine, expire_on_commit=False) as s:
                tree = await build_tree(s)
                root_code = (await s.execute(select(OrgUnit.code).where(OrgUnit.id == tree.national))).scalar_one()

            made = cli(url, "create-client", "--name", "Cơ sở dữ liệu cán bộ quốc gia", "--role", "integration",
                       "--unit-code", root_code, "--scope", "units:read cadres:read")
            assert made.returncode == 0, made.stderr
            client = json.loads(made.stdout)
            assert set(client) == {"client_id", "client_secret"} and len(client["client_secret"]) >= 32

            user = cli(url, "create-user", "--username", "tochuc1", "--password", "Mật-khẩu-1", "--role",
                       "org_officer", "--unit-code", root_code)
            assert user.returncode == 0, user.stderr
            assert json.loads(user.stdout)["username"] == "tochuc1"

            totp = cli(url, "enable-totp", "--username", "tochuc1")
            assert json.loads(totp.stdout)["otpauth_uri"].startswith("otpauth://totp/")

            kids = [json.loads(cli(url, "rotate-keys").stdout)["kid"] for _ in range(2)]
            assert kids[0] != kids[1]

            bad = cli(url, "create-client", "--name", "X", "--role", "superuser", "--unit-code", root_code)
            assert bad.returncode == 2 and json.loads(bad.stderr)["code"] == "validation_error"

            async with AsyncSession(engine) as s:
                row = (await s.execute(select(OAuthClient).where(OAuthClient.client_id == client["client_id"])))\
                    .scalar_one()
                assert password_hash.verify(client["client_secret"], row.client_secret_hash)
                assert row.scope == "cadres:read units:read" and row.grant_types == ["client_credentials"]
                account = (await s.execute(select(UserAccount).where(UserAccount.username == "tochuc1")))\
                    .scalar_one()
                assert account.totp_secret and "otpauth" not in account.totp_secret  # stored encrypted
                current = (await s.execute(select(SigningKey.kid).where(SigningKey.is_current.is_(True))))\
                    .scalars().all()
                assert current == [kids[1]]
                published = [k["kid"] for k in (await keys.jwks(s))["keys"]]
                assert set(kids) <= set(published)  # the previous key is still published
            # every command above was audited, and the chain is intact
            verified = cli(url, "verify-audit")
            assert verified.returncode == 0 and verified.stdout.strip() == "ok"
        finally:
            await engine.dispose()
            keys.key_provider.invalidate()


async def test_bootstrap_client_is_ensured_with_all_scopes(client, session, tree: Tree, monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "bootstrap_client_id", "ci-runner")
    monkeypatch.setattr(settings, "bootstrap_client_secret", "a-long-bootstrap-secret-from-the-env")
    await ensure_bootstrap_clients(session)
    await ensure_bootstrap_clients(session)  # idempotent
    await session.commit()
    rows = (await session.execute(select(OAuthClient).where(OAuthClient.client_id == "ci-runner"))).scalars().all()
    assert len(rows) == 1
    grant = (await session.execute(select(RoleGrant).where(RoleGrant.client_pk == rows[0].id))).scalar_one()
    assert grant.role == "system_admin" and grant.unit_id == tree.national
    r = await client.post("/oauth/token", auth=("ci-runner", "a-long-bootstrap-secret-from-the-env"),
                          data={"grant_type": "client_credentials"})
    assert r.status_code == 200, r.text
    assert set(r.json()["scope"].split()) == set(ALL_SCOPES)
    # a new secret in the environment replaces the old one at the next start
    monkeypatch.setattr(settings, "bootstrap_client_secret", "the-rotated-bootstrap-secret-value")
    await ensure_bootstrap_clients(session)
    await session.commit()
    old = await client.post("/oauth/token", auth=("ci-runner", "a-long-bootstrap-secret-from-the-env"),
                            data={"grant_type": "client_credentials"})
    assert old.status_code == 401
    new = await client.post("/oauth/token", auth=("ci-runner", "the-rotated-bootstrap-secret-value"),
                            data={"grant_type": "client_credentials"})
    assert new.status_code == 200
