"""Routers decline at once the paths none of their routes could match (core/routing.py, issue 13): every route of
the API must still be reached, and unknown paths and methods still answer 404 and 405."""

from __future__ import annotations

import re

import httpx
import pytest

from app.core.routing import route_paths_pattern


async def test_rule_every_operation_is_still_routed_to_an_endpoint(app, client: httpx.AsyncClient):
    operations = [(method.upper(), path) for path, ops in app.openapi()["paths"].items()
                  for method in ops if method in ("get", "post", "put", "patch", "delete")]
    assert len(operations) > 150
    unrouted = []
    for method, path in operations:
        response = await client.request(method, re.sub(r"\{[^}]+\}", "1", path))
        if response.status_code in (404, 405):  # without a token every real route answers 401 or its own check
            unrouted.append((method, path, response.status_code))
    assert unrouted == []


async def test_rule_unknown_paths_and_methods_still_answer_404_and_405(client: httpx.AsyncClient):
    assert (await client.get("/api/v1/no-such-thing/1")).status_code == 404
    assert (await client.get("/api/v1/cadres/1/no-such-part")).status_code == 404
    assert (await client.put("/api/v1/cadres")).status_code == 405


@pytest.mark.parametrize(("path", "owned"), [
    ("/api/v1/cadres/12", True), ("/api/v1/cadres", True), ("/api/v1/cadres/12/no-such-part", False),
    ("/api/v1/cadresx/12", False), ("/api/v1/units/3", False), ("/api/v1/xcadres", False)])
def test_quick_test_matches_the_routes_own_patterns_at_the_end_of_the_path(path: str, owned: bool):
    from app.cadres.router import router

    pattern = route_paths_pattern(router.routes)
    assert pattern is not None
    assert (pattern.search(path) is not None) is owned


def test_routers_with_other_kinds_of_route_get_no_quick_test():
    from fastapi import APIRouter

    router = APIRouter()
    router.add_api_route("/{anything}", lambda anything: anything)
    assert route_paths_pattern(router.routes) is not None
    router.add_route("/plain", lambda request: None)  # a Starlette route: matched as FastAPI does, untested here
    assert route_paths_pattern(router.routes) is None
