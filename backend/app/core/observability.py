"""Request id, structured JSON logs (no personal data), Prometheus metrics, body-size limit."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.pool import QueuePool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUESTS = Counter("cadre_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("cadre_http_request_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def route_template(scope: Scope) -> str:
    """The matched route's full path template (with its router prefix): a bounded label, never the raw path."""
    try:  # FastAPI ≥ 0.16x keeps included routes' prefixed path on an "effective route context"
        from fastapi.routing import _get_scope_effective_route_context

        context = _get_scope_effective_route_context(scope)
    except ImportError:  # pragma: no cover - older FastAPI: the route carries the full path itself
        context = None
    path = getattr(context, "path", None) or getattr(scope.get("route"), "path", None)
    return str(path) if path else "unmatched"


def current_request_id() -> str | None:
    return _request_id.get()


def configure_logging(level: str = "INFO", json_logs: bool = True) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # /readyz reads the migration head on every probe
    # Debug lines that carry secrets or personal data, never below INFO whatever the level: Authlib prints every
    # issued token ("Issue token {...}"), aiosqlite every statement with its parameters (names, birth dates).
    for noisy in ("authlib", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelNamesMapping().get(level.upper(), 0)))
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    processors.append(structlog.processors.JSONRenderer(ensure_ascii=False) if json_logs
                      else structlog.dev.ConsoleRenderer())
    structlog.configure(processors=processors, wrapper_class=structlog.make_filtering_bound_logger(
        logging.getLevelNamesMapping().get(level.upper(), logging.INFO)), cache_logger_on_first_use=True)


class RequestContextMiddleware:
    """X-Request-ID on every response (accepted from the client when well-formed), one access log line per
    request (method, route template, status, duration; never query strings, which may hold names), metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("cadre.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers") or [])
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            template = route_template(scope)
            method = scope.get("method", "")
            REQUESTS.labels(method, template, str(status_holder["status"])).inc()
            LATENCY.labels(method, template).observe(elapsed)
            self.log.info("request", method=method, route=template, status=status_holder["status"],
                          duration_ms=round(elapsed * 1000, 1))
            structlog.contextvars.unbind_contextvars("request_id")
            _request_id.reset(token)


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class BodySizeLimitMiddleware:
    """Starlette's request-body limit (counts chunked bodies too) whose early 413 — sent when Content-Length
    already exceeds the limit — is rendered as problem+json like every other error."""

    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        from starlette.middleware.body_limit import RequestBodyLimitMiddleware

        self.inner = RequestBodyLimitMiddleware(app, max_body_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        replaced = False

        async def send_problem_instead(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # drop the plain-text body
            if message["type"] == "http.response.start" and message["status"] == 413:
                content_type = dict(message.get("headers") or []).get(b"content-type", b"")
                if content_type.startswith(b"text/plain"):
                    from app.core.errors import problem_response

                    replaced = True
                    await problem_response(Request(scope), "payload_too_large", 413)(scope, receive, send)
                    return
            await send(message)

        await self.inner(scope, receive, send_problem_instead)


class PoolCollector:
    """Prometheus gauges of the database connection pools (primary and, when configured, the read replica):
    connections in use, idle, overflow and the configured size — read at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from app.core.db import get_db

        db = get_db()
        families = {name: GaugeMetricFamily(f"cadre_db_pool_{name}", help_, labels=["database"])
                    for name, help_ in (("checked_out", "Connections in use"), ("checked_in", "Idle connections"),
                                        ("overflow", "Connections beyond the pool size"),
                                        ("size", "Configured pool size"))}
        for label, engine in (("primary", db.engine), ("replica", db.read_engine)):
            pool = engine.sync_engine.pool if engine is not None else None
            if not isinstance(pool, QueuePool):
                continue  # SQLite's pools have no size
            families["checked_out"].add_metric([label], pool.checkedout())
            families["checked_in"].add_metric([label], pool.checkedin())
            families["overflow"].add_metric([label], pool.overflow())
            families["size"].add_metric([label], pool.size())
        yield from families.values()


_pool_collector: PoolCollector | None = None


def register_pool_metrics() -> None:
    global _pool_collector
    if _pool_collector is None:
        _pool_collector = PoolCollector()
        REGISTRY.register(_pool_collector)


def configure_tracing(app: object, enabled: bool) -> bool:
    """OpenTelemetry hooks, off by default (CADRE_OTEL_ENABLED=true and the `otel` extra installed). Spans carry
    route templates and SQL without parameters, never personal data; export goes to the operator's own collector
    (OTEL_EXPORTER_OTLP_ENDPOINT), no foreign SaaS."""
    if not enabled:
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:  # the extra is not installed: say so at start-up rather than silently
        raise RuntimeError("CADRE_OTEL_ENABLED needs `pip install cadre-registry[otel]`") from exc
    provider = TracerProvider(resource=Resource.create({"service.name": "cadre-api"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return True
