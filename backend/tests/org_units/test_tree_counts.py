"""The units tree's node counts (issue 9): each listed unit carries its member count and workforce as of the tree's
date (D9 dated counts) and the number of its own cadres the caller may read, counted once per page."""

from __future__ import annotations

from tests.factories import Tree, bearer, grant_token

UNITS = "/api/v1/units"


async def _cadre(client, headers, unit_id, given):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Văn", "given_name": given,
        "birth_date": "1980-05-01", "gender": "male", "employment": "full_time"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _children(client, headers, parent, **params):
    r = await client.get(UNITS, params={"parent_id": parent, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return {u["id"]: u for u in r.json()["items"]}


async def test_rule_tree_counts_members_and_workforce_are_as_of_the_trees_date(client, tree: Tree, admin_headers):
    g0, g1, district = tree.grassroots[0], tree.grassroots[1], tree.districts[0]
    etag = (await client.get(f"{UNITS}/{g0}", headers=admin_headers)).headers["etag"]
    r = await client.patch(f"{UNITS}/{g0}", headers={**admin_headers, "If-Match": etag},
                           json={"member_count": 150, "workforce": 180, "valid_from": "2025-01-01"})
    assert r.status_code == 200, r.text
    before = await _children(client, admin_headers, district, as_of="2024-06-01")
    assert (before[g0]["member_count"], before[g0]["workforce"]) == (100, None)
    after = await _children(client, admin_headers, district, as_of="2025-02-01")
    assert (after[g0]["member_count"], after[g0]["workforce"]) == (150, 180)
    today = await _children(client, admin_headers, district)
    assert (today[g0]["member_count"], today[g0]["workforce"]) == (150, 180)
    assert today[g1]["member_count"] == 100


async def test_rule_tree_counts_cadres_are_the_units_own_and_within_the_callers_scope(client, session, tree: Tree,
                                                                                    admin_headers):
    g0, g1, district = tree.grassroots[0], tree.grassroots[1], tree.districts[0]
    for name in ("An", "Bình"):
        await _cadre(client, admin_headers, g0, name)
    gone = await _cadre(client, admin_headers, g0, "Cường")
    await _cadre(client, admin_headers, district, "Dũng")  # the district's own cadre: not counted on its children
    etag = (await client.get(f"/api/v1/cadres/{gone}", headers=admin_headers)).headers["etag"]
    r = await client.delete(f"/api/v1/cadres/{gone}", headers={**admin_headers, "If-Match": etag})
    assert r.status_code == 204, r.text

    listed = await _children(client, admin_headers, district)
    assert (listed[g0]["cadre_count"], listed[g1]["cadre_count"]) == (2, 0)
    dated = await _children(client, admin_headers, district, as_of="2024-06-01")
    assert dated[g0]["cadre_count"] == 2
    parent = await _children(client, admin_headers, tree.provinces[0])
    assert parent[district]["cadre_count"] == 1

    # a grassroots officer's own list counts the same cadres; a single read carries no count
    narrow = bearer(await grant_token(session, role="org_officer", unit_id=g0))
    r = await client.get(UNITS, params={"within": g0}, headers=narrow)
    assert [u["cadre_count"] for u in r.json()["items"]] == [2]
    assert (await client.get(f"{UNITS}/{g0}", headers=narrow)).json()["cadre_count"] is None

    # without cadres:read the counts are null, not zero
    units_only = bearer(await grant_token(session, role="org_officer", unit_id=tree.national, scopes="units:read"))
    plain = await _children(client, units_only, district)
    assert plain[g0]["cadre_count"] is None and plain[g0]["member_count"] == 100
