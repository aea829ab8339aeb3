"""Application factory: `create_app()` wires settings, middleware, error handlers, routers and the SPA."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.requests import Request
from starlette.staticfiles import StaticFiles

from app.core.config import Settings, get_settings
from app.core.db import get_db
from app.core.errors import install_error_handlers, problem_response
from app.core.observability import RequestContextMiddleware, configure_logging, metrics_endpoint
from app.core.security import registry

API_PREFIX = "/api/v1"
BACKEND_DIR = Path(__file__).resolve().parents[1]


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def configure_security(settings: Settings) -> None:
    from app.auth.principals import load_principal

    if settings.auth_mode == "external":
        from app.auth.external import ExternalKeyProvider

        registry.key_provider = ExternalKeyProvider(settings)
    else:
        from app.auth.keys import key_provider

        registry.key_provider = key_provider
    registry.principal_loader = load_principal


def migration_head() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config(str(BACKEND_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND_DIR / "migrations"))
    return ScriptDirectory.from_config(cfg).get_current_head()


def api_router() -> APIRouter:
    from app.auth.router import router as auth_api_router
    from app.org_units.router import router as units_router

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(units_router)
    api.include_router(auth_api_router)
    return api


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    configure_security(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await get_db().engine.dispose()

    docs_on = settings.environment != "production"
    app = FastAPI(
        title="Union Cadre Registry API",
        summary="Hệ thống quản lý cán bộ công đoàn — REST API",
        version="1.0.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/api/docs" if docs_on else None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
    )
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware)  # type: ignore[arg-type]

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        try:
            async with get_db().engine.connect() as conn:
                current = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
        except Exception:  # noqa: BLE001 - any database failure means not ready
            return problem_response(request, "service_unavailable", 503, detail="database unreachable")
        head = migration_head()
        if current != head:
            return problem_response(request, "service_unavailable", 503,
                                    detail=f"migrations not current ({current} != {head})")
        return JSONResponse({"status": "ready", "migration": current})

    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)

    from app.auth.router import wellknown_router

    app.include_router(wellknown_router)
    app.include_router(api_router())
    _mount_spa(app, settings.frontend_dist)
    return app


def _mount_spa(app: FastAPI, dist: Path) -> None:
    """Serve the built SPA at / with index.html as the fallback for client-side routes."""
    index = dist / "index.html"
    if not index.exists():
        return
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    reserved = ("api/", "oauth/", ".well-known/", "healthz", "readyz", "metrics")

    @app.get("/{full_path:path}", include_in_schema=False, response_model=None)
    def spa(full_path: str, request: Request) -> FileResponse | JSONResponse:  # sync: file checks off the loop
        if full_path.startswith(reserved):
            return problem_response(request, "not_found", 404)
        candidate = (dist / full_path).resolve()
        if full_path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
