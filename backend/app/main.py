"""Application factory: `create_app()` wires settings, middleware, error handlers, routers and the SPA."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.requests import Request

from app.core.config import Settings, get_settings
from app.core.db import get_db
from app.core.errors import ErrorShieldMiddleware, install_error_handlers, problem_response
from app.core.guards import guard_parameters
from app.core.observability import (
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
    configure_logging,
    configure_tracing,
    metrics_endpoint,
    register_pool_metrics,
)
from app.core.openapi_docs import install_openapi
from app.core.privacy import NoStoreMiddleware
from app.core.ratelimit import IpRateLimitMiddleware
from app.core.routing import skip_unrelated_paths
from app.core.scheduler import ScheduledTask
from app.core.security import PrincipalCache, registry
from app.core.security_headers import SecurityHeadersMiddleware
from app.core.static_files import mount_api_docs, mount_spa

log = structlog.get_logger(__name__)
API_PREFIX = "/api/v1"
READY_TIMEOUT_SECONDS = 1.0  # /readyz: longest wait for a pooled connection and the migration check
BACKEND_DIR = Path(__file__).resolve().parents[1]


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def configure_security(settings: Settings) -> None:
    """One verifier for both modes: keys and claims from the embedded AS or from the external IdP."""
    from app.auth.principals import PRINCIPAL_TABLES
    from app.auth.throttle import enforce_principal_limit

    registry.principals = PrincipalCache(settings.principal_cache_seconds)
    registry.principal_limit = enforce_principal_limit
    registry.principals.tables = PRINCIPAL_TABLES
    if settings.auth_mode == "external":
        from app.auth.external import ExternalKeyProvider, load_external_principal

        registry.key_provider = ExternalKeyProvider(settings)
        registry.principal_loader = load_external_principal
        registry.denylist = None
    else:
        from app.auth.denylist import denylist
        from app.auth.keys import key_provider
        from app.auth.oauth_request import allow_plain_http_outside_production
        from app.auth.principals import load_principal

        registry.key_provider = key_provider
        registry.principal_loader = load_principal
        registry.denylist = denylist
        allow_plain_http_outside_production(settings)


def migration_head() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config(str(BACKEND_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND_DIR / "migrations"))
    return ScriptDirectory.from_config(cfg).get_current_head()


def api_router() -> APIRouter:
    from app.audit.router import router as audit_router
    from app.auth.admin_router import router as admin_router
    from app.auth.router import router as auth_api_router
    from app.cadres.io_router import router as cadres_io_router
    from app.cadres.router import router as cadres_router
    from app.chair.router import router as chair_router
    from app.committee_changes.router import router as committee_changes_router
    from app.conduct.router import router as conduct_router
    from app.core.jobs import router as jobs_router
    from app.evaluations.router import router as evaluations_router
    from app.indicators.router import router as indicators_router
    from app.integrations.idempotency import protect_post_routes
    from app.integrations.router import router as integrations_router
    from app.org_units.router import router as units_router
    from app.planning.router import router as planning_router
    from app.plans.router import router as plans_router
    from app.privacy.router import router as privacy_router
    from app.ratings.router import router as ratings_router
    from app.report_requests.router import router as report_requests_router
    from app.reports.router import router as reports_router
    from app.rotations.router import router as rotations_router
    from app.rulebook.router import router as rulebook_router
    from app.self_declarations.router import router as self_declarations_router
    from app.tasks.router import router as tasks_router
    from app.terms.router import router as terms_router
    from app.training.router import router as training_router
    from app.workflows.router import router as workflows_router

    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(guard_parameters)])
    api.include_router(skip_unrelated_paths(jobs_router))  # GET /jobs/{id}, /jobs/{id}/file: mounted once
    for router in (
        integrations_router,  # first: /units/by-external-id/… and /cadres/bulk-upsert before /{id} routes
        units_router, auth_api_router, audit_router, admin_router,
        cadres_io_router,  # before cadres_router: /cadres/import-template ≠ /cadres/{cadre_id}
        cadres_router, terms_router, conduct_router, workflows_router, rulebook_router, planning_router,
        reports_router, plans_router, indicators_router, report_requests_router, evaluations_router,
        training_router, ratings_router, rotations_router, tasks_router, chair_router, privacy_router,
        committee_changes_router, self_declarations_router,
    ):
        api.include_router(skip_unrelated_paths(protect_post_routes(router)))  # Idempotency-Key on every POST
    return api


def scheduled_tasks() -> dict[str, ScheduledTask]:
    """The daily housekeeping list (core/scheduler.py runs it): dated changes that have come due, reminders, and the
    rules that raise tasks for people to decide (rules 18, 22). Order matters: changes first, then checks."""
    from app.conduct.service import scheduled_dismissal_reviews
    from app.core.audit import export_head_task
    from app.integrations.idempotency import purge_expired
    from app.org_units.service import apply_due_changes
    from app.planning.service import scheduled_review_check
    from app.privacy.service import scheduled_overdue_check
    from app.report_requests.service import scheduled_reminders
    from app.rotations.service import scheduled_rotation_endings
    from app.workflows.service import apply_due_actions

    return {"unit_changes": apply_due_changes, "personnel_actions": apply_due_actions,
            "report_reminders": scheduled_reminders, "planning_reviews": scheduled_review_check,
            "dismissal_reviews": scheduled_dismissal_reviews, "rotation_endings": scheduled_rotation_endings,
            "idempotency_keys_purged": purge_expired, "audit_head_exported": export_head_task,
            "data_subject_requests_overdue": scheduled_overdue_check}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    configure_security(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import asyncio

        from app.core.jobs import recover_interrupted, runner
        from app.core.scheduler import daily_loop
        from app.integrations.webhooks import dispatch_loop

        loops: list[asyncio.Task[None]] = []
        queue: Any = None
        if settings.uses_procrastinate:
            # Jobs go to the worker's queue; the worker runs housekeeping and webhooks once per schedule.
            from app.worker import defer, get_app

            queue = get_app()
            await queue.open_async()
            runner.defer = defer
        else:
            try:  # jobs a killed process left running are failed, queued ones started (see the sweep)
                await recover_interrupted()
            except Exception:  # noqa: BLE001 - a database still down must not stop the API from starting
                log.warning("job_sweep_failed", exc_info=True)
            if settings.run_scheduler:
                loops = [asyncio.create_task(daily_loop(scheduled_tasks())), asyncio.create_task(dispatch_loop())]
        # What start-up made (routes, mappers, schemas: a few hundred thousand objects that live as long as the
        # process) leaves the collector's generations, so a full collection stops walking it: under load those
        # collections paused a worker for ~0.2 s now and then, the p99 of every route (issue 13).
        gc.freeze()
        yield
        for loop in loops:
            loop.cancel()
        if queue is not None:
            runner.defer = None
            await queue.close_async()
        await runner.drain()  # let running imports and exports finish before the pool closes
        await get_db().engine.dispose()

    docs_on = settings.environment != "production"
    app = FastAPI(
        title="Union Cadre Registry API",
        summary="Hệ thống quản lý cán bộ công đoàn — REST API",
        version="1.0.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI from local files: app/core/static_files.mount_api_docs
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_openapi(app)
    from app.integrations import idempotency

    idempotency.install(app)
    from app.integrations import webhooks

    webhooks.register()  # the outbox: audited changes become webhook messages in the same transaction
    # Innermost: whatever escapes the routes becomes a problem response here, inside the request context
    # (so it still gets an X-Request-ID and a log line) and without re-raising to the server.
    app.add_middleware(ErrorShieldMiddleware)
    # add_middleware wraps outward: the request context (id, logs, metrics) sees the body limit's 413 too.
    app.add_middleware(BodySizeLimitMiddleware, max_body_size=settings.max_body_bytes)
    app.add_middleware(NoStoreMiddleware)
    app.add_middleware(IpRateLimitMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(RequestContextMiddleware)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        async def current_migration() -> Any:
            async with get_db().sessionmaker() as session:
                return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar()

        try:
            # Bounded well below the pool timeout: a pool with no free connection for a second means this
            # process cannot take more traffic now (the balancer should send it elsewhere), not a slow probe.
            current = await asyncio.wait_for(current_migration(), READY_TIMEOUT_SECONDS)
        except TimeoutError:
            return problem_response(request, "service_unavailable", 503, detail="no database connection free")
        except Exception:  # noqa: BLE001 - any database failure means not ready
            return problem_response(request, "service_unavailable", 503, detail="database unreachable")
        head = migration_head()
        if current != head:
            return problem_response(request, "service_unavailable", 503,
                                    detail=f"migrations not current ({current} != {head})")
        return JSONResponse({"status": "ready", "migration": current})

    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    register_pool_metrics()
    configure_tracing(app, settings.otel_enabled)

    if settings.auth_mode == "embedded":  # with an external IdP this app is only a resource server
        from app.auth.oauth_router import router as oauth_router

        app.include_router(skip_unrelated_paths(oauth_router))
    app.include_router(api_router())
    if docs_on:
        mount_api_docs(app, settings.frontend_dist, f"{API_PREFIX}/openapi.json")
    mount_spa(app, settings.frontend_dist)
    return app
