"""Database ids as the API accepts them: positive and within 32 bits (PostgreSQL `integer`), so an id past
32 bits is a 422 problem, never a driver overflow (API.md "Errors")."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2_147_483_647

DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
RequiredQueryId = Annotated[int, Query(ge=1, le=MAX_ID)]
