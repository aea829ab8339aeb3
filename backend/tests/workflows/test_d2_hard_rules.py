"""D2 (rules 10–12, issue 10): an approver's override reaches `in_plan` only. Active discipline and the retirement
runway stay 422 `eligibility_failed` whatever the approval body says, and the action stays submitted."""

from __future__ import annotations

from datetime import date

from app.workflows.rules import OVERRIDABLE
from tests.workflows.test_rule_corrections import API, TODAY, cadre, clear, org, propose, rule  # noqa: F401

OVERRIDE = {"override_reason": "Ban Thường vụ thống nhất vượt điều kiện", "decision_no": "77/QĐ-LĐLĐ"}


async def _refused_with_override(client, org, admin_headers, person_id: int) -> set[str]:  # noqa: F811
    action = await propose(client, admin_headers, type="appointment", cadre_id=person_id, unit_id=org["province"],
                           position_code="truong_ban")
    await client.post(f"{API}/{action['id']}/submit", headers=admin_headers)
    refused = await client.post(f"{API}/{action['id']}/approve", headers=org["approver"], json=OVERRIDE)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "eligibility_failed"
    after = (await client.get(f"{API}/{action['id']}", headers=admin_headers)).json()
    assert after["status"] == "submitted" and after["override_reason"] is None
    return {e["field"] for e in refused.json()["errors"]}


async def test_rule_d2_active_discipline_is_not_overridable(client, org, admin_headers):  # noqa: F811
    assert OVERRIDABLE == frozenset({"in_plan"})
    person = await cadre(client, admin_headers, org["province"], "Phúc")
    await clear(client, admin_headers, person["id"])
    r = await client.post(f"/api/v1/cadres/{person['id']}/disciplines", headers=admin_headers, json={
        "form": "khien_trach", "decision_no": "3/QĐ-UBKT", "effective_from": "2024-01-01",
        "effective_to": "2099-01-01"})
    assert r.status_code == 201, r.text
    failed = await _refused_with_override(client, org, admin_headers, person["id"])
    assert failed == {"no_active_discipline", "in_plan"}  # in_plan alone would have been overridden


async def test_rule_d2_retirement_runway_is_not_overridable(client, org, admin_headers):  # noqa: F811
    # 60 today: a man retires at 62 at the latest (Decree 135), so fewer than the 60 months an appointment needs
    person = await cadre(client, admin_headers, org["province"], "Quang",
                         birth=date(TODAY.year - 60, TODAY.month, 1).isoformat())
    await clear(client, admin_headers, person["id"])
    action = await propose(client, admin_headers, type="appointment", cadre_id=person["id"], unit_id=org["province"],
                           position_code="truong_ban")
    assert rule(action, "retirement_runway")["passed"] is False
    failed = await _refused_with_override(client, org, admin_headers, person["id"])
    assert failed == {"retirement_runway", "in_plan"}
