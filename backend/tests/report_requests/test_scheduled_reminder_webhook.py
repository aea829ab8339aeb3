"""The daily reminder is audited, so webhook subscribers hear `report_request.due` (issue 15; decision 062: webhook
events derive from audit actions)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.audit import AuditLog
from app.core.config import get_settings
from app.core.db import today
from app.integrations.models import WebhookDelivery
from app.report_requests.service import SCHEDULER, due_reminders
from tests.factories import Tree, bearer, grant_token


async def test_rule_scheduled_reminder_emits_report_request_due_webhook(client, session, tree: Tree, admin_headers,
                                                                        monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "hooks.example")
    r = await client.post("/api/v1/webhook-endpoints", headers=admin_headers, json={
        "url": "https://hooks.example/cadre", "event_types": ["report_request.due"]})
    assert r.status_code == 201, r.text
    province = bearer(await grant_token(session, role="org_officer", unit_id=tree.provinces[0]))
    r = await client.post("/api/v1/report-requests", headers=province, json={
        "title": "Báo cáo quý", "issuer_unit_id": tree.provinces[0], "audience": "direct_children",
        "deadline": (today() + timedelta(days=2)).isoformat(), "indicator_codes": ["members"]})
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]

    async def due_events() -> list[WebhookDelivery]:
        return list((await session.execute(select(WebhookDelivery).where(
            WebhookDelivery.event_type == "report_request.due").order_by(WebhookDelivery.id))).scalars())

    assert await due_events() == []  # sending the request is not a reminder
    assert await due_reminders(session, today()) == 2  # both districts, deadline within the reminder window
    [event] = await due_events()
    assert event.payload["data"]["entity_type"] == "report_request" and event.payload["data"]["id"] == request_id
    assert event.payload["data"]["unit_id"] == tree.provinces[0]
    row = (await session.execute(select(AuditLog).where(AuditLog.action == "report_request.remind"))).scalar_one()
    assert row.actor == SCHEDULER and row.changes["automatic"] is True
    assert sorted(row.changes["units"]) == sorted(tree.districts[:2])
    # once per request and day, like the notifications' dedupe: a second run the same day adds nothing
    assert await due_reminders(session, today()) == 0
    assert len(await due_events()) == 1
    # the next day is another reminder, and another event
    assert await due_reminders(session, today() + timedelta(days=1)) == 2
    assert len(await due_events()) == 2
    # a unit that has submitted is not reminded; once every unit has, the request raises no more events
    for district in tree.districts[:2]:
        chair = bearer(await grant_token(session, role="org_officer", unit_id=district))
        r = await client.post(f"/api/v1/report-requests/{request_id}/submissions", headers=chair,
                              json={"unit_id": district, "figures": {"members": 10}})
        assert r.status_code in (200, 201), r.text
    assert await due_reminders(session, today() + timedelta(days=2)) == 0
    assert len(await due_events()) == 2
