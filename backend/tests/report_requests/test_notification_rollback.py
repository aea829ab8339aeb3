"""Criterion 31: a rolled-back transaction emits no webhook and no notification (in-app row or e-mail).

A reminder writes, in its request's transaction, an in-app notification and an e-mail outbox row per unit that has
not submitted, its audit row and the `report_request.due` webhook message; a failure injected after all of them
must leave none behind, and the SMTP server (a real one, aiosmtpd) must receive nothing."""

from __future__ import annotations

import asyncio

from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from app.auth.models import UserAccount
from app.core import audit
from app.core.audit import AuditLog
from app.core.config import get_settings
from app.integrations.models import WebhookDelivery
from app.report_requests.models import EmailOutbox, Notification
from tests.report_requests.test_report_requests import R, _free_port, parties, send  # noqa: F401 - fixture

TABLES = (Notification, EmailOutbox, AuditLog, WebhookDelivery)


async def _counts(session) -> list[int]:  # type: ignore[no-untyped-def]
    return [(await session.execute(select(func.count()).select_from(t))).scalar_one() for t in TABLES]


async def test_rule_rolled_back_reminder_emits_no_webhook_notification_or_email(client, session, parties,  # noqa: F811
                                                                                admin_headers, monkeypatch):
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, sess, envelope):  # type: ignore[no-untyped-def] # noqa: N802
            received.append(envelope.content)
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("CADRE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("CADRE_SMTP_PORT", str(port))
        monkeypatch.setenv("CADRE_SMTP_FROM", "bao-cao@ldld.vn")
        monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")
        hook = await client.post("/api/v1/webhook-endpoints", headers=admin_headers, json={
            "url": "http://127.0.0.1:9/hook", "event_types": ["report_request.due"]})
        assert hook.status_code == 201, hook.text
        users = UserAccount.__table__
        await session.execute(update(users).where(users.c.username == "d1officer").values(email="d1@ldld.vn"))
        await session.commit()
        req = await send(client, parties["province"], parties["p0"])
        for _ in range(100):  # the request's own notice goes out after its commit
            if received:
                break
            await asyncio.sleep(0.05)
        assert len(received) == 1
        before = await _counts(session)

        real_record = audit.record

        async def record_then_fail(session, **row):  # type: ignore[no-untyped-def]
            out = await real_record(session, **row)
            if row["action"] == "report_request.remind":
                # written by now: notifications, e-mail outbox rows, the audit row and the webhook message
                now = await _counts(session)
                assert all(n > b for n, b in zip(now, before, strict=True)), (now, before)
                raise RuntimeError("injected failure after the reminder's last write")
            return out

        monkeypatch.setattr(audit, "record", record_then_fail)
        failed = await client.post(f"{R}/{req['id']}/remind", headers=parties["province"])
        assert failed.status_code == 500 and failed.json()["code"] == "internal_error"
        monkeypatch.setattr(audit, "record", real_record)
        await asyncio.sleep(1)  # time enough for an e-mail that should not exist to reach the server
        session.expire_all()
        assert await _counts(session) == before
        assert len(received) == 1
        notes = (await client.get("/api/v1/notifications", headers=parties["d1_officer"])).json()["items"]
        assert not any(n["title"].startswith("Nhắc nộp") for n in notes)
        # the same reminder without the failure: one notice per unit, its e-mail sent after the commit
        ok = await client.post(f"{R}/{req['id']}/remind", headers=parties["province"])
        assert ok.status_code == 200 and ok.json()["emails_queued"] == 1
        for _ in range(100):
            if len(received) == 2:
                break
            await asyncio.sleep(0.05)
        assert len(received) == 2
    finally:
        controller.stop()
