"""The planning list of a cycle (danh sách quy hoạch) as .xlsx and .docx (Decree 30 format)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from app.core import documents

HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức danh quy hoạch", "Nguồn", "Ngày đưa vào")


def table_rows(candidates: list[Any], position_names: dict[str, str]) -> list[tuple[Any, ...]]:
    return [(i, c.full_name, c.birth_date.strftime("%d/%m/%Y"), "Nữ" if c.gender == "female" else "Nam",
             position_names.get(c.position_code, c.position_code),
             "Trong công đoàn" if c.source == "inside" else "Ngoài công đoàn", c.added_on.strftime("%d/%m/%Y"))
            for i, c in enumerate(candidates, 1)]


def acknowledgement_lines(acks: list[dict[str, Any]]) -> list[str]:
    """D8: the recorded acknowledgements of a shortfall, as lines printed under the list."""
    stage = {"submit": "Khi trình", "approve": "Khi phê duyệt"}
    return [f"{stage.get(a['stage'], a['stage'])}: cơ cấu chưa đạt ({'; '.join(a['messages'])}); "
            f"lý do: {a['reason']}" for a in acks]


def to_xlsx(title: str, rows: list[tuple[Any, ...]], notes: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Quy hoạch"
    ws.append([title])
    ws["A1"].font = Font(name=documents.FONT, bold=True, size=14)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(name=documents.FONT, bold=True)
    for row in rows:
        ws.append(list(row))
    for note in notes or []:
        ws.append([note])
    ws.freeze_panes = "A3"
    for column, width in zip("ABCDEFG", (6, 30, 12, 10, 30, 18, 14), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@documents.template("danh_sach_quy_hoach")
def build_planning_template() -> Any:
    doc = documents.new_document()
    documents.add_header(doc)
    documents.add_title(doc, "DANH SÁCH", "Cán bộ quy hoạch {{ cycle_name }}")
    table = doc.add_table(rows=3, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for i, cell in enumerate(table.rows[2].cells):
        cell.text = "{{ r[" + str(i) + "] }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("Tổng số: {{ rows|length }} lượt cán bộ; nữ {{ women }}; "
                      "dưới {{ young_under }} tuổi {{ young }}.")
    doc.add_paragraph("{%p for note in notes %}")
    doc.add_paragraph("{{ note }}")
    doc.add_paragraph("{%p endfor %}")
    documents.add_signature(doc)
    return doc


def to_docx(*, cycle: Any, unit: Any, issuer_parent: str, rows: list[tuple[Any, ...]], women: int, young: int,
            young_under: int, on: date, notes: list[str] | None = None) -> bytes:
    return documents.render("danh_sach_quy_hoach", {
        **documents.date_parts(on), "issuer_parent": issuer_parent, "issuer": unit.name,
        "number": cycle.decision_no or "      /DS-CĐ", "place": (unit.admin_area or "").removeprefix("Tỉnh "),
        "cycle_name": f"{cycle.name} ({cycle.start_year}–{cycle.end_year})", "rows": rows, "women": women,
        "young": young, "young_under": young_under, "notes": notes or [],
        "recipients": [issuer_parent] if issuer_parent else [],
        "signer_role": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": ""})
