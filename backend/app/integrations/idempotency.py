"""`Idempotency-Key` on every POST (API.md "Integration"; draft-ietf-httpapi-idempotency-key-header).

- The first request with a key inserts an `idempotency_key` row (unique per principal and key) in the
  request's own transaction, before the handler runs; the response the handler produced is written into the
  same row before that transaction commits. The key and the change it made are committed together, or not at
  all: a request that fails (any problem response) leaves no key behind, so it may simply be retried.
- A retry with the same key and the same request (method, path, query and body) replays the stored status,
  headers and body, with `Idempotent-Replayed: true`; the same key with another request is 422
  `idempotency_key_reused`.
- Concurrent duplicates: the second insert waits on the first transaction's unique-index entry (PostgreSQL;
  SQLite serialises writers) and then finds the committed row, so it replays instead of running again.
- Keys live 24 hours (`purge_expired`, run by the daily housekeeping; an expired key is also replaced when
  it is reused).

Wiring: `protect_post_routes(router)` (main.py) adds the `reserve` dependency to every POST route of the
API and gives them `IdempotentRoute`'s handler, which stores the response before the session dependency
commits.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.routing import APIRoute
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.responses import Response, StreamingResponse

from app.core.db import SessionDep, table_of, utcnow
from app.core.errors import Conflict, FieldProblem, RuleViolation
from app.core.security import get_principal
from app.integrations.models import IdempotencyRecord

TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's sf-string allows
_NOT_REPLAYED = {"content-length", "set-cookie", "date", "server", "x-request-id"}
table = table_of(IdempotencyRecord)


class IdempotentReplay(Exception):  # noqa: N818 - not an error: it carries the stored response
    """Raised by `reserve` to answer a retried request with the response stored for its key."""

    def __init__(self, status_code: int, headers: list[list[str]], body: bytes) -> None:
        super().__init__("idempotent replay")
        self.status_code = status_code
        self.headers = headers
        self.body = body

    def response(self) -> Response:
        out = Response(content=self.body, status_code=self.status_code)
        for name, value in self.headers:
            out.headers.append(name, value)
        out.headers["Idempotent-Replayed"] = "true"
        return out


@dataclass
class Pending:
    """The key reserved by this request; the handler's response is written into it before commit."""

    session: AsyncSession
    record_id: int

    async def store(self, response: Response) -> None:
        body = getattr(response, "body", None)
        if isinstance(response, StreamingResponse) or not isinstance(body, bytes):
            # A streamed body cannot be replayed: give the key up, so a retry runs again.
            await self.session.execute(delete(table).where(table.c.id == self.record_id))
            return
        headers = [[k.decode("latin-1"), v.decode("latin-1")] for k, v in response.raw_headers
                   if k.decode("latin-1").lower() not in _NOT_REPLAYED]
        await self.session.execute(update(table).where(table.c.id == self.record_id).values(
            status_code=response.status_code, response_headers=headers, response_body=body))


async def fingerprint(request: Request) -> str:
    """sha256 over what makes two requests 'the same': method, path, query and body (form fields and files
    for multipart bodies, which FastAPI has already parsed)."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        for name, value in sorted(form.multi_items(), key=lambda item: item[0]):
            digest.update(name.encode() + b"=")
            if isinstance(value, UploadFile):
                content = await value.read()
                await value.seek(0)
                digest.update(f"file:{value.filename}:{len(content)}:".encode() + content)
            else:
                digest.update(str(value).encode())
            digest.update(b"\n")
    else:
        digest.update(await request.body())
    return digest.hexdigest()


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite.insert(table)


async def reserve(
    request: Request,
    session: SessionDep,
    idempotency_key: Annotated[str | None, Header(
        alias=HEADER, description="Makes a retried POST safe: the same key and body replay the first response "
                                  "(24 h); the same key with another body is 422 idempotency_key_reused.")] = None,
) -> None:
    """Dependency on every POST: reserve the key, or replay / refuse a retry."""
    if idempotency_key is None:
        return
    if not _KEY.match(idempotency_key):
        raise RuleViolation("validation_error", errors=[FieldProblem(
            HEADER, "invalid", "1–255 visible ASCII characters")])
    principal = (await get_principal(request, session)).subject
    print_ = await fingerprint(request)
    now = utcnow()
    # An expired key is forgotten (the daily purge may not have run yet).
    await session.execute(delete(table).where(table.c.principal == principal, table.c.key == idempotency_key,
                                              table.c.expires_at <= now))
    stmt = _insert(session).values(principal=principal, key=idempotency_key, fingerprint=print_, created_at=now,
                                   expires_at=now + TTL)
    record_id = (await session.execute(
        stmt.on_conflict_do_nothing(index_elements=["principal", "key"]).returning(table.c.id))).scalar()
    if record_id is not None:
        request.state.idempotency = Pending(session, record_id)
        return
    # Another request holds the key: it has committed (the insert waited for it), so its row is visible.
    row = (await session.execute(select(table).where(table.c.principal == principal,
                                                     table.c.key == idempotency_key))).first()
    if row is None:  # it rolled back between our insert and this read: ask the client to retry
        raise Conflict("idempotency_key_in_progress")
    if row.fingerprint != print_:
        raise RuleViolation("idempotency_key_reused")
    if row.status_code is None:
        raise Conflict("idempotency_key_in_progress")
    raise IdempotentReplay(row.status_code, row.response_headers or [], row.response_body or b"")


class IdempotentRoute(APIRoute):
    """An API route whose handler writes its response into the reserved key before the session commits
    (the session dependency is function-scoped: it commits when this handler returns)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            response = await inner(request)
            pending: Pending | None = getattr(request.state, "idempotency", None)
            if pending is not None:
                await pending.store(response)
            return response

        return handler


def protect_post_routes(router: APIRouter) -> APIRouter:
    """Make every POST route of `router` honour `Idempotency-Key`. Call before including the router."""
    for route in router.routes:
        if isinstance(route, APIRoute) and "POST" in (route.methods or set()) \
                and not isinstance(route, IdempotentRoute):
            route.dependencies.append(Depends(reserve))
            route.__class__ = IdempotentRoute
    return router


def install(app: FastAPI) -> None:
    async def _replay(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, IdempotentReplay)
        return exc.response()

    app.add_exception_handler(IdempotentReplay, _replay)


async def purge_expired(session: AsyncSession) -> int:
    """Housekeeping: forget keys older than 24 hours."""
    result = await session.execute(delete(table).where(table.c.expires_at <= utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)
