"""Training counts and rotations in the statistics report and the review report (issue 11)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.factories import Tree


async def _training(client, admin_headers, tree: Tree):
    province = tree.provinces[0]
    course = (await client.post("/api/v1/training-courses", headers=admin_headers, json={
        "name": "Cao cấp lý luận chính trị", "organiser_unit_id": province, "tags": ["political_theory"],
        "mode": "in_class", "starts_on": "2024-03-01", "ends_on": "2024-04-30"})).json()
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
    assert state["result"]["training"] == {"classes": 1, "enrolments": 2}
    file = await client.get(job.headers["location"] + "/file", headers=admin_headers)
    text = "\n".join(p.text for p in Document(io.BytesIO(file.content)).paragraphs)
    assert "CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG" in text and "1 lớp" in text and "tham gia 2 lượt" in text
    assert "Lý luận chính trị: 2 lượt" in text and "Luân chuyển người đứng đầu (chương trình luân chuyển): 1" in text
