"""Small builders for indicator tests: cadres, posts and plans through the real API."""

from __future__ import annotations

from typing import Any

CADRES = "/api/v1/cadres"


async def cadre(client, headers, unit_id, *, given="An", gender="male", birth="1975-03-10",
                employment="full_time", education="dai_hoc", **extra) -> int:
    body: dict[str, Any] = {"unit_id": unit_id, "family_name": "Nguyễn", "middle_name": "Thị" if gender == "female"
                            else "Văn", "given_name": given, "birth_date": birth, "gender": gender,
                            "employment": employment, **extra}
    if education:
        body["education_level"] = education
    r = await client.post(CADRES, headers=headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def qualification(client, headers, cadre_id, kind, level, awarded_on=None) -> None:
    r = await client.post(f"{CADRES}/{cadre_id}/qualifications", headers=headers,
                          json={"kind": kind, "level": level, "awarded_on": awarded_on})
    assert r.status_code == 201, r.text


async def apparatus(client, headers, unit_id) -> int:
    r = await client.post("/api/v1/bodies", headers=headers, json={"unit_id": unit_id, "kind": "apparatus"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def term_bodies(client, headers, unit_id, start="2023-01-01") -> dict[str, int]:
    r = await client.post("/api/v1/terms", headers=headers, json={
        "unit_id": unit_id, "name": "Nhiệm kỳ 2023–2028", "start_date": start,
        "bodies": [{"kind": "bch"}, {"kind": "btv"}]})
    assert r.status_code == 201, r.text
    return {b["kind"]: b["id"] for b in r.json()["bodies"]}


async def post(client, headers, cadre_id, body_id, position="chuyen_vien", *, basis="appointed",
               from_date="2023-01-01", full_time=True) -> int:
    r = await client.post("/api/v1/assignments", headers=headers, json={
        "cadre_id": cadre_id, "body_id": body_id, "position_code": position, "basis": basis,
        "full_time": full_time, "from_date": from_date})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def plan(client, headers, issuer, targets, *, start="2023-01-01", end="2025-12-31", **extra) -> dict:
    r = await client.post("/api/v1/plans", headers=headers, json={
        "kind": "ke_hoach", "number": "364/KH-LĐLĐ", "title": "Kế hoạch thực hiện Nghị quyết 03",
        "issuer_unit_id": issuer, "period_start": start, "period_end": end, "targets": targets, **extra})
    assert r.status_code == 201, r.text
    return r.json()
