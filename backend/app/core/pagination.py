"""Keyset pagination: `?cursor=&limit=` -> `{items, next_cursor}`.

A cursor is the opaque, URL-safe encoding of the sort-key values of the last row of the previous page;
the next page is `WHERE (k1, k2, ...) > (:v1, :v2, ...)` on the same ORDER BY, so deep pages cost the same
as the first one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from app.core.errors import FieldProblem, RuleViolation

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size, 1–200")]
CursorParam = Annotated[str | None, Query(description="Opaque cursor from the previous page's next_cursor")]


def _mac(payload: str) -> str:
    """Cursors are signed: a forged or edited cursor (wrong types, injected values) is refused as 422 before
    its values reach a query, instead of failing inside the database."""
    from app.core.config import get_settings

    key = ("cursor:" + get_settings().secret_key).encode()
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":"))
    payload = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return f"{payload}.{_mac(payload)}"


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor for the given sort-key values (feeds that hand out a position to resume from)."""
    return _encode(values)


def decode_cursor(cursor: str, n: int) -> list[Any]:
    try:
        payload, _, mac = cursor.partition(".")
        if len(cursor) > 2048 or not hmac.compare_digest(mac.encode(), _mac(payload).encode()):
            raise ValueError
        padded = payload + "=" * (-len(payload) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != n:
            raise ValueError
        return values
    except (ValueError, UnicodeError) as exc:
        raise RuleViolation("invalid_cursor", errors=[FieldProblem("cursor", "invalid_cursor", "bad cursor")]) from exc


def keyset(stmt: Select[Any], order_by: Sequence[ColumnElement[Any]], cursor: str | None, limit: int) -> Select[Any]:
    """Apply ORDER BY, the cursor condition and LIMIT+1 (the extra row tells whether a next page exists)."""
    if cursor:
        values = decode_cursor(cursor, len(order_by))
        stmt = stmt.where(tuple_(*order_by) > tuple_(*values))
    return stmt.order_by(*order_by).limit(limit + 1)


def page_from_rows(rows: Sequence[Any], keys: Sequence[str], limit: int) -> tuple[list[Any], str | None]:
    """Split the LIMIT+1 rows into this page and the next cursor (built from the named row keys)."""
    has_more = len(rows) > limit
    items = list(rows[:limit])
    if not has_more or not items:
        return items, None
    last = items[-1]
    mapping = last._mapping if hasattr(last, "_mapping") else last
    return items, _encode([mapping[k] for k in keys])
