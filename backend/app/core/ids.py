"""Database ids as the API accepts them: positive and within 32 bits (PostgreSQL `integer`) — the one definition
of that bound (`MAX_ID`).

Path and query integers of every route are held to it by the shared input guard (`core.guards`: an id past 32 bits
in a path is 404, in a query 422), so `PathId`/`QueryId` only add "positive"; ids inside JSON bodies, which the
guard does not read, carry the bound themselves (`DbId`). Never a driver overflow (API.md "Errors")."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2_147_483_647  # PostgreSQL `integer`

DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1)]
QueryId = Annotated[int | None, Query(ge=1)]
RequiredQueryId = Annotated[int, Query(ge=1)]
