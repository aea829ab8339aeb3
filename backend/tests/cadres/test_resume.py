"""Mẫu 2C résumé (issue 4; reliability-security criteria 29, 45, 46): A4, Times New Roman, Decree 30 margins,
literal rendering of template-like values, sensitive items hidden without the scope, every download logged."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.shared import Pt
from sqlalchemy import select

from app.cadres import resume
from app.core.access_log import AccessLog
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/cadres"
NO_SENSITIVE = "units:read cadres:read cadres:write"


async def make_cadre(client, headers, unit_id, **over):
    body = {"unit_id": unit_id, "family_name": "Nguyễn", "middle_name": "Thị", "given_name": "Hoa",
            "birth_date": "1978-03-08", "gender": "female", "employment": "full_time", "education_level": "thac_si",
            "political_theory": "cao_cap", "hometown": "Xã Tân Phong, tỉnh Lai Châu", "ethnicity": "thai",
            "religion": "phat_giao", "party_member": True, "party_joined_on": "2001-05-19",
            "national_id": "012078000111"}
    body.update(over)
    r = await client.post(API, headers=headers, json=body)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    r = await client.post(f"{API}/{cid}/employment", headers=headers, json={
        "organisation": "Công đoàn Công ty Than", "job_position": "Chủ tịch", "from_date": "2010-01-15"})
    assert r.status_code == 201, r.text
    r = await client.post(f"{API}/{cid}/family", headers=headers, json={
        "relation": "spouse", "full_name": "Trần Văn Bình", "birth_year": 1975, "occupation": "Kỹ sư"})
    assert r.status_code == 201, r.text
    r = await client.post(f"{API}/{cid}/qualifications", headers=headers, json={
        "kind": "language", "level": "b1", "major": "Tiếng Anh"})
    assert r.status_code == 201, r.text
    return cid


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


async def test_resume_docx_is_a4_times_new_roman_with_decree_30_margins(client, tree: Tree, admin_headers):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    r = await client.get(f"{API}/{cid}/resume.docx", headers=admin_headers)
    assert r.status_code == 200 and r.headers["content-type"] == resume.DOCX_TYPE
    assert r.headers["cache-control"] == "no-store"
    doc = Document(io.BytesIO(r.content))
    sec = doc.sections[0]
    def mm(v):  # Word stores twips: 210 mm is 11906 twips, so compare to a tenth of a millimetre
        return round(v.mm, 1)

    assert (mm(sec.page_width), mm(sec.page_height)) == (210.0, 297.0)
    assert [mm(m) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [
        20.0, 20.0, 30.0, 15.0]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    body = text_of(r.content)
    for expected in ("SƠ YẾU LÝ LỊCH CÁN BỘ", "NGUYỄN THỊ HOA", "08/03/1978", "Nữ", "Thái", "Phật giáo",
                     "19/05/2001", "Thạc sĩ", "Cao cấp", "15/01/2010", "Chủ tịch, Công đoàn Công ty Than",
                     "Trần Văn Bình", "Người khai", "Tiếng Anh"):
        assert expected in body, expected


async def test_template_like_values_render_literally(client, session, tree: Tree, admin_headers):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0], hometown="<b>&{{x}}")
    r = await client.get(f"{API}/{cid}/resume.docx", headers=admin_headers)
    assert r.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "&lt;b&gt;&amp;{{x}}" in xml  # escaped in XML = the literal text in the document
    assert "Quê quán: <b>&{{x}}" in text_of(r.content)


async def test_sensitive_sections_blank_without_the_scope(client, session, tree: Tree, admin_headers):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    plain = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0], scopes=NO_SENSITIVE))
    r = await client.get(f"{API}/{cid}/resume.docx", headers=plain)
    assert r.status_code == 200
    body = text_of(r.content)
    for secret in ("Thái", "Phật giáo", "19/05/2001", "012078000111", "Trần Văn Bình"):
        assert secret not in body, secret
    assert "Dân tộc: —" in body and "Tôn giáo: —" in body and "Số CCCD: —" in body
    assert "NGUYỄN THỊ HOA" in body


async def test_every_resume_download_is_access_logged(client, session, tree: Tree, admin_headers, monkeypatch):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    for _ in range(2):
        assert (await client.get(f"{API}/{cid}/resume.docx", headers=admin_headers)).status_code == 200
    monkeypatch.setattr(resume, "find_converter", lambda: "/usr/bin/soffice")

    async def fake_convert(docx: bytes) -> bytes:
        assert docx.startswith(b"PK")
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(resume, "convert_to_pdf", fake_convert)
    r = await client.get(f"{API}/{cid}/resume.pdf", headers=admin_headers)
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r.headers["content-type"] == "application/pdf"
    rows = (await session.execute(select(AccessLog).where(AccessLog.category == "export"))).scalars().all()
    mine = [row for row in rows if row.subject_ids == [str(cid)]]
    assert len(mine) == 3 and sum("pdf" in (row.purpose or "") for row in mine) == 1


async def test_pdf_without_converter_is_503_problem(client, tree: Tree, admin_headers, monkeypatch):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    monkeypatch.setattr(resume, "find_converter", lambda: None)
    r = await client.get(f"{API}/{cid}/resume.pdf", headers=admin_headers)
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "pdf_unavailable"
    assert (await client.get(f"{API}/987654/resume.pdf", headers=admin_headers)).status_code == 404


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
async def test_resume_outside_scope_is_404(client, session, tree: Tree, admin_headers, suffix):
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    other = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    r = await client.get(f"{API}/{cid}/resume.{suffix}", headers=other)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_rule_pdf_is_logged_after_rendering_so_sqlite_writers_are_not_held(client, session, tree: Tree,
                                                                                 admin_headers, monkeypatch):
    """The export's access-log row is the transaction's only write; written before LibreOffice ran, it held SQLite's
    write lock for the seconds the conversion takes. It is written after, in the same transaction."""
    cid = await make_cadre(client, admin_headers, tree.grassroots[0])
    monkeypatch.setattr(resume, "find_converter", lambda: "/usr/bin/soffice")
    steps: list[str] = []
    log_access = resume.log_access

    async def logged(*args, **kwargs):  # type: ignore[no-untyped-def]
        steps.append("log")
        await log_access(*args, **kwargs)

    async def fake_convert(docx: bytes) -> bytes:
        steps.append("convert")
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(resume, "log_access", logged)
    monkeypatch.setattr(resume, "convert_to_pdf", fake_convert)
    r = await client.get(f"{API}/{cid}/resume.pdf", headers=admin_headers)
    assert r.status_code == 200
    assert steps == ["convert", "log"]
    rows = (await session.execute(select(AccessLog).where(AccessLog.category == "export"))).scalars().all()
    assert [row.purpose for row in rows if row.subject_ids == [str(cid)]] == ["Mẫu 2C (pdf) (sensitive)"]
