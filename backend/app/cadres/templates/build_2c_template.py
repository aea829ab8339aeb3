"""Build `mau_2c.docx`, the docxtpl template of the Mẫu 2C résumé (sơ yếu lý lịch, structure of 2C-BNV/2008).

Run from backend/: `.venv/bin/python -m app.cadres.templates.build_2c_template`. The committed .docx is the
output; staff may instead edit it in Word, keeping the `{{ ... }}` / `{%tr ... %}` tags intact.
Page set-up follows Decree 30/2020 (QĐ 933/QĐ-TLĐ): A4, Times New Roman, body 13 pt, margins top 20 mm,
bottom 20 mm, left 30 mm, right 15 mm.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).with_name("mau_2c.docx")
FONT = "Times New Roman"


def _font(style) -> None:  # type: ignore[no-untyped-def]
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def build() -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _font(normal)
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(2)
    for name in ("Table Grid",):
        _font(doc.styles[name])

    def para(text: str = "", *, bold: bool = False, align=None, size: int | None = None, italic: bool = False):  # type: ignore[no-untyped-def]
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    def table(headers: list[str], cells: list[str], loop: str, widths: list[int]) -> None:
        t = doc.add_table(rows=4, cols=len(headers))
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, h in enumerate(headers):
            t.rows[0].cells[i].text = h
            t.rows[0].cells[i].paragraphs[0].runs[0].bold = True
        t.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
        for i, c in enumerate(cells):
            t.rows[2].cells[i].text = "{{ r." + c + " }}"
        t.rows[3].cells[0].text = "{%tr endfor %}"
        for row in t.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Mm(w)

    para("Cơ quan, đơn vị quản lý: {{ managing_unit }}")
    para("Đơn vị sử dụng: {{ unit_name }}")
    para("Số hiệu cán bộ: {{ cadre_no }}")
    para("SƠ YẾU LÝ LỊCH CÁN BỘ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    para("(Mẫu 2C — theo cấu trúc 2C-BNV/2008)", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    lines = [
        "1) Họ và tên khai sinh (viết chữ in hoa): {{ full_name_upper }}",
        "2) Tên gọi khác: {{ other_names }}",
        "3) Sinh ngày: {{ birth_date }}        Giới tính (nam, nữ): {{ gender }}",
        "4) Nơi sinh: {{ birthplace }}",
        "5) Quê quán: {{ hometown }}",
        "6) Dân tộc: {{ ethnicity }}        7) Tôn giáo: {{ religion }}",
        "8) Điện thoại: {{ phone }}        Email: {{ email }}",
        "9) Số CCCD: {{ national_id }}",
        "10) Chức vụ hiện tại: {{ current_posts }}",
        "11) Chuyên trách/Không chuyên trách: {{ employment }}        Xuất thân công nhân: {{ from_workers }}",
        "12) Trình độ:",
        "    12.1- Trình độ giáo dục phổ thông: {{ general_education }}",
        "    12.2- Trình độ chuyên môn cao nhất: {{ education }}",
        "    12.3- Lý luận chính trị: {{ political_theory }}",
        "    12.4- Quản lý nhà nước: {{ state_management }}",
        "    12.5- Ngoại ngữ: {{ languages }}",
        "    12.6- Tin học: {{ it }}",
        "    12.7- Nghiệp vụ công tác công đoàn: {{ union_certificate }}",
        "13) Ngày vào Đảng Cộng sản Việt Nam: {{ party_joined_on }}        Ngày chính thức: {{ party_official_on }}",
        "14) Tình trạng sức khỏe: {{ health }}",
    ]
    for line in lines:
        para(line)
    para("15) ĐÀO TẠO, BỒI DƯỠNG", bold=True)
    table(["Loại", "Trình độ", "Chuyên ngành", "Cơ sở đào tạo", "Ngày cấp"],
          ["kind", "level", "major", "institution", "awarded_on"], "qualifications", [30, 30, 40, 45, 20])
    para("Các lớp đào tạo, bồi dưỡng đã tham gia:", italic=True)
    table(["Thời gian", "Tên lớp", "Đơn vị tổ chức", "Kết quả"],
          ["period", "name", "organiser", "result"], "courses", [40, 65, 40, 20])
    para("16) TÓM TẮT QUÁ TRÌNH CÔNG TÁC", bold=True)
    table(["Từ ngày, tháng, năm đến ngày, tháng, năm", "Chức danh, chức vụ, đơn vị công tác"],
          ["period", "text"], "work", [55, 110])
    para("17) CHỨC VỤ TRONG TỔ CHỨC CÔNG ĐOÀN", bold=True)
    table(["Từ ngày đến ngày", "Chức vụ", "Cơ quan", "Quyết định"],
          ["period", "position", "body", "decision_no"], "posts", [45, 50, 40, 30])
    para("18) KHEN THƯỞNG", bold=True)
    table(["Ngày", "Hình thức", "Cơ quan quyết định", "Số quyết định"],
          ["awarded_on", "kind", "issuer", "decision_no"], "awards", [25, 60, 50, 30])
    para("19) KỶ LUẬT", bold=True)
    table(["Từ ngày đến ngày", "Hình thức", "Cơ quan quyết định", "Số quyết định"],
          ["period", "form", "issuer", "decision_no"], "disciplines", [40, 40, 55, 30])
    para("20) KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI", bold=True)
    table(["Kỳ đánh giá", "Xếp loại", "Ngày quyết định"],
          ["period", "level", "decided_on"], "evaluations", [45, 85, 35])
    para("21) QUAN HỆ GIA ĐÌNH", bold=True)
    para("{{ family_note }}")
    table(["Mối quan hệ", "Họ và tên", "Năm sinh", "Nghề nghiệp, nơi ở"],
          ["relation", "full_name", "birth_year", "details"], "family", [30, 50, 20, 65])
    para("")
    para("Tôi xin cam đoan những lời khai trên đây là đúng sự thật.", italic=True)
    sig = doc.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    left.text = "Xác nhận của cơ quan, đơn vị quản lý"
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].runs[0].bold = True
    right.text = "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].runs[0].italic = True
    for text, bold in (("Người khai", True), ("(Ký tên, ghi rõ họ tên)", False), ("", False), ("", False),
                       ("{{ full_name }}", True)):
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
    doc.save(str(OUT))
    return OUT


if __name__ == "__main__":
    print(build())
