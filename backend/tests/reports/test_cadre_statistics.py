"""The cadre-statistics report (API.md "Reports"; issue 6)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from app.seed import run_seed
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/reports/cadre-statistics"


def xlsx_rows(content: bytes) -> dict[str, tuple]:
    ws = load_workbook(io.BytesIO(content)).active
    return {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row and row[0]}


async def test_lai_chau_report_facts_from_the_demo_province(client, session):
    summary = await run_seed(session, "demo")
    await session.commit()
    headers = bearer(await grant_token(session, role="viewer", unit_id=summary["province"]))
    params = {"unit_id": summary["province"], "as_of": "2024-05-23"}
    r = await client.get(API, params=params, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["units"]["by_type"] == {"cong_doan_co_so": 777, "cong_doan_nganh_dia_phuong": 2,
                                        "cong_doan_vien_chuc": 1, "ldld_huyen": 8}
    assert body["units"]["grassroots"] == 777 and body["members"] == 22_877
    ft = body["staff"]["full_time"]
    assert (ft["total"], ft["female"], ft["ethnic_minority"], ft["party_member"]) == (52, 34, 11, 51)
    assert ft["education_level"]["dai_hoc"] + ft["education_level"]["thac_si"] + ft["education_level"][
        "tien_si"] == 50
    assert ft["education_level"]["cnkt"] == 2
    assert ft["political_theory"]["cao_cap"] == 29 and ft["political_theory"]["trung_cap"] == 17
    assert sum(ft["age_band"].values()) == 52
    assert body["staff"]["part_time"]["total"] > 2000

    xlsx = await client.get(API, params={**params, "format": "xlsx"}, headers=headers)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxml")
    table = xlsx_rows(xlsx.content)
    assert table["Tổng số"][:2] == (52, body["staff"]["part_time"]["total"])
    assert table["Nữ"][0] == 34 and table["Dân tộc thiểu số"][0] == 11 and table["Đảng viên"][0] == 51
    assert table["Đoàn viên công đoàn"][0] == 22_877
    assert table["Lý luận chính trị: Cao cấp"][0] == 29

    # today the district federations are gone: commune unions instead, same grassroots unions
    now = (await client.get(API, params={"unit_id": summary["province"]}, headers=headers)).json()
    assert "ldld_huyen" not in now["units"]["by_type"] and now["units"]["by_type"]["cong_doan_xa_phuong"] == 16
    assert now["units"]["grassroots"] == 777 and now["members"] == 22_877


async def _cadre(client, headers, unit_id, *, gender, birth, employment="full_time", **extra):
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Hà", "middle_name": "Thị", "given_name": f"X{birth}",
        "birth_date": birth, "gender": gender, "employment": employment, **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_statistics_count_posts_held_on_the_date_with_age_bands(client, tree: Tree, admin_headers):
    d = tree.districts[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": d, "kind": "apparatus"}
                              )).json()["id"]
    as_of = date(2024, 6, 1)
    ages = {"40": "1984-06-01", "39": "1984-06-02", "50": "1973-06-02", "51": "1973-06-01"}
    for label, birth in ages.items():
        cid = await _cadre(client, admin_headers, d, gender="female" if label in ("40", "51") else "male",
                           birth=birth, ethnicity="thai" if label == "39" else "kinh", party_member=label == "50",
                           education_level="dai_hoc", political_theory="trung_cap")
        r = await client.post("/api/v1/assignments", headers=admin_headers, json={
            "cadre_id": cid, "body_id": body, "position_code": "chuyen_vien", "basis": "appointed",
            "from_date": "2020-01-01", "to_date": "2024-06-02" if label != "51" else "2024-06-01"})
        assert r.status_code == 201, r.text
    stats = (await client.get(API, params={"unit_id": d, "as_of": as_of.isoformat()}, headers=admin_headers)).json()
    assert stats["units"] == {"by_type": {"cong_doan_co_so": 2}, "grassroots": 2} and stats["members"] == 200
    ft = stats["staff"]["full_time"]
    # the 51-year-old's post ended on 1/6/2024 (exclusive): not staff that day
    assert ft["total"] == 3 and ft["female"] == 1 and ft["ethnic_minority"] == 1 and ft["party_member"] == 1
    assert ft["age_band"] == {"under_40": 1, "from_40_to_50": 2, "over_50": 0}
    assert ft["education_level"]["dai_hoc"] == 3 and ft["political_theory"]["trung_cap"] == 3
    before = (await client.get(API, params={"unit_id": d, "as_of": "2019-12-31"}, headers=admin_headers)).json()
    assert before["staff"]["full_time"]["total"] == 0


async def test_statistics_count_the_qualifications_held_on_the_date(client, tree: Tree, admin_headers):
    """A level counts from the date it was awarded: the cadre's current level (a degree awarded in 2025) is not
    yet theirs in a report as of 2024, nor is a political-theory level dated in the future as of today."""
    d = tree.districts[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": d, "kind": "apparatus"}
                              )).json()["id"]
    cid = await _cadre(client, admin_headers, d, gender="male", birth="1980-01-01", education_level="trung_cap",
                       political_theory="so_cap")
    for kind, level, awarded in (("education", "dai_hoc", "2025-01-01"),
                                 ("political_theory", "cao_cap", (date.today() + timedelta(days=30)).isoformat())):
        r = await client.post(f"/api/v1/cadres/{cid}/qualifications", headers=admin_headers,
                              json={"kind": kind, "level": level, "awarded_on": awarded})
        assert r.status_code == 201, r.text
    r = await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": cid, "body_id": body, "position_code": "chuyen_vien", "basis": "appointed",
        "from_date": "2023-01-01"})  # an appointment runs 5 years
    assert r.status_code == 201, r.text

    async def levels(as_of: str | None) -> tuple[str, str]:
        params = {"unit_id": d} | ({"as_of": as_of} if as_of else {})
        staff = (await client.get(API, params=params, headers=admin_headers)).json()["staff"]["full_time"]
        assert staff["total"] == 1
        return (next(k for k, n in staff["education_level"].items() if n),
                next(k for k, n in staff["political_theory"].items() if n))

    # the levels given at creation are undated rows, held on every date
    assert await levels("2024-06-01") == ("trung_cap", "so_cap")
    assert await levels(None) == ("dai_hoc", "so_cap")  # cao_cap is awarded in 30 days
    far = (date.today() + timedelta(days=60)).isoformat()
    assert await levels(far) == ("dai_hoc", "cao_cap")


async def test_statistics_docx_is_decree_30_and_values_render_literally(client, session, tree: Tree, admin_headers):
    unit = tree.provinces[0]
    r = await client.patch(f"/api/v1/units/{unit}", headers={**admin_headers, "If-Match": '"1"'},
                           json={"name": "LĐLĐ <Thử> & {{ x }}"})
    assert r.status_code == 200, r.text
    doc = await client.get(API, params={"unit_id": unit, "format": "docx"}, headers=admin_headers)
    assert doc.status_code == 200, doc.text
    parsed = Document(io.BytesIO(doc.content))
    section = parsed.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm), round(section.left_margin.mm),
            round(section.right_margin.mm)) == (20, 20, 30, 15)
    assert parsed.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in parsed.paragraphs) + "\n".join(
        c.text for t in parsed.tables for row in t.rows for c in row.cells)
    assert "LĐLĐ <Thử> & {{ x }}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Nơi nhận:" in text and "Lưu: VT." in text


async def test_statistics_of_another_district_is_404(client, session, tree: Tree):
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.districts[0]))
    assert (await client.get(API, params={"unit_id": tree.districts[1]}, headers=officer)).status_code == 404
    assert (await client.get(API, params={"unit_id": tree.districts[0]}, headers=officer)).status_code == 200


@pytest.mark.parametrize("fmt", ["pdf"])
async def test_pdf_without_libreoffice_is_503_problem(client, tree: Tree, admin_headers, monkeypatch, fmt):
    from app.core import documents

    monkeypatch.setattr(documents, "soffice", lambda: None)
    r = await client.get(API, params={"unit_id": tree.districts[0], "format": fmt}, headers=admin_headers)
    assert r.status_code == 503 and r.json()["code"] == "pdf_unavailable"


async def test_rule_26_small_cells_hide_sensitive_breakdowns_without_read_sensitive(client, session, tree: Tree,
                                                                                   admin_headers):
    d = tree.districts[0]
    body = (await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": d, "kind": "apparatus"}
                              )).json()["id"]
    for n, birth in enumerate(("1980-01-01", "1981-01-01", "1982-01-01")):
        cid = await _cadre(client, admin_headers, d, gender="male", birth=birth, ethnicity="tay" if n else "kinh",
                           party_member=n == 0)
        await client.post("/api/v1/assignments", headers=admin_headers, json={
            "cadre_id": cid, "body_id": body, "position_code": "chuyen_vien", "basis": "appointed",
            "from_date": "2020-01-01"})
    params = {"unit_id": d, "as_of": "2024-06-01"}
    full = (await client.get(API, params=params, headers=admin_headers)).json()["staff"]["full_time"]
    assert (full["total"], full["ethnic_minority"], full["party_member"]) == (3, 2, 1)
    viewer = bearer(await grant_token(session, role="viewer", unit_id=d))
    hidden = (await client.get(API, params=params, headers=viewer)).json()["staff"]["full_time"]
    assert hidden["total"] == 3 and hidden["ethnic_minority"] is None and hidden["party_member"] is None
    rows = xlsx_rows((await client.get(API, params={**params, "format": "xlsx"}, headers=viewer)).content)
    assert rows["Dân tộc thiểu số"][1] == "—" and rows["Đảng viên"][1] == "—"
