"""A cycle run end to end through the API; its result, the courses attended, awards and disciplines appear on the
cadre's history and on Mẫu 2C (issue 11 "Done when")."""

from __future__ import annotations

import io

from docx import Document

from tests.factories import Tree, bearer, grant_token


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


async def test_cycle_end_to_end_result_on_history_and_mau_2c(client, session, tree: Tree, admin_headers):
    district = tree.districts[0]
    officer = bearer(await grant_token(session, role="org_officer", unit_id=district))
    approver = bearer(await grant_token(session, role="approver", unit_id=district))
    cid = (await client.post("/api/v1/cadres", headers=admin_headers, json={
        "unit_id": tree.grassroots[0], "family_name": "Tòng", "middle_name": "Thị", "given_name": "Phượng",
        "birth_date": "1983-09-02", "gender": "female", "employment": "part_time"})).json()["id"]
    cycle = (await client.post("/api/v1/evaluation-cycles", headers=officer, json={
        "unit_id": district, "kind": "annual", "period": "2025", "starts_on": "2025-01-01",
        "ends_on": "2025-12-31"})).json()
    ev = (await client.post(f"/api/v1/evaluation-cycles/{cycle['id']}/evaluations", headers=officer,
                            json={"cadre_id": cid})).json()
    assert (await client.post(f"/api/v1/evaluations/{ev['id']}/self-assessment", headers=officer,
                              json={"score": 92, "text": "Hoàn thành xuất sắc"})).status_code == 200
    assert (await client.post(f"/api/v1/evaluations/{ev['id']}/decision", headers=approver,
                              json={"level": "hoan_thanh_tot", "decision_no": "05/QĐ-LĐLĐ"})).status_code == 200
    assert (await client.post(f"/api/v1/evaluations/{ev['id']}/publish", headers=approver)).status_code == 200
    assert (await client.post(f"/api/v1/evaluation-cycles/{cycle['id']}/finalize",
                              headers=approver)).json()["status"] == "finalized"
    course = (await client.post("/api/v1/training-courses", headers=officer, json={
        "name": "Tập huấn kỹ năng thương lượng tập thể", "organiser_unit_id": district, "tags": ["union_skills"],
        "mode": "in_class", "starts_on": "2025-04-02", "ends_on": "2025-04-04"})).json()
    enrolment = (await client.post(f"/api/v1/training-courses/{course['id']}/enrolments", headers=officer,
                                   json={"cadre_id": cid})).json()
    await client.post(f"/api/v1/enrolments/{enrolment['id']}/complete", headers=officer, json={"result": "passed"})
    await client.post(f"/api/v1/cadres/{cid}/awards", headers=officer, json={
        "kind": "giay_khen", "issuer": "LĐLĐ huyện", "awarded_on": "2025-12-20", "decision_no": "77/QĐ-LĐLĐ"})
    await client.post(f"/api/v1/cadres/{cid}/disciplines", headers=officer, json={
        "form": "khien_trach", "issuer": "BCH CĐCS", "effective_from": "2024-02-01", "effective_to": "2025-02-01",
        "decision_no": "03/QĐ-CĐCS"})
    history = (await client.get(f"/api/v1/cadres/{cid}/evaluations", headers=officer)).json()["items"]
    assert [(h["period"], h["level"]) for h in history] == [("2025", "hoan_thanh_tot")]
    enrolments = (await client.get(f"/api/v1/cadres/{cid}/enrolments", headers=officer)).json()["items"]
    assert [e["course_name"] for e in enrolments] == ["Tập huấn kỹ năng thương lượng tập thể"]
    r = await client.get(f"/api/v1/cadres/{cid}/resume.docx", headers=officer)
    assert r.status_code == 200, r.text
    text = text_of(r.content)
    for expected in ("Hoàn thành tốt nhiệm vụ", "Tập huấn kỹ năng thương lượng tập thể", "02/04/2025 – 04/04/2025",
                     "Giấy khen", "77/QĐ-LĐLĐ", "Khiển trách", "03/QĐ-CĐCS", "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI"):
        assert expected in text, expected
