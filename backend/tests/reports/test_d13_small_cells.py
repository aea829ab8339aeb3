"""D13 (rule 26): statistics hide the sensitive breakdowns of groups under k_min — the versioned rule setting
`stats_k_min` (5 by default) — from callers without `cadres:read_sensitive`, in JSON, xlsx, docx and drill-downs."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.factories import Tree, bearer, grant_token
from tests.indicators.data import apparatus, cadre, plan, post

API = "/api/v1/reports/cadre-statistics"
AS_OF = {"as_of": "2024-06-01"}
SENSITIVE_ROWS = ("Dân tộc thiểu số", "Đảng viên")


@pytest.fixture
async def small_group(client, tree: Tree, admin_headers) -> tuple[int, int]:
    """Three full-time staff in a district federation (a group under 5): two ethnic-minority, one party member,
    one with a degree."""
    d = tree.districts[0]
    body = await apparatus(client, admin_headers, d)
    for n, given in enumerate(("Một", "Hai", "Ba")):
        cid = await cadre(client, admin_headers, d, given=given, birth=f"198{n}-01-01",
                          ethnicity="tay" if n else "kinh", party_member=n == 0,
                          education="dai_hoc" if n == 0 else "cao_dang")
        await post(client, admin_headers, cid, body, from_date="2020-01-01")
    return d, body


async def viewer_and_officer(session, unit_id):
    viewer = bearer(await grant_token(session, role="viewer", unit_id=unit_id))  # no cadres:read_sensitive
    officer = bearer(await grant_token(session, role="org_officer", unit_id=unit_id))  # has it
    return viewer, officer


def xlsx_table(content: bytes) -> dict[str, tuple]:
    ws = load_workbook(io.BytesIO(content)).active
    return {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row and row[0]}


def docx_table(content: bytes) -> dict[str, list[str]]:
    doc = Document(io.BytesIO(content))
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for t in doc.tables for row in t.rows}


async def test_d13_json_hides_sensitive_breakdowns_of_a_group_under_the_default_k_min(client, session, small_group,
                                                                                     admin_headers):
    small_group, _ = small_group
    viewer, officer = await viewer_and_officer(session, small_group)
    params = {"unit_id": small_group, **AS_OF}
    hidden = (await client.get(API, params=params, headers=viewer)).json()["staff"]["full_time"]
    assert (hidden["total"], hidden["female"], hidden["ethnic_minority"], hidden["party_member"]) == (3, 0, None, None)
    shown = (await client.get(API, params=params, headers=officer)).json()["staff"]["full_time"]
    assert (shown["total"], shown["ethnic_minority"], shown["party_member"]) == (3, 2, 1)


async def test_d13_json_shows_a_group_of_k_min_or_more(client, session, small_group, admin_headers):
    small_group, body = small_group
    for given in ("Bốn", "Năm"):
        await post(client, admin_headers, await cadre(client, admin_headers, small_group, given=given, ethnicity="tay"),
                   body, from_date="2020-01-01")
    viewer, _ = await viewer_and_officer(session, small_group)
    five = (await client.get(API, params={"unit_id": small_group, **AS_OF}, headers=viewer)).json()
    assert (five["staff"]["full_time"]["total"], five["staff"]["full_time"]["ethnic_minority"]) == (5, 4)


async def test_d13_xlsx_hides_the_same_cells(client, session, small_group):
    small_group, _ = small_group
    viewer, officer = await viewer_and_officer(session, small_group)
    params = {"unit_id": small_group, "format": "xlsx", **AS_OF}
    hidden = xlsx_table((await client.get(API, params=params, headers=viewer)).content)
    assert hidden["Tổng số"][0] == 3
    assert all(hidden[row][0] == "—" for row in SENSITIVE_ROWS)
    shown = xlsx_table((await client.get(API, params=params, headers=officer)).content)
    assert (shown["Dân tộc thiểu số"][0], shown["Đảng viên"][0]) == (2, 1)


async def test_d13_docx_hides_the_same_cells(client, session, small_group):
    small_group, _ = small_group
    viewer, officer = await viewer_and_officer(session, small_group)
    params = {"unit_id": small_group, "format": "docx", **AS_OF}
    r = await client.get(API, params=params, headers=viewer)
    assert r.status_code == 200, r.text
    hidden = docx_table(r.content)
    assert hidden["Tổng số"][0] == "3"
    assert all(hidden[row][0] == "—" for row in SENSITIVE_ROWS)
    shown = docx_table((await client.get(API, params=params, headers=officer)).content)
    assert (shown["Dân tộc thiểu số"][0], shown["Đảng viên"][0]) == ("2", "1")


async def test_d13_drill_down_uses_the_same_k_min(client, session, small_group, admin_headers):
    small_group, _ = small_group
    p = await plan(client, admin_headers, small_group, [{"indicator_code": "upper_staff_degree", "target_value": 50}])
    url = f"/api/v1/targets/{p['targets'][0]['id']}/records"
    viewer, officer = await viewer_and_officer(session, small_group)
    hidden = (await client.get(url, headers=viewer, params=AS_OF)).json()
    assert (hidden["numerator"], hidden["denominator"]) == (1, 3)  # counts stay
    assert hidden["suppressed"] is True and hidden["items"] == [] and hidden["k_min"] == 5
    shown = (await client.get(url, headers=officer, params=AS_OF)).json()
    assert shown["suppressed"] is False and len(shown["items"]) == 3


async def test_d13_k_min_is_the_versioned_rule_setting_for_reports_and_drill_downs(client, session, small_group,
                                                                                   admin_headers):
    small_group, _ = small_group
    new = await client.post("/api/v1/rule-settings", headers=admin_headers,
                            json={"code": "stats_k_min", "value": 1, "valid_from": "2024-07-01"})
    assert new.status_code == 201, new.text
    p = await plan(client, admin_headers, small_group, [{"indicator_code": "upper_staff_degree", "target_value": 50}])
    url = f"/api/v1/targets/{p['targets'][0]['id']}/records"
    viewer, _ = await viewer_and_officer(session, small_group)
    before = {"as_of": "2024-06-01"}
    after = {"as_of": "2024-12-01"}
    assert (await client.get(API, params={"unit_id": small_group, **before}, headers=viewer)
            ).json()["staff"]["full_time"]["ethnic_minority"] is None  # 5 still applies before July 2024
    r = (await client.get(API, params={"unit_id": small_group, **after}, headers=viewer)).json()
    assert r["staff"]["full_time"]["ethnic_minority"] == 2, r  # 1 from July 2024
    assert (await client.get(url, headers=viewer, params=before)).json()["suppressed"] is True
    later = (await client.get(url, headers=viewer, params=after)).json()
    assert later["suppressed"] is False and later["k_min"] == 1 and len(later["items"]) == 3
