"""Word documents in the administrative format of Nghị định 30/2020/NĐ-CP (and QĐ 933/QĐ-TLĐ for the union):
A4, Times New Roman 13 pt, margins top/bottom 20 mm, left 30 mm, right 15 mm; issuer and national motto on top,
number line ("Số: 364/KH-LĐLĐ"), place and date, title, body, signature block and "Nơi nhận".

Templates are ordinary .docx files with Jinja tags (docxtpl), so staff can restyle them in Word; the builders
below generate the shipped ones (`python -m app.cli build-templates` rebuilds every registered template). Rendering
always autoescapes: values containing `<`, `&` or `{{` come out literally.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from app.core.errors import AppError

FONT = "Times New Roman"
BODY_PT = 13
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# name -> builder; each domain registers the templates it renders
BUILDERS: dict[str, Callable[[], Any]] = {}


def template(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        BUILDERS[name] = fn
        return fn

    return register


def new_document() -> Any:
    """An empty A4 document with Decree 30 margins and Times New Roman 13 pt as the normal style."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word uses it for Vietnamese text runs too
    normal.paragraph_format.space_after = Pt(3)
    return doc


def _borderless(table: Any) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _line(cell: Any, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
          size: int = BODY_PT, first: bool = False) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def add_header(doc: Any) -> None:
    """Issuer (cơ quan chủ quản / cơ quan ban hành), number; national motto, place and date.
    Context: issuer_parent, issuer, number, place, day, month, year."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _line(left, "{{ issuer_parent|upper }}", size=12, first=True)
    _line(left, "{{ issuer|upper }}", bold=True, size=12)
    _line(left, "Số: {{ number }}", size=13)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13)
    _line(right, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", italic=True, size=13)


def add_title(doc: Any, kind: str, summary_tag: str) -> None:
    for text, bold in ((kind, True), (summary_tag, True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(14)


def add_signature(doc: Any) -> None:
    """Nơi nhận (left) and the signature block (right). Context: recipients (list), signer_role, signer_title,
    signer_name."""
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for line in ("{% for r in recipients %}- {{ r }};", "{% endfor %}- Lưu: VT."):
        q = left.add_paragraph()
        r = q.add_run(line)
        r.font.size = Pt(11)
    _line(right, "{{ signer_role }}", bold=True, first=True)
    _line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        right.add_paragraph()
    _line(right, "{{ signer_name }}", bold=True)


def date_parts(d: date) -> dict[str, str]:
    return {"day": f"{d.day:02d}", "month": str(d.month), "year": str(d.year)}


def template_path(name: str) -> Path:
    path = TEMPLATE_DIR / f"{name}.docx"
    if not path.exists():
        build(name)
    return path


def build(name: str) -> Path:
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    doc = BUILDERS[name]()
    path = TEMPLATE_DIR / f"{name}.docx"
    doc.save(path)
    return path


def render(name: str, context: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(str(template_path(name)))
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_TIMEOUT_S = 90.0


async def docx_to_pdf(data: bytes) -> bytes:
    """PDF through LibreOffice headless, without blocking the event loop; 503 `pdf_unavailable` when it is not
    installed, fails or times out."""
    binary = soffice()
    if binary is None:
        raise AppError("pdf_unavailable", 503, "LibreOffice is not installed on this server",
                       headers={"Retry-After": "3600"})
    with tempfile.TemporaryDirectory(prefix="cadre-doc-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        proc = await asyncio.create_subprocess_exec(
            binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
            "--outdir", tmp, str(src), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            await asyncio.wait_for(proc.wait(), PDF_TIMEOUT_S)
        except TimeoutError as exc:
            proc.kill()
            raise AppError("pdf_unavailable", 503, "the PDF conversion timed out") from exc
        out = Path(tmp) / "document.pdf"
        if proc.returncode != 0 or not out.exists():
            raise AppError("pdf_unavailable", 503, "the PDF conversion failed")
        return out.read_bytes()

