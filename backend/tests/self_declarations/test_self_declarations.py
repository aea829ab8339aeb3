"""Self-declarations (issue 12): the chair declares their own profile sections from the phone, the officer confirms
section by section through the cadre record's rules, and the chair sees which sections are confirmed."""

from __future__ import annotations

from app.auth.models import RoleGrant, UserAccount
from app.auth.tokens import issue_access_token
from tests.factories import Tree, bearer, grant_token

MINE = "/api/v1/me/self-declarations"
URL = "/api/v1/self-declarations"
CHAIR_SCOPES = "units:read units:facts cadres:read cadres:write reports:read"


async def _cadre(client, admin_headers, unit_id: int, given: str = "Hoa") -> int:
    c = await client.post("/api/v1/cadres", headers=admin_headers, json={
        "unit_id": unit_id, "family_name": "Lò", "middle_name": "Thị", "given_name": given,
        "birth_date": "1985-02-03", "gender": "female", "employment": "part_time", "phone": "0912 000 111"})
    assert c.status_code == 201, c.text
    return c.json()["id"]


async def _chair(session, unit_id: int, cadre_id: int | None, name: str) -> dict[str, str]:
    """A grassroots chair's account, linked to their own cadre record (user_account.cadre_id)."""
    user = UserAccount(username=name, password_hash="x", display_name=name, cadre_id=cadre_id)
    session.add(user)
    await session.flush()
    session.add(RoleGrant(user_id=user.id, role="grassroots_chair", unit_id=unit_id))
    await session.flush()
    token, _ = await issue_access_token(session, subject=f"user:{user.id}", client_id="test", scope=CHAIR_SCOPES)
    await session.commit()
    return bearer(token)


async def _setup(client, session, tree: Tree, admin_headers) -> dict:
    unit = tree.grassroots[0]
    cadre_id = await _cadre(client, admin_headers, unit)
    chair = await _chair(session, unit, cadre_id, "chutich.hoa")
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    return {"unit": unit, "cadre": cadre_id, "chair": chair, "officer": officer}


async def _declare(client, headers, section: str, values: dict, key: str | None = None) -> dict:
    r = await client.post(MINE, headers={**headers, **({"Idempotency-Key": key} if key else {})},
                          json={"section": section, "values": values})
    assert r.status_code == 201, r.text
    return r.json()


async def test_only_an_account_linked_to_a_cadre_declares(client, session, tree: Tree, admin_headers):
    unlinked = await _chair(session, tree.grassroots[0], None, "chutich.khong")
    r = await client.post(MINE, headers=unlinked, json={"section": "contact", "values": {"phone": "0988 123 456"}})
    assert r.status_code == 422 and r.json()["code"] == "self_declaration_no_cadre"
    assert (await client.get(MINE, headers=unlinked)).json()["items"] == []


async def test_declared_values_are_checked_against_the_cadre_record_rules_when_declared(
        client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    bad = await client.post(MINE, headers=s["chair"], json={"section": "contact", "values": {"email": "not-an-email"}})
    assert bad.status_code == 422
    empty = await client.post(MINE, headers=s["chair"], json={"section": "contact", "values": {}})
    assert empty.status_code == 422
    wrong = await client.post(MINE, headers=s["chair"], json={"section": "salary", "values": {"x": 1}})
    assert wrong.status_code == 422


async def test_the_officer_confirms_contact_through_the_cadre_record_and_the_chair_sees_it_confirmed(
        client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    before = (await client.get(f"/api/v1/cadres/{s['cadre']}", headers=admin_headers)).json()
    made = await _declare(client, s["chair"], "contact", {"phone": "0988 123 456", "email": "hoa@congdoan.vn"},
                          key="k-contact-1")
    assert made["status"] == "pending" and made["full_name"] == "Lò Thị Hoa"
    assert made["current"]["phone"] == "0912 000 111"
    # the phone's outbox replays with the same key: declared once
    again = await client.post(MINE, headers={**s["chair"], "Idempotency-Key": "k-contact-1"},
                              json={"section": "contact", "values": {"phone": "0988 123 456",
                                                                     "email": "hoa@congdoan.vn"}})
    assert again.json()["id"] == made["id"]
    # nothing is written to the record until confirmed
    assert (await client.get(f"/api/v1/cadres/{s['cadre']}", headers=admin_headers)).json()["phone"] == "0912 000 111"

    pending = (await client.get(URL, headers=s["officer"], params={"status": "pending"})).json()["items"]
    assert [p["id"] for p in pending] == [made["id"]]
    stale = await client.post(f"{URL}/{made['id']}/confirm", headers={**s["officer"], "If-Match": '"9"'}, json={})
    assert stale.status_code == 412
    ok = await client.post(f"{URL}/{made['id']}/confirm", headers={**s["officer"], "If-Match": '"1"'},
                           json={"note": "Đã đối chiếu"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "confirmed" and ok.json()["decision_note"] == "Đã đối chiếu"
    after = (await client.get(f"/api/v1/cadres/{s['cadre']}", headers=admin_headers)).json()
    assert after["phone"] == "0988 123 456" and after["email"] == "hoa@congdoan.vn"
    assert after["version"] == before["version"] + 1  # one write, through update_cadre

    mine = (await client.get(MINE, headers=s["chair"])).json()["items"]
    assert [(m["section"], m["status"]) for m in mine] == [("contact", "confirmed")]


async def test_a_newer_contact_declaration_supersedes_the_pending_one(client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    first = await _declare(client, s["chair"], "contact", {"phone": "0988 000 001"})
    second = await _declare(client, s["chair"], "contact", {"phone": "0988 000 002"})
    pending = (await client.get(URL, headers=s["officer"], params={"status": "pending"})).json()["items"]
    assert [p["id"] for p in pending] == [second["id"]]
    old = await client.post(f"{URL}/{first['id']}/confirm", headers={**s["officer"], "If-Match": '"2"'}, json={})
    assert old.status_code == 409 and old.json()["code"] == "self_declaration_decided"
    # additions are not superseded: two qualifications wait side by side
    await _declare(client, s["chair"], "qualifications", {"kind": "education", "level": "dai_hoc", "major": "Luật"})
    await _declare(client, s["chair"], "employment", {"organisation": "Công ty CP Chè Tam Đường",
                                                      "from_date": "2015-03-01"})
    await _declare(client, s["chair"], "qualifications", {"kind": "language", "level": "b1"})
    pending = (await client.get(URL, headers=s["officer"], params={"status": "pending"})).json()["items"]
    assert [p["section"] for p in pending] == ["contact", "qualifications", "employment", "qualifications"]


async def test_no_one_confirms_their_own_declaration(client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    made = await _declare(client, s["chair"], "contact", {"phone": "0988 123 456"})
    r = await client.post(f"{URL}/{made['id']}/confirm", headers={**s["chair"], "If-Match": '"1"'}, json={})
    assert r.status_code == 403 and r.json()["code"] == "self_declaration_own"
    outside = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[2]))
    r = await client.post(f"{URL}/{made['id']}/confirm", headers={**outside, "If-Match": '"1"'}, json={})
    assert r.status_code == 404


async def test_confirming_applies_the_cadre_rules_and_a_refusal_leaves_the_declaration_pending(
        client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    made = await _declare(client, s["chair"], "qualifications", {"kind": "education", "level": "bang_gioi"})
    r = await client.post(f"{URL}/{made['id']}/confirm", headers={**s["officer"], "If-Match": '"1"'}, json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "level"
    still = (await client.get(f"{URL}/{made['id']}", headers=s["officer"])).json()
    assert still["status"] == "pending" and still["version"] == 1
    quals = (await client.get(f"/api/v1/cadres/{s['cadre']}/qualifications", headers=admin_headers)).json()["items"]
    assert quals == []

    good = await _declare(client, s["chair"], "qualifications", {"kind": "education", "level": "dai_hoc",
                                                                 "major": "Quản trị nhân lực",
                                                                 "institution": "ĐH Công đoàn"})
    ok = await client.post(f"{URL}/{good['id']}/confirm", headers={**s["officer"], "If-Match": '"1"'}, json={})
    assert ok.status_code == 200, ok.text
    quals = (await client.get(f"/api/v1/cadres/{s['cadre']}/qualifications", headers=admin_headers)).json()["items"]
    assert [(q["level"], q["institution"]) for q in quals] == [("dai_hoc", "ĐH Công đoàn")]

    fam = await _declare(client, s["chair"], "family", {"relation": "spouse", "full_name": "Lò Văn Minh",
                                                        "birth_year": 1983, "occupation": "Giáo viên"})
    ok = await client.post(f"{URL}/{fam['id']}/confirm", headers={**s["officer"], "If-Match": '"1"'}, json={})
    assert ok.status_code == 200, ok.text
    family = (await client.get(f"/api/v1/cadres/{s['cadre']}/family", headers=admin_headers)).json()["items"]
    assert [f["full_name"] for f in family] == ["Lò Văn Minh"]


async def test_rejecting_needs_a_note_and_a_decided_declaration_is_final(client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    made = await _declare(client, s["chair"], "employment", {"organisation": "UBND xã", "from_date": "2010-01-01"})
    r = await client.post(f"{URL}/{made['id']}/reject", headers={**s["officer"], "If-Match": '"1"'}, json={})
    assert r.status_code == 422 and r.json()["code"] == "self_declaration_reason_required"
    r = await client.post(f"{URL}/{made['id']}/reject", headers={**s["officer"], "If-Match": '"1"'},
                          json={"note": "Thiếu quyết định tuyển dụng"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    again = await client.post(f"{URL}/{made['id']}/confirm", headers={**s["officer"], "If-Match": '"2"'}, json={})
    assert again.status_code == 409 and again.json()["code"] == "self_declaration_decided"
    mine = (await client.get(MINE, headers=s["chair"])).json()["items"]
    assert mine[0]["status"] == "rejected" and mine[0]["decision_note"] == "Thiếu quyết định tuyển dụng"


async def test_family_values_need_the_sensitive_scope(client, session, tree: Tree, admin_headers):
    s = await _setup(client, session, tree, admin_headers)
    await _declare(client, s["chair"], "family", {"relation": "child", "full_name": "Lò Thị Mai", "birth_year": 2012})
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.districts[0]))
    seen = (await client.get(URL, headers=viewer)).json()["items"]
    assert len(seen) == 1 and seen[0]["values"] is None
    officer_sees = (await client.get(URL, headers=s["officer"])).json()["items"]
    assert officer_sees[0]["values"]["full_name"] == "Lò Thị Mai"
    own = (await client.get(MINE, headers=s["chair"])).json()["items"]
    assert own[0]["values"]["full_name"] == "Lò Thị Mai"
