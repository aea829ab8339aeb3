"""Issue 14, error mapping: malformed input is a 4xx problem, database trouble is 503 with Retry-After, and no
error ever escapes to the server (which would drop the keep-alive connection)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from sqlalchemy import insert, text

from app.core.db import today
from app.core.errors import map_exception
from tests.factories import Tree, bearer, grant_token

PG = pytest.mark.skipif(__import__("os").environ.get("CADRE_TEST_DB") == "sqlite",
                        reason="statement and lock timeouts are PostgreSQL features")


def assert_problem(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert {"type", "title", "status", "code"} <= body.keys()
    if code:
        assert body["code"] == code
    return body


async def test_rule_ids_past_int32_are_404_in_paths_and_422_in_queries(client, admin_headers):
    assert_problem(await client.get("/api/v1/units/99999999999", headers=admin_headers), 404, "not_found")
    assert_problem(await client.get("/api/v1/cadres/2147483648", headers=admin_headers), 404, "not_found")
    body = assert_problem(await client.get("/api/v1/units?within=99999999999", headers=admin_headers), 422)
    assert body["errors"][0]["field"] == "within"
    # just inside the range: an ordinary miss
    assert_problem(await client.get("/api/v1/units/2147483647", headers=admin_headers), 404, "not_found")


async def test_rule_nul_bytes_are_422(client, admin_headers, tree: Tree):
    body = assert_problem(await client.get("/api/v1/cadres", params={"q": "Nguy\x00n"}, headers=admin_headers),
                          422)
    assert body["errors"][0] == {"field": "q", "code": "invalid_character", "message": "NUL byte"}
    r = await client.post("/api/v1/units", headers=admin_headers, json={
        "code": "NUL1", "name": "Công đoàn\u0000", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0]})
    assert_problem(r, 422, "invalid_character")


async def test_rule_forged_cursors_are_422(client, admin_headers, tree: Tree):
    first = await client.get("/api/v1/units", params={"limit": 2}, headers=admin_headers)
    cursor = first.json()["next_cursor"]
    assert cursor
    ok = await client.get("/api/v1/units", params={"limit": 2, "cursor": cursor}, headers=admin_headers)
    assert ok.status_code == 200
    payload = base64.urlsafe_b64encode(json.dumps([{"x": 1}, "'; drop"]).encode()).decode().rstrip("=")
    # a changed signature character (in the middle: the last base64 character may carry only unused bits)
    body, signature = cursor.rsplit(".", 1)
    mid = len(signature) // 2
    tampered = f"{body}.{signature[:mid]}{'B' if signature[mid] == 'A' else 'A'}{signature[mid + 1:]}"
    for forged in (payload, payload + "." + cursor.split(".")[1], "%%%", "a" * 5000, tampered):
        r = await client.get("/api/v1/units", params={"cursor": forged}, headers=admin_headers)
        assert_problem(r, 422, "invalid_cursor")


async def test_rule_dates_in_year_one_are_422(client, admin_headers, tree: Tree):
    for as_of in ("0001-01-01", "9999-12-31"):
        body = assert_problem(await client.get("/api/v1/units", params={"as_of": as_of}, headers=admin_headers),
                              422)
        assert body["errors"][0]["field"] == "as_of"
    r = await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers,
                         params={"unit_id": tree.national, "as_of": "0001-01-01"})
    assert_problem(r, 422)


async def test_rule_foreign_ids_that_do_not_exist_are_422_with_the_field(client, session, tree: Tree):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    body = {"title": "Báo cáo", "issuer_unit_id": tree.provinces[0], "audience": "direct_children",
            "deadline": (today() + timedelta(days=5)).isoformat(), "indicator_codes": ["members"]}
    missing = await client.post("/api/v1/report-requests", headers=officer, json={**body, "plan_id": 987654})
    assert assert_problem(missing, 422, "unknown_reference")["errors"][0]["field"] == "plan_id"
    # a plan of another province exists, but not for this caller: the same answer (no oracle)
    admin = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    other = await client.post("/api/v1/plans", headers=admin, json={
        "number": "1/KH", "title": "Kế hoạch", "issuer_unit_id": tree.provinces[1], "issued_on": "2024-01-01",
        "period_start": "2024-01-01", "period_end": "2025-12-31"})
    assert other.status_code == 201, other.text
    foreign = await client.post("/api/v1/report-requests", headers=officer,
                                json={**body, "plan_id": other.json()["id"]})
    assert assert_problem(foreign, 422, "unknown_reference")["errors"][0]["field"] == "plan_id"


async def test_rule_foreign_key_violation_maps_to_422_naming_the_field(session, tree: Tree):
    from app.org_units.models import OrgUnitClosure

    with pytest.raises(Exception) as caught:
        async with session.begin_nested():
            await session.execute(insert(OrgUnitClosure.__table__).values(  # type: ignore[attr-defined]
                ancestor_id=987654, descendant_id=tree.national, depth=1))
    mapped = map_exception(caught.value)
    assert mapped is not None and (mapped.status, mapped.code) == (422, "unknown_reference")
    assert "ancestor_id" in [e.field for e in mapped.errors]


@PG
async def test_rule_statement_timeout_is_503_and_the_connection_is_reusable(session):
    with pytest.raises(Exception) as caught:
        async with session.begin_nested():
            await session.execute(text("SET LOCAL statement_timeout = 50"))
            await session.execute(text("SELECT pg_sleep(2)"))
    mapped = map_exception(caught.value)
    assert mapped is not None and (mapped.status, mapped.code, mapped.retry_after) == (503, "database_timeout", "2")
    assert (await session.execute(text("SELECT 1"))).scalar() == 1


@PG
async def test_rule_lock_timeout_is_503(engine):
    from sqlalchemy.ext.asyncio import AsyncSession

    async with AsyncSession(engine) as holder, AsyncSession(engine) as waiter:
        await holder.execute(text("SELECT pg_advisory_xact_lock(424242)"))  # held until holder's rollback
        with pytest.raises(Exception) as caught:
            await waiter.execute(text("SET LOCAL lock_timeout = 50"))
            await waiter.execute(text("SELECT pg_advisory_xact_lock(424242)"))
        await waiter.rollback()
        await holder.rollback()
    mapped = map_exception(caught.value)
    assert mapped is not None and (mapped.status, mapped.code) == (503, "database_timeout")


async def test_rule_database_errors_in_a_route_are_503_with_retry_after(client, admin_headers, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.org_units import service

    class Down(Exception):
        sqlstate = "57P03"  # the database system is starting up / shutting down

    async def boom(*_a, **_k):
        raise OperationalError("SELECT 1", {}, Down("cannot connect now"))

    monkeypatch.setattr(service, "list_units", boom)
    r = await client.get("/api/v1/units", headers=admin_headers)
    assert_problem(r, 503, "database_unavailable")
    assert r.headers["retry-after"] == "2"
    assert "x-request-id" in r.headers
    for leak in ("OperationalError", "SELECT", "Traceback"):
        assert leak not in r.text


async def test_rule_unexpected_errors_never_reach_the_server(client, admin_headers, monkeypatch):
    """httpx's ASGI transport raises whatever the app re-raises: Starlette's ServerErrorMiddleware re-raises after
    its 500, which is what made uvicorn drop keep-alive connections. Here the app answers and raises nothing."""
    from app.org_units import service

    async def bug(*_a, **_k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "list_units", bug)
    r = await client.get("/api/v1/units", headers=admin_headers)
    body = assert_problem(r, 500, "internal_error")
    assert "secret internals" not in r.text and "RuntimeError" not in json.dumps(body)
    again = await client.get("/api/v1/unit-types", headers=admin_headers)
    assert again.status_code == 200


async def test_rule_405_allow_lists_every_method_of_the_path(client, admin_headers, tree: Tree):
    r = await client.put(f"/api/v1/units/{tree.national}", headers=admin_headers, json={})
    assert_problem(r, 405, "method_not_allowed")
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "PATCH"}
    r = await client.delete("/api/v1/unit-types", headers=admin_headers)
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD"}


async def test_rule_openapi_documents_platform_statuses(client):
    spec = (await client.get("/api/v1/openapi.json")).json()
    op = spec["paths"]["/api/v1/units/{unit_id}"]["patch"]["responses"]
    assert {"401", "403", "404", "412", "422", "428", "429", "503"} <= op.keys()
    assert "Retry-After" in op["503"]["headers"]
    listing = spec["paths"]["/api/v1/units"]["get"]["responses"]
    assert {"200", "401", "422", "429", "503"} <= listing.keys()
