"""The built SPA and the offline API docs, served by the app itself in the embedded default.

- `/assets/*` are content-hashed files (Vite): sent with `Cache-Control: public, max-age=31536000, immutable`,
  and compressed: the build writes `.br` and `.gz` siblings (frontend/scripts/postbuild.mjs), and the one the
  browser accepts is sent as is with `Content-Encoding` and `Vary: Accept-Encoding` (no CPU per request).
- Everything else that is a file in `dist/` (icons, manifest, service worker) is sent `no-cache` (it may change
  under the same name); any other path is a client-side route and gets `index.html`, also `no-cache`.
- `/api/docs` is Swagger UI from local files (swagger-ui-dist copied into `dist/api-docs/` at build, or from
  `frontend/node_modules/swagger-ui-dist` in development): the docs work offline, no CDN.

The security headers (CSP, nosniff, frame-ancestors) are added for every response by the hardening middleware,
not here.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from app.core.errors import problem_response

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# Preferred first: brotli is ~15 % smaller than gzip on JS.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
RESERVED = ("api/", "oauth/", ".well-known/", "healthz", "readyz", "metrics")


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (q=0 means refused)."""
    out: set[str] = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().replace(" ", "")
        if name and q not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            out.add(name.strip().lower())
    return out


def compressed_response(path: Path, request: Request, cache_control: str) -> Response:
    """`path` itself, or its precompressed sibling when the client accepts that coding."""
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    accepted = accepted_encodings(request.headers.get("accept-encoding", ""))
    for coding, suffix in ENCODINGS:
        sibling = path.with_name(path.name + suffix)
        if coding in accepted and sibling.is_file():
            return FileResponse(sibling, media_type=media_type, headers={**headers, "Content-Encoding": coding})
    return FileResponse(path, media_type=media_type, headers=headers)


def _inside(root: Path, candidate: Path) -> bool:
    return candidate.is_file() and root in candidate.parents


def mount_spa(app: FastAPI, dist: Path) -> None:
    """Serve the built SPA at / with index.html as the fallback for client-side routes."""
    index = dist / "index.html"
    if not index.exists():
        return
    root = dist.resolve()
    assets = (dist / "assets").resolve()

    @app.get("/assets/{asset_path:path}", include_in_schema=False, response_model=None)
    def asset(asset_path: str, request: Request) -> Response:  # sync: file checks off the event loop
        candidate = (assets / asset_path).resolve()
        if not _inside(assets, candidate) or candidate.suffix in (".br", ".gz"):
            return problem_response(request, "not_found", 404)
        return compressed_response(candidate, request, IMMUTABLE)

    @app.get("/{full_path:path}", include_in_schema=False, response_model=None)
    def spa(full_path: str, request: Request) -> FileResponse | JSONResponse | Response:
        if full_path.startswith(RESERVED):
            return problem_response(request, "not_found", 404)
        candidate = (dist / full_path).resolve()
        if full_path and _inside(root, candidate) and candidate.suffix not in (".br", ".gz"):
            return compressed_response(candidate, request, NO_CACHE)
        return FileResponse(index, headers={"Cache-Control": NO_CACHE})


def swagger_dir(dist: Path) -> Path | None:
    """Where the Swagger UI files are: the build's copy, else the npm package in development."""
    for candidate in (dist / "api-docs", dist.parent / "node_modules" / "swagger-ui-dist"):
        if all((candidate / f).is_file() for f in SWAGGER_FILES):
            return candidate
    return None


def mount_api_docs(app: FastAPI, dist: Path, openapi_url: str) -> None:
    """Swagger UI at /api/docs with its JS/CSS served from here (works without internet)."""
    oauth2_redirect = "/api/docs/oauth2-redirect"

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} — Swagger UI",
            oauth2_redirect_url=oauth2_redirect,
            swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs/assets/swagger-ui.css",
            swagger_favicon_url="/api/docs/assets/favicon-32x32.png",
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    def docs_oauth2_redirect() -> HTMLResponse:
        from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html

        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/api/docs/assets/{name}", include_in_schema=False, response_model=None)
    def docs_asset(name: str, request: Request) -> Response:
        folder = swagger_dir(dist)
        if folder is None or name not in SWAGGER_FILES:
            return problem_response(request, "not_found", 404)
        # Not content-hashed: a day, then revalidate (the package version changes rarely).
        return compressed_response(folder / name, request, "public, max-age=86400")
