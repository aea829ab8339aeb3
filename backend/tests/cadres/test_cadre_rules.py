"""Cadre records (issue 4): profile contract, sensitive data, search, duplicates, history, soft delete."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select, text

from app.cadres.models import Cadre
from app.core.access_log import AccessLog
from app.core.audit import AuditLog
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/cadres"
SENSITIVE_KEYS = {"ethnicity", "religion", "party_member", "party_joined_on", "national_id"}
NO_SENSITIVE = "units:read cadres:read cadres:write"


def person(unit_id: int, **over):
    body = {"unit_id": unit_id, "family_name": "Nguyễn", "middle_name": "Văn", "given_name": "Đức",
            "birth_date": "1980-05-17", "gender": "male", "employment": "full_time",
            "education_level": "dai_hoc", "political_theory": "trung_cap"}
    body.update(over)
    return body


async def create(client, headers, **over):
    r = await client.post(API, headers=headers, json=person(**over))
    assert r.status_code == 201, r.text
    return r.json()


async def test_create_cadre_contract_shape(client, tree: Tree, admin_headers):
    body = await create(client, admin_headers, unit_id=tree.provinces[0], ethnicity="thai", party_member=True,
                        party_joined_on="2005-03-02", national_id="001080012345", religion="none")
    for key in ("id", "unit_id", "family_name", "middle_name", "given_name", "full_name", "birth_date", "gender",
                "employment", "education_level", "political_theory", "from_workers", "version"):
        assert key in body
    assert body["full_name"] == "Nguyễn Văn Đức"
    assert body["education_level"] == "dai_hoc" and body["political_theory"] == "trung_cap"
    assert body["ethnicity"] == "thai" and body["national_id"] == "001080012345" and body["party_member"] is True


async def test_sensitive_fields_absent_without_scope(client, session, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0], ethnicity="hmong",
                           national_id="001080099999", party_member=True)
    plain = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0], scopes=NO_SENSITIVE))
    detail = (await client.get(f"{API}/{created['id']}", headers=plain)).json()
    assert not SENSITIVE_KEYS & set(detail)
    listed = (await client.get(API, params={"within": tree.provinces[0]}, headers=plain)).json()["items"]
    assert listed and all(not SENSITIVE_KEYS & set(item) for item in listed)
    r = await client.get(f"{API}/{created['id']}", headers=plain)
    assert r.headers["cache-control"] == "no-store"
    # the ciphertext, not the number, is what the table holds
    stored = (await session.execute(select(Cadre).where(Cadre.id == created["id"]))).scalar_one()
    assert "001080099999" not in (stored.national_id_enc or "") and stored.national_id_hash


async def test_writing_sensitive_fields_needs_sensitive_scope(client, session, tree: Tree):
    plain = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0], scopes=NO_SENSITIVE))
    r = await client.post(API, headers=plain, json=person(tree.provinces[0], ethnicity="tay"))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = await client.get(API, params={"party_member": "true"}, headers=plain)
    assert r.status_code == 403


async def test_reads_are_access_logged(client, session, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0], ethnicity="kinh")
    await client.get(f"{API}/{created['id']}", params={"purpose": "xét quy hoạch"}, headers=admin_headers)
    rows = (await session.execute(select(AccessLog).where(AccessLog.subject_type == "cadre"))).scalars().all()
    detail = [r for r in rows if str(created["id"]) in r.subject_ids and r.category == "sensitive"]
    assert detail and detail[-1].purpose == "xét quy hoạch"


async def test_rule_sensitive_data_revealed_on_demand_and_each_reveal_logged(client, session, tree: Tree,
                                                                            admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0], ethnicity="thai",
                           national_id="001080054321")
    hidden = await client.get(f"{API}/{created['id']}", params={"sensitive": "false"}, headers=admin_headers)
    assert hidden.status_code == 200 and not SENSITIVE_KEYS & set(hidden.json())
    assert hidden.headers["etag"] == f'"{created["version"]}"'
    shown = await client.get(f"{API}/{created['id']}", params={"purpose": "hồ sơ"}, headers=admin_headers)
    assert shown.json()["ethnicity"] == "thai" and shown.json()["national_id"] == "001080054321"
    rows = (await session.execute(select(AccessLog).where(AccessLog.subject_type == "cadre")
                                  .order_by(AccessLog.id))).scalars().all()
    mine = [r.category for r in rows if str(created["id"]) in r.subject_ids]
    assert mine[-2:] == ["detail", "sensitive"]


async def test_unknown_fields_are_422(client, tree: Tree, admin_headers):
    r = await client.post(API, headers=admin_headers, json=person(tree.provinces[0], salary=9))
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "unknown_field"
    r = await client.post(API, headers=admin_headers, json=person(tree.provinces[0], ethnicity="martian"))
    assert r.status_code == 422


@pytest.mark.parametrize("form", ["NFC", "NFD"])
async def test_q_finds_accented_names_from_plain_or_decomposed_input(client, tree: Tree, admin_headers, form):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    await create(client, admin_headers, unit_id=tree.provinces[0], given_name="Dũng", birth_date="1985-01-01")
    for q in ("nguyen van duc", unicodedata.normalize(form, "Nguyễn Văn Đức"), "ĐỨC"):
        items = (await client.get(API, params={"q": q}, headers=admin_headers)).json()["items"]
        assert [i["id"] for i in items] == [created["id"]], q


async def test_default_order_is_vietnamese_given_name_first(client, tree: Tree, admin_headers):
    names = [("Trần", "Thị", "Ánh"), ("Lê", "Văn", "An"), ("Nguyễn", "", "Ăn"), ("Phạm", "Thị", "Hà"),
             ("Vũ", "Văn", "Ha"), ("Đỗ", "Minh", "Đức"), ("Bùi", "", "Dung"), ("Hoàng", "Anh", "Uy"),
             ("Mai", "", "Ư"), ("Lò", "Văn", "An")]
    for i, (fam, mid, giv) in enumerate(names):
        await create(client, admin_headers, unit_id=tree.provinces[1], family_name=fam, middle_name=mid,
                     given_name=giv, birth_date=f"19{60 + i}-01-01")
    items = (await client.get(API, params={"within": tree.provinces[1]}, headers=admin_headers)).json()["items"]
    assert [i["full_name"] for i in items] == [
        "Lê Văn An", "Lò Văn An", "Trần Thị Ánh", "Nguyễn Ăn", "Bùi Dung", "Đỗ Minh Đức", "Vũ Văn Ha",
        "Phạm Thị Hà", "Hoàng Anh Uy", "Mai Ư"]


async def test_filters_and_keyset_pages(client, tree: Tree, admin_headers):
    today = date.today()
    for i in range(7):
        await create(client, admin_headers, unit_id=tree.districts[0], given_name=f"Người{i}",
                     gender="female" if i % 2 else "male", employment="part_time" if i < 3 else "full_time",
                     birth_date=date(today.year - 30 - i * 5, 1, 1).isoformat(), ethnicity="tay" if i == 6 else "kinh")
    base = {"within": tree.districts[0]}

    async def ids(**params):
        out, cursor = [], None
        while True:
            q = {**base, **params, "limit": 2, **({"cursor": cursor} if cursor else {})}
            body = (await client.get(API, params=q, headers=admin_headers)).json()
            out += [i["given_name"] for i in body["items"]]
            cursor = body["next_cursor"]
            if not cursor:
                return sorted(out)

    assert await ids(gender="female") == ["Người1", "Người3", "Người5"]
    assert await ids(employment="part_time") == ["Người0", "Người1", "Người2"]
    assert await ids(age_min=40, age_max=50) == ["Người2", "Người3", "Người4"]
    assert await ids(ethnic_minority="true") == ["Người6"]
    assert len(await ids()) == 7


async def test_rule_duplicate_national_id_is_409_with_existing_id(client, tree: Tree, admin_headers):
    first = await create(client, admin_headers, unit_id=tree.provinces[0], national_id="001080054321")
    r = await client.post(API, headers=admin_headers, json=person(tree.provinces[1], given_name="Khác",
                                                                  national_id="001080054321"))
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate_cadre" and r.json()["existing_id"] == first["id"]


async def test_rule_duplicate_exact_name_birth_date_and_gender_is_409_unless_confirmed(client, tree: Tree,
                                                                                      admin_headers):
    first = await create(client, admin_headers, unit_id=tree.provinces[0])
    r = await client.post(API, headers=admin_headers, json=person(tree.provinces[0]))
    assert r.status_code == 409 and r.json()["existing_id"] == first["id"]
    assert r.json()["code"] == "duplicate_cadre"
    # the comparison is exact (NFC, diacritics included): a folded spelling is another person
    folded = await client.post(API, headers=admin_headers, json=person(tree.provinces[0], family_name="NGUYEN",
                                                                       middle_name="van", given_name="duc"))
    assert folded.status_code == 201, folded.text
    other_gender = await client.post(API, headers=admin_headers, json=person(tree.provinces[0], gender="female"))
    assert other_gender.status_code == 201, other_gender.text
    confirmed = await client.post(API, headers=admin_headers,
                                  json={**person(tree.provinces[0]), "confirm_not_duplicate": True})
    assert confirmed.status_code == 201 and confirmed.json()["id"] != first["id"]
    ok = await client.post(API, headers=admin_headers, json=person(tree.provinces[0], birth_date="1981-05-17"))
    assert ok.status_code == 201


async def test_rule_soft_delete_hides_record_but_keeps_audit(client, session, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    assert (await client.delete(f"{API}/{created['id']}", headers=admin_headers)).status_code == 428
    assert (await client.delete(f"{API}/{created['id']}", headers={**admin_headers, "If-Match": '"9"'})
            ).status_code == 412
    assert (await client.delete(f"{API}/{created['id']}", headers={**admin_headers, "If-Match": "*"})
            ).status_code == 204
    assert (await client.get(f"{API}/{created['id']}", headers=admin_headers)).status_code == 404
    listed = (await client.get(API, params={"within": tree.provinces[0]}, headers=admin_headers)).json()["items"]
    assert created["id"] not in [i["id"] for i in listed]
    actions = (await session.execute(select(AuditLog.action).where(AuditLog.entity_type == "cadre",
                                                                   AuditLog.entity_id == str(created["id"]))
                                     .order_by(AuditLog.seq))).scalars().all()
    assert actions == ["cadre.create", "cadre.delete"]
    assert (await session.execute(text("SELECT deleted_at FROM cadre WHERE id = :i"), {"i": created["id"]})
            ).scalar() is not None


async def test_rule_patch_needs_if_match_and_stale_changes_nothing(client, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    url = f"{API}/{created['id']}"
    assert (await client.patch(url, headers=admin_headers, json={"phone": "0912345678"})).status_code == 428
    ok = await client.patch(url, headers={**admin_headers, "If-Match": f'"{created["version"]}"'},
                            json={"phone": "0912345678", "given_name": "Đạt"})
    assert ok.status_code == 200 and ok.json()["full_name"] == "Nguyễn Văn Đạt"
    stale = await client.patch(url, headers={**admin_headers, "If-Match": f'"{created["version"]}"'},
                               json={"phone": "0000000000"})
    assert stale.status_code == 412
    assert (await client.get(url, headers=admin_headers)).json()["phone"] == "0912345678"


async def test_rule_qualifications_are_history_and_current_is_derived(client, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0], education_level="cao_dang",
                           political_theory="so_cap")
    url = f"{API}/{created['id']}/qualifications"
    r = await client.post(url, headers=admin_headers, json={"kind": "education", "level": "thac_si",
                                                             "major": "Luật", "awarded_on": "2015-06-30"})
    assert r.status_code == 201
    await client.post(url, headers=admin_headers, json={"kind": "education", "level": "dai_hoc",
                                                         "awarded_on": "2019-01-01"})  # a later, lower diploma
    await client.post(url, headers=admin_headers, json={"kind": "political_theory", "level": "cao_cap"})
    bad = await client.post(url, headers=admin_headers, json={"kind": "education", "level": "phd"})
    assert bad.status_code == 422
    rows = (await client.get(url, headers=admin_headers)).json()["items"]
    assert sorted(r["level"] for r in rows if r["kind"] == "education") == ["cao_dang", "dai_hoc", "thac_si"]
    current = (await client.get(f"{API}/{created['id']}", headers=admin_headers)).json()
    assert current["education_level"] == "thac_si" and current["political_theory"] == "cao_cap"


async def test_family_relations_are_sensitive(client, session, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    url = f"{API}/{created['id']}/family"
    r = await client.post(url, headers=admin_headers, json={"relation": "spouse", "full_name": "Lê Thị Hoa",
                                                            "birth_year": 1982, "occupation": "Giáo viên"})
    assert r.status_code == 201
    plain = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0], scopes=NO_SENSITIVE))
    assert (await client.get(url, headers=plain)).status_code == 403
    assert (await client.get(url, headers=admin_headers)).json()["items"][0]["full_name"] == "Lê Thị Hoa"


async def test_documents_are_type_checked_and_size_limited(client, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    url = f"{API}/{created['id']}/documents"
    pdf = b"%PDF-1.4\n%test\n"
    r = await client.post(url, headers=admin_headers, files={"file": ("bang.pdf", pdf, "application/pdf")})
    assert r.status_code == 201 and r.json()["size"] == len(pdf)
    doc_id = r.json()["id"]
    fake = await client.post(url, headers=admin_headers, files={"file": ("x.pdf", b"MZ\x90", "application/pdf")})
    assert fake.status_code == 422 and fake.json()["code"] == "unsupported_document_type"
    big = await client.post(url, headers=admin_headers,
                            files={"file": ("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "application/pdf")})
    assert big.status_code == 413
    got = await client.get(f"/api/v1/documents/{doc_id}", headers=admin_headers)
    assert got.status_code == 200 and got.content == pdf
    q = await client.post(f"{API}/{created['id']}/qualifications", headers=admin_headers,
                          json={"kind": "union_certificate", "level": "chung_chi", "document_id": doc_id})
    assert q.status_code == 201


async def test_other_district_cadre_is_404(client, session, tree: Tree, admin_headers):
    theirs = await create(client, admin_headers, unit_id=tree.grassroots[2])  # district 1
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    url = f"{API}/{theirs['id']}"
    for method, kwargs in (("get", {}), ("patch", {"json": {"phone": "0912345678"},
                                                    "headers": {"If-Match": '"1"'}}), ("delete", {})):
        headers = {**officer, **kwargs.pop("headers", {})}
        r = await getattr(client, method)(url, headers=headers, **kwargs)
        assert r.status_code == 404, method
    for params in ({}, {"q": "nguyen van duc"}, {"within": tree.districts[1]}):
        r = await client.get(API, params=params, headers=officer)
        assert theirs["id"] not in [i["id"] for i in r.json().get("items", [])]
    assert (await client.get(API, params={"within": tree.districts[1]}, headers=officer)).status_code == 404


async def test_rule_if_match_star_and_404_before_412(client, session, tree: Tree, admin_headers):
    created = await create(client, admin_headers, unit_id=tree.provinces[0])
    url = f"{API}/{created['id']}"
    star = await client.patch(url, headers={**admin_headers, "If-Match": "*"}, json={"phone": "0912 345 678"})
    assert star.status_code == 200 and star.json()["version"] == created["version"] + 1
    stale = await client.patch(url, headers={**admin_headers, "If-Match": '"1"'}, json={"phone": "0912 000 000"})
    assert stale.status_code == 412
    listed = await client.patch(url, headers={**admin_headers, "If-Match": f'"1", "{star.json()["version"]}"'},
                                json={"phone": "0912 111 111"})
    assert listed.status_code == 200
    outsider = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    for headers in ({}, {"If-Match": '"1"'}, {"If-Match": "garbage"}, {"If-Match": "*"}):
        for call in (client.patch(url, headers={**outsider, **headers}, json={"phone": "0912 222 222"}),
                     client.delete(url, headers={**outsider, **headers}),
                     client.patch(f"{API}/987654", headers={**admin_headers, **headers},
                                  json={"phone": "0912 333 333"})):
            r = await call
            assert r.status_code == 404, (headers, r.status_code, r.text)
    unit = (await client.patch(f"/api/v1/units/{tree.grassroots[0]}", headers={**admin_headers, "If-Match": "*"},
                               json={"admin_area": "Xã Mới"}))
    assert unit.status_code == 200


async def test_rule_soft_deleted_cadres_leave_open_planning_cycles(client, session, tree: Tree, admin_headers):
    unit = tree.grassroots[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit))
    cycle = (await client.post("/api/v1/planning-cycles", headers=officer, json={
        "unit_id": unit, "name": "Quy hoạch 2027–2032", "start_year": 2027, "end_year": 2032})).json()
    person = await create(client, admin_headers, unit_id=unit, birth_date="1988-02-02")
    await client.post(f"{API}/{person['id']}/political-clearances", headers=admin_headers, json={
        "positive": True, "concluded_on": "2024-01-10", "concluded_by": "Đảng ủy"})
    added = await client.post(f"/api/v1/planning-cycles/{cycle['id']}/candidates", headers=officer,
                              json={"cadre_id": person["id"], "position_code": "chu_tich"})
    assert added.status_code == 201, added.text
    gone = await client.delete(f"{API}/{person['id']}", headers={**admin_headers, "If-Match": "*"})
    assert gone.status_code == 204
    live = (await client.get(f"/api/v1/planning-cycles/{cycle['id']}/candidates", headers=officer)).json()["items"]
    assert live == []
    structure = (await client.get(f"/api/v1/planning-cycles/{cycle['id']}/structure", headers=officer)).json()
    assert structure["overall"]["candidates"] == 0
