"""Issue 10 rules on the cadre's one write path: PATCH validates like POST; duplicates compare exact NFC names
(An, Ân and Ăn are three people); an Excel import commits through `service.create_cadres` like POST /cadres."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.cadres import excel
from app.cadres import service as cadres_service
from app.core.audit import AuditLog
from tests.cadres.test_cadre_rules import API, create, person
from tests.cadres.test_excel_import import row, unit_codes, upload, workbook
from tests.factories import Tree


async def test_rule_cadre_update_validates_birth_date_like_create(client, tree: Tree, admin_headers):
    unit = tree.provinces[0]
    created = await create(client, admin_headers, unit_id=unit)
    headers = {**admin_headers, "If-Match": "*"}
    for bad in ("1899-12-31", (date.today() + timedelta(days=1)).isoformat()):
        posted = await client.post(API, headers=admin_headers, json=person(unit, given_name="Mới", birth_date=bad))
        patched = await client.patch(f"{API}/{created['id']}", headers=headers, json={"birth_date": bad})
        assert posted.status_code == patched.status_code == 422, (posted.text, patched.text)
        assert posted.json()["code"] == patched.json()["code"]
        assert [e["field"] for e in patched.json()["errors"]] == [e["field"] for e in posted.json()["errors"]]
        assert "birth_date" in [e["field"] for e in patched.json()["errors"]]
    unchanged = (await client.get(f"{API}/{created['id']}", headers=admin_headers)).json()
    assert unchanged["birth_date"] == created["birth_date"] and unchanged["version"] == created["version"]
    ok = await client.patch(f"{API}/{created['id']}", headers=headers, json={"birth_date": "1900-01-01"})
    assert ok.status_code == 200 and ok.json()["birth_date"] == "1900-01-01"


async def test_rule_cadre_update_validates_ethnicity_and_religion_codes_like_create(client, tree: Tree,
                                                                                   admin_headers):
    unit = tree.provinces[0]
    created = await create(client, admin_headers, unit_id=unit)
    for field in ("ethnicity", "religion"):
        posted = await client.post(API, headers=admin_headers, json=person(unit, given_name="Mới", **{field: "xyz"}))
        patched = await client.patch(f"{API}/{created['id']}", headers={**admin_headers, "If-Match": "*"},
                                     json={field: "xyz"})
        assert posted.status_code == patched.status_code == 422 and posted.json()["code"] == patched.json()["code"]
        assert [e["field"] for e in patched.json()["errors"]] == [e["field"] for e in posted.json()["errors"]]


async def test_rule_duplicate_names_an_an_an_are_different_people(client, tree: Tree, admin_headers):
    unit = tree.provinces[0]
    same = {"family_name": "Lò", "middle_name": "Văn", "birth_date": "1979-08-02", "gender": "male"}
    ids = []
    for given in ("An", "Ân", "Ăn"):  # three people, the same birth date and gender: no 409
        r = await client.post(API, headers=admin_headers, json=person(unit, given_name=given, **same))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    assert len(set(ids)) == 3
    # the exact same name is a duplicate — also typed decomposed (NFD): names are compared in NFC
    for spelling in ("Ân", unicodedata.normalize("NFD", "Ân")):
        again = await client.post(API, headers=admin_headers, json=person(unit, given_name=spelling, **same))
        assert again.status_code == 409, again.text
        assert again.json()["code"] == "duplicate_cadre" and again.json()["existing_id"] == ids[1]
    # … and a PATCH renaming Ăn to An meets An
    renamed = await client.patch(f"{API}/{ids[2]}", headers={**admin_headers, "If-Match": "*"},
                                 json={"given_name": "An"})
    assert renamed.status_code == 409 and renamed.json()["existing_id"] == ids[0]


@pytest.mark.usefixtures("inline_jobs")
async def test_rule_excel_import_commits_through_the_cadre_service(client, session, tree: Tree, admin_headers,
                                                                   monkeypatch: pytest.MonkeyPatch):
    unit = tree.grassroots[0]
    [code] = await unit_codes(session, [unit])
    calls: list[int] = []
    original = cadres_service.create_cadres

    async def spy(session, actor, items, **kwargs):
        calls.append(len(items))
        return await original(session, actor, items, **kwargs)

    monkeypatch.setattr(cadres_service, "create_cadres", spy)
    posted = await client.post(API, headers=admin_headers, json=person(unit, given_name="Bình"))
    assert posted.status_code == 201 and calls == [1]

    done = await upload(client, admin_headers, workbook([row(i, code) for i in range(3)]), "commit")
    assert done.json()["status"] == "succeeded", done.text
    assert calls == [1, 3]  # the import's commit: one bulk call of the same create path

    # the same audit record per person as POST /cadres: action, entity, unit and the same kind of changes
    audits = (await session.execute(select(AuditLog).where(AuditLog.action == "cadre.create"))).scalars().all()
    by_id = {int(a.entity_id): a for a in audits}
    imported = [c for c in by_id if c != posted.json()["id"]]
    assert len(imported) == 3
    api_row = by_id[posted.json()["id"]]
    for cid in imported:
        assert by_id[cid].entity_type == api_row.entity_type == "cadre" and by_id[cid].unit_id == unit
        assert {"family_name", "given_name", "birth_date", "gender", "unit_id"} <= set(by_id[cid].changes)
        assert by_id[cid].changes.get("national_id") == "***"  # masked like any create's

    # the duplicate rule is the service's: with the file's own pre-check switched off, the commit still refuses
    # the person POST /cadres refuses, and writes nothing
    async def no_precheck(session, principal, checked):
        return None

    monkeypatch.setattr(excel, "_check_existing", no_precheck)
    again = await upload(client, admin_headers, workbook([row(50, code), row(0, code)]), "commit")
    assert again.json()["status"] == "failed", again.text
    assert again.json()["result"]["code"] == "duplicate_cadre"  # row 0's national ID is already on file
    assert calls[-1] == 2
    audits = (await session.execute(select(AuditLog.entity_id).where(AuditLog.action == "cadre.create"))).all()
    assert len(audits) == 4  # nothing of the refused import: not even row 50, which had no duplicate


async def test_rule_audit_masks_every_sensitive_cadre_field(client, session, tree: Tree, admin_headers):
    from app.cadres.schemas import SENSITIVE_FIELDS
    from app.core import audit

    assert set(SENSITIVE_FIELDS) <= audit.SENSITIVE_FIELDS  # core keeps its own list: it imports no domain
    created = await create(client, admin_headers, unit_id=tree.provinces[0], party_member=True,
                           party_joined_on="2005-03-02", party_official_on="2006-03-02", ethnicity="thai",
                           religion="none", health="Tốt", national_id="001080077777")
    row = (await session.execute(select(AuditLog).where(AuditLog.action == "cadre.create",
                                                        AuditLog.entity_id == str(created["id"])))).scalar_one()
    assert {k: row.changes[k] for k in SENSITIVE_FIELDS} == {k: "***" for k in SENSITIVE_FIELDS}
