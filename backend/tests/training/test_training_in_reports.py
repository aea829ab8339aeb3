"""Training counts and rotations in the statistics report and the review report (issue 11)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.factories import Tree


async def _training(client, admin_headers, tree: Tree):
    province = tree.provinces[0]
    course = (await client.post("/api/v1/training-courses", headers=admin_headers, json={
        "name": "Cao cấp lý luận chính trị", "organiser_unit_id": province, "tags": ["political_theory"],
        "mode": "in_class", "starts_on": "2024-03-01", "ends_on": "2024-04-30", "budget": 30_000_000})).json()
    funds = await client.post(f"/api/v1/units/{province}/finances", headers=admin_headers,
                              json={"year": 2024, "regular_funds": 400_000_000, "decision_no": "05/QĐ-LĐLĐ"})
    assert funds.status_code == 201, funds.text
    for given in ("Lan", "Mận"):
        cid = (await client.post("/api/v1/cadres", headers=admin_headers, json={
            "unit_id": tree.districts[0], "family_name": "Bạc", "middle_name": "Thị", "given_name": given,
            "birth_date": "1985-01-01", "gender": "female", "employment": "full_time"})).json()["id"]
        e = (await client.post(f"/api/v1/training-courses/{course['id']}/enrolments", headers=admin_headers,
                               json={"cadre_id": cid})).json()
        await client.post(f"/api/v1/enrolments/{e['id']}/complete", headers=admin_headers, json={"result": "passed"})
    await client.post("/api/v1/rotations", headers=admin_headers, json={
        "cadre_id": cid, "kind": "rotation", "from_unit_id": province, "to_unit_id": tree.districts[1],
        "head_of_unit": True, "starts_on": "2024-02-01", "planned_months": 24})
    return province


async def test_statistics_report_gains_training_counts_and_movements(client, tree: Tree, admin_headers):
    province = await _training(client, admin_headers, tree)
    stats = (await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers,
                              params={"unit_id": province, "as_of": "2024-12-31"})).json()
    assert stats["training"]["classes"] == 1 and stats["training"]["enrolments"] == 2
    assert stats["training"]["by_tag"] == {"political_theory": 2}
    assert stats["movements"]["head_rotations"] == 1
    earlier = (await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers,
                                params={"unit_id": province, "as_of": "2023-12-31"})).json()
    assert earlier["training"]["enrolments"] == 0 and earlier["movements"]["rotations"] == 0


@pytest.mark.usefixtures("inline_jobs")
async def test_review_report_has_a_training_section(client, tree: Tree, admin_headers):
    province = await _training(client, admin_headers, tree)
    job = await client.post("/api/v1/reports/review", headers=admin_headers, json={
        "unit_id": province, "period_start": "2019-01-01", "period_end": "2024-05-23"})
    state = (await client.get(job.headers["location"], headers=admin_headers)).json()
    training = state["result"]["training"]
    assert (training["classes"], training["enrolments"], training["classes_by_tag"]) == (1, 2, {"political_theory": 1})
    assert [(r["key"], r["classes"], r["enrolments"]) for r in training["by_level"]] == [("cap_tinh_nganh", 1, 2)]
    assert training["budget_share"] == 7.5  # 30 million of 400 million regular funds
    file = await client.get(job.headers["location"] + "/file", headers=admin_headers)
    text = "\n".join(p.text for p in Document(io.BytesIO(file.content)).paragraphs)
    assert "CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG" in text and "1 lớp" in text and "tham gia 2 lượt" in text
    assert "Lý luận chính trị: 2 lượt" in text and "Luân chuyển người đứng đầu (chương trình luân chuyển): 1" in text
    assert "Tỷ lệ kinh phí đào tạo / kinh phí thường xuyên (%): 7,5%" in text
    cells = [[c.text for c in row.cells] for t in Document(io.BytesIO(file.content)).tables for row in t.rows]
    assert ["Chuyên đề: Lý luận chính trị", "1", "2"] in cells
    assert any(row[0].startswith("Cấp tổ chức: ") and row[1:] == ["1", "2"] for row in cells)


def _xlsx_section(content: bytes, title: str) -> dict[str, tuple]:
    """{label: (B, C)} of the rows under the section whose title starts with `title`, up to the blank row."""
    ws = load_workbook(io.BytesIO(content)).active
    out, inside = {}, False
    for a, b, c in ws.iter_rows(min_col=1, max_col=3, values_only=True):
        if inside and a is None:
            break
        if inside and a != "Chỉ tiêu":
            out[a] = (b, c)
        inside = inside or (isinstance(a, str) and a.startswith(title))
    return out


async def test_statistics_report_training_section_agrees_in_json_xlsx_and_docx(client, tree: Tree, admin_headers):
    """The statistics report's training counts (lượt, lớp by tag, organiser level and programme) and indicator
    #19's budget share are the same figures in JSON, the xlsx and the docx."""
    province = await _training(client, admin_headers, tree)
    params = {"unit_id": province, "as_of": "2024-12-31"}
    t = (await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers, params=params)).json()["training"]
    assert (t["classes"], t["enrolments"], t["completed"]) == (1, 2, 2)
    assert t["classes_by_tag"] == {"political_theory": 1} and t["by_tag"] == {"political_theory": 2}
    assert [(r["key"], r["classes"], r["enrolments"]) for r in t["by_level"]] == [("cap_tinh_nganh", 1, 2)]
    assert [(p["name"], p["classes"], p["enrolments"]) for p in t["by_programme"]] == [("", 1, 2)]
    assert (t["training_spent"], t["regular_funds"], t["budget_share"]) == (30_000_000, 400_000_000, 7.5)

    xlsx = await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers,
                            params={**params, "format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.text
    rows = _xlsx_section(xlsx.content, "III. Đào tạo")
    assert rows["Tổng số lớp, lượt"] == (t["classes"], t["enrolments"])
    assert rows["Chuyên đề: Lý luận chính trị"] == (t["classes_by_tag"]["political_theory"],
                                                     t["by_tag"]["political_theory"])
    level = t["by_level"][0]
    assert rows[f"Cấp tổ chức: {level['name']}"] == (level["classes"], level["enrolments"])
    assert rows["Chương trình: Lớp ngoài chương trình"] == (1, 2)
    budget = _xlsx_section(xlsx.content, "IV. Kinh phí")
    assert budget["Tỷ lệ kinh phí đào tạo / kinh phí thường xuyên (%)"][0] == t["budget_share"]
    assert budget["Kinh phí hoạt động thường xuyên (đồng)"][0] == t["regular_funds"]

    docx = await client.get("/api/v1/reports/cadre-statistics", headers=admin_headers,
                            params={**params, "format": "docx"})
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "III. ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ (từ 01/01/2024)" in text
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Tổng số lớp, lượt", "1", "2"] in cells and ["Chuyên đề: Lý luận chính trị", "1", "2"] in cells
    assert ["Tỷ lệ kinh phí đào tạo / kinh phí thường xuyên (%)", "7,5%"] in cells
    assert ["Kinh phí hoạt động thường xuyên (đồng)", "400.000.000"] in cells
