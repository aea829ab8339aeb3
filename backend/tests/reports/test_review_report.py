"""The periodic review report (báo cáo sơ kết) runs as a job and yields a Decree 30 .docx."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.factories import Tree

pytestmark = pytest.mark.usefixtures("inline_jobs")


async def test_review_report_job_counts_moves_in_the_period(client, tree: Tree, admin_headers):
    province, other = tree.provinces[0], tree.provinces[1]
    for unit in (province, other):
        await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": unit, "kind": "apparatus"})
    r = await client.post("/api/v1/cadres", headers=admin_headers, json={
        "unit_id": other, "family_name": "Lò", "middle_name": "Văn", "given_name": "Quyết", "birth_date": "1980-01-01",
        "gender": "male", "employment": "full_time"})
    cadre = r.json()["id"]
    action = (await client.post("/api/v1/personnel-actions", headers=admin_headers, json={
        "type": "transfer", "cadre_id": cadre, "unit_id": province, "position_code": "chuyen_vien",
        "effective_date": "2023-04-01", "decision_no": "12/QĐ"})).json()
    await client.post(f"/api/v1/personnel-actions/{action['id']}/submit", headers=admin_headers)
    done = await client.post(f"/api/v1/personnel-actions/{action['id']}/approve", headers=admin_headers,
                             json={"override_reason": "thử nghiệm báo cáo"})
    assert done.json()["status"] == "effective", done.text

    job = await client.post("/api/v1/reports/review", headers=admin_headers, json={
        "unit_id": province, "period_start": "2019-01-01", "period_end": "2024-05-23"})
    assert job.status_code == 202 and job.headers["location"].startswith("/api/v1/jobs/")
    state = (await client.get(job.headers["location"], headers=admin_headers)).json()
    assert state["status"] == "succeeded" and state["progress"] == state["total"] == 3
    assert state["result"]["moves"]["transfer"] == 1 and state["result"]["moves"]["rotation"] == 0
    file = await client.get(job.headers["location"] + "/file", headers=admin_headers)
    text = "\n".join(p.text for p in Document(io.BytesIO(file.content)).paragraphs)
    assert "Sơ kết 01/01/2019 – 23/05/2024" in text and "Điều động: 1 lượt" in text
    outside = await client.post("/api/v1/reports/review", headers=admin_headers, json={
        "unit_id": province, "period_start": "2024-01-01", "period_end": "2023-01-01"})
    assert outside.status_code == 422
