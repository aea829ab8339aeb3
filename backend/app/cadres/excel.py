"""Excel for cadre records: the import template, the import job (validate → dry run / all-or-nothing commit,
with a per-cell error report and an error workbook), and the filtered export.

Rules:
- uploads are .xlsx only, ≤ 10 MB, ≤ 20,000 data rows, parsed with openpyxl after `defusedxml.defuse_stdlib()`
  (XML bombs are refused, not expanded) and with a cap on the unzipped size (zip bombs);
- dates as dd/mm/yyyy text, Excel serial numbers or date cells; all text normalised to NFC;
- a unit is given by its code and must lie in the caller's `cadres:write` scope — otherwise `unit_not_found`,
  whether or not it exists elsewhere;
- each row is checked with the API's own rules: `CadreCreate`, the service's sensitive-write scope rule and its
  duplicate rule (same national ID anywhere; same name and birth date in the caller's read scope), batched per
  chunk; duplicates inside the file are errors too; a commit then creates every row through
  `service.create_cadres` (in bulk) in one transaction — any error and nothing is written.
"""

from __future__ import annotations

import asyncio
import io
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import defusedxml
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError
from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cadres import service
from app.cadres.reference import EDUCATION_LABELS, ETHNICITIES, POLITICAL_THEORY_LABELS, RELIGIONS
from app.cadres.schemas import CadreCreate
from app.core import jobs
from app.core.access_log import log_access
from app.core.db import analyze, table_of
from app.core.errors import AppError, RuleViolation
from app.core.scope import unit_filter
from app.core.security import Principal
from app.core.text import fold
from app.org_units.models import OrgUnit

with warnings.catch_warnings():  # defuse_stdlib touches the deprecated defusedxml.cElementTree
    warnings.simplefilter("ignore", DeprecationWarning)
    defusedxml.defuse_stdlib()  # every stdlib XML parser refuses entity expansion / DTDs from here on

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Caps checked from the zip directory before any XML is parsed (issue 14: a 5 MB upload that unzipped to
# 190 MB cost 48 s of CPU and ~1 GB of RSS). A full 20,000-row template is about 15 MB unzipped.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # read-only mode still loads the whole shared-strings table
MAX_DECLARED_ROWS = 2 * MAX_ROWS  # a sheet whose <dimension> declares more is refused unread (some slack for
# formatted empty rows; the data rows themselves are counted while streaming)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")
PROGRESS_EVERY = 200
CHUNK = 500
ANALYZE_AFTER_ROWS = 1_000  # a committed import this large refreshes the planner's statistics (core.db.analyze)
ERROR_FILL = "FFFFC7CE"  # Excel's "light red fill"
DATA_SHEET = "Cán bộ"
JOB_KIND = "cadre_import"

org_units = table_of(OrgUnit)

# --- columns and code lists ------------------------------------------------------------------------------

YES_NO = {"Có": True, "Không": False}
LISTS: dict[str, dict[str, Any]] = {
    "gender": {"Nam": "male", "Nữ": "female"},
    "employment": {"Chuyên trách": "full_time", "Không chuyên trách": "part_time"},
    "education_level": {vi: code for code, (vi, _en) in EDUCATION_LABELS.items()},
    "political_theory": {vi: code for code, (vi, _en) in POLITICAL_THEORY_LABELS.items()},
    "ethnicity": {vi: code for code, vi in ETHNICITIES.items()},
    "religion": {vi: code for code, (vi, _en) in RELIGIONS.items()},
    "yes_no": YES_NO,
}
LIST_TITLES = {"gender": "Giới tính", "employment": "Chuyên trách", "education_level": "Học vấn",
               "political_theory": "LLCT", "ethnicity": "Dân tộc", "religion": "Tôn giáo", "yes_no": "Có-Không"}


@dataclass(frozen=True)
class Col:
    header: str
    field: str  # CadreCreate field, or "unit_code"
    kind: str  # text | date | list | unit | nid
    width: int
    choices: str | None = None  # key of LISTS

    @property
    def letter(self) -> str:
        return get_column_letter(COLUMNS.index(self) + 1)


COLUMNS: list[Col] = [
    Col("Họ", "family_name", "text", 14),
    Col("Tên đệm", "middle_name", "text", 16),
    Col("Tên", "given_name", "text", 12),
    Col("Ngày sinh (dd/mm/yyyy)", "birth_date", "date", 14),
    Col("Giới tính", "gender", "list", 10, "gender"),
    Col("Mã đơn vị", "unit_code", "unit", 14),
    Col("Chuyên trách/Không chuyên trách", "employment", "list", 20, "employment"),
    Col("Trình độ học vấn", "education_level", "list", 18, "education_level"),
    Col("Lý luận chính trị", "political_theory", "list", 16, "political_theory"),
    Col("Dân tộc", "ethnicity", "list", 12, "ethnicity"),
    Col("Tôn giáo", "religion", "list", 14, "religion"),
    Col("Đảng viên", "party_member", "list", 10, "yes_no"),
    Col("Ngày vào Đảng", "party_joined_on", "date", 14),
    Col("Số CCCD", "national_id", "nid", 16),
    Col("Điện thoại", "phone", "text", 14),
    Col("Email", "email", "text", 24),
    Col("Quê quán", "hometown", "text", 28),
    Col("Xuất thân công nhân", "from_workers", "list", 12, "yes_no"),
]
BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED_HEADERS = {"family_name", "given_name", "birth_date", "gender", "unit_code", "employment"}

# (label or code, folded) -> value, per list: "Nữ", "nu", "female" all mean female.
_LOOKUP: dict[str, dict[str, Any]] = {}
for _name, _mapping in LISTS.items():
    table: dict[str, Any] = {}
    for _label, _value in _mapping.items():
        table[fold(_label)] = _value
        if isinstance(_value, str):
            table[fold(_value)] = _value
    _LOOKUP[_name] = table

MESSAGES_VI = {
    "required": "Bắt buộc nhập",
    "invalid_date": "Ngày không hợp lệ (dd/mm/yyyy)",
    "out_of_range": "Ngày nằm ngoài khoảng cho phép",
    "invalid_choice": "Giá trị không có trong danh sách",
    "unknown_ethnicity": "Dân tộc không có trong danh mục",
    "unit_not_found": "Không tìm thấy đơn vị (hoặc ngoài phạm vi quản lý)",
    "duplicate_in_file": "Trùng với dòng khác trong tệp",
    "duplicate_cadre": "Cán bộ đã có trong hệ thống",
    "forbidden": "Không có quyền ghi thông tin nhạy cảm",
    "invalid_format": "Sai định dạng",
    "too_long": "Quá dài",
    "invalid": "Giá trị không hợp lệ",
}


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


def _err(row: int, field: str, code: str, detail: str | None = None) -> CellError:
    col = BY_FIELD[field]
    text = MESSAGES_VI.get(code, code)
    return CellError(row, col.letter, code, f"{col.header}: {text}" + (f" ({detail})" if detail else ""))


# --- template --------------------------------------------------------------------------------------------

def build_template() -> bytes:
    """The import template: one data sheet (frozen header, widths, drop-downs) and hidden list sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    bold = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[col.letter].width = col.width
        if col.kind in ("date", "nid", "unit"):
            for r in range(2, 1002):  # text format keeps leading zeros of CCCD and typed dd/mm/yyyy as typed
                ws.cell(row=r, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    # Hidden list sheets: label in A, code in B (the mapping back to codes travels with the file).
    for name, mapping in LISTS.items():
        sheet = wb.create_sheet(f"DS_{LIST_TITLES[name]}")
        sheet.sheet_state = "hidden"
        sheet.append(["Nhãn", "Mã"])
        for label, value in mapping.items():
            sheet.append([label, value if isinstance(value, str) else ("true" if value else "false")])
        last = len(mapping) + 1
        for col in COLUMNS:
            if col.choices == name:
                dv = DataValidation(type="list", formula1=f"='{sheet.title}'!$A$2:$A${last}", allow_blank=True,
                                    showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                                    error="Chọn một giá trị trong danh sách")
                dv.add(f"{col.letter}2:{col.letter}{MAX_ROWS + 1}")
                ws.add_data_validation(dv)
    codes = wb.create_sheet("DS_Cột")
    codes.sheet_state = "hidden"
    codes.append(["Cột", "Tiêu đề", "Trường"])
    for col in COLUMNS:
        codes.append([col.letter, col.header, col.field])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading an upload -----------------------------------------------------------------------------------

class InvalidWorkbook(RuleViolation):
    def __init__(self, detail: str) -> None:
        super().__init__("invalid_workbook", detail)


def _open(content: bytes, *, read_only: bool = True) -> Any:
    if len(content) > MAX_UPLOAD_BYTES:
        raise AppError("payload_too_large", 413, f"at most {MAX_UPLOAD_BYTES // 1048576} MB")
    if not content.startswith(b"PK\x03\x04"):
        raise RuleViolation("unsupported_file_type", "an .xlsx workbook is expected")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise RuleViolation("unsupported_file_type", "an .xlsx workbook is expected")
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
                raise InvalidWorkbook("the workbook expands beyond the allowed size")
            strings = next((i for i in zf.infolist() if i.filename == "xl/sharedStrings.xml"), None)
            if strings is not None and strings.file_size > MAX_SHARED_STRINGS_BYTES:
                raise InvalidWorkbook("the workbook's text table is too large")
            _check_declared_rows(zf)
        return load_workbook(io.BytesIO(content), read_only=read_only, data_only=True)
    except AppError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad zip, XML bombs (defusedxml), broken parts: all "invalid"
        raise InvalidWorkbook(f"the workbook cannot be read ({type(exc).__name__})") from exc


def _check_declared_rows(zf: zipfile.ZipFile) -> None:
    """Refuse a first sheet whose declared used range (`<dimension ref="A1:Z190000"/>`, near the start of the
    part) is far past the row cap, reading only its first few kilobytes."""
    if "xl/worksheets/sheet1.xml" not in zf.namelist():
        return
    with zf.open("xl/worksheets/sheet1.xml") as part:
        head = part.read(4096)
    m = _DIMENSION.search(head)
    if m and m.group(1) and int(m.group(1)) > MAX_DECLARED_ROWS + 1:
        raise AppError("too_many_rows", 413, f"at most {MAX_ROWS} rows per file")


def _header_map(ws: Any) -> dict[int, Col]:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    known = {fold(c.header): c for c in COLUMNS} | {fold(c.field): c for c in COLUMNS}
    found: dict[int, Col] = {}
    for idx, value in enumerate(first):
        if isinstance(value, str) and fold(value) in known:
            found[idx] = known[fold(value)]
    missing = REQUIRED_HEADERS - {c.field for c in found.values()}
    if missing:
        raise RuleViolation("invalid_template", "missing columns: " + ", ".join(
            BY_FIELD[f].header for f in sorted(missing)))
    return found


def read_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(Excel row number, {field: raw cell value}) for every non-empty data row. Raises the upload's problems:
    wrong type (422), unreadable / bomb (422), more than MAX_ROWS rows (413)."""
    wb = _open(content)
    try:
        ws = wb.worksheets[0]
        header = _header_map(ws)
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            record = {col.field: values[i] for i, col in header.items() if i < len(values)}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
                continue
            rows.append((number, record))
            if len(rows) > MAX_ROWS:
                raise AppError("too_many_rows", 413, f"at most {MAX_ROWS} rows per file")
        return rows
    finally:
        wb.close()


_ROW_ELEMENT = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _row_elements(zf: zipfile.ZipFile) -> int:
    """The most `<row>` elements in any worksheet part, counted by streaming the raw XML (no parsing): an upper
    bound of the data rows, since a data row is a row element."""
    most = 0
    for name in zf.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        count, tail = 0, b""
        with zf.open(name) as part:
            while chunk := part.read(1 << 20):
                buf = tail + chunk
                count += len(_ROW_ELEMENT.findall(buf))
                # keep the last bytes unless they end a match already counted (a tag split across two chunks)
                cut = max(len(buf) - 8, 0)
                ending = list(_ROW_ELEMENT.finditer(buf, cut))
                tail = buf[ending[-1].end():] if ending else buf[cut:]
        most = max(most, count)
    return most


def check_upload(content: bytes) -> int:
    """The upload's own problems, found while the officer waits — type, size, bombs, header, row cap — without
    reading the whole sheet twice (the job reads it): an upper bound of its data rows, for the progress bar.

    The rows are counted exactly only when the row elements alone could exceed the cap."""
    wb = _open(content)
    try:
        _header_map(wb.worksheets[0])
    finally:
        wb.close()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            bound = _row_elements(zf)
    except zipfile.BadZipFile as exc:
        raise InvalidWorkbook("the workbook cannot be read (BadZipFile)") from exc
    if bound > MAX_ROWS:
        return len(read_rows(content))  # exact: formatted empty rows are not data rows
    return max(bound - 1, 0)


# --- converting and checking rows ------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = unicodedata.normalize("NFC", str(value)).strip()
    return out or None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError("serial out of range")
        converted = from_excel(value)
        return converted.date() if isinstance(converted, datetime) else converted
    text = _text(value) or ""
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:  # ISO yyyy-mm-dd
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            if len(parts[2]) == 4:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
    raise ValueError("not a date")


def _national_id(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(12) if 9 < len(digits) < 12 else digits  # Excel dropped the leading zero(s)
    return _text(value)


_PYDANTIC = {"missing": "required", "string_too_short": "required", "string_too_long": "too_long",
             "string_pattern_mismatch": "invalid_format", "literal_error": "invalid_choice"}


def convert(number: int, raw: dict[str, Any]) -> tuple[dict[str, Any], str | None, list[CellError]]:
    """Cell values → CadreCreate fields (without unit_id), the unit code, and the cell errors found."""
    values: dict[str, Any] = {}
    errors: list[CellError] = []
    unit_code: str | None = None
    for fld, value in raw.items():
        col = BY_FIELD[fld]
        if col.kind == "unit":
            unit_code = _text(value)
            if unit_code is None:
                errors.append(_err(number, fld, "required"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if col.kind == "date":
            try:
                values[fld] = _date(value)
            except (ValueError, TypeError, OverflowError):
                errors.append(_err(number, fld, "invalid_date", _text(value)))
        elif col.kind == "list":
            found = _LOOKUP[col.choices or ""].get(fold(_text(value)))
            if found is None:
                errors.append(_err(number, fld, "unknown_ethnicity" if fld == "ethnicity" else "invalid_choice",
                                   _text(value)))
            else:
                values[fld] = found
        elif col.kind == "nid":
            values[fld] = _national_id(value)
        else:
            values[fld] = _text(value)
    return values, unit_code, errors


def validate(number: int, values: dict[str, Any], unit_id: int | None,
             bad_fields: set[str]) -> tuple[CadreCreate | None, list[CellError]]:
    """The API's own validation (CadreCreate) of one row; errors on cells already reported are not repeated."""
    try:
        return CadreCreate(**values, unit_id=unit_id or 0), []
    except ValidationError as exc:
        errors = []
        for e in exc.errors():
            fld = str(e["loc"][0]) if e["loc"] else ""
            if fld not in BY_FIELD or fld in bad_fields:
                continue
            code = _PYDANTIC.get(e["type"], "invalid")
            if fld == "birth_date" and e["type"] == "value_error":
                code = "out_of_range"
            errors.append(_err(number, fld, code))
            bad_fields.add(fld)
        return None, errors


@dataclass
class Checked:
    number: int
    data: CadreCreate | None
    errors: list[CellError]


def _convert_rows(rows: list[tuple[int, dict[str, Any]]], units: dict[str, int]
                  ) -> list[tuple[int, CadreCreate | None, int | None, list[CellError]]]:
    out = []
    for number, raw in rows:
        values, unit_code, errors = convert(number, raw)
        bad = {e.column for e in errors}
        bad_fields = {c.field for c in COLUMNS if c.letter in bad}
        unit_id = units.get(unit_code) if unit_code else None
        if unit_code and unit_id is None:
            errors.append(_err(number, "unit_code", "unit_not_found", unit_code))
        data, more = validate(number, values, unit_id, bad_fields)
        out.append((number, data, unit_id, errors + more))
    return out


async def check_rows(session: AsyncSession, principal: Principal, rows: list[tuple[int, dict[str, Any]]],
                     ctx: jobs.JobContext | None = None) -> list[Checked]:
    """Every rule a create would apply, for every row, collecting errors instead of stopping."""
    codes = {c for _, raw in rows if (c := _text(raw.get("unit_code")))}
    units: dict[str, int] = {}
    for chunk in _chunks(sorted(codes), CHUNK):
        for uid, code in (await session.execute(select(org_units.c.id, org_units.c.code).where(
                org_units.c.code.in_(chunk), unit_filter(principal, service.WRITE, org_units.c.id)))).all():
            units[code] = uid
    # Converting and validating every cell is pure CPU: in a thread, off the event loop that serves requests.
    converted = await asyncio.to_thread(_convert_rows, rows, units)
    sensitive_ok: dict[int, bool] = {}
    seen_nid: dict[str, int] = {}
    seen_name: dict[tuple[str, date, str], int] = {}
    out: list[Checked] = []
    for i, (number, data, unit_id, errors) in enumerate(converted, start=1):
        if data is not None and unit_id is not None:  # the service's sensitive-write rule, as per-cell errors
            refused = await service.sensitive_fields_refused(session, principal, unit_id,
                                                             service.written_fields(data), sensitive_ok)
            errors += [_err(number, f, "forbidden") for f in refused if f in BY_FIELD]
        if data is not None:  # duplicates inside the file
            if data.national_id:
                first = seen_nid.setdefault(data.national_id, number)
                if first != number:
                    errors.append(_err(number, "national_id", "duplicate_in_file", f"dòng {first}"))
            key = (service.name_fields(data.family_name, data.middle_name, data.given_name)["full_name"],
                   data.birth_date, data.gender)
            first = seen_name.setdefault(key, number)
            if first != number:
                errors.append(_err(number, "given_name", "duplicate_in_file", f"dòng {first}"))
        out.append(Checked(number, data if not errors else None, errors))
        if ctx is not None and i % PROGRESS_EVERY == 0:
            await ctx.set_progress(i)
    await _check_existing(session, principal, out)
    return out


async def _check_existing(session: AsyncSession, principal: Principal, checked: list[Checked]) -> None:
    """The service's duplicate rule (`service.find_duplicates`, batched) as per-cell errors."""
    live = [c for c in checked if c.data is not None]
    keys = []
    for c in live:
        assert c.data is not None
        keys.append(service.DuplicateKey(
            service.name_fields(c.data.family_name, c.data.middle_name, c.data.given_name)["full_name"],
            c.data.birth_date, c.data.gender, service.national_id_columns(c.data.national_id)["national_id_hash"]))
    for index, duplicate in (await service.find_duplicates(session, principal, keys)).items():
        field = "national_id" if duplicate.extra.get("reason") == "same_national_id" else "given_name"
        live[index].errors.append(_err(live[index].number, field, "duplicate_cadre"))
    for c in checked:
        if c.errors:
            c.data = None


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def error_workbook(content: bytes, errors: list[CellError]) -> bytes:
    """The uploaded sheet's values with bad cells filled red, a comment on each, and a "Lỗi" column per row.

    Streamed within a memory budget: the upload is read in read-only mode and the report written in
    write-only mode, one row at a time (a full in-memory workbook of 20,000 rows took hundreds of MB)."""
    source = _open(content, read_only=True)
    out = Workbook(write_only=True)
    try:
        ws_in = source.worksheets[0]
        ws_out = out.create_sheet(ws_in.title or "Cán bộ")
        fill = PatternFill("solid", fgColor=ERROR_FILL)
        by_cell: dict[tuple[int, str], list[CellError]] = {}
        by_row: dict[int, list[CellError]] = {}
        for e in errors:
            by_cell.setdefault((e.row, e.column), []).append(e)
            by_row.setdefault(e.row, []).append(e)
        width = 0
        for number, values in enumerate(ws_in.iter_rows(values_only=True), start=1):
            if number == 1:
                width = len(values)
                header = [WriteOnlyCell(ws_out, value=v) for v in values]
                lot = WriteOnlyCell(ws_out, value="Lỗi")
                lot.font = Font(bold=True, color="FFC00000")
                ws_out.column_dimensions[get_column_letter(width + 1)].width = 60
                ws_out.append([*header, lot])
                continue
            cells: list[Any] = list(values) + [None] * (width - len(values))
            row_errors = by_row.get(number)
            done: set[int] = set()
            for e in row_errors or ():  # only the bad cells become styled cell objects
                idx = column_index_from_string(e.column) - 1
                if idx >= len(cells) or idx in done:
                    continue
                done.add(idx)
                cell = WriteOnlyCell(ws_out, value=cells[idx])
                cell.fill = fill
                cell.comment = Comment("\n".join(x.message for x in by_cell[(number, e.column)]), "Hệ thống",
                                       width=300, height=80)
                cells[idx] = cell
            cells.append("; ".join(f"{e.column}: {e.message}" for e in row_errors) if row_errors else None)
            ws_out.append(cells)
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        source.close()


# --- the import job --------------------------------------------------------------------------------------

@jobs.register(JOB_KIND, service.WRITE)
async def run_import(ctx: jobs.JobContext) -> jobs.Outcome:
    content = ctx.input_bytes or b""
    mode = ctx.params.get("mode", "dry_run")
    filename = ctx.params.get("filename") or "import.xlsx"
    rows = await asyncio.to_thread(read_rows, content)
    await ctx.set_progress(0, len(rows))
    async with ctx.session() as session:
        checked = await check_rows(session, ctx.principal, rows, ctx if mode == "dry_run" else None)
        errors = sorted((e for c in checked for e in c.errors), key=lambda e: (e.row, e.column, e.code))
        created: list[int] = []
        if not errors and mode == "commit":
            created = await insert_checked(session, ctx, checked)
        if errors or mode != "commit":
            await session.rollback()
        else:
            await session.commit()
    if len(created) >= ANALYZE_AFTER_ROWS:
        async with ctx.session() as session:  # after the commit: the import's locks are already released
            await analyze(session, "cadre", "qualification")  # fresh statistics for the bulk-loaded rows
            await session.commit()
    result: dict[str, Any] = {"mode": mode, "rows": len(rows), "error_count": len(errors),
                              "errors": [e.as_json() for e in errors],
                              "created": len(created) if not errors and mode == "commit" else 0}
    await ctx.set_progress(len(rows))
    await _notify_finished(ctx, mode, len(rows), len(errors), result["created"])
    if not errors:
        return jobs.Outcome("succeeded", result)
    stem = filename.rsplit(".", 1)[0][:100]
    report = await asyncio.to_thread(error_workbook, content, errors)
    return jobs.Outcome("failed" if mode == "commit" else "succeeded", result,
                        error="import_has_errors" if mode == "commit" else None,
                        file_name=f"{stem}-loi.xlsx", file_content_type=XLSX_TYPE, file_bytes=report)


async def _notify_finished(ctx: jobs.JobContext, mode: str, rows: int, errors: int, created: int) -> None:
    """Tell the person who started the import that it finished (the officer's "waiting for me"): a check or a
    commit of a large sheet takes minutes, and they may have left the page."""
    from app.report_requests.notify import notify_user

    if ctx.principal.kind != "user" or ctx.principal.principal_id is None:
        return
    if errors:
        title = f"Nhập Excel: {errors} lỗi cần sửa ({rows} dòng)"
    elif mode == "commit":
        title = f"Nhập Excel xong: đã tạo {created} cán bộ"
    else:
        title = f"Kiểm tra tệp Excel xong: {rows} dòng hợp lệ"
    async with ctx.session() as session:
        await notify_user(session, ctx.principal.principal_id, title=title,
                          body=str(ctx.params.get("filename") or ""), link=f"/cadres/import?job={ctx.job_id}")
        await session.commit()


async def insert_checked(session: AsyncSession, ctx: jobs.JobContext, checked: list[Checked]) -> list[int]:
    """Create the checked rows through the one create path, `service.create_cadres` (in bulk): every rule an API
    create applies runs again there, in this same transaction."""
    items = [c.data for c in checked if c.data is not None]
    return await service.create_cadres(session, ctx.principal, items, progress=ctx.set_progress)


async def start_import(session: AsyncSession, principal: Principal, *, filename: str, content: bytes,
                       mode: str) -> jobs.JobRead:
    """Check the upload itself now (type, size, bombs, row count → problem+json), then queue the job."""
    if not filename.lower().endswith(".xlsx"):
        raise RuleViolation("unsupported_file_type", "an .xlsx workbook is expected")
    rows_at_most = await asyncio.to_thread(check_upload, content)
    roots = principal.roots(service.WRITE)
    unit_id = roots[0] if roots and len(roots) == 1 else None
    return await jobs.submit(principal, JOB_KIND, unit_id=unit_id, params={"mode": mode, "filename": filename},
                             input_bytes=content, total=rows_at_most, session=session)


# --- export ----------------------------------------------------------------------------------------------

_GENDER_VI = {"male": "Nam", "female": "Nữ"}
_EMPLOYMENT_VI = {"full_time": "Chuyên trách", "part_time": "Không chuyên trách"}
EXPORT_PUBLIC = [("STT", 6), ("Họ", 14), ("Tên đệm", 16), ("Tên", 12), ("Họ và tên", 28), ("Ngày sinh", 12),
                 ("Giới tính", 10), ("Mã đơn vị", 14), ("Đơn vị", 36), ("Chuyên trách/Không chuyên trách", 20),
                 ("Trình độ học vấn", 18), ("Lý luận chính trị", 16), ("Xuất thân công nhân", 12),
                 ("Điện thoại", 14), ("Email", 24), ("Quê quán", 28)]
EXPORT_SENSITIVE = [("Dân tộc", 12), ("Tôn giáo", 14), ("Đảng viên", 10), ("Ngày vào Đảng", 12), ("Số CCCD", 16)]
MAX_EXPORT_ROWS = 100_000


EXPORT_CHUNK = 2_000  # rows fetched from the database and handed to the workbook writer at a time


class ExportBook:
    """The export workbook, written row chunk by row chunk into a temporary file by openpyxl's write-only mode
    (rows go to disk as they are appended, so memory stays flat however long the list). Every method is meant to
    run in a worker thread, one at a time."""

    def __init__(self, sensitive: bool) -> None:
        self.sensitive = sensitive
        self.columns = EXPORT_PUBLIC + (EXPORT_SENSITIVE if sensitive else [])
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet(DATA_SHEET)
        self.rows = 0
        self.path: Path | None = None

    def _cell(self, value: Any, fmt: str | None = None, font: Font | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=value)
        if fmt:
            c.number_format = fmt
        if font:
            c.font = font
        return c

    def start(self) -> None:
        for i, (_h, width) in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        self.ws.append([self._cell(h, font=bold) for h, _w in self.columns])

    def write(self, rows: Iterable[Any]) -> None:
        from app.core import crypto

        cell = self._cell
        for r in rows:
            self.rows += 1
            line = [self.rows, r.family_name, r.middle_name, r.given_name, r.full_name,
                    cell(r.birth_date, "DD/MM/YYYY"), _GENDER_VI.get(r.gender, r.gender), r.unit_code, r.unit_name,
                    _EMPLOYMENT_VI.get(r.employment),
                    EDUCATION_LABELS.get(r.education_level, (r.education_level,))[0],
                    POLITICAL_THEORY_LABELS.get(r.political_theory, (r.political_theory,))[0],
                    "Có" if r.from_workers else "Không", r.phone, r.email, r.hometown]
            if self.sensitive:
                line += [ETHNICITIES.get(r.ethnicity or "", r.ethnicity),
                         RELIGIONS.get(r.religion or "", (r.religion,))[0],
                         "Có" if r.party_member else "Không",
                         cell(r.party_joined_on, "DD/MM/YYYY") if r.party_joined_on else None,
                         cell(crypto.decrypt(r.national_id_enc), "@") if r.national_id_enc else None]
            self.ws.append(line)

    def save(self) -> Path:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows + 1}"  # written at close
        with tempfile.NamedTemporaryFile(prefix="cadre-export-", suffix=".xlsx", delete=False) as tmp:
            self.path = Path(tmp.name)
        self.wb.save(self.path)
        return self.path

    def discard(self) -> None:
        """Close and delete whatever exists: the finished file, or the half-written sheet's temporary file."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            return
        if not self.ws.closed:
            self.ws.close()
            writer = getattr(self.ws, "_writer", None)
            if writer is not None:
                writer.cleanup()


async def export_cadres(session: AsyncSession, principal: Principal, f: service.CadreFilters,
                        progress: Callable[[int], Awaitable[None]] | None = None) -> Path:
    """The filtered list as a workbook file, in Vietnamese name order; sensitive columns only when the caller may
    see them for every exported row. One access_log row (category export) lists the exported cadres.

    Off the request loop: the rows stream from a server-side cursor `EXPORT_CHUNK` at a time and openpyxl writes
    each chunk in a worker thread; the finished file is streamed to the client (and deleted) by the router, or
    stored as the export job's file (`run_export`). `progress` hears the rows written after each chunk."""
    cadres = service.cadres
    conditions = await service.checked_cadre_conditions(session, principal, f)
    sensitive = await _sensitive_over(session, principal, conditions)
    stmt = (select(cadres, org_units.c.code.label("unit_code"), org_units.c.name.label("unit_name"))
            .join(org_units, org_units.c.id == cadres.c.unit_id)
            .where(*conditions).order_by(cadres.c.sort_key, cadres.c.id)
            .limit(MAX_EXPORT_ROWS + 1).execution_options(yield_per=EXPORT_CHUNK))
    book = ExportBook(sensitive)
    ids: list[int] = []
    try:
        await asyncio.to_thread(book.start)
        result = await session.stream(stmt)
        async for chunk in result.partitions(EXPORT_CHUNK):
            if len(ids) + len(chunk) > MAX_EXPORT_ROWS:
                await result.close()
                raise AppError("too_many_rows", 413, f"narrow the filters: at most {MAX_EXPORT_ROWS} rows per export")
            ids.extend(r.id for r in chunk)
            await asyncio.to_thread(book.write, chunk)
            if progress is not None:
                await progress(len(ids))
        path = await asyncio.to_thread(book.save)
        # Logged once the file is saved (still this transaction): on SQLite the INSERT holds the write lock to the
        # commit, and saving a large workbook takes seconds.
        await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=ids,
                         category="export", purpose="excel export" + (" (sensitive)" if sensitive else ""),
                         unit_id=f.within or f.unit_id)
        return path
    except BaseException:
        book.discard()
        raise


async def _sensitive_over(session: AsyncSession, principal: Principal, conditions: list[Any]) -> bool:
    """May the caller see the sensitive fields of every row the conditions select? (one EXISTS query)"""
    roots = principal.roots(service.SENSITIVE)
    if roots is None:
        return True
    if not roots:
        return False
    cadres = service.cadres
    outside = select(cadres.c.id).where(*conditions, ~unit_filter(principal, service.SENSITIVE, cadres.c.unit_id))
    return not (await session.execute(select(exists(outside)))).scalar()


# --- the export job ----------------------------------------------------------------------------------------

EXPORT_JOB_KIND = "cadre_export"
EXPORT_FILE_NAME = "danh-sach-can-bo.xlsx"
_FILTER_DATES = ("as_of", "retiring_by")


def filters_to_json(f: service.CadreFilters) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(f).items() if v is not None}


def filters_from_json(d: dict[str, Any]) -> service.CadreFilters:
    values: dict[str, Any] = {k: (date.fromisoformat(v) if k in _FILTER_DATES else v) for k, v in d.items()}
    return service.CadreFilters(**values)


async def start_export(session: AsyncSession, principal: Principal, f: service.CadreFilters) -> jobs.JobRead:
    """Check the filters now (the list's own checks: 404 out of scope, 422 a sensitive filter without the right)
    and the 100,000-row cap (413), then queue the export job (`run_export`): the same file as
    `GET /cadres/export.xlsx`, built by the worker with the submitter's rights and kept as the job's file."""
    conditions = await service.checked_cadre_conditions(session, principal, f)
    matching = select(service.cadres.c.id).where(*conditions).limit(MAX_EXPORT_ROWS + 1).subquery()
    rows = int((await session.execute(select(func.count()).select_from(matching))).scalar_one())
    if rows > MAX_EXPORT_ROWS:
        raise AppError("too_many_rows", 413, f"narrow the filters: at most {MAX_EXPORT_ROWS} rows per export")
    return await jobs.submit(principal, EXPORT_JOB_KIND, unit_id=f.within or f.unit_id,
                             params={"filters": filters_to_json(f)}, total=rows, session=session)


@jobs.register(EXPORT_JOB_KIND, None)  # only its creator: the columns depend on the creator's rights
async def run_export(ctx: jobs.JobContext) -> jobs.Outcome:
    """`export_cadres` in the job's transaction: the access-log row of the exported ids commits with the job's
    work, before the file is stored on the job."""
    f = filters_from_json(ctx.params["filters"])
    written = 0

    async def progress(done: int) -> None:
        nonlocal written
        written = done
        await ctx.set_progress(done)

    async with ctx.session() as session:
        path = await export_cadres(session, ctx.principal, f, progress)
        try:
            content = await asyncio.to_thread(path.read_bytes)
        finally:
            path.unlink(missing_ok=True)
        await session.commit()
    ctx.total = written
    return jobs.Outcome("succeeded", {"rows": written}, file_name=EXPORT_FILE_NAME, file_content_type=XLSX_TYPE,
                        file_bytes=content)
