"""A cadre fills in their own self-assessment under their own login (user_account.cadre_id; issue 11)."""

from __future__ import annotations

from app.auth.tokens import issue_access_token
from tests.evaluations.test_evaluations import add, cadre, ctx  # noqa: F401  (the shared cycle fixture)
from tests.factories import bearer

VIEWER_SCOPES = "units:read cadres:read reports:read"  # what the SPA's login gives a viewer: no cadres:write


async def own_login(client, session, ctx, cadre_id, unit_id, *, username="canbo.an"):  # noqa: F811
    """An account linked to the cadre through the admin API, and a token for it without officer scopes."""
    r = await client.post("/api/v1/admin/users", headers=ctx["admin"], json={
        "username": username, "display_name": "Lò Văn An", "password": "mat-khau-du-dai-12", "role": "viewer",
        "unit_id": unit_id, "cadre_id": cadre_id})
    assert r.status_code == 201, r.text
    assert r.json()["cadre_id"] == cadre_id
    token, _ = await issue_access_token(session, subject=f"user:{r.json()['id']}", client_id="test",
                                        scope=VIEWER_SCOPES)
    await session.commit()
    return bearer(token), r.json()


async def test_own_cadre_user_can_self_assess_only_their_own_evaluation(client, session, ctx):  # noqa: F811
    gr = ctx["tree"].grassroots[0]
    an, binh = ctx["people"][0], ctx["people"][1]
    mine, theirs = await add(client, ctx, an), await add(client, ctx, binh)
    headers, user = await own_login(client, session, ctx, an, gr)

    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["cadre_id"] == an and "cadres:write" not in me["scopes"]
    listed = (await client.get("/api/v1/me/evaluations", headers=headers)).json()["items"]
    assert [e["id"] for e in listed] == [mine["id"]]
    assert listed[0]["cycle_period"] == "2026" and listed[0]["rule_set_code"] == "qd366_2025"

    ok = await client.post(f"/api/v1/evaluations/{mine['id']}/self-assessment", headers=headers,
                           json={"score": 89.9, "text": "Tôi hoàn thành tốt các nhiệm vụ được giao"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "self_assessed" and ok.json()["proposed_level"] == "hoan_thanh_tot"
    seen = (await client.get(f"/api/v1/evaluations/{mine['id']}", headers=ctx["officer"])).json()
    assert seen["self_score"] == 89.9

    other = await client.post(f"/api/v1/evaluations/{theirs['id']}/self-assessment", headers=headers,
                              json={"score": 95, "text": "Không phải của tôi"})
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    # the collective's and the authority's steps stay with the officer and the approver
    step = await client.post(f"/api/v1/evaluations/{mine['id']}/collective-comment", headers=headers,
                             json={"text": "Tự nhận xét tập thể"})
    assert step.status_code == 403


async def test_own_cadre_sees_the_decision_only_once_published(client, session, ctx):  # noqa: F811
    an = ctx["people"][0]
    ev = await add(client, ctx, an)
    headers, _ = await own_login(client, session, ctx, an, ctx["tree"].grassroots[0], username="canbo.an2")
    # a viewer of another unit's subtree: the own evaluation is readable only as the cadre's own
    await client.post(f"/api/v1/evaluations/{ev['id']}/self-assessment", headers=headers,
                      json={"score": 92, "text": "Tự đánh giá"})
    d = await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=ctx["approver"],
                          json={"level": "hoan_thanh_xuat_sac", "decision_no": "12/QĐ-LĐLĐ"})
    assert d.status_code == 200, d.text
    mine = (await client.get("/api/v1/me/evaluations", headers=headers)).json()["items"][0]
    assert mine["status"] == "decided" and mine["level"] is None
    await client.post(f"/api/v1/evaluations/{ev['id']}/publish", headers=ctx["approver"])
    mine = (await client.get("/api/v1/me/evaluations", headers=headers)).json()["items"][0]
    assert mine["level"] == "hoan_thanh_xuat_sac" and mine["published_at"] is not None


async def test_a_cadre_links_to_one_account_in_the_admins_scope(client, session, ctx):  # noqa: F811
    an = ctx["people"][0]
    await own_login(client, session, ctx, an, ctx["tree"].grassroots[0], username="canbo.mot")
    twice = await client.post("/api/v1/admin/users", headers=ctx["admin"], json={
        "username": "canbo.hai", "display_name": "Hai", "password": "mat-khau-du-dai-12", "role": "viewer",
        "unit_id": ctx["tree"].grassroots[0], "cadre_id": an})
    assert twice.status_code == 409 and twice.json()["code"] == "cadre_already_linked"
    missing = await client.post("/api/v1/admin/users", headers=ctx["admin"], json={
        "username": "canbo.ba", "display_name": "Ba", "password": "mat-khau-du-dai-12", "role": "viewer",
        "unit_id": ctx["tree"].grassroots[0], "cadre_id": 987654})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "cadre_id"
