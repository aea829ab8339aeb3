"""Decree 30 documents: the shared builder, and real PDF conversion where LibreOffice is installed."""

from __future__ import annotations

import io

import pytest
from docx import Document

from app.core import documents


def test_every_registered_template_builds_on_a4_with_decree_30_margins():
    import app.planning.documents  # noqa: F401
    import app.reports.documents  # noqa: F401
    import app.reports.review  # noqa: F401
    import app.workflows.documents  # noqa: F401

    assert {"bao_cao_thong_ke_can_bo", "danh_sach_quy_hoach", "quyet_dinh_nhan_su", "bao_cao_so_ket"} <= set(
        documents.BUILDERS)
    for name, build in documents.BUILDERS.items():
        doc = build()
        out = io.BytesIO()
        doc.save(out)
        section = Document(io.BytesIO(out.getvalue())).sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
        assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15, name


@pytest.mark.skipif(documents.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
async def test_docx_converts_to_pdf_with_libreoffice():
    content = documents.render("quyet_dinh_nhan_su", {
        **documents.date_parts(__import__("datetime").date(2025, 6, 30)), "issuer_parent": "Tổng Liên đoàn",
        "issuer": "LĐLĐ tỉnh Lai Châu", "number": "41/QĐ-LĐLĐ", "place": "Lai Châu", "subject": "miễn nhiệm",
        "authority": "Ban Thường vụ", "reason": None, "verb": "Miễn nhiệm", "title": "ông", "full_name": "Lò Văn A",
        "birth_date": "01/01/1980", "assignment": "thôi giữ chức vụ", "effective_date": "30/06/2025",
        "recipients": ["Như Điều 3"], "signer_role": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH",
        "signer_name": ""})
    pdf = await documents.docx_to_pdf(content)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
