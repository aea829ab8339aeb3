"""Excel import and export of cadre records (issue 4; reliability-security criteria 10, 29, 44)."""

from __future__ import annotations

import io
import time
import unicodedata
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.cadres import excel
from app.cadres.models import Cadre
from app.core.access_log import AccessLog
from tests.factories import Tree, bearer, grant_token

API = "/api/v1/cadres"
XLSX = excel.XLSX_TYPE


pytestmark = pytest.mark.usefixtures("inline_jobs")


async def unit_codes(session, ids):
    from app.org_units.models import OrgUnit
    rows = (await session.execute(select(OrgUnit.id, OrgUnit.code).where(OrgUnit.id.in_(ids)))).all()
    by_id = dict(rows)
    return [by_id[i] for i in ids]


def row(i: int, unit_code: str, **over):
    """A valid data row (dict by field) with a unique name+birth date and CCCD."""
    values = {"family_name": ["Nguyễn", "Trần", "Lê", "Phạm"][i % 4], "middle_name": ["Văn", "Thị", "Hữu"][i % 3],
              "given_name": ["An", "Bình", "Cường", "Dung", "Đức"][i % 5],
              "birth_date": (date(1960, 1, 1) + timedelta(days=i)).strftime("%d/%m/%Y"),
              "gender": "Nam" if i % 2 else "Nữ", "unit_code": unit_code,
              "employment": "Chuyên trách" if i % 3 else "Không chuyên trách", "education_level": "Đại học",
              "political_theory": "Trung cấp", "ethnicity": "Kinh" if i % 7 else "Tày", "religion": "Không",
              "party_member": "Có" if i % 2 else "Không", "party_joined_on": "02/09/2005" if i % 2 else None,
              "national_id": f"0010{i:08d}", "phone": "0912345678", "email": f"cb{i}@congdoan.vn",
              "hometown": "Xã Tân Phong, tỉnh Lai Châu", "from_workers": "Có" if i % 5 == 0 else "Không"}
    values.update(over)
    return values


def workbook(rows: list[dict], *, from_template: bool = True) -> bytes:
    wb = load_workbook(io.BytesIO(excel.build_template())) if from_template else Workbook()
    ws = wb.worksheets[0]
    if not from_template:
        ws.append([c.header for c in excel.COLUMNS])
    for r, values in enumerate(rows, start=2):
        for c, col in enumerate(excel.COLUMNS, start=1):
            if col.field in values:
                ws.cell(row=r, column=c, value=values[col.field])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def upload(client, headers, content: bytes, mode: str = "dry_run", name: str = "can-bo.xlsx"):
    return await client.post(f"{API}/imports", params={"mode": mode}, headers=headers,
                             files={"file": (name, content, XLSX)})


async def cadre_count(session) -> int:
    return (await session.execute(select(func.count()).select_from(Cadre))).scalar_one()


# --- template ----------------------------------------------------------------------------------------------

async def test_import_template_has_headers_lists_and_frozen_header(client, admin_headers):
    r = await client.get(f"{API}/import-template", headers=admin_headers)
    assert r.status_code == 200 and r.headers["content-type"] == XLSX and r.headers["cache-control"] == "no-store"
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers == ["Họ", "Tên đệm", "Tên", "Ngày sinh (dd/mm/yyyy)", "Giới tính", "Mã đơn vị",
                       "Chuyên trách/Không chuyên trách", "Trình độ học vấn", "Lý luận chính trị", "Dân tộc",
                       "Tôn giáo", "Đảng viên", "Ngày vào Đảng", "Số CCCD", "Điện thoại", "Email", "Quê quán",
                       "Xuất thân công nhân"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["G"].width == 20
    hidden = {s.title: s for s in wb.worksheets if s.sheet_state == "hidden"}
    assert {"DS_Giới tính", "DS_Dân tộc", "DS_Học vấn", "DS_LLCT", "DS_Chuyên trách", "DS_Có-Không"} <= set(hidden)
    ethnic = {r[0]: r[1] for r in hidden["DS_Dân tộc"].iter_rows(min_row=2, values_only=True)}
    assert len(ethnic) == 54 and ethnic["Tày"] == "tay"
    validated = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert validated["E2"].startswith("='DS_Giới tính'!$A$2") and "DS_Dân tộc" in validated["J2"]
    assert {"H2", "I2", "G2", "L2", "R2"} <= set(validated)


# --- the seeded-errors acceptance test (criterion 44) --------------------------------------------------------

def seeded(codes: list[str]) -> tuple[list[dict], set[tuple[int, str, str]]]:
    rows = [row(i, codes[i % len(codes)]) for i in range(5000)]
    expected: set[tuple[int, str, str]] = set()

    def bad(i: int, column: str, code: str, **over) -> None:
        rows[i].update(over)
        expected.add((i + 2, column, code))

    for n, value in enumerate(["31/02/1980", "abc", "1980-13-01", "32/01/1990"]):
        bad(100 + n * 97, "D", "invalid_date", birth_date=value)
    bad(555, "D", "required", birth_date=None)
    for n in range(5):
        bad(700 + n * 113, "F", "unit_not_found", unit_code=f"KHONG-CO-{n}")
    for n, value in enumerate(["Khác", "X", "nam nữ", "1"]):
        bad(1500 + n * 101, "E", "invalid_choice", gender=value)
    for n in range(4):
        bad(2100 + n * 89, "J", "unknown_ethnicity", ethnicity="Martian")
    for n in range(4):
        source = 2600 + n * 50
        bad(source + 7, "N", "duplicate_in_file", national_id=rows[source]["national_id"])
    for n in range(4):
        bad(3300 + n * 71, "C", "required", given_name=None)
    for n in range(2):
        bad(4000 + n * 131, "G", "invalid_choice", employment="Bán thời gian")
    for n in range(2):
        bad(4500 + n * 17, "P", "invalid_format", email="not-an-email")
    assert len(expected) == 30
    return rows, expected


async def test_import_with_seeded_errors_reports_every_bad_cell_and_commits_nothing(client, session, tree: Tree,
                                                                                   admin_headers):
    codes = await unit_codes(session, tree.grassroots)
    rows, expected = seeded(codes)
    content = workbook(rows)
    before = await cadre_count(session)

    started = time.perf_counter()
    r = await upload(client, admin_headers, content, "dry_run")
    dry_s = time.perf_counter() - started
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    job = (await client.get(r.headers["location"], headers=admin_headers)).json()
    assert job["status"] == "succeeded" and job["total"] == 5000 and job["progress"] == 5000
    got = {(e["row"], e["column"], e["code"]) for e in job["result"]["errors"]}
    assert got == expected
    assert job["result"]["error_count"] == 30 and all(e["message"] for e in job["result"]["errors"])
    assert await cadre_count(session) == before

    started = time.perf_counter()
    r = await upload(client, admin_headers, content, "commit")
    commit_s = time.perf_counter() - started
    job = r.json()
    assert job["status"] == "failed" and job["error"] == "import_has_errors"
    assert {(e["row"], e["column"], e["code"]) for e in job["result"]["errors"]} == expected
    assert await cadre_count(session) == before
    print(f"\n5,000 rows with 30 errors: dry run {dry_s:.1f}s, commit attempt {commit_s:.1f}s")

    # the error workbook: bad cells red with a comment, and a "Lỗi" column
    f = await client.get(job["file_url"], headers=admin_headers)
    assert f.status_code == 200 and f.headers["content-type"] == XLSX
    ws = load_workbook(io.BytesIO(f.content)).worksheets[0]
    lot = [c.value for c in ws[1]].index("Lỗi") + 1
    for number, column, _code in expected:
        cell = ws[f"{column}{number}"]
        assert cell.fill.fgColor.rgb == excel.ERROR_FILL and cell.comment is not None
        assert column in ws.cell(row=number, column=lot).value
    assert ws.cell(row=3, column=lot).value is None and ws["A3"].comment is None


async def test_clean_5000_row_import_commits_in_one_job(client, session, tree: Tree, admin_headers):
    codes = await unit_codes(session, tree.grassroots)
    rows = [row(i, codes[i % len(codes)]) for i in range(5000)]
    for i in range(0, 5000, 3):  # dates as Excel date cells and serial numbers too
        rows[i]["birth_date"] = datetime(1960, 1, 1) + timedelta(days=i)
    for i in range(1, 5000, 3):
        rows[i]["birth_date"] = (date(1960, 1, 1) + timedelta(days=i) - date(1899, 12, 30)).days
    content = workbook(rows)
    before = await cadre_count(session)
    started = time.perf_counter()
    r = await upload(client, admin_headers, content, "commit")
    elapsed = time.perf_counter() - started
    job = r.json()
    assert job["status"] == "succeeded", job["result"]["errors"][:5]
    assert job["progress"] == job["total"] == 5000 and job["result"]["created"] == 5000
    assert await cadre_count(session) == before + 5000
    born = (await session.execute(select(Cadre.birth_date).where(Cadre.national_id_hash.is_not(None))
                                  .order_by(Cadre.birth_date).limit(3))).scalars().all()
    assert born == [date(1960, 1, 1), date(1960, 1, 2), date(1960, 1, 3)]
    print(f"\n5,000-row commit: {elapsed:.1f}s")


# --- rules ---------------------------------------------------------------------------------------------------

async def test_units_outside_write_scope_are_unit_not_found(client, session, tree: Tree):
    codes = await unit_codes(session, [tree.grassroots[0], tree.grassroots[4]])  # province 0, province 1
    officer = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    content = workbook([row(1, codes[0]), row(2, codes[1]), row(3, "KHONG-TON-TAI")])
    job = (await upload(client, officer, content)).json()
    errors = job["result"]["errors"]
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [(3, "F", "unit_not_found"),
                                                                   (4, "F", "unit_not_found")]
    assert errors[0]["message"].split(" (")[0] == errors[1]["message"].split(" (")[0]  # existence not revealed


async def test_sensitive_cells_need_the_sensitive_scope(client, session, tree: Tree):
    codes = await unit_codes(session, [tree.grassroots[0]])
    plain = bearer(await grant_token(session, role="grassroots_chair", unit_id=tree.grassroots[0]))
    clean = {k: None for k in ("ethnicity", "religion", "party_member", "party_joined_on", "national_id")}
    content = workbook([row(1, codes[0], **clean), row(2, codes[0], ethnicity="Kinh", national_id="001099000001")])
    job = (await upload(client, plain, content)).json()
    assert {(e["row"], e["column"], e["code"]) for e in job["result"]["errors"]} == {
        (3, "J", "forbidden"), (3, "K", "forbidden"), (3, "L", "forbidden"), (3, "N", "forbidden")}


async def test_duplicates_of_existing_cadres_use_the_service_rule(client, session, tree: Tree, admin_headers):
    codes = await unit_codes(session, [tree.grassroots[0]])
    job = (await upload(client, admin_headers, workbook([row(1, codes[0]), row(2, codes[0])]), "commit")).json()
    assert job["status"] == "succeeded" and job["result"]["created"] == 2
    again = workbook([row(1, codes[0], national_id=None), row(2, codes[0], given_name="Khác"), row(3, codes[0])])
    job = (await upload(client, admin_headers, again, "commit")).json()
    assert job["status"] == "failed"
    assert {(e["row"], e["column"], e["code"]) for e in job["result"]["errors"]} == {
        (2, "C", "duplicate_cadre"), (3, "N", "duplicate_cadre")}


async def test_text_is_nfc_and_dates_accept_serials(client, session, tree: Tree, admin_headers):
    codes = await unit_codes(session, [tree.grassroots[0]])
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    content = workbook([row(1, codes[0], family_name=nfd, birth_date=29221, party_joined_on=datetime(2005, 9, 2),
                            national_id=1080012345)], from_template=False)
    job = (await upload(client, admin_headers, content, "commit")).json()
    assert job["status"] == "succeeded", job["result"]
    cadre = (await session.execute(select(Cadre).where(Cadre.birth_date == date(1980, 1, 1)))).scalar_one()
    assert cadre.family_name == "Nguyễn" and unicodedata.is_normalized("NFC", cadre.full_name)
    assert cadre.party_joined_on == date(2005, 9, 2)
    from app.core import crypto
    assert crypto.decrypt(cadre.national_id_enc) == "001080012345"  # Excel dropped the leading zeros


# --- upload limits (criterion 10) ------------------------------------------------------------------------------

async def test_wrong_type_is_rejected_with_problem_json(client, admin_headers):
    r = await upload(client, admin_headers, b"a,b,c\n1,2,3\n", name="can-bo.csv")
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "unsupported_file_type"
    r = await upload(client, admin_headers, b"%PDF-1.4 not a workbook")
    assert r.status_code == 422 and r.json()["code"] == "unsupported_file_type"
    wrong = workbook([{"family_name": "x"}], from_template=False)
    wb = load_workbook(io.BytesIO(wrong))
    wb.worksheets[0].delete_rows(1)
    buf = io.BytesIO()
    wb.save(buf)
    r = await upload(client, admin_headers, buf.getvalue())
    assert r.status_code == 422 and r.json()["code"] == "invalid_template"


async def test_upload_over_10_mb_is_413(client, admin_headers):
    r = await upload(client, admin_headers, b"PK\x03\x04" + b"0" * (10 * 1024 * 1024 + 10))
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"


async def test_more_than_20000_rows_is_413(client, session, tree: Tree, admin_headers):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.header for c in excel.COLUMNS])
    for i in range(excel.MAX_ROWS + 1):
        ws.append(["A", "", f"B{i}"])
    buf = io.BytesIO()
    wb.save(buf)
    r = await upload(client, admin_headers, buf.getvalue())
    assert r.status_code == 413 and r.json()["code"] == "too_many_rows"


def billion_laughs_xlsx() -> bytes:
    base = workbook([{"family_name": "x", "given_name": "y"}], from_template=False)
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            '<si><t>&lol9;</t></si></sst>')
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
                                    b"/></Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdBomb" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(item, data)
        dst.writestr("xl/sharedStrings.xml", bomb)
    return out.getvalue()


async def test_xml_bomb_is_rejected_not_expanded(client, admin_headers):
    started = time.perf_counter()
    r = await upload(client, admin_headers, billion_laughs_xlsx())
    assert r.status_code == 422 and r.json()["code"] == "invalid_workbook"
    assert time.perf_counter() - started < 5


# --- export ----------------------------------------------------------------------------------------------------

async def test_export_uses_list_filters_headers_and_is_access_logged(client, session, tree: Tree, admin_headers):
    codes = await unit_codes(session, [tree.grassroots[0], tree.grassroots[4]])
    content = workbook([row(1, codes[0], given_name="Bình", gender="Nữ"),
                        row(2, codes[0], given_name="An", gender="Nam"), row(3, codes[1], given_name="Ánh")])
    assert (await upload(client, admin_headers, content, "commit")).json()["status"] == "succeeded"
    r = await client.get(f"{API}/export.xlsx", params={"within": tree.provinces[0]}, headers=admin_headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["STT", "Họ", "Tên đệm", "Tên", "Họ và tên", "Ngày sinh"] and "Số CCCD" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    data = list(ws.iter_rows(min_row=2, values_only=True))
    assert [d[3] for d in data] == ["An", "Bình"]  # Vietnamese name order, province 0 only
    assert ws.cell(row=2, column=6).number_format == "DD/MM/YYYY"
    log = (await session.execute(select(AccessLog).where(AccessLog.category == "export")
                                 .order_by(AccessLog.id.desc()))).scalars().first()
    ids = (await session.execute(select(Cadre.id).where(Cadre.unit_id == tree.grassroots[0]))).scalars().all()
    assert sorted(log.subject_ids) == sorted(str(i) for i in ids)
    # filters as in GET /cadres
    r = await client.get(f"{API}/export.xlsx", params={"within": tree.provinces[0], "gender": "female"},
                         headers=admin_headers)
    assert [d[3] for d in load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(
        min_row=2, values_only=True)] == ["Bình"]


async def test_export_hides_sensitive_columns_without_scope(client, session, tree: Tree, admin_headers):
    codes = await unit_codes(session, [tree.grassroots[0]])
    assert (await upload(client, admin_headers, workbook([row(1, codes[0])]), "commit")).json()["status"] == \
        "succeeded"
    plain = bearer(await grant_token(session, role="viewer", unit_id=tree.provinces[0]))
    r = await client.get(f"{API}/export.xlsx", headers=plain)
    header = [c.value for c in load_workbook(io.BytesIO(r.content)).worksheets[0][1]]
    assert not {"Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng", "Số CCCD"} & set(header)
    r = await client.get(f"{API}/export.xlsx", params={"party_member": "true"}, headers=plain)
    assert r.status_code == 403


async def test_rule_a_finished_import_notifies_the_person_who_started_it(client, session, tree: Tree, admin_headers):
    """The officer's "waiting for me" lists imports that finished: the job notifies its starter, with the counts."""
    codes = await unit_codes(session, tree.grassroots)
    bad_rows, _ = seeded(codes)
    await upload(client, admin_headers, workbook(bad_rows), "dry_run")
    await upload(client, admin_headers, workbook([row(i, codes[0]) for i in range(3)]), "commit")
    r = await client.get("/api/v1/notifications", headers=admin_headers, params={"unread": True})
    assert r.status_code == 200, r.text
    titles = [n["title"] for n in r.json()["items"] if (n["link"] or "").startswith("/cadres/import?job=")]
    assert any(t.startswith("Nhập Excel xong: đã tạo 3 cán bộ") for t in titles), titles
    assert any("lỗi cần sửa" in t for t in titles), titles
