"""GET /api/v1/audit-log and /api/v1/access-log: scoped to the caller's subtree like everything else, newest
first with keyset pagination, and never cached."""

from __future__ import annotations

import pytest

from app.core import audit
from app.core.access_log import log_access
from tests.factories import Tree, bearer, grant_token


async def _pages(client, url, headers, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        r = await client.get(url, params={**params, **({"cursor": cursor} if cursor else {})}, headers=headers)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items


async def _audit_rows(session, tree: Tree) -> None:
    """One row per province district and one without a unit (e.g. a key rotation)."""
    for d in tree.districts:
        await audit.record(session, actor="user:5", action="unit.update", entity_type="org_unit", entity_id=d,
                           unit_id=d, changes={"workforce": [1, 2]}, decision_no="9/QĐ")
    await audit.record(session, actor="cli", action="signing_key.rotate", entity_type="signing_key",
                       entity_id="k1")
    await session.commit()


async def test_audit_log_is_scoped_to_the_callers_subtree(client, session, tree: Tree):
    await _audit_rows(session, tree)
    national = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    province = bearer(await grant_token(session, role="approver", unit_id=tree.provinces[1]))
    everything = await _pages(client, "/api/v1/audit-log", national, limit=3)
    assert any(r["unit_id"] is None for r in everything)  # national scope sees unit-less rows
    mine = await _pages(client, "/api/v1/audit-log", province)
    subtree = {tree.provinces[1], *tree.districts[2:], *tree.grassroots[4:]}
    assert mine and {r["unit_id"] for r in mine} <= subtree
    assert {r["unit_id"] for r in mine} == subtree  # creations of the tree + the updates above
    r = await client.get("/api/v1/audit-log", params={"unit_id": tree.districts[0]}, headers=province)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await client.get("/api/v1/audit-log", params={"within": tree.provinces[0]}, headers=province)
    assert r.status_code == 404


async def test_audit_log_filters_and_newest_first_pagination(client, session, tree: Tree):
    await _audit_rows(session, tree)
    headers = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    rows = await _pages(client, "/api/v1/audit-log", headers, limit=2)
    seqs = [r["seq"] for r in rows]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == len(set(seqs))
    updates = await _pages(client, "/api/v1/audit-log", headers, action="unit.update", actor="user:5")
    assert [r["entity_id"] for r in updates] == [str(d) for d in reversed(tree.districts)]
    assert updates[0]["changes"] == {"workforce": [1, 2]} and updates[0]["decision_no"] == "9/QĐ"
    one = await _pages(client, "/api/v1/audit-log", headers, entity_type="org_unit",
                       entity_id=str(tree.districts[1]))
    assert {r["action"] for r in one} == {"unit.establish", "unit.update"}
    within = await _pages(client, "/api/v1/audit-log", headers, within=tree.provinces[0], action="unit.update")
    assert {r["unit_id"] for r in within} == set(tree.districts[:2])
    exact = await _pages(client, "/api/v1/audit-log", headers, unit_id=tree.provinces[0])
    assert {r["unit_id"] for r in exact} == {tree.provinces[0]}
    r = await client.get("/api/v1/audit-log", params={"limit": 201}, headers=headers)
    assert r.status_code == 422
    r = await client.get("/api/v1/audit-log", params={"cursor": "%%%"}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "invalid_cursor"


async def _access_rows(session, tree: Tree) -> None:
    await log_access(session, actor="user:1", subject_type="cadre", subject_ids=[11, 12], category="list",
                     unit_id=tree.districts[0], purpose="rà soát")
    await log_access(session, actor="user:2", subject_type="cadre", subject_ids=[12], category="sensitive",
                     unit_id=tree.grassroots[0])
    await log_access(session, actor="user:2", subject_type="cadre", subject_ids=[31], category="detail",
                     unit_id=tree.districts[2])
    await log_access(session, actor="user:3", subject_type="cadre", subject_ids=[12], category="export",
                     unit_id=None)
    await session.commit()


async def test_access_log_is_for_admins_and_officers_within_their_subtree(client, session, tree: Tree):
    await _access_rows(session, tree)
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    rows = await _pages(client, "/api/v1/access-log", officer)
    assert {r["unit_id"] for r in rows} == {tree.districts[0], tree.grassroots[0]}
    for role in ("approver", "viewer", "grassroots_chair", "integration"):
        headers = bearer(await grant_token(session, role=role, unit_id=tree.national))
        assert (await client.get("/api/v1/access-log", headers=headers)).status_code == 403, role
    admin = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    assert len(await _pages(client, "/api/v1/access-log", admin)) == 4


async def test_access_log_answers_who_read_this_persons_data(client, session, tree: Tree):
    """A data-subject request or a breach: every read of cadre 12, on both database kinds."""
    await _access_rows(session, tree)
    admin = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    rows = await _pages(client, "/api/v1/access-log", admin, subject_type="cadre", subject_id="12")
    assert [(r["actor"], r["category"]) for r in rows] == [("user:3", "export"), ("user:2", "sensitive"),
                                                           ("user:1", "list")]
    assert rows[2]["subject_ids"] == ["11", "12"] and rows[2]["purpose"] == "rà soát"
    assert await _pages(client, "/api/v1/access-log", admin, subject_id="1") == []  # no prefix matches
    sensitive = await _pages(client, "/api/v1/access-log", admin, category="sensitive")
    assert [r["subject_ids"] for r in sensitive] == [["12"]]
    paged = await _pages(client, "/api/v1/access-log", admin, limit=1)
    assert [r["id"] for r in paged] == sorted((r["id"] for r in paged), reverse=True) and len(paged) == 4
    r = await client.get("/api/v1/access-log", params={"category": "peek"}, headers=admin)
    assert r.status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/audit-log", "/api/v1/access-log"])
async def test_personal_data_responses_are_not_stored(client, session, tree: Tree, path):
    headers = bearer(await grant_token(session, role="system_admin", unit_id=tree.national))
    r = await client.get(path, headers=headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store" and r.headers["pragma"] == "no-cache"
    anonymous = await client.get(path)  # errors under these paths too
    assert anonymous.status_code == 401 and anonymous.headers["cache-control"] == "no-store"


async def test_other_responses_keep_their_own_caching(client, admin_headers):
    r = await client.get("/api/v1/unit-types", headers=admin_headers)
    assert "no-store" not in r.headers.get("cache-control", "")
