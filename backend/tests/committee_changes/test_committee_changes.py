"""Committee change requests (issue 12): the chair proposes a BCH/BTV/UBKT change from the phone, the upper level
confirms or rejects it, and confirming writes through the terms rules."""

from __future__ import annotations

from app.core.db import today
from tests.factories import Tree, bearer, grant_token

URL = "/api/v1/committee-change-requests"


async def _setup(client, admin_headers, unit_id: int) -> dict:
    term = await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": unit_id, "name": "Nhiệm kỳ 2023–2028", "congress_date": "2023-05-10", "start_date": "2023-05-10",
        "bodies": [{"kind": "bch", "seats": 5}]})
    assert term.status_code == 201, term.text
    bch = term.json()["bodies"][0]["id"]
    ids = []
    for given in ("Hoa", "Lan"):
        c = await client.post("/api/v1/cadres", headers=admin_headers, json={
            "unit_id": unit_id, "family_name": "Lò", "middle_name": "Thị", "given_name": given,
            "birth_date": "1985-02-03", "gender": "female", "employment": "part_time"})
        assert c.status_code == 201, c.text
        ids.append(c.json()["id"])
    a = await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": ids[0], "body_id": bch, "position_code": "chu_tich", "basis": "elected",
        "from_date": "2023-05-10"})
    assert a.status_code == 201, a.text
    return {"bch": bch, "chair_cadre": ids[0], "other": ids[1], "assignment": a.json()["id"]}


async def _people(session, tree: Tree) -> tuple[dict[str, str], dict[str, str]]:
    unit = tree.grassroots[0]
    chair = bearer(await grant_token(session, role="grassroots_chair", unit_id=unit))
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    return chair, officer


async def test_chair_proposes_a_member_and_the_upper_level_confirms_through_the_terms_rules(
        client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, officer = await _people(session, tree)
    r = await client.post(URL, headers={**chair, "Idempotency-Key": "k-appoint-1"}, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat(),
        "reason": "Bầu bổ sung tại hội nghị BCH"})
    assert r.status_code == 201, r.text
    req = r.json()
    assert req["status"] == "pending" and req["full_name"] == "Lò Thị Lan" and req["body_kind"] == "bch"
    # replayed by the phone's outbox with the same key: applied once
    again = await client.post(URL, headers={**chair, "Idempotency-Key": "k-appoint-1"}, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat(),
        "reason": "Bầu bổ sung tại hội nghị BCH"})
    assert again.status_code == 201 and again.json()["id"] == req["id"]
    listed = await client.get(URL, headers=officer, params={"status": "pending"})
    assert [i["id"] for i in listed.json()["items"]] == [req["id"]]

    ok = await client.post(f"{URL}/{req['id']}/confirm", headers={**officer, "If-Match": '"1"'}, json={})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "confirmed" and ok.json()["result_assignment_id"]
    held = (await client.get(f"/api/v1/cadres/{s['other']}/assignments", headers=admin_headers)).json()["items"]
    assert [(a["position_code"], a["body_id"]) for a in held] == [("uy_vien_bch", s["bch"])]


async def test_chair_cannot_confirm_their_own_union_change(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, _ = await _people(session, tree)
    r = await client.post(URL, headers=chair, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat()})
    assert r.status_code == 201, r.text
    own = await client.post(f"{URL}/{r.json()['id']}/confirm", headers={**chair, "If-Match": '"1"'}, json={})
    assert own.status_code == 403
    other_district = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[1]))
    assert (await client.post(f"{URL}/{r.json()['id']}/confirm", headers={**other_district, "If-Match": '"1"'},
                              json={})).status_code == 404


async def test_resignation_request_ends_the_post_when_confirmed(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, officer = await _people(session, tree)
    missing = await client.post(URL, headers=chair, json={
        "kind": "end", "unit_id": unit, "assignment_id": s["assignment"], "effective_date": today().isoformat()})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "end_reason"
    r = await client.post(URL, headers=chair, json={
        "kind": "end", "unit_id": unit, "assignment_id": s["assignment"], "effective_date": today().isoformat(),
        "end_reason": "resignation", "reason": "Xin thôi vì lý do sức khỏe"})
    assert r.status_code == 201, r.text
    assert r.json()["cadre_id"] == s["chair_cadre"] and r.json()["position_code"] == "chu_tich"
    ok = await client.post(f"{URL}/{r.json()['id']}/confirm", headers={**officer, "If-Match": '"1"'}, json={})
    assert ok.status_code == 200, ok.text
    held = (await client.get(f"/api/v1/cadres/{s['chair_cadre']}/assignments", headers=admin_headers)).json()
    assert held["items"][0]["end_reason"] == "resignation" and held["items"][0]["to_date"] == today().isoformat()


async def test_one_pending_request_per_post_to_end(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, _ = await _people(session, tree)
    body = {"kind": "end", "unit_id": unit, "assignment_id": s["assignment"],
            "effective_date": today().isoformat(), "end_reason": "resignation"}
    assert (await client.post(URL, headers=chair, json=body)).status_code == 201
    second = await client.post(URL, headers=chair, json=body)
    assert second.status_code == 409 and second.json()["code"] == "committee_change_pending"


async def test_confirming_a_change_the_terms_rules_refuse_keeps_it_pending(client, session, tree: Tree,
                                                                          admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, officer = await _people(session, tree)
    # a second Chủ tịch of the same body at the same time: rule 6 refuses it at confirmation
    r = await client.post(URL, headers=chair, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "chu_tich", "basis": "elected", "effective_date": today().isoformat()})
    assert r.status_code == 201, r.text
    refused = await client.post(f"{URL}/{r.json()['id']}/confirm", headers={**officer, "If-Match": '"1"'}, json={})
    assert refused.status_code == 409 and refused.json()["code"] == "chair_already_assigned"
    still = await client.get(f"{URL}/{r.json()['id']}", headers=officer)
    assert still.json()["status"] == "pending" and still.headers["etag"] == '"1"'


async def test_rejecting_needs_a_reason_and_is_final(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, officer = await _people(session, tree)
    r = await client.post(URL, headers=chair, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat()})
    rid = r.json()["id"]
    bare = await client.post(f"{URL}/{rid}/reject", headers={**officer, "If-Match": '"1"'}, json={})
    assert bare.status_code == 422 and bare.json()["code"] == "committee_change_reason_required"
    stale = await client.post(f"{URL}/{rid}/reject", headers={**officer, "If-Match": '"7"'}, json={"note": "x"})
    assert stale.status_code == 412
    no = await client.post(f"{URL}/{rid}/reject", headers={**officer, "If-Match": '"1"'},
                           json={"note": "Chưa có biên bản hội nghị"})
    assert no.status_code == 200 and no.json()["status"] == "rejected"
    again = await client.post(f"{URL}/{rid}/confirm", headers={**officer, "If-Match": '"2"'}, json={})
    assert again.status_code == 409 and again.json()["code"] == "committee_change_decided"


async def test_change_requests_are_scoped_to_the_union(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    other_chair = bearer(await grant_token(session, role="grassroots_chair", unit_id=tree.grassroots[1]))
    r = await client.post(URL, headers=other_chair, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat()})
    assert r.status_code == 404
    mismatched = await client.post(URL, headers=other_chair, json={
        "kind": "appoint", "unit_id": tree.grassroots[1], "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat()})
    assert mismatched.status_code == 422 and mismatched.json()["errors"][0]["field"] == "body_id"


async def test_the_chairs_overview_shows_their_requests_and_the_decision(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    s = await _setup(client, admin_headers, unit)
    chair, officer = await _people(session, tree)
    r = await client.post(URL, headers=chair, json={
        "kind": "appoint", "unit_id": unit, "cadre_id": s["other"], "body_id": s["bch"],
        "position_code": "uy_vien_bch", "basis": "elected", "effective_date": today().isoformat()})
    await client.post(f"{URL}/{r.json()['id']}/reject", headers={**officer, "If-Match": '"1"'},
                      json={"note": "Thiếu biên bản"})
    view = (await client.get("/api/v1/chair/overview", headers=chair)).json()
    assert [(q["full_name"], q["status"], q["decision_note"]) for q in view["committee_requests"]] == [
        ("Lò Thị Lan", "rejected", "Thiếu biên bản")]
