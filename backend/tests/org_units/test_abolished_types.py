"""D10 abolished levels: units alive after 1/7/2025 whose type the rules in force no longer allow."""

from __future__ import annotations

from datetime import date

from tests.factories import Tree, bearer, grant_token, make_unit

API = "/api/v1/data-quality/abolished-unit-types"


async def test_rule_d10_abolished_unit_types_are_listed_until_moved_or_dissolved(client, session, tree: Tree,
                                                                                  admin_headers):
    d0, g0, g1 = tree.districts[0], tree.grassroots[0], tree.grassroots[1]
    page = (await client.get(API, params={"within": d0}, headers=admin_headers)).json()
    flagged = {u["id"]: u for u in page["items"]}
    assert set(flagged) == {d0, g0, g1}
    assert flagged[d0]["allowed"] is False and flagged[d0]["parent_type"] == "ldld_tinh"
    assert flagged[d0]["allowed_until"] == "2025-06-30" and "01/07/2025" in flagged[d0]["reason_vi"]
    assert flagged[g0]["unit_type"] == "cong_doan_co_so" and flagged[g0]["reason_en"]
    commune = await make_unit(session, unit_type="cong_doan_xa_phuong", parent_id=tree.provinces[0],
                              established_on=date(2025, 7, 1))
    await session.commit()
    moved = await client.post(f"/api/v1/units/{g0}/move", headers=admin_headers, json={
        "new_parent_id": commune, "effective_date": "2025-07-01", "decision_no": "15/QĐ-LĐLĐ"})
    assert moved.status_code == 200, moved.text
    after = {u["id"] for u in (await client.get(API, params={"within": d0}, headers=admin_headers)).json()["items"]}
    assert after == {d0, g1}
    everywhere = {u["id"] for u in (await client.get(API, headers=admin_headers)).json()["items"]}
    assert commune not in everywhere and set(tree.districts) <= everywhere


async def test_rule_d10_abolished_unit_types_respect_scope(client, session, tree: Tree):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    items = (await client.get(API, headers=officer)).json()["items"]
    assert {u["id"] for u in items} == {tree.districts[0], tree.grassroots[0], tree.grassroots[1]}
    assert (await client.get(API, params={"within": tree.districts[2]}, headers=officer)).status_code == 404
