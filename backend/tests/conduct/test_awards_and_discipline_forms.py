"""Awards (khen thưởng) and the discipline forms of cadres, members and organisations (issue 11; §4.6)."""

from __future__ import annotations

from tests.factories import Tree, bearer, grant_token


async def cadre(client, headers, unit_id, given="Tâm"):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Hoàng", "middle_name": "Văn", "given_name": given,
        "birth_date": "1980-01-01", "gender": "male", "employment": "part_time"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_cadre_awards_and_disciplines_read_and_write(client, session, tree: Tree, admin_headers):
    cid = await cadre(client, admin_headers, tree.grassroots[0])
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    r = await client.post(f"/api/v1/cadres/{cid}/awards", headers=officer, json={
        "kind": "bang_khen_tld", "decision_no": "1234/QĐ-TLĐ", "issuer": "Tổng Liên đoàn Lao động Việt Nam",
        "awarded_on": "2025-07-28", "year": 2024, "reason": "Thành tích xuất sắc năm 2024"})
    assert r.status_code == 201, r.text
    unit_title = await client.post(f"/api/v1/cadres/{cid}/awards", headers=officer, json={
        "kind": "cdcs_vung_manh", "issuer": "LĐLĐ huyện", "awarded_on": "2025-01-10"})
    assert unit_title.status_code == 422  # a unit title is not given to a person
    for form in ("khien_trach", "canh_cao", "cach_chuc", "khai_tru"):
        r = await client.post(f"/api/v1/cadres/{cid}/disciplines", headers=officer, json={
            "form": form, "decision_no": f"{form}/QĐ", "issuer": "BTV LĐLĐ huyện", "effective_from": "2024-01-01",
            "effective_to": "2025-01-01"})
        assert r.status_code == 201, r.text
    bad = await client.post(f"/api/v1/cadres/{cid}/disciplines", headers=officer, json={
        "form": "giai_tan", "effective_from": "2024-01-01"})
    assert bad.status_code == 422  # dissolution is a form for organisations
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.grassroots[0]))
    awards = (await client.get(f"/api/v1/cadres/{cid}/awards", headers=viewer)).json()["items"]
    assert [(a["kind"], a["decision_no"]) for a in awards] == [("bang_khen_tld", "1234/QĐ-TLĐ")]
    forms = [d["form"] for d in (await client.get(f"/api/v1/cadres/{cid}/disciplines", headers=viewer)).json()["items"]]
    assert sorted(forms) == ["cach_chuc", "canh_cao", "khai_tru", "khien_trach"]
    outsider = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    assert (await client.get(f"/api/v1/cadres/{cid}/awards", headers=outsider)).status_code == 404
    assert (await client.post(f"/api/v1/cadres/{cid}/awards", headers=outsider, json={
        "kind": "giay_khen", "issuer": "X", "awarded_on": "2025-01-01"})).status_code == 404
    assert (await client.post(f"/api/v1/cadres/{cid}/awards", headers=viewer, json={
        "kind": "giay_khen", "issuer": "X", "awarded_on": "2025-01-01"})).status_code == 403
    year_one = await client.post(f"/api/v1/cadres/{cid}/awards", headers=officer, json={
        "kind": "giay_khen", "issuer": "X", "awarded_on": "0001-01-01"})
    assert year_one.status_code == 422


async def test_unit_titles_and_organisation_discipline(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    r = await client.post(f"/api/v1/units/{unit}/awards", headers=admin_headers, json={
        "kind": "cdcs_vung_manh", "issuer": "LĐLĐ huyện", "awarded_on": "2025-01-15", "year": 2024})
    assert r.status_code == 201 and r.json()["unit_id"] == unit and r.json()["cadre_id"] is None
    person_only = await client.post(f"/api/v1/units/{unit}/awards", headers=admin_headers, json={
        "kind": "ky_niem_chuong", "issuer": "TLĐ", "awarded_on": "2025-01-15"})
    assert person_only.status_code == 422
    r = await client.post(f"/api/v1/units/{unit}/disciplines", headers=admin_headers, json={
        "form": "giai_tan", "decision_no": "09/QĐ-LĐLĐ", "issuer": "BTV LĐLĐ tỉnh", "effective_from": "2025-03-01"})
    assert r.status_code == 201, r.text
    assert (await client.post(f"/api/v1/units/{unit}/disciplines", headers=admin_headers, json={
        "form": "cach_chuc", "effective_from": "2025-03-01"})).status_code == 422
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.districts[0]))
    titles = (await client.get(f"/api/v1/units/{unit}/awards", headers=viewer)).json()["items"]
    assert [t["kind"] for t in titles] == ["cdcs_vung_manh"]
    assert [d["form"] for d in (await client.get(f"/api/v1/units/{unit}/disciplines",
                                                  headers=viewer)).json()["items"]] == ["giai_tan"]
    other = bearer(await grant_token(session, role="viewer", unit_id=tree.districts[2]))
    assert (await client.get(f"/api/v1/units/{unit}/awards", headers=other)).status_code == 404


async def test_rule_award_effective_period_ends_after_it_starts(client, tree: Tree, admin_headers):
    """Issue 11 / rulebook §8: an award carries decision, issuer and effective period; the period's end (exclusive)
    comes after its start (`effective_from`, or the award date without one), else 422 invalid_validity_period."""
    cid = await cadre(client, admin_headers, tree.grassroots[0], "Hiệu")
    r = await client.post(f"/api/v1/cadres/{cid}/awards", headers=admin_headers, json={
        "kind": "giay_khen", "decision_no": "15/QĐ-LĐLĐ", "issuer": "LĐLĐ huyện", "awarded_on": "2025-01-10",
        "effective_from": "2025-01-10", "effective_to": "2026-01-10"})
    assert r.status_code == 201, r.text
    assert (r.json()["effective_from"], r.json()["effective_to"]) == ("2025-01-10", "2026-01-10")
    listed = (await client.get(f"/api/v1/cadres/{cid}/awards", headers=admin_headers)).json()["items"]
    assert [(a["effective_from"], a["effective_to"]) for a in listed] == [("2025-01-10", "2026-01-10")]
    for period in ({"effective_from": "2025-06-01", "effective_to": "2025-06-01"},
                   {"effective_from": "2025-06-01", "effective_to": "2025-05-31"},
                   {"effective_to": "2025-01-10"}):  # no start: the award date is the start
        bad = await client.post(f"/api/v1/cadres/{cid}/awards", headers=admin_headers, json={
            "kind": "giay_khen", "issuer": "LĐLĐ huyện", "awarded_on": "2025-01-10", **period})
        assert bad.status_code == 422 and bad.json()["code"] == "invalid_validity_period", (period, bad.text)
        assert bad.json()["errors"][0]["field"] == "effective_to"
    unit = await client.post(f"/api/v1/units/{tree.grassroots[0]}/awards", headers=admin_headers, json={
        "kind": "cdcs_vung_manh", "issuer": "LĐLĐ huyện", "awarded_on": "2025-01-15", "year": 2024,
        "effective_from": "2025-01-01", "effective_to": "2025-01-01"})
    assert unit.status_code == 422 and unit.json()["code"] == "invalid_validity_period"
    no_period = await client.post(f"/api/v1/cadres/{cid}/awards", headers=admin_headers, json={
        "kind": "giay_khen", "issuer": "X", "awarded_on": "2025-02-01"})
    assert no_period.status_code == 201 and no_period.json()["effective_to"] is None
