"""Route matching that skips, at once, the routers a path cannot belong to (issue 13).

FastAPI keeps each included router as a branch and matches a request by asking every branch in order; the branch
that matches is asked again when it handles the request. For `GET /api/v1/cadres/{id}` that walked the routes of
the eight routers mounted before the cadres router two or three times: ≈ 10 % of a worker's time under load
(py-spy). `skip_unrelated_paths` gives a router one regex, the alternation of its routes' own path patterns
anchored at the end of the path, that answers "no" for a path none of its routes can match (whatever the method,
so 405 answers are kept). Every path one of its routes matches ends with that route's pattern (the include prefix
comes before it), so the test never turns away a path the router would have taken.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.routing import Match, get_route_path
from starlette.types import Scope


class PathSkippingRouter(APIRouter):
    """An APIRouter whose `matches` declines paths that none of its routes' path patterns can match."""

    _segments_pattern: re.Pattern[str] | None
    _segments_built_for: int

    def could_match(self, path: str) -> bool:
        if getattr(self, "_segments_built_for", -1) != len(self.routes):  # routes added later rebuild the test
            self._segments_pattern = route_paths_pattern(self.routes)
            self._segments_built_for = len(self.routes)
        return self._segments_pattern is None or self._segments_pattern.search(path) is not None

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not self.could_match(get_route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)


def route_paths_pattern(routes: list[Any]) -> re.Pattern[str] | None:
    """`(?:p1|p2|…)$` over the routes' own path patterns (named groups made plain); None (no shortcut) when a
    route is not a plain APIRoute."""
    patterns: list[str] = []
    for route in routes:
        if not isinstance(route, APIRoute):
            return None
        own = route.path_regex.pattern.removeprefix("^").removesuffix("$")
        patterns.append(re.sub(r"\(\?P<\w+>", "(?:", own))
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(dict.fromkeys(patterns)) + ")$")


def skip_unrelated_paths(router: APIRouter) -> APIRouter:
    """Give `router` the quick "not mine" test. Call before including it."""
    router.__class__ = PathSkippingRouter
    return router
