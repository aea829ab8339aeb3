"""Command line: `python -m app.cli <command>` (run from backend/, same CADRE_* environment as the server).

  migrate                      upgrade the database to the latest migration
  seed --dataset demo          load the demo province (skipped if units exist)
  serve [--workers N]          migrate, seed (unless CADRE_SEED=none), then serve API + SPA with N worker
                               processes (default: the core count on PostgreSQL, 1 on the SQLite file)
  openapi                      print the OpenAPI document
  create-user  --username U --password P --role ROLE --unit-code CODE
  create-client --name N --role ROLE --unit-code CODE [--scope "a b"]
  enable-totp  --username U    turn on the second sign-in factor; prints the otpauth:// URI once
  rotate-keys                  new signing key; the old one stays in the JWKS for one token lifetime
  verify-audit                 recompute the audit hash chain and compare it with audit_head and the exported
                               heads: prints "ok", or the problem and the first bad row (exit 1)
  export-audit-head            log the chain's head (seq, hash) and append it to CADRE_AUDIT_HEAD_EXPORT_PATH
  worker [--concurrency N]     background jobs, webhooks, scheduled effects and reminders (app/worker.py)
  backup --out FILE            pg_dump custom format (PostgreSQL) or an online copy (SQLite)
  restore --file FILE          replace the database's contents with a backup, all or nothing
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BACKEND_DIR = Path(__file__).resolve().parents[1]


def migrate() -> None:
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=BACKEND_DIR, check=True)


async def _in_transaction(fn: Any) -> Any:
    import app.models  # noqa: F401  (every table, so foreign keys such as user_account.cadre_id resolve)
    from app.core.db import get_db

    async with get_db().sessionmaker() as session:
        result = await fn(session)
        await session.commit()
    await get_db().engine.dispose()
    return result


def seed(dataset: str) -> None:
    from app.seed import run_seed

    summary = asyncio.run(_in_transaction(lambda s: run_seed(s, dataset)))
    print(json.dumps(summary, ensure_ascii=False))


async def _startup_tasks(session: Any) -> dict[str, Any]:
    """Idempotent start-up work: bootstrap OAuth clients and apply restructuring that has come due."""
    from app.auth.bootstrap import ensure_bootstrap_clients

    await ensure_bootstrap_clients(session)
    return {}


async def _due_tasks() -> None:
    from app.core.db import get_db
    from app.core.scheduler import run_due_tasks
    from app.main import scheduled_tasks

    print(json.dumps({"applied_at_start_up": await run_due_tasks(scheduled_tasks())}))
    await get_db().engine.dispose()


def default_workers(database_url: str) -> int:
    """One worker per core on PostgreSQL; the embedded SQLite file has a single writer, so one process."""
    if database_url.startswith("sqlite"):
        return 1
    return os.cpu_count() or 1


def serve(workers: int | None = None) -> None:
    import uvicorn

    from app.core.config import get_settings

    settings = get_settings()
    workers = workers or default_workers(settings.database_url)
    migrate()
    if settings.seed != "none":
        seed(settings.seed)
    asyncio.run(_in_transaction(_startup_tasks))
    asyncio.run(_due_tasks())
    from app.seed import DEMO_LOGINS, DEMO_PASSWORD, OWN_CADRE_LOGIN

    print(f"\n  Union Cadre Registry — http://{settings.host}:{settings.port}/\n"
          f"  API docs: http://{settings.host}:{settings.port}/api/docs\n"
          f"  Database: {settings.database_url.split('@')[-1]}\n"
          f"  Workers: {workers} (each with a pool of {settings.db_pool_size}+{settings.db_max_overflow} connections)")
    if settings.seed == "demo":
        print("  Demo logins (username / password — role, unit):")
        for login in DEMO_LOGINS:
            print(f"    {login['username']:<10} / {login['password']:<10} — {login['role']}, {login['unit_name']}")
        print(f"    {OWN_CADRE_LOGIN:<10} / {DEMO_PASSWORD:<10} — a cadre's own account (their self-assessment)")
    print(flush=True)
    from app.core.http_server import uvicorn_options

    uvicorn.run("app.main:create_app", factory=True, log_level="warning", workers=workers, access_log=False,
                **uvicorn_options(settings))


def openapi() -> None:
    from app.main import create_app

    print(json.dumps(create_app().openapi(), ensure_ascii=False, indent=2, sort_keys=False))


def create_user(args: argparse.Namespace) -> None:
    from app.auth import service

    async def run(session: Any) -> dict[str, Any]:
        user = await service.create_user(session, username=args.username, password=args.password, role=args.role,
                                         unit_code=args.unit_code, display_name=args.display_name)
        return {"id": user.id, "username": user.username}

    print(json.dumps(asyncio.run(_in_transaction(run))))


def create_client(args: argparse.Namespace) -> None:
    from app.auth import service

    async def run(session: Any) -> dict[str, Any]:
        client, secret = await service.create_client(session, name=args.name, role=args.role,
                                                     unit_code=args.unit_code, scope=args.scope)
        return {"client_id": client.client_id, "client_secret": secret}

    print(json.dumps(asyncio.run(_in_transaction(run))))


def rotate_keys() -> None:
    from app.auth import keys
    from app.core import audit

    async def run(session: Any) -> dict[str, Any]:
        row = await keys.rotate(session)
        await audit.record(session, actor="cli", action="signing_key.rotate", entity_type="signing_key",
                           entity_id=row.kid)
        return {"kid": row.kid}

    print(json.dumps(asyncio.run(_in_transaction(run))))


def verify_audit() -> None:
    """Recompute the chain and compare its tip with `audit_head` and with the exported heads (tail truncation)."""
    from app.core.audit import read_exported_heads, verify_with_head
    from app.core.config import get_settings

    path = get_settings().audit_head_export_path
    exported = read_exported_heads(path) if path else []

    async def run(session: Any) -> Any:
        return await verify_with_head(session, exported=exported)

    verdict = asyncio.run(_in_transaction(run))
    print(f"{verdict.rows} rows, last seq={verdict.last_seq}, head seq={verdict.head_seq}, "
          f"{len(exported)} exported heads checked", file=sys.stderr)
    if verdict.ok:
        print("ok")
        return
    label = "tampered" if verdict.problem == "tampered_row" else verdict.problem
    print(f"{label}: first bad row seq={verdict.first_bad_seq}")
    sys.exit(1)


def export_audit_head() -> None:
    from app.core.audit import export_head
    from app.core.config import get_settings

    path = get_settings().audit_head_export_path

    async def run(session: Any) -> Any:
        return await export_head(session, path)

    print(json.dumps(asyncio.run(_in_transaction(run))))


def enable_totp(args: argparse.Namespace) -> None:
    from app.auth import service

    async def run(session: Any) -> dict[str, Any]:
        return {"username": args.username, "otpauth_uri": await service.enable_totp(session, args.username)}

    print(json.dumps(asyncio.run(_in_transaction(run))))


def build_templates() -> None:
    """Rebuild the shipped Word templates (app/templates/*.docx) from the builders each domain registers."""
    import app.planning.documents  # noqa: F401  (each import registers its templates)
    import app.reports.documents  # noqa: F401
    import app.reports.review  # noqa: F401
    import app.workflows.documents  # noqa: F401
    from app.core import documents

    for name in sorted(documents.BUILDERS):
        print(documents.build(name))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate")
    p_seed = sub.add_parser("seed")
    p_seed.add_argument("--dataset", default="demo", choices=["demo"])
    p_serve = sub.add_parser("serve")
    p_serve.add_argument("--workers", type=int, default=None,
                         help="worker processes (default: core count on PostgreSQL, 1 on SQLite)")
    sub.add_parser("openapi")
    p_user = sub.add_parser("create-user")
    p_user.add_argument("--username", required=True)
    p_user.add_argument("--password", required=True)
    p_user.add_argument("--role", required=True)
    p_user.add_argument("--unit-code", required=True)
    p_user.add_argument("--display-name")
    p_client = sub.add_parser("create-client")
    p_client.add_argument("--name", required=True)
    p_client.add_argument("--role", required=True)
    p_client.add_argument("--unit-code", required=True)
    p_client.add_argument("--scope")
    p_totp = sub.add_parser("enable-totp")
    p_totp.add_argument("--username", required=True)
    sub.add_parser("rotate-keys")
    sub.add_parser("verify-audit")
    sub.add_parser("export-audit-head")
    sub.add_parser("build-templates")
    p_worker = sub.add_parser("worker")
    p_worker.add_argument("--concurrency", type=int, default=2)
    p_worker.add_argument("--import", dest="imports", action="append", default=[],
                          help="extra module registering job kinds (plugins, tests)")
    p_backup = sub.add_parser("backup")
    p_backup.add_argument("--out", required=True, type=Path)
    p_restore = sub.add_parser("restore")
    p_restore.add_argument("--file", required=True, type=Path)
    args = parser.parse_args(argv)
    from app.core.errors import AppError

    try:
        match args.command:
            case "migrate":
                migrate()
            case "seed":
                migrate()
                seed(args.dataset)
            case "serve":
                if args.workers is not None and args.workers < 1:
                    parser.error("--workers must be at least 1")
                serve(args.workers)
            case "openapi":
                openapi()
            case "create-user":
                create_user(args)
            case "create-client":
                create_client(args)
            case "enable-totp":
                enable_totp(args)
            case "rotate-keys":
                rotate_keys()
            case "verify-audit":
                verify_audit()
            case "export-audit-head":
                export_audit_head()
            case "build-templates":
                build_templates()
            case "backup" | "restore":
                from app import backup as ops
                from app.core.config import get_settings

                url = get_settings().database_url
                if args.command == "backup":
                    print(json.dumps({"backup": str(ops.backup(url, args.out))}))
                else:
                    ops.restore(url, args.file)
                    print(json.dumps({"restored": str(args.file)}))
            case "worker":
                from app.worker import run

                asyncio.run(run(extra_imports=args.imports, concurrency=args.concurrency))
    except AppError as exc:
        print(json.dumps({"code": exc.code, "detail": exc.detail}), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
