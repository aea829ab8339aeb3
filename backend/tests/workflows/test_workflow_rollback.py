"""Criterion 24: a failure in the middle of a workflow step rolls back its domain, outbox and audit rows together.

Approving an appointment dated today makes it effective in the same request: the action's status, the closed and
opened assignments, their audit rows and the `personnel_action.effective` webhook message (outbox) are all written;
a failure injected after the last of them must leave none behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core import audit
from app.core.audit import AuditLog
from app.core.config import get_settings
from app.integrations.models import WebhookDelivery
from tests.workflows.test_personnel_actions import API, TODAY, people  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("people")


async def _counts(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    audits = (await session.execute(select(func.count()).select_from(AuditLog))).scalar_one()
    outbox = (await session.execute(select(func.count()).select_from(WebhookDelivery))).scalar_one()
    return audits, outbox


async def test_rule_failure_mid_workflow_rolls_back_domain_outbox_and_audit(client, session, people,  # noqa: F811
                                                                            admin_headers, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")
    hook = await client.post("/api/v1/webhook-endpoints", headers=admin_headers, json={
        "url": "http://127.0.0.1:9/hook", "event_types": ["personnel_action.effective"]})
    assert hook.status_code == 201, hook.text
    action = (await client.post(API, headers=people["officer"], json={
        "type": "appointment", "cadre_id": people["a"], "unit_id": people["province"], "position_code": "truong_ban",
        "effective_date": (TODAY - timedelta(days=1)).isoformat(), "decision_no": "216/QĐ-LĐLĐ"})).json()
    url = f"{API}/{action['id']}"
    assert (await client.post(f"{url}/submit", headers=people["officer"])).json()["status"] == "submitted"
    posts_before = (await client.get(f"/api/v1/cadres/{people['a']}/assignments", headers=admin_headers)).json()
    before = await _counts(session)

    real_record = audit.record
    written: list[str] = []

    async def record_then_fail(session, **row):  # type: ignore[no-untyped-def]
        out = await real_record(session, **row)
        written.append(row["action"])
        if row["action"].startswith("action.effective."):
            # everything of the step is written by now: status, assignments, audit rows, the outbox message
            pending = (await session.execute(select(func.count()).select_from(WebhookDelivery))).scalar_one()
            assert pending == before[1] + 1
            raise RuntimeError("injected failure after the last write of the step")
        return out

    monkeypatch.setattr(audit, "record", record_then_fail)
    failed = await client.post(f"{url}/approve", headers=people["approver"],
                               json={"override_reason": "Cán bộ nguồn từ nơi khác, được Ban Thường vụ thống nhất"})
    assert failed.status_code == 500 and failed.json()["code"] == "internal_error"
    assert "action.approve.override" in written and "action.effective.appointment" in written
    monkeypatch.setattr(audit, "record", real_record)

    session.expire_all()
    assert await _counts(session) == before  # no audit row, no outbox message survived
    assert (await client.get(url, headers=people["approver"])).json()["status"] == "submitted"
    posts_after = (await client.get(f"/api/v1/cadres/{people['a']}/assignments", headers=admin_headers)).json()
    assert posts_after == posts_before  # no assignment closed or opened
    # and the same step without the failure writes all of it
    ok = await client.post(f"{url}/approve", headers=people["approver"],
                           json={"override_reason": "Cán bộ nguồn từ nơi khác, được Ban Thường vụ thống nhất"})
    assert ok.status_code == 200 and ok.json()["status"] == "effective"
    audits, outbox = await _counts(session)
    assert audits > before[0] and outbox == before[1] + 1
