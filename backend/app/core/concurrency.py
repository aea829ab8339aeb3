"""Optimistic concurrency with ETag / If-Match (RFC 9110 §13.1.1, RFC 6585 for 428)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request, Response

from app.core.errors import PreconditionFailed, PreconditionRequired

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.ext.asyncio import AsyncSession


def etag_for(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


@dataclass(frozen=True)
class IfMatch:
    """The request's If-Match precondition, evaluated only once the service has found the object in the caller's
    scope: a missing or out-of-scope object is 404 whatever If-Match says (RFC 9110 §13.2.2 order)."""

    header: str | None

    def versions(self) -> frozenset[int] | None:
        """The versions that match (None: `*`, any current representation); 428 when absent, 412 unparsable."""
        if not self.header or not self.header.strip():
            raise PreconditionRequired()
        if self.header.strip() == "*":
            return None
        found: set[int] = set()
        for part in self.header.split(","):
            tag = part.strip()
            if tag.startswith("W/"):
                tag = tag[2:]
            try:
                found.add(int(tag.strip('"')))
            except ValueError:
                continue
        if not found:
            raise PreconditionFailed()
        return frozenset(found)


def version_precondition(version: int) -> IfMatch:
    """The precondition "still at `version`" (a service updating on behalf of a caller who sent no If-Match)."""
    return IfMatch(etag_for(version))


def expected_version(request: Request) -> IfMatch:
    """The If-Match header, checked later by `claim_version` (after existence and scope)."""
    return IfMatch(request.headers.get("if-match"))


def optional_version(request: Request) -> IfMatch | None:
    """For writes where If-Match is optional (PUT upserts, POST decisions): None without it or with `*` — the
    write applies to the current version —, else the precondition to check once the object was found in scope."""
    header = request.headers.get("if-match", "").strip()
    return None if not header or header == "*" else expected_version(request)


def check_version(expected: int, actual: int) -> None:
    if expected != actual:
        raise PreconditionFailed(current_etag=etag_for(actual))


async def claim_version(session: AsyncSession, table: Table, row_id: int, expected: IfMatch) -> int:
    """Atomically bump a row's version if it still matches If-Match (else 412; 428 without it); returns the new
    version. Call it after the object was found in scope.

    `UPDATE ... WHERE id = :id AND version IN (:expected) RETURNING version` makes two writers holding the same
    ETag end with exactly one success: the second finds the version already moved. `If-Match: *` matches any
    current version.
    """
    from sqlalchemy import select, update

    versions = expected.versions()
    stmt = update(table).where(table.c.id == row_id)
    if versions is not None:
        stmt = stmt.where(table.c.version.in_(sorted(versions)))
    new = (await session.execute(stmt.values(version=table.c.version + 1).returning(table.c.version))).scalar()
    if new is None:
        current = (await session.execute(select(table.c.version).where(table.c.id == row_id))).scalar()
        raise PreconditionFailed(current_etag=etag_for(current) if current is not None else None)
    return int(new)
