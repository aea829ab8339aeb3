"""Optimistic concurrency with ETag / If-Match (RFC 9110 §13.1.1, RFC 6585 for 428)."""

from __future__ import annotations

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


def expected_version(request: Request) -> int:
    """The row version the client claims to have seen; 428 when If-Match is missing, 412 when unparsable."""
    header = request.headers.get("if-match")
    if not header:
        raise PreconditionRequired()
    tag = header.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    tag = tag.strip('"')
    try:
        return int(tag)
    except ValueError:
        raise PreconditionFailed() from None


def check_version(expected: int, actual: int) -> None:
    if expected != actual:
        raise PreconditionFailed(current_etag=etag_for(actual))


async def claim_version(session: AsyncSession, table: Table, row_id: int, expected: int) -> int:
    """Atomically bump a row's version if it still equals `expected` (else 412); returns the new version.

    `UPDATE ... WHERE id = :id AND version = :expected` makes two writers holding the same ETag end with
    exactly one success: the second finds the version already moved.
    """
    from sqlalchemy import select, update

    result = await session.execute(
        update(table).where(table.c.id == row_id, table.c.version == expected).values(version=table.c.version + 1)
    )
    if result.rowcount != 1:
        current = (await session.execute(select(table.c.version).where(table.c.id == row_id))).scalar()
        raise PreconditionFailed(current_etag=etag_for(current) if current is not None else None)
    return expected + 1
