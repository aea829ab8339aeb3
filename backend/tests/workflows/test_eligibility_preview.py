"""POST /api/v1/personnel-actions/eligibility-preview: the live eligibility panel of the create form. Same rules and
scope as creating an action, nothing written."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.workflows.models import PersonnelAction
from tests.factories import Tree, bearer, grant_token
from tests.workflows.test_personnel_actions import people  # noqa: F401  (fixture)

API = "/api/v1/personnel-actions"


def _body(p: dict, **over: object) -> dict:
    return {"type": "appointment", "cadre_id": p["a"], "unit_id": p["province"],
            "position_code": "truong_ban", "effective_date": (date.today() + timedelta(days=30)).isoformat(), **over}


async def test_rule_eligibility_preview_matches_create_and_writes_nothing(client, session, people):  # noqa: F811
    before_actions = (await session.execute(select(func.count()).select_from(PersonnelAction))).scalar_one()
    before_audit = (await session.execute(select(func.count()).select_from(AuditLog))).scalar_one()
    r = await client.post(f"{API}/eligibility-preview", headers=people["officer"], json=_body(people))
    assert r.status_code == 200, r.text
    preview = r.json()
    by_rule = {e["rule"]: e for e in preview["eligibility"]}
    assert by_rule["in_plan"]["passed"] is False and by_rule["political_clearance"]["passed"] is True
    assert "in_plan" in preview["blocking_failures"] and preview["overridable"] == ["in_plan"]
    assert (await session.execute(select(func.count()).select_from(PersonnelAction))).scalar_one() == before_actions
    assert (await session.execute(select(func.count()).select_from(AuditLog))).scalar_one() == before_audit
    created = await client.post(API, headers=people["officer"], json=_body(people))
    assert created.status_code == 201
    assert created.json()["eligibility"] == preview["eligibility"]


async def test_eligibility_preview_only_overrides_in_plan(client, people, admin_headers):  # noqa: F811
    """A discipline in effect blocks and is not overridable; the preview says so before anything is saved."""
    r = await client.post(f"/api/v1/cadres/{people['a']}/disciplines", headers=admin_headers, json={
        "form": "khien_trach", "effective_from": "2024-01-01", "effective_to": "2099-01-01"})
    assert r.status_code == 201, r.text
    preview = (await client.post(f"{API}/eligibility-preview", headers=people["officer"],
                                 json=_body(people))).json()
    assert {"in_plan", "no_active_discipline"} <= set(preview["blocking_failures"])
    assert preview["overridable"] == ["in_plan"]


async def test_eligibility_preview_is_scoped_and_validated(client, session, tree: Tree, people):  # noqa: F811
    outsider = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[1]))
    r = await client.post(f"{API}/eligibility-preview", headers=outsider, json=_body(people))
    assert r.status_code == 404
    r = await client.post(f"{API}/eligibility-preview", headers=people["officer"],
                          json=_body(people, position_code="khong_co"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "position_code"
    viewer = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    assert (await client.post(f"{API}/eligibility-preview", headers=viewer, json=_body(people))).status_code == 403
