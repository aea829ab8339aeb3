"""Issue 14: imports cap uncompressed size and rows before parsing, parse streaming, and build the error
workbook within a memory budget."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from app.cadres import excel
from app.core.errors import AppError
from tests.cadres.test_excel_import import workbook

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _with_sheet(base: bytes, sheet_chunks, dimension: bytes = b"") -> bytes:
    """`base` with xl/worksheets/sheet1.xml replaced by the streamed chunks (compressed on the fly)."""
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as part:
                    part.write(SHEET_HEAD + dimension + b"<sheetData>")
                    for chunk in sheet_chunks:
                        part.write(chunk)
                    part.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def _bomb() -> bytes:
    """About 190 MB of sheet XML in a few MB of zip: one long run of identical rows."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    block = row * 1000
    return _with_sheet(workbook([], from_template=False), (block for _ in range(190)))


def test_rule_zip_bomb_is_refused_before_parsing_within_a_memory_budget():
    bomb = _bomb()
    assert len(bomb) < excel.MAX_UPLOAD_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(AppError) as caught:
            excel.read_rows(bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "invalid_workbook"
    assert elapsed < 2
    assert peak < 3 * len(bomb) + 8 * 1024 * 1024  # the upload itself, never its expansion


def test_rule_a_sheet_declaring_too_many_rows_is_refused_unread():
    rows = (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i) for i in range(2, 50))
    lying = _with_sheet(workbook([], from_template=False), rows, dimension=b'<dimension ref="A1:AB190000"/>')
    with pytest.raises(AppError) as caught:
        excel.read_rows(lying)
    assert (caught.value.code, caught.value.status) == ("too_many_rows", 413)


def test_rule_error_workbook_streams_within_a_memory_budget():
    """5,000 bad rows: the report keeps every value, marks every bad cell, and stays within a small budget."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.header for c in excel.COLUMNS])
    for i in range(5000):
        ws.append(["Nguyễn", "Văn", f"An{i}", "31/02/1990", "Nam"])
    buf = io.BytesIO()
    wb.save(buf)
    content = buf.getvalue()
    errors = [excel.CellError(row=r, column="D", code="invalid_date", message="Ngày sai")
              for r in range(2, 5002)]
    tracemalloc.start()
    try:
        report = excel.error_workbook(content, errors)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak
    out = load_workbook(io.BytesIO(report)).worksheets[0]
    header = [c.value for c in out[1]]
    lot = header.index("Lỗi") + 1
    assert out.max_row == 5001
    assert out["C5001"].value == "An4999" and out["D2"].fill.fgColor.rgb == excel.ERROR_FILL
    assert out["D2"].comment.text == "Ngày sai" and out["C2"].comment is None
    assert out.cell(row=2, column=lot).value == "D: Ngày sai"


def test_upload_check_counts_row_elements_across_read_chunks() -> None:
    """The upload is checked without parsing its sheet (issue 13: the job parses it): the row elements are
    counted from the raw XML in 1 MB reads, so a tag split between two reads is still counted once."""
    base = workbook([{"family_name": "x", "given_name": "y"}], from_template=False)
    # 30,000 rows of ~70 bytes: the 1 MB reads fall inside tags; a namespaced and a self-closing row count too
    rows = [b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Nguyen Van A</t></is></c></row>' % (i, i)
            for i in range(2, 30_002)]
    content = _with_sheet(base, [b'<row r="1"/>', *rows, b'<x:row r="30002"/>'])
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert excel._row_elements(zf) == 30_002
    small = workbook([{"family_name": "x", "given_name": f"y{i}"} for i in range(5)], from_template=False)
    assert excel.check_upload(small) == 5  # the header row is not a data row


def test_upload_check_counts_exactly_when_the_bound_exceeds_the_cap() -> None:
    """Formatted empty rows are row elements but not data rows: past the cap, the exact count decides."""
    from xml.sax.saxutils import escape

    def cells(r: int, values: list[str]) -> bytes:
        return b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                        % (chr(65 + k).encode(), r, escape(v).encode()) for k, v in enumerate(values))

    header = b'<row r="1">' + cells(1, [c.header for c in excel.COLUMNS[:7]]) + b"</row>"
    data = b'<row r="2">' + cells(2, ["Nguyễn", "Văn", "An", "01/02/1980", "Nam", "X", "Chuyên trách"]) + b"</row>"
    empty = [b'<row r="%d" s="1" customFormat="1"/>' % i for i in range(3, excel.MAX_ROWS + 100)]
    base = workbook([{"family_name": "x", "given_name": "y"}], from_template=False)
    content = _with_sheet(base, [header, data, *empty])
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert excel._row_elements(zf) > excel.MAX_ROWS
    assert excel.check_upload(content) == 1
