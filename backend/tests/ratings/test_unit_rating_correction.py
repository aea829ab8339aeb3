"""A unit rating is corrected with If-Match: new components replace the score and re-derive the level."""

from __future__ import annotations

from tests.factories import Tree, bearer, grant_token

API = "/api/v1/unit-ratings"


async def test_rule_unit_rating_correction_rederives_score_and_level(client, session, tree: Tree):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    r = await client.post(API, headers=officer, json={
        "unit_id": tree.grassroots[0], "year": 2025, "representation": 38, "organisation": 36, "communication": 13,
        "bonus": 3})
    assert r.status_code == 201 and r.json()["level"] == "hoan_thanh_xuat_sac"
    url = f"{API}/{r.json()['id']}"
    parts = {"representation": 35, "organisation": 30, "communication": 12, "bonus": 2}
    assert (await client.patch(url, headers=officer, json=parts)).status_code == 428
    ok = await client.patch(url, headers={**officer, "If-Match": r.headers["etag"]},
                            json={**parts, "decision_no": "46/QĐ-LĐLĐ"})
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["score"] == 79 and body["level"] == "hoan_thanh_tot" and body["decision_no"] == "46/QĐ-LĐLĐ"
    assert body["version"] == 2
    stale = await client.patch(url, headers={**officer, "If-Match": r.headers["etag"]}, json={"score": 95})
    assert stale.status_code == 412
    bare = await client.patch(url, headers={**officer, "If-Match": ok.headers["etag"]}, json={"score": 49.9})
    assert bare.json()["level"] == "khong_hoan_thanh" and bare.json()["representation"] is None
    partial = await client.patch(url, headers={**officer, "If-Match": "*"}, json={"bonus": 5})
    assert partial.status_code == 422
    viewer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[2]))
    assert (await client.patch(url, headers={**viewer, "If-Match": "*"}, json={"score": 1})).status_code == 404
