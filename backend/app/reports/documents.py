"""The statistics report as .xlsx (openpyxl) and .docx (Decree 30 format, docxtpl template)."""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from app.cadres.reference import EDUCATION_LABELS, POLITICAL_THEORY_LABELS
from app.core import documents
from app.reports.schemas import CadreStatistics, TrainingFacts
from app.training.models import TAG_LABELS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AGE_LABELS = {"under_40": "Dưới 40 tuổi", "from_40_to_50": "Từ 40 đến 50 tuổi", "over_50": "Trên 50 tuổi"}
TRAINING_TITLE = "III. Đào tạo, bồi dưỡng cán bộ"
TRAINING_HEADER = ("Chỉ tiêu", "Số lớp", "Số lượt")
BUDGET_TITLE = "IV. Kinh phí đào tạo, bồi dưỡng"
BUDGET_HEADER = ("Chỉ tiêu", "Giá trị", "")
COLUMNS = [("total", "Tổng số"), ("female", "Nữ"), ("ethnic_minority", "Dân tộc thiểu số"),
           ("party_member", "Đảng viên")]


def rows(stats: CadreStatistics, type_labels: dict[str, str]) -> dict[str, list[tuple[str, Any, Any]]]:
    """The report's tables as (label, full-time, part-time) rows — one source for xlsx and docx."""
    ft, pt = stats.staff["full_time"], stats.staff["part_time"]
    hidden = "—"  # a small cell hidden under rule 26
    staff = [(label, hidden if getattr(ft, key) is None else getattr(ft, key),
              hidden if getattr(pt, key) is None else getattr(pt, key)) for key, label in COLUMNS]
    staff += [(f"Trình độ: {EDUCATION_LABELS[k][0]}", ft.education_level[k], pt.education_level[k])
              for k in ft.education_level if ft.education_level[k] or pt.education_level[k]]
    staff += [(f"Lý luận chính trị: {POLITICAL_THEORY_LABELS[k][0]}", ft.political_theory[k], pt.political_theory[k])
              for k in ft.political_theory if ft.political_theory[k] or pt.political_theory[k]]
    staff += [(AGE_LABELS[k], ft.age_band[k], pt.age_band[k]) for k in ft.age_band]
    units = [(type_labels.get(k, k), n, "") for k, n in stats.units.by_type.items()]
    units += [("Công đoàn cơ sở (cả nghiệp đoàn cơ sở)", stats.units.grassroots, ""),
              ("Đoàn viên công đoàn", stats.members, "")]
    return {"units": units, "staff": staff, **training_rows(stats.training)}


def vnd(amount: float | None) -> str:
    """An amount in đồng, grouped the Vietnamese way (1.234.567), or "—"."""
    return "—" if amount is None else f"{amount:,.0f}".replace(",", ".")


def percent(value: float | None) -> str:
    """A share in per cent with a decimal comma (12,5%), or "—"."""
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def training_rows(t: TrainingFacts | None, *, text: bool = False) -> dict[str, list[tuple[str, Any, Any]]]:
    """The training section: (label, lớp, lượt) by tag, organiser level and programme, and the budget rows
    (label, value, "") with indicator #19's share (%) — one source for the statistics report's xlsx and docx and
    the review report. Amounts are whole đồng, as numbers (xlsx) or, with `text`, written out (1.234.567 / 12,5%)."""
    if t is None:
        return {"training": [], "training_budget": []}
    rows: list[tuple[str, Any, Any]] = [("Tổng số lớp, lượt", t.classes, t.enrolments),
                                        ("Lượt hoàn thành", "", t.completed)]
    rows += [(f"Chuyên đề: {TAG_LABELS.get(tag, tag)}", t.classes_by_tag.get(tag, 0), n)
             for tag, n in sorted(t.by_tag.items())]
    rows += [(f"Cấp tổ chức: {r.name or r.key}", r.classes, r.enrolments) for r in t.by_level]
    rows += [(f"Chương trình: {p.name or 'Lớp ngoài chương trình'}", p.classes, p.enrolments)
             for p in t.by_programme]
    def amount(v: float | None) -> Any:
        return vnd(v) if text else ("—" if v is None else round(v))

    share = percent(t.budget_share) if text else ("—" if t.budget_share is None else round(t.budget_share, 2))
    budget: list[tuple[str, Any, Any]] = [
        ("Kinh phí các lớp (đồng)", amount(t.budget), ""),
        ("Kinh phí đào tạo, bồi dưỡng trong kỳ (đồng)", amount(t.training_spent), ""),
        ("Kinh phí hoạt động thường xuyên (đồng)", amount(t.regular_funds), ""),
        ("Tỷ lệ kinh phí đào tạo / kinh phí thường xuyên (%)", share, "")]
    return {"training": rows, "training_budget": budget}


def to_xlsx(stats: CadreStatistics, unit_name: str, type_labels: dict[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thống kê"
    bold = Font(name=documents.FONT, bold=True)
    thin = Side(style="thin", color="999999")
    ws.append([f"BÁO CÁO THỐNG KÊ CÁN BỘ CÔNG ĐOÀN — {unit_name}"])
    ws.append([f"Tính đến ngày {stats.as_of.strftime('%d/%m/%Y')}"])
    ws["A1"].font = Font(name=documents.FONT, bold=True, size=14)
    ws.append([])
    tables = rows(stats, type_labels)
    for title, header, data in (("I. Tổ chức công đoàn", ("Chỉ tiêu", "Số lượng", ""), tables["units"]),
                                ("II. Đội ngũ cán bộ", ("Chỉ tiêu", "Chuyên trách", "Không chuyên trách"),
                                 tables["staff"]),
                                (TRAINING_TITLE + (f" (từ {stats.training.period_start.strftime('%d/%m/%Y')})"
                                                   if stats.training else ""), TRAINING_HEADER, tables["training"]),
                                (BUDGET_TITLE, BUDGET_HEADER, tables["training_budget"])):
        ws.append([title])
        ws.cell(ws.max_row, 1).font = bold
        ws.append(list(header))
        for cell in ws[ws.max_row]:
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        for row in data:
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.append([])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 20
    for row in ws.iter_rows(min_row=4):
        for cell in row[1:]:
            cell.alignment = Alignment(horizontal="right")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@documents.template("bao_cao_thong_ke_can_bo")
def build_statistics_template() -> Any:
    doc = documents.new_document()
    documents.add_header(doc)
    documents.add_title(doc, "BÁO CÁO", "Thống kê tổ chức và cán bộ công đoàn tính đến ngày {{ as_of }}")
    doc.add_paragraph("Đơn vị báo cáo: {{ unit_name }}.")
    for heading, table_key, header in (("I. TỔ CHỨC CÔNG ĐOÀN", "units", ("Chỉ tiêu", "Số lượng")),
                                       ("II. ĐỘI NGŨ CÁN BỘ CÔNG ĐOÀN", "staff",
                                        ("Chỉ tiêu", "Chuyên trách", "Không chuyên trách")),
                                       (TRAINING_TITLE.upper() + " (từ {{ training_from }})", "training",
                                        TRAINING_HEADER),
                                       (BUDGET_TITLE.upper(), "training_budget", BUDGET_HEADER[:2])):
        p = doc.add_paragraph()
        run = p.add_run(heading)
        run.bold = True
        table = doc.add_table(rows=3, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        table.rows[1].cells[0].text = f"{{%tr for r in {table_key} %}}"
        values = ["{{ r[0] }}", "{{ r[1] }}", "{{ r[2] }}"][: len(header)]
        for cell, text in zip(table.rows[2].cells, values, strict=True):
            cell.text = text
        row = table.add_row()
        row.cells[0].text = "{%tr endfor %}"
    note = doc.add_paragraph("Số liệu được tổng hợp từ Hệ thống quản lý cán bộ công đoàn ngày {{ generated_on }}.")
    note.runs[0].italic = True
    note.runs[0].font.size = Pt(11)
    documents.add_signature(doc)
    return doc


def to_docx(stats: CadreStatistics, unit: Any, parent_name: str, type_labels: dict[str, str],
            generated_on: str) -> bytes:
    tables = rows(stats, type_labels)
    context = {
        **documents.date_parts(stats.as_of), "issuer_parent": parent_name, "issuer": unit.name,
        "number": "      /BC-LĐLĐ", "place": unit.admin_area.removeprefix("Tỉnh ").removeprefix("Xã ")
        if unit.admin_area else "", "as_of": stats.as_of.strftime("%d/%m/%Y"), "unit_name": unit.name,
        "units": tables["units"], "staff": tables["staff"], "training": tables["training"],
        "training_budget": training_rows(stats.training, text=True)["training_budget"],
        "training_from": stats.training.period_start.strftime("%d/%m/%Y") if stats.training else "",
        "generated_on": generated_on,
        "recipients": [parent_name, "Thường trực " + unit.name], "signer_role": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH", "signer_name": "",
    }
    return documents.render("bao_cao_thong_ke_can_bo", context)
