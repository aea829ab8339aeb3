"""Statuses every route can answer, documented in OpenAPI (issue 14: "OpenAPI documents every status").

Routers document their own rule failures; the statuses the platform adds to every route — authentication,
scope, the shared input guards, rate limits, body limits, conditional requests and an unavailable
database — are added here once, so no route can forget them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.core.ids import MAX_ID

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    "400": "Bad request",
    "401": "Missing or invalid access token",
    "403": "Token lacks the scope or role",
    "404": "Not found or outside the caller's scope",
    "409": "Conflict",
    "412": "Precondition failed (stale ETag)",
    "413": "Payload too large",
    "415": "Unsupported media type",
    "422": "Validation or rule failure",
    "428": "If-Match required",
    "429": "Too many requests (see Retry-After)",
    "503": "Database unavailable or busy (see Retry-After)",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}}


def _statuses(path: str, method: str, op: dict[str, Any]) -> list[str]:
    out = ["422", "429", "503"]
    secured = bool(op.get("security")) or path.startswith("/api/v1/") and path != "/api/v1/openapi.json"
    if secured:
        out += ["401", "403"]
    if "{" in path:
        out.append("404")
    if method in ("post", "put", "patch"):
        out += ["409", "413", "415"]
    if method in ("patch", "delete", "put"):
        out += ["412", "428"]
    return out


def _bound_integers(schema: dict[str, Any]) -> None:
    """The shared input guard (core.guards) refuses integer path and query values past 32 bits: say so in the
    schema, so a client (or schemathesis) knows the range it accepts."""
    for alternative in (schema, *schema.get("anyOf", [])):
        if alternative.get("type") == "integer":
            alternative.setdefault("maximum", MAX_ID)
            alternative.setdefault("minimum", -MAX_ID)


def install_openapi(app: FastAPI) -> None:
    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes,
                             description=app.description)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Problem", {
            "type": "object", "title": "Problem",
            "required": ["type", "title", "status", "code"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                           "code": {"type": "string"}, "detail": {"type": "string"},
                           "instance": {"type": "string"},
                           "errors": {"type": "array", "items": {"type": "object"}}},
        })
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                for param in op.get("parameters", []):
                    if param.get("in") in ("path", "query"):
                        _bound_integers(param.get("schema", {}))
                responses = op["responses"]
                if "HTTPValidationError" in str(responses.get("422", {})):
                    del responses["422"]  # FastAPI's default shape; every 422 here is problem+json
                for status in _statuses(path, method, op):
                    entry = responses.setdefault(status, {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
                    })
                    if status in ("429", "503"):
                        entry.setdefault("headers", RETRY_AFTER)
        app.openapi_schema = schema
        return schema

    setattr(app, "openapi", custom_openapi)  # noqa: B010 - FastAPI's documented override point
