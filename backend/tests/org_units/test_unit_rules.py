"""Rules of the unit hierarchy (issue 2; domain-rulebook §9 rules 1–3, 5). Each test is named after its rule."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.org_units.models import OrgUnitClosure, OrgUnitState
from tests.factories import Tree, make_unit

API = "/api/v1/units"


async def _get(client, headers, unit_id):
    r = await client.get(f"{API}/{unit_id}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def _ids(client, headers, **params):
    items, cursor = [], None
    while True:
        q = dict(params, limit=200)
        if cursor:
            q["cursor"] = cursor
        r = await client.get(API, params=q, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return [u["id"] for u in items]


# --- creation and the type rule -------------------------------------------------------------------------

async def test_create_unit_returns_contract_shape(client, tree: Tree, admin_headers):
    r = await client.post(API, headers=admin_headers, json={
        "code": "CDCS-NEW", "name": "Công đoàn cơ sở Công ty Mới", "unit_type": "cong_doan_co_so",
        "parent_id": tree.districts[0], "sector": "non_state", "member_count": 57, "workforce": 80,
        "established_on": "2024-03-01"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) >= {"id", "code", "name", "unit_type", "parent_id", "path", "sector", "member_count",
                         "workforce", "established_on", "ended_on", "version"}
    assert body["parent_id"] == tree.districts[0]
    assert body["path"].endswith(f"/{tree.districts[0]}/{body['id']}/")
    assert body["established_on"] == "2024-03-01" and body["ended_on"] is None
    assert r.headers["etag"] == f'"{body["version"]}"'


async def test_rule_duplicate_code_is_409(client, tree: Tree, admin_headers):
    payload = {"code": "DUP-1", "name": "A", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0],
               "established_on": "2024-01-01"}
    assert (await client.post(API, headers=admin_headers, json=payload)).status_code == 201
    r = await client.post(API, headers=admin_headers, json=dict(payload, name="B"))
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate_code"
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_rule_parent_type_must_be_allowed(client, tree: Tree, admin_headers):
    # a province federation may not sit under a district union
    r = await client.post(API, headers=admin_headers, json={
        "code": "BAD-1", "name": "X", "unit_type": "ldld_tinh", "parent_id": tree.districts[0]})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_parent_type"
    assert (await client.get(API, params={"q": "BAD-1"}, headers=admin_headers)).json()["items"] == []


async def test_rule_parent_type_checked_on_effective_date(client, tree: Tree, admin_headers):
    """District unions may take grassroots unions until 30/6/2025 and not from 1/7/2025 (Luật 97/2025)."""
    base = {"name": "CĐCS", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0]}
    ok = await client.post(API, headers=admin_headers, json=dict(base, code="D-OK", established_on="2025-06-30"))
    assert ok.status_code == 201, ok.text
    late = await client.post(API, headers=admin_headers, json=dict(base, code="D-LATE", established_on="2025-07-01"))
    assert late.status_code == 422 and late.json()["code"] == "invalid_parent_type"
    # and commune unions only exist from 1/7/2025
    early = await client.post(API, headers=admin_headers, json={
        "code": "XA-EARLY", "name": "CĐ xã", "unit_type": "cong_doan_xa_phuong", "parent_id": tree.provinces[0],
        "established_on": "2025-06-30"})
    assert early.status_code == 422 and early.json()["code"] == "invalid_parent_type"


async def test_unknown_fields_are_422(client, tree: Tree, admin_headers):
    r = await client.post(API, headers=admin_headers, json={
        "code": "X1", "name": "X", "unit_type": "cong_doan_co_so", "parent_id": tree.districts[0], "version": 9})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "version" and body["errors"][0]["code"] == "unknown_field"


async def test_problem_title_follows_accept_language(client, tree: Tree, admin_headers):
    payload = {"code": "L1", "name": "X", "unit_type": "ldld_tinh", "parent_id": tree.districts[0]}
    vi = await client.post(API, headers=admin_headers, json=payload)
    en = await client.post(API, headers={**admin_headers, "Accept-Language": "en-US,en;q=0.9"}, json=payload)
    assert vi.json()["code"] == en.json()["code"] == "invalid_parent_type"
    assert vi.json()["title"] != en.json()["title"]
    assert "may not sit under" in en.json()["title"]


# --- reads -----------------------------------------------------------------------------------------------

async def test_within_lists_the_unit_and_its_descendants(client, tree: Tree, admin_headers):
    ids = await _ids(client, admin_headers, within=tree.districts[1])
    assert ids[0] == tree.districts[1]
    assert sorted(ids) == sorted([tree.districts[1], *tree.grassroots[2:4]])


async def test_parent_id_lists_children_and_roots_lists_top(client, tree: Tree, admin_headers):
    assert sorted(await _ids(client, admin_headers, parent_id=tree.provinces[1])) == sorted(tree.districts[2:4])
    assert await _ids(client, admin_headers, roots="true") == [tree.national]


async def test_q_is_accent_insensitive(client, tree: Tree, admin_headers, session):
    uid = await make_unit(session, unit_type="cong_doan_co_so", parent_id=tree.districts[0],
                          name="Công đoàn cơ sở Trường Tiểu học Đoàn Kết")
    await session.commit()
    for q in ("truong tieu hoc doan ket", "TRƯỜNG TIỂU HỌC", "Đoàn Kết", "doan ket"):
        assert uid in await _ids(client, admin_headers, q=q), q


async def test_keyset_pagination_walks_every_unit_once(client, tree: Tree, admin_headers):
    seen, cursor = [], None
    while True:
        params = {"within": tree.national, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        body = (await client.get(API, params=params, headers=admin_headers)).json()
        assert len(body["items"]) <= 3
        seen += [u["id"] for u in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 1 + 2 + 4 + 8


async def test_limit_out_of_range_is_422(client, tree: Tree, admin_headers):
    for bad in (0, 201):
        r = await client.get(API, params={"limit": bad}, headers=admin_headers)
        assert r.status_code == 422 and r.json()["code"] == "validation_error"
    r = await client.get(API, params={"cursor": "garbage!"}, headers=admin_headers)
    assert r.status_code == 422 and r.json()["code"] == "invalid_cursor"


async def test_missing_unit_is_404_problem(client, tree: Tree, admin_headers):
    r = await client.get(f"{API}/999999", headers=admin_headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


# --- updates with ETag -----------------------------------------------------------------------------------

async def test_patch_requires_if_match_and_rejects_stale(client, tree: Tree, admin_headers):
    uid = tree.grassroots[0]
    unit = await _get(client, admin_headers, uid)
    r = await client.patch(f"{API}/{uid}", headers=admin_headers, json={"member_count": 120})
    assert r.status_code == 428 and r.json()["code"] == "precondition_required"
    ok = await client.patch(f"{API}/{uid}", headers={**admin_headers, "If-Match": f'"{unit["version"]}"'},
                            json={"member_count": 120})
    assert ok.status_code == 200, ok.text
    assert ok.json()["member_count"] == 120 and ok.json()["version"] == unit["version"] + 1
    stale = await client.patch(f"{API}/{uid}", headers={**admin_headers, "If-Match": f'"{unit["version"]}"'},
                               json={"member_count": 1})
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert (await _get(client, admin_headers, uid))["member_count"] == 120


# --- restructuring ---------------------------------------------------------------------------------------

async def test_rule_no_cycles_move_under_own_descendant_is_422(client, tree: Tree, admin_headers):
    r = await client.post(f"{API}/{tree.provinces[0]}/move", headers=admin_headers, json={
        "new_parent_id": tree.districts[0], "effective_date": "2024-01-01", "decision_no": "1/QĐ"})
    assert r.status_code == 422 and r.json()["code"] == "unit_cycle"
    r = await client.post(f"{API}/{tree.districts[0]}/move", headers=admin_headers, json={
        "new_parent_id": tree.districts[0], "effective_date": "2024-01-01"})
    assert r.status_code == 422 and r.json()["code"] == "unit_cycle"


async def test_move_rewrites_closure_and_path_of_the_subtree(client, tree: Tree, admin_headers, session):
    moved = tree.districts[0]
    r = await client.post(f"{API}/{moved}/move", headers=admin_headers, json={
        "new_parent_id": tree.provinces[1], "effective_date": "2024-01-01", "decision_no": "12/QĐ-LĐLĐ"})
    assert r.status_code == 200, r.text
    assert r.json()["parent_id"] == tree.provinces[1]
    assert sorted(await _ids(client, admin_headers, within=tree.provinces[1])) == sorted(
        [tree.provinces[1], *tree.districts[2:4], moved, *tree.grassroots[0:2], *tree.grassroots[4:8]])
    assert moved not in await _ids(client, admin_headers, within=tree.provinces[0])
    leaf = await _get(client, admin_headers, tree.grassroots[0])
    assert leaf["path"] == f"/{tree.national}/{tree.provinces[1]}/{moved}/{tree.grassroots[0]}/"
    # closure equals the transitive closure of parent_id
    rows = (await session.execute(select(OrgUnitClosure))).scalars().all()
    assert {(c.ancestor_id, c.descendant_id) for c in rows if c.descendant_id == tree.grassroots[0]} == {
        (a, tree.grassroots[0]) for a in (tree.national, tree.provinces[1], moved, tree.grassroots[0])}
    history = (await client.get(f"{API}/{moved}/history", headers=admin_headers)).json()["items"]
    assert [h["event_type"] for h in history] == ["establish", "move"]
    assert history[1]["decision_no"] == "12/QĐ-LĐLĐ" and history[1]["details"]["from_parent_id"] == tree.provinces[0]


async def test_rule_merge_ends_sources_and_reparents_children(client, tree: Tree, admin_headers):
    a, b = tree.districts[0], tree.districts[1]
    r = await client.post(f"{API}/merge", headers=admin_headers, json={
        "source_ids": [a, b], "effective_date": "2025-03-01", "decision_no": "45/QĐ-LĐLĐ",
        "target": {"code": "HUYEN-MOI", "name": "LĐLĐ huyện Mới", "unit_type": "ldld_huyen",
                   "parent_id": tree.provinces[0]}})
    assert r.status_code == 200, r.text
    target = r.json()
    assert target["established_on"] == "2025-03-01" and target["member_count"] is None
    for src in (a, b):
        assert (await _get(client, admin_headers, src))["ended_on"] == "2025-03-01"
    for leaf in tree.grassroots[0:4]:
        assert (await _get(client, admin_headers, leaf))["parent_id"] == target["id"]
    current = await _ids(client, admin_headers, within=tree.provinces[0])
    assert a not in current and b not in current and target["id"] in current
    # before the merge the old districts still own their grassroots unions
    before = await _ids(client, admin_headers, within=tree.provinces[0], as_of="2025-02-28")
    assert a in before and b in before and target["id"] not in before
    hist = (await client.get(f"{API}/{a}/history", headers=admin_headers)).json()["items"]
    assert hist[-1]["event_type"] == "merge" and hist[-1]["role"] == "source"
    assert {u["unit_id"] for u in hist[-1]["units"] if u["role"] == "target"} == {target["id"]}


async def test_merge_into_existing_target_adds_members(client, tree: Tree, admin_headers):
    g0, g1 = tree.grassroots[0], tree.grassroots[1]
    r = await client.post(f"{API}/merge", headers=admin_headers, json={
        "source_ids": [g1], "target_id": g0, "effective_date": "2024-06-01", "decision_no": "7/QĐ"})
    assert r.status_code == 200, r.text
    assert r.json()["member_count"] == 200
    r = await client.post(f"{API}/merge", headers=admin_headers, json={
        "source_ids": [g0], "target_id": g0, "effective_date": "2024-06-02"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_merge"


async def test_rule_dissolve_with_live_children_is_422(client, tree: Tree, admin_headers):
    d = tree.districts[0]
    r = await client.post(f"{API}/{d}/dissolve", headers=admin_headers,
                          json={"effective_date": "2025-07-01", "decision_no": "99/QĐ"})
    assert r.status_code == 422 and r.json()["code"] == "unit_has_live_children"
    assert (await _get(client, admin_headers, d))["ended_on"] is None


async def test_rule_dissolve_moving_children_in_same_request(client, tree: Tree, admin_headers):
    d, p = tree.districts[0], tree.provinces[0]
    g0, g1 = tree.grassroots[0], tree.grassroots[1]
    r = await client.post(f"{API}/{d}/dissolve", headers=admin_headers, json={
        "effective_date": "2025-07-01", "decision_no": "99/QĐ-LĐLĐ",
        "move_children": [{"unit_id": g0, "new_parent_id": p}, {"unit_id": g1, "new_parent_id": p}]})
    assert r.status_code == 200, r.text
    assert r.json()["ended_on"] == "2025-07-01"
    assert (await _get(client, admin_headers, g0))["parent_id"] == p
    assert d not in await _ids(client, admin_headers, within=p)
    assert d in await _ids(client, admin_headers, within=p, as_of="2025-06-30")


async def test_dissolve_move_checks_type_rule_on_effective_date(client, tree: Tree, admin_headers):
    """Moving grassroots unions to another district on 1/7/2025 is refused: district unions no longer exist."""
    d, other = tree.districts[0], tree.districts[1]
    r = await client.post(f"{API}/{d}/dissolve", headers=admin_headers, json={
        "effective_date": "2025-07-01",
        "move_children": [{"unit_id": g, "new_parent_id": other} for g in tree.grassroots[0:2]]})
    assert r.status_code == 422 and r.json()["code"] == "invalid_parent_type"
    assert (await _get(client, admin_headers, d))["ended_on"] is None  # nothing half-written


async def test_split_creates_parts_and_ends_source(client, tree: Tree, admin_headers):
    d, p = tree.districts[0], tree.provinces[0]
    g0, g1 = tree.grassroots[0], tree.grassroots[1]
    r = await client.post(f"{API}/{d}/split", headers=admin_headers, json={
        "effective_date": "2024-09-01", "decision_no": "5/QĐ",
        "parts": [{"code": "S-A", "name": "Huyện A", "unit_type": "ldld_huyen", "parent_id": p, "child_ids": [g0]},
                  {"code": "S-B", "name": "Huyện B", "unit_type": "ldld_huyen", "parent_id": p, "child_ids": [g1]}]})
    assert r.status_code == 200, r.text
    parts = r.json()
    assert [u["code"] for u in parts] == ["S-A", "S-B"]
    assert (await _get(client, admin_headers, g0))["parent_id"] == parts[0]["id"]
    assert (await _get(client, admin_headers, d))["ended_on"] == "2024-09-01"
    # a split that leaves a child behind while ending the source is refused
    r = await client.post(f"{API}/{tree.districts[1]}/split", headers=admin_headers, json={
        "effective_date": "2024-09-01",
        "parts": [{"code": "S-C", "name": "C", "unit_type": "ldld_huyen", "parent_id": p,
                   "child_ids": [tree.grassroots[2]]}]})
    assert r.status_code == 422 and r.json()["code"] == "unit_has_live_children"


async def test_rename_is_dated(client, tree: Tree, admin_headers):
    p = tree.provinces[0]
    r = await client.post(f"{API}/{p}/rename", headers=admin_headers, json={
        "name": "LĐLĐ tỉnh Mới", "effective_date": "2025-07-01", "decision_no": "1/QĐ-TLĐ"})
    assert r.status_code == 200 and r.json()["name"] == "LĐLĐ tỉnh Mới"
    old = (await client.get(API, params={"within": p, "as_of": "2025-06-30", "limit": 1},
                            headers=admin_headers)).json()["items"][0]
    assert old["id"] == p and old["name"] == "LĐLĐ tỉnh 0"


async def test_rule_dated_change_cannot_precede_last_change(client, tree: Tree, admin_headers):
    d = tree.districts[0]
    assert (await client.post(f"{API}/{d}/rename", headers=admin_headers, json={
        "name": "N1", "effective_date": "2024-05-01"})).status_code == 200
    r = await client.post(f"{API}/{d}/move", headers=admin_headers, json={
        "new_parent_id": tree.provinces[1], "effective_date": "2024-04-30"})
    assert r.status_code == 422 and r.json()["code"] == "effective_date_before_last_change"


async def test_rule_unit_states_never_overlap(client, tree: Tree, admin_headers, session):
    """Rule 1: a unit's dated versions never overlap and each starts at valid_from."""
    d = tree.districts[0]
    await client.post(f"{API}/{d}/rename", headers=admin_headers, json={"name": "N1", "effective_date": "2024-01-01"})
    await client.post(f"{API}/{d}/move", headers=admin_headers,
                      json={"new_parent_id": tree.provinces[1], "effective_date": "2024-06-01"})
    await client.post(f"{API}/{d}/rename", headers=admin_headers, json={"name": "N2", "effective_date": "2024-06-01"})
    rows = (await session.execute(select(OrgUnitState).where(OrgUnitState.unit_id == d)
                                  .order_by(OrgUnitState.valid_from))).scalars().all()
    assert [r.valid_from for r in rows] == [date(2005, 1, 1), date(2024, 1, 1), date(2024, 6, 1)]
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert earlier.valid_to == later.valid_from
    assert rows[-1].valid_to is None and rows[-1].name == "N2" and rows[-1].parent_id == tree.provinces[1]


async def test_future_dated_move_applies_when_due(client, tree: Tree, admin_headers, session, monkeypatch):
    g = tree.grassroots[0]
    r = await client.post(f"{API}/{g}/move", headers=admin_headers,
                          json={"new_parent_id": tree.provinces[1], "effective_date": "2099-01-01"})
    assert r.status_code == 200, r.text
    assert r.json()["parent_id"] == tree.districts[0]  # not yet
    from app.org_units import service

    monkeypatch.setattr(service, "today", lambda: date(2099, 1, 2))
    assert await service.apply_due_changes(session) == 1
    await session.commit()
    assert (await _get(client, admin_headers, g))["parent_id"] == tree.provinces[1]
    assert await service.apply_due_changes(session) == 0  # idempotent
