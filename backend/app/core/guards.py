"""Input guards every API route shares (kiểm tra đầu vào chung), run before any route's own code.

Malformed input must be a 4xx problem, never a 500, whatever the database is (issue 14):
- an integer path id past 32 bits is 404 (no such object), an integer query parameter past 32 bits is 422 —
  PostgreSQL's `integer` columns would refuse them with an error, SQLite would silently accept them;
- a NUL byte in a query or path parameter, or a JSON body, is 422 (PostgreSQL text cannot hold it);
- a date query parameter that is not YYYY-MM-DD, or outside 1900–2199, is 422 (year-1 dates overflow date
  arithmetic; a bare number would otherwise be read as a Unix timestamp).

The route's own declared parameters (FastAPI's dependant) say which values are integers or dates.
"""

from __future__ import annotations

import re
import types
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin

from fastapi import Request

from app.core.errors import FieldProblem, NotFound, RuleViolation
from app.core.ids import MAX_ID as INT32_MAX  # the one 32-bit bound (PostgreSQL `integer`)

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
_INT = re.compile(r"^[+-]?\d+$")
_ISO_DATE = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})$")
# RFC 3339 / ISO 8601 date-time (a date alone is accepted as its midnight, as pydantic reads it)
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?([Zz]|[+-]\d{2}:?\d{2})?$")

_param_kinds: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def _kind(annotation: Any) -> str | None:
    """'int', 'date', 'datetime' or None for a parameter annotation (Optional and list[...] unwrapped)."""
    if annotation is int:
        return "int"
    if annotation is date:
        return "date"
    if annotation is datetime:
        return "datetime"
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, tuple, set):
        kinds = {_kind(a) for a in get_args(annotation)} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if origin is not None and getattr(annotation, "__metadata__", None) is not None:  # Annotated
        return _kind(get_args(annotation)[0])
    return None


def _kinds_for(route: Any) -> tuple[dict[str, str], dict[str, str]]:
    key = id(route)
    cached = _param_kinds.get(key)
    if cached is not None:
        return cached
    path: dict[str, str] = {}
    query: dict[str, str] = {}
    todo, seen = [route.dependant], set()
    while todo:  # the route's own parameters and those of all its dependencies
        dep = todo.pop()
        if id(dep) in seen:
            continue
        seen.add(id(dep))
        path.update({f.alias: k for f in dep.path_params if (k := _kind(f.field_info.annotation))})
        query.update({f.alias: k for f in dep.query_params if (k := _kind(f.field_info.annotation))})
        todo.extend(dep.dependencies)
    _param_kinds[key] = (path, query)
    return path, query


def integer_path_params(route: Any) -> list[str]:
    """The names of a route's integer path parameters (none for a route without a dependant)."""
    if not hasattr(route, "dependant"):
        return []
    return [name for name, kind in _kinds_for(route)[0].items() if kind == "int"]


def _bad_date(value: str) -> bool:
    m = _ISO_DATE.match(value)
    if not m:
        # Not YYYY-MM-DD: pydantic's lax mode would read "0" as a Unix timestamp (1970-01-01); OpenAPI promises
        # `format: date`, so anything else is refused here.
        return True
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return not DATE_MIN <= d <= DATE_MAX


async def guard_parameters(request: Request) -> None:
    """Router-level dependency of the whole API (see main.api_router)."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    path_kinds, query_kinds = _kinds_for(route)
    for name, value in request.path_params.items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise RuleViolation("invalid_character", errors=[FieldProblem(name, "invalid_character", "NUL byte")])
        if path_kinds.get(name) == "int" and _INT.match(value) and abs(int(value)) > INT32_MAX:
            raise NotFound()
    problems: list[FieldProblem] = []
    for name, value in request.query_params.multi_items():
        if "\x00" in value or "\x00" in name:
            problems.append(FieldProblem(name.replace("\x00", ""), "invalid_character", "NUL byte"))
            continue
        kind = query_kinds.get(name)
        if kind == "int" and _INT.match(value.strip()) and abs(int(value)) > INT32_MAX:
            problems.append(FieldProblem(name, "value_out_of_range", f"must be at most {INT32_MAX}"))
        elif kind == "date" and _bad_date(value.strip()):
            problems.append(FieldProblem(name, "value_out_of_range" if _ISO_DATE.match(value.strip()) else "date_type",
                                         f"must be a date YYYY-MM-DD between {DATE_MIN.isoformat()} and "
                                         f"{DATE_MAX.isoformat()}"))
        elif kind == "datetime" and not _ISO_DATETIME.match(value.strip()):
            # pydantic's lax mode would read "0.5" as a Unix timestamp; OpenAPI promises `format: date-time`
            problems.append(FieldProblem(name, "datetime_type", "must be an ISO 8601 date-time, e.g. "
                                                                "2026-12-01T08:00:00+07:00"))
    if problems:
        raise RuleViolation("validation_error", errors=problems)
    if request.method in ("POST", "PUT", "PATCH") and "json" in request.headers.get("content-type", ""):
        body = await request.body()
        if b"\\u0000" in body or b"\x00" in body:
            raise RuleViolation("invalid_character",
                                errors=[FieldProblem("body", "invalid_character", "NUL byte in a string")])
