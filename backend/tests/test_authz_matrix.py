"""The authorization matrix covers every route, agrees with the code, and holds for every role.

Reliability-security criteria 1–2: a route without an entry in `app/core/authz_matrix.py` fails here with the
exact line to add; for every role × route × method the observed status equals the matrix (the permitted status
where the table below has an example request, else "not 401/403"; 403 for roles without the permission;
401 without a token).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from app.core.authz_matrix import AUTHENTICATED, CLIENT, CONDITIONAL, MATRIX, PUBLIC, requirement, roles_allowed
from app.core.security import ALL_SCOPES, ROLES, Requires, get_principal
from tests.factories import Tree, bearer, grant_token

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def app_routes(app: Any) -> dict[tuple[str, str], Any]:
    """Every (method, path template) the app answers, with its route object."""
    found: dict[tuple[str, str], Any] = {}
    for rc in iter_route_contexts(app.routes):
        route = rc.original_route
        if isinstance(route, Mount):
            found[("GET", rc.path)] = route
            continue
        for method in (rc.methods or set()) - IGNORED_METHODS:
            found[(method, rc.path)] = route
    return found


def _dependency_calls(route: Any) -> list[Any]:
    def walk(dependant: Any) -> list[Any]:
        out: list[Any] = []
        for dep in dependant.dependencies:
            out += [dep.call, *walk(dep)]
        return out
    return walk(route.dependant) if isinstance(route, APIRoute) else []


def declared_permissions(route: Any) -> set[str]:
    """The permissions a route's dependency tree demands through `requires(...)`."""
    return {call.permission for call in _dependency_calls(route) if isinstance(call, Requires)}


def declared_requirement(route: Any) -> str:
    """What the code asks of a caller: one permission, any token (CurrentPrincipal), or nothing."""
    perms = sorted(declared_permissions(route))
    if len(perms) == 1:
        return perms[0]
    if perms:
        return f"<one of {perms}>"
    return AUTHENTICATED if get_principal in _dependency_calls(route) else PUBLIC


def _suggestion(key: tuple[str, str], route: Any) -> str:
    need = declared_requirement(route)
    shown = {PUBLIC: "PUBLIC", AUTHENTICATED: "AUTHENTICATED"}.get(need, repr(need))
    return f"    {key!r}: {shown},"


def test_every_route_has_a_matrix_entry(app):
    routes = app_routes(app)
    missing = [_suggestion(k, r) for k, r in sorted(routes.items()) if k not in MATRIX]
    assert not missing, (
        "Routes without an entry in app/core/authz_matrix.py MATRIX. Add these lines (what is shown is what the "
        "route's dependencies ask: its requires(...) permission, AUTHENTICATED for CurrentPrincipal, else PUBLIC; "
        "check it is what the route should need), and give the route an example request in "
        "tests/test_authz_matrix.py examples() so its permitted status is checked exactly:\n"
        + "\n".join(missing))
    stale = sorted(k for k in MATRIX if k not in routes and k not in CONDITIONAL)
    assert not stale, f"Entries in app/core/authz_matrix.py MATRIX for routes that no longer exist; remove: {stale}"


def test_matrix_agrees_with_each_routes_requires(app):
    wrong = []
    for key, route in app_routes(app).items():
        need = MATRIX.get(key)
        expected = PUBLIC if need == CLIENT else need  # client authentication happens inside the OAuth endpoints
        declared = declared_requirement(route)
        if need is not None and declared != expected:
            wrong.append(f"{key}: matrix says {need!r}, the route's dependencies give {declared!r}")
    assert not wrong, "\n".join(wrong)


def test_every_permission_in_the_matrix_is_a_known_scope():
    unknown = {v for v in MATRIX.values() if v not in (PUBLIC, CLIENT, AUTHENTICATED) and v not in ALL_SCOPES}
    assert not unknown


# --- observed behaviour ----------------------------------------------------------------------------------

@dataclass
class Example:
    """A request that succeeds for a permitted caller (with the status it then gets)."""

    status: int
    path: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def examples(t: Tree) -> dict[tuple[str, str], Example]:
    g0, g1, d0, d1 = t.grassroots[0], t.grassroots[1], t.districts[0], t.districts[1]
    when = {"effective_date": "2024-06-01", "decision_no": "12/QĐ-LĐLĐ"}
    new_unit = {"code": "MX-NEW", "name": "CĐCS Công ty Ma trận", "unit_type": "cong_doan_co_so", "parent_id": d0,
                "established_on": "2024-01-01"}
    return {
        ("GET", "/api/v1/unit-types"): Example(200),
        ("GET", "/api/v1/units"): Example(200),
        ("POST", "/api/v1/units"): Example(201, body=new_unit),
        ("GET", "/api/v1/units/{unit_id}"): Example(200, {"unit_id": g0}),
        ("PATCH", "/api/v1/units/{unit_id}"): Example(200, {"unit_id": g0}, {"workforce": 120}, {"If-Match": '"1"'}),
        ("POST", "/api/v1/units/{unit_id}/move"): Example(200, {"unit_id": g0}, {"new_parent_id": d1, **when}),
        ("POST", "/api/v1/units/{unit_id}/rename"): Example(200, {"unit_id": g0}, {"name": "Tên mới", **when}),
        ("POST", "/api/v1/units/merge"): Example(200, body={"source_ids": [g0], "target_id": g1, **when}),
        ("POST", "/api/v1/units/{unit_id}/split"): Example(200, {"unit_id": g0}, {"parts": [
            {"code": "MX-P1", "name": "Phần 1", "unit_type": "cong_doan_co_so", "parent_id": d0}], **when}),
        ("POST", "/api/v1/units/{unit_id}/dissolve"): Example(200, {"unit_id": g0}, when),
        ("GET", "/api/v1/units/{unit_id}/history"): Example(200, {"unit_id": g0}),
        ("GET", "/api/v1/me"): Example(200),
        ("GET", "/api/v1/jobs"): Example(200),
        ("GET", "/api/v1/audit-log"): Example(200),
        ("GET", "/api/v1/access-log"): Example(200),
        ("GET", "/api/v1/tasks"): Example(200),
        ("GET", "/api/v1/admin/users"): Example(200),
        ("POST", "/api/v1/admin/users"): Example(201, body={
            "username": "mx.admin.new", "display_name": "Người dùng ma trận", "password": "Mật-khẩu-đủ-dài-1",
            "role": "viewer", "unit_id": d0}),
        ("GET", "/api/v1/admin/role-grants"): Example(200),
        ("POST", "/api/v1/cadres/exports"): Example(202),
        ("POST", "/api/v1/reports/cadre-statistics/files"): Example(202, body={"unit_id": d0, "format": "xlsx"}),
        ("GET", "/api/v1/admin/clients"): Example(200),
        ("POST", "/api/v1/admin/clients"): Example(201, body={
            "name": "Hệ thống ma trận", "scopes": ["units:read"], "unit_id": d0, "processing_agreement": {
                "number": "1/TT", "signed_on": "2026-01-01", "purpose": "Kiểm thử", "data_categories": ["units"],
                "expires_on": "2099-12-31"}}),
    }


def _url(template: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values.get(m.group(1), 987654)), template)


@pytest.fixture
async def undo(db) -> AsyncIterator[Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]]:
    """Run one request inside a savepoint that is rolled back, so each role starts from the same data."""
    conn = db.sessionmaker.kw["bind"]

    async def run(call: Callable[[], Awaitable[Any]]) -> Any:
        savepoint = await conn.begin_nested()
        try:
            return await call()
        finally:
            await savepoint.rollback()

    yield run


@pytest.mark.usefixtures("inline_jobs")  # a route that queues a job runs it on the test's connection
async def test_every_role_gets_the_status_the_matrix_says(app, client, session, tree: Tree, undo):
    tokens = {role: await grant_token(session, role=role, unit_id=tree.national) for role in ROLES}
    table = examples(tree)
    mismatches: list[str] = []
    for method, template in sorted(app_routes(app)):
        need = requirement(method, template)
        if not template.startswith("/api/v1/") or need in (PUBLIC, CLIENT, None):
            continue
        example = table.get((method, template), Example(0))
        url = _url(template, example.path)
        anonymous = await undo(lambda m=method, u=url, e=example: client.request(m, u, json=e.body))
        if anonymous.status_code != 401:
            mismatches.append(f"anonymous {method} {template}: {anonymous.status_code}, expected 401")
        allowed = roles_allowed(need)
        for role in ROLES:
            r = await undo(lambda m=method, u=url, e=example, tok=tokens[role]: client.request(
                m, u, json=e.body, headers=bearer(tok, **e.headers)))
            if role not in allowed:
                ok, expected = r.status_code == 403, "403"
            elif example.status:
                ok, expected = r.status_code == example.status, str(example.status)
            else:
                ok, expected = r.status_code not in (401, 403), "not 401/403"
            if not ok:
                mismatches.append(f"{role} {method} {template}: {r.status_code} {r.text[:120]}, expected {expected}")
    assert not mismatches, "\n".join(mismatches)


async def test_the_token_scope_is_needed_as_well_as_the_role(app, client, session, tree: Tree, undo):
    """A system admin whose token only carries units:read cannot use any other permission."""
    token = await grant_token(session, role="system_admin", unit_id=tree.national, scopes="units:read")
    table = examples(tree)
    for method, template in sorted(app_routes(app)):
        need = requirement(method, template)
        if not template.startswith("/api/v1/") or need in (PUBLIC, CLIENT, AUTHENTICATED, None):
            continue
        example = table.get((method, template), Example(0))
        r = await undo(lambda m=method, e=example, u=_url(template, example.path): client.request(
            m, u, json=e.body, headers=bearer(token, **e.headers)))
        if need == "units:read":
            assert r.status_code not in (401, 403), (method, template, r.status_code)
        else:
            assert r.status_code == 403, (method, template, r.status_code)


async def test_public_and_client_routes_answer_without_a_bearer_token(app, client):
    for (method, template), route in sorted(app_routes(app).items()):
        need = requirement(method, template)
        if isinstance(route, Mount) or need not in (PUBLIC, CLIENT):
            continue
        url = _url(template.replace("{full_path:path}", "units/42"), {})
        r = await client.request(method, url, data={} if method == "POST" else None)
        if need == PUBLIC:
            assert r.status_code not in (401, 403), (method, template, r.status_code)
        else:  # the client must authenticate itself: an OAuth error, never a bearer challenge
            assert r.status_code in (400, 401) and "error" in r.json(), (method, template, r.text)
