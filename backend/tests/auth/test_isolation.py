"""Cross-district isolation (OWASP API1 BOLA; reliability-security criteria 3–4): an organisation officer of
district A can neither see nor touch anything in district B. Outside the subtree is 404 with the same body as a
missing id, and no list ever includes B's units, whatever the filters — including a property test over random
trees."""

from __future__ import annotations

import io
import itertools
import os
import re
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncConnection

from app.cadres import service as cadres
from app.cadres.schemas import CadreCreate
from tests.factories import SYSTEM, Tree, bearer, grant_token, make_unit

API = "/api/v1/units"
MISSING = 987654321
WHEN = {"effective_date": "2024-06-01", "decision_no": "5/QĐ"}


def _same_as_missing(r: Any, missing: Any) -> None:
    assert r.status_code == 404, r.text
    strip = lambda body: {k: v for k, v in body.items() if k != "instance"}  # noqa: E731
    assert strip(r.json()) == strip(missing.json())


async def _officer_of_district_a(session, tree: Tree) -> dict[str, str]:
    return bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))


async def _listed(client, headers, **params) -> set[int]:
    ids: set[int] = set()
    cursor = None
    while True:
        r = await client.get(API, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})},
                             headers=headers)
        assert r.status_code == 200, r.text
        ids |= {u["id"] for u in r.json()["items"]}
        cursor = r.json()["next_cursor"]
        if not cursor:
            return ids


async def test_district_officer_cannot_read_district_b(client, session, tree: Tree):
    headers = await _officer_of_district_a(session, tree)
    b, b_unit = tree.districts[1], tree.grassroots[2]
    for path in ("", "/history"):
        missing = await client.get(f"{API}/{MISSING}{path}", headers=headers)
        for unit in (b, b_unit, tree.provinces[0], tree.national, tree.districts[2]):
            _same_as_missing(await client.get(f"{API}/{unit}{path}", headers=headers), missing)
    # and their own district is fine
    assert (await client.get(f"{API}/{tree.grassroots[0]}", headers=headers)).status_code == 200


async def test_district_officer_lists_and_searches_only_district_a(client, session, tree: Tree):
    headers = await _officer_of_district_a(session, tree)
    subtree_a = {tree.districts[0], tree.grassroots[0], tree.grassroots[1]}
    assert await _listed(client, headers) == subtree_a
    assert await _listed(client, headers, as_of="2024-01-01") == subtree_a
    assert await _listed(client, headers, include_ended="true") == subtree_a
    assert await _listed(client, headers, roots="true") == {tree.districts[0]}
    assert await _listed(client, headers, q="CĐCS Công ty 0-1") == set()  # B's grassroots by name
    assert await _listed(client, headers, q="cdcs cong ty 0-0") == subtree_a - {tree.districts[0]}
    assert await _listed(client, headers, unit_type="ldld_huyen") == {tree.districts[0]}
    missing = await client.get(API, params={"within": MISSING}, headers=headers)
    for anchor in ("within", "parent_id"):
        _same_as_missing(await client.get(API, params={anchor: tree.districts[1]}, headers=headers), missing)
        _same_as_missing(await client.get(API, params={anchor: tree.provinces[0], "as_of": "2024-01-01"},
                                          headers=headers), missing)


async def test_district_officer_cannot_change_district_b(client, session, tree: Tree, admin_headers):
    headers = await _officer_of_district_a(session, tree)
    a_unit, b_unit, b = tree.grassroots[0], tree.grassroots[2], tree.districts[1]
    before = (await client.get(f"{API}/{b_unit}", headers=admin_headers)).json()
    missing_patch = await client.patch(f"{API}/{MISSING}", json={"workforce": 1},
                                       headers={**headers, "If-Match": '"1"'})
    _same_as_missing(await client.patch(f"{API}/{b_unit}", json={"workforce": 1},
                                        headers={**headers, "If-Match": '"1"'}), missing_patch)
    attempts = [
        ("post", f"{API}/{b_unit}/move", {"new_parent_id": tree.districts[0], **WHEN}),  # pull B's unit into A
        ("post", f"{API}/{a_unit}/move", {"new_parent_id": b, **WHEN}),  # push A's unit into B
        ("post", f"{API}/{b_unit}/rename", {"name": "Chiếm quyền", **WHEN}),
        ("post", f"{API}/{b_unit}/dissolve", WHEN),
        ("post", f"{API}/{b}/dissolve", {**WHEN, "move_children": [
            {"unit_id": tree.grassroots[2], "new_parent_id": tree.districts[0]},
            {"unit_id": tree.grassroots[3], "new_parent_id": tree.districts[0]}]}),
        ("post", f"{API}/{b_unit}/split", {"parts": [{"code": "S-B1", "name": "B1", "unit_type": "cong_doan_co_so",
                                                      "parent_id": tree.districts[0]}], **WHEN}),
        ("post", f"{API}/merge", {"source_ids": [b_unit], "target_id": a_unit, **WHEN}),
        ("post", f"{API}/merge", {"source_ids": [a_unit], "target_id": b_unit, **WHEN}),
        ("post", API, {"code": "NEW-IN-B", "name": "X", "unit_type": "cong_doan_co_so", "parent_id": b,
                       "established_on": "2024-01-01"}),
    ]
    for method, url, body in attempts:
        r = await client.request(method.upper(), url, json=body, headers=headers)
        assert r.status_code == 404, (url, body, r.text)
        assert r.json()["code"] == "not_found"
    after = (await client.get(f"{API}/{b_unit}", headers=admin_headers)).json()
    assert after == before
    assert await _listed(client, admin_headers, q="NEW-IN-B") == set()


async def test_district_officer_audit_trail_is_scoped_too(client, session, tree: Tree):
    headers = await _officer_of_district_a(session, tree)
    r = await client.get("/api/v1/audit-log", params={"limit": 200}, headers=headers)
    assert r.status_code == 200
    subtree_a = {tree.districts[0], tree.grassroots[0], tree.grassroots[1]}
    assert {row["unit_id"] for row in r.json()["items"]} == subtree_a  # each unit's creation, nothing else
    assert (await client.get("/api/v1/audit-log", params={"unit_id": tree.districts[1]},
                             headers=headers)).status_code == 404


# --- property: no list ever leaves the grant's subtree ---------------------------------------------------

_codes = itertools.count(1)


@st.composite
def small_trees(draw: st.DrawFn) -> list[int | None]:
    """Parent index of each node below one province: node i's parent is a node before it (or the province)."""
    size = draw(st.integers(min_value=1, max_value=9))
    return [draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1))) if i else None
            for i in range(size)]


async def _build(session, province: int, parents: list[int | None]) -> tuple[list[int], dict[int, int | None]]:
    """Upper-level unions directly under the province; their children alternate upper-level types."""
    ids: list[int] = []
    parent_of: dict[int, int | None] = {}
    for i, p in enumerate(parents):
        parent = province if p is None else ids[p]
        unit_type = "cong_doan_kcn" if p is None else "cong_doan_co_so"
        if p is not None and parent_of.get(ids[p]) is not None:  # grassroots cannot hold grassroots
            parent, unit_type = province, "cong_doan_vien_chuc"
        uid = await make_unit(session, unit_type=unit_type, parent_id=parent, code=f"H{next(_codes):06d}",
                              name=f"Đơn vị ngẫu nhiên {i}", established_on=date(2015, 1, 1))
        ids.append(uid)
        parent_of[uid] = None if parent == province else parent
    await session.commit()
    return ids, parent_of


def _subtree(root: int, parent_of: dict[int, int | None]) -> set[int]:
    out = {root}
    changed = True
    while changed:
        grown = out | {u for u, p in parent_of.items() if p in out}
        changed, out = grown != out, grown
    return out


# Random trees per run (criterion 4): `make test` runs ISOLATION_TREES (default 25); `make verify` runs 200
# (tests/verify/test_isolation_trees.py).
TREES = int(os.environ.get("ISOLATION_TREES", "25"))


def lists_never_leave_property(trees: int) -> Any:
    """The property as a test function over `trees` random trees (the same body for `make test` and `verify`)."""

    @settings(max_examples=trees, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(parents=small_trees(), pick=st.integers(min_value=0, max_value=100), role=st.sampled_from(
        ["org_officer", "viewer", "grassroots_chair", "approver"]),
        word=st.sampled_from(["", "ngau nhien", "1", "Đơn"]))
    async def test(client, session, db, tree: Tree, parents, pick, role, word):  # type: ignore[no-untyped-def]
        await _lists_never_leave(client, session, db, tree, parents, pick, role, word)

    return test


test_lists_never_leave_the_grant_subtree = lists_never_leave_property(TREES)


async def _lists_never_leave(client, session, db, tree: Tree, parents, pick, role, word):  # type: ignore[no-untyped-def]
    conn: AsyncConnection = db.sessionmaker.kw["bind"]
    savepoint = await conn.begin_nested()  # each example builds its own tree and throws it away
    try:
        ids, parent_of = await _build(session, tree.provinces[1], parents)
        grant_unit = ids[pick % len(ids)]
        allowed = _subtree(grant_unit, parent_of)
        headers = bearer(await grant_token(session, role=role, unit_id=grant_unit))
        queries: list[dict[str, Any]] = [{}, {"as_of": "2020-01-01"}, {"as_of": "2014-12-31"},
                                         {"include_ended": "true"}, {"within": grant_unit}, {"roots": "true"},
                                         {"sort": "name"}, {"within": grant_unit, "as_of": "2021-06-30"}]
        if word:
            queries += [{"q": word}, {"q": word, "as_of": "2020-01-01"}]
        for params in queries:
            listed = await _listed(client, headers, **params)
            assert listed <= allowed, (params, listed - allowed)
        assert await _listed(client, headers) == allowed
        # cadres: one in each random unit, plus one in the province and one in a district beside the tree (both
        # outside every grant) — the cadre list, its name search and the Excel export show exactly the subtree's
        for unit in [*ids, tree.provinces[1], tree.districts[-1]]:
            await cadres.create_cadre(session, SYSTEM, CadreCreate(
                unit_id=unit, family_name="Phạm", middle_name="Văn", given_name=f"K{unit}",
                birth_date="1980-01-01", gender="male", employment="part_time"))
        await session.commit()
        for params in ({}, {"q": "pham van"}, {"within": grant_unit}, {"q": word or "k"}):
            listed = await _cadre_units(client, headers, **params)
            assert listed <= allowed, (params, listed - allowed)
        assert await _cadre_units(client, headers) == allowed
        inner = ids[(pick * 7 + 3) % len(ids)]
        if inner in allowed:  # an anchor inside the grant lists exactly its own subtree (the scope is implied)
            assert await _cadre_units(client, headers, within=inner) == _subtree(inner, parent_of)
            assert await _cadre_units(client, headers, unit_id=inner) == {inner}
        else:  # outside: 404, as if it did not exist
            r = await client.get("/api/v1/cadres", params={"within": inner}, headers=headers)
            assert r.status_code == 404, r.text
        export = await client.get("/api/v1/cadres/export.xlsx", headers=headers)
        assert export.status_code == 200, export.text
        sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
        exported = {int(m) for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)
                    for m in re.findall(r"\bK(\d+)\b", cell)}
        assert exported == allowed, (exported - allowed, allowed - exported)
    finally:
        await savepoint.rollback()


async def _cadre_units(client, headers, **params) -> set[int]:  # type: ignore[no-untyped-def]
    units: set[int] = set()
    cursor = None
    while True:
        page = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
        r = await client.get("/api/v1/cadres", params=page, headers=headers)
        assert r.status_code == 200, r.text
        units |= {c["unit_id"] for c in r.json()["items"]}
        cursor = r.json()["next_cursor"]
        if not cursor:
            return units



async def test_move_outside_the_subtree_does_not_reveal_ancestry(client, session, tree: Tree):
    headers = await _officer_of_district_a(session, tree)
    r = await client.post(f"{API}/{tree.districts[1]}/move", headers=headers,
                          json={"new_parent_id": tree.grassroots[2], **WHEN})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
