"""D12 (rule 24): manual indicators that are percentages are stored and judged as percentages."""

from __future__ import annotations

import pytest

from app.indicators.status import is_percentage
from tests.factories import Tree, bearer, grant_token
from tests.indicators.data import plan

M = "/api/v1/measurements"
EVIDENCE = {"evidence_text": "Sổ theo dõi văn bản điện tử"}


async def submit(client, headers, code, unit_id, as_of="2024-06-01", **figures):
    return await client.post(M, headers=headers, json={"indicator_code": code, "unit_id": unit_id, "as_of": as_of,
                                                       **EVIDENCE, **figures})


def test_d12_percentage_is_a_ratio_or_a_manual_figure_in_percent():
    assert is_percentage("ratio", "%") and is_percentage("manual", "%") and is_percentage("manual", " % ")
    assert not is_percentage("manual", "người/CĐCS") and not is_percentage("count", "CĐCS")


async def test_d12_manual_percentage_is_entered_and_stored_as_a_percentage(client, tree: Tree, admin_headers):
    d0 = tree.districts[0]
    typed = await submit(client, admin_headers, "electronic_documents", d0, value=87.5)
    assert typed.status_code == 201, typed.text
    assert typed.json()["value"] == 87.5
    from_counts = await submit(client, admin_headers, "electronic_documents", d0, numerator=7, denominator=8)
    assert from_counts.status_code == 201 and from_counts.json()["value"] == 87.5  # 7/8 stored as 87.5, not 0.875
    rounded = await submit(client, admin_headers, "electronic_documents", d0, value=33.3, numerator=1, denominator=3)
    assert rounded.status_code == 201 and rounded.json()["value"] == 33.3


@pytest.mark.parametrize("figures", [
    {"value": 120},  # over 100 %
    {"value": -1},
    {"value": 0.875, "numerator": 7, "denominator": 8},  # a fraction, not a percentage
    {"numerator": 9, "denominator": 8},
    {"numerator": 1, "denominator": 0},
])
async def test_d12_manual_percentage_outside_0_to_100_is_refused(client, tree: Tree, admin_headers, figures):
    r = await submit(client, admin_headers, "electronic_documents", tree.districts[0], **figures)
    assert r.status_code == 422 and r.json()["code"] == "percentage_out_of_range", r.text
    assert r.json()["errors"][0]["field"] in ("value", "numerator")


async def test_d12_manual_count_is_not_limited_to_100(client, tree: Tree, admin_headers):
    r = await submit(client, admin_headers, "party_introductions_per_grassroots", tree.districts[0], value=120)
    assert r.status_code == 201 and r.json()["value"] == 120


async def test_d12_percentage_target_is_0_to_100(client, tree: Tree, admin_headers):
    r = await client.post("/api/v1/plans", headers=admin_headers, json={
        "kind": "ke_hoach", "title": "Kế hoạch", "issuer_unit_id": tree.districts[0], "period_start": "2023-01-01",
        "period_end": "2025-12-31", "targets": [{"indicator_code": "electronic_documents", "target_value": 120}]})
    assert r.status_code == 422 and r.json()["code"] == "percentage_out_of_range"
    assert r.json()["errors"][0]["field"] == "targets.0.target_value"
    counts = await plan(client, admin_headers, tree.districts[0],
                        [{"indicator_code": "party_introductions_per_grassroots", "target_value": 120}])
    assert counts["targets"][0]["target_value"] == 120


async def test_d12_manual_percentage_is_judged_as_a_percentage_vuot_only_below_100(client, session, tree: Tree,
                                                                                   admin_headers):
    d0 = tree.districts[0]
    p = await plan(client, admin_headers, d0, [
        {"indicator_code": "electronic_documents", "target_value": 100},
        {"indicator_code": "electronic_documents", "target_value": 80},
        {"indicator_code": "party_introductions_per_grassroots", "target_value": 1},
    ])
    approver = bearer(await grant_token(session, role="approver", unit_id=tree.provinces[0]))
    for code, figures in (("electronic_documents", {"value": 100}),
                          ("party_introductions_per_grassroots", {"value": 2})):
        m = await submit(client, admin_headers, code, d0, **figures)
        ok = await client.post(f"{M}/{m.json()['id']}/decision", headers=approver, json={"approve": True})
        assert ok.status_code == 200, ok.text
    whole = (await client.get(f"/api/v1/plans/{p['id']}/progress", headers=admin_headers,
                              params={"as_of": "2024-07-01"})).json()["items"]
    assert [(i["value"], i["percentage"], i["status"]) for i in whole] == [
        (100, True, "dat"),  # a 100 % target met exactly is Đạt, never Vượt
        (100, True, "vuot"),  # 100 % against 80 %
        (2, False, "vuot"),  # a count beyond its target is exceeded
    ]
    single = (await client.get(f"/api/v1/targets/{p['targets'][0]['id']}/progress", headers=admin_headers,
                               params={"as_of": "2024-07-01"})).json()
    assert (single["status"], single["percentage"], single["source"]) == ("dat", True, "measurement")
