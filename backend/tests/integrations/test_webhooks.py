"""Webhooks per Standard Webhooks from a transactional outbox (issue 15)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select, update
from standardwebhooks import Webhook

from app.core.config import get_settings
from app.core.db import utcnow
from app.integrations import webhooks
from app.integrations.models import WebhookDelivery
from tests.factories import Tree
from tests.integrations.receiver import receiver

API = "/api/v1/webhook-endpoints"


def person(unit_id: int, **over: object) -> dict[str, object]:
    body: dict[str, object] = {"unit_id": unit_id, "family_name": "Phạm", "middle_name": "Minh",
                               "given_name": "Tuấn", "birth_date": "1982-11-20", "gender": "male",
                               "employment": "full_time"}
    body.update(over)
    return body


@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")


async def _deliveries(session, **where) -> list:
    stmt = select(WebhookDelivery).order_by(WebhookDelivery.id)
    for k, v in where.items():
        stmt = stmt.where(getattr(WebhookDelivery, k) == v)
    return list((await session.execute(stmt)).scalars())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                                 "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook",
                                 "ftp://example.com/hook", "http://user:pw@8.8.8.8/hook"])
async def test_rule_webhook_ssrf_refused_at_registration(client, tree: Tree, admin_headers, url):
    r = await client.post(API, headers=admin_headers, json={"url": url, "event_types": ["cadre.created"]})
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "webhook_target_forbidden"


async def test_rule_webhook_signed_per_standard_webhooks(client, session, tree: Tree, admin_headers,
                                                         allow_loopback):
    with receiver() as hook:
        r = await client.post(API, headers=admin_headers, json={"url": hook.url, "event_types": ["cadre.created"]})
        assert r.status_code == 201, r.text
        secret = r.json()["secret"]
        assert secret.startswith("whsec_")
        created = await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))
        assert created.status_code == 201
        counts = await webhooks.dispatch_due()
        assert counts["succeeded"] == 1
        assert len(hook.requests) == 1
        got = hook.requests[0]
        payload = Webhook(secret).verify(got.body, {k: got.headers[k] for k in
                                                    ("webhook-id", "webhook-timestamp", "webhook-signature")})
        assert payload["type"] == "cadre.created"
        assert payload["data"]["id"] == created.json()["id"] and payload["data"]["entity_type"] == "cadre"
        assert "Tuấn" not in got.body.decode()  # thin payload: no personal data
        # a tampered body or a stale timestamp fails verification with the reference library
        with pytest.raises(Exception):  # noqa: B017
            Webhook(secret).verify(got.body + b" ", dict(got.headers))
        stale = {**got.headers, "webhook-timestamp": str(int(got.headers["webhook-timestamp"]) - 3600)}
        with pytest.raises(Exception):  # noqa: B017
            Webhook(secret).verify(got.body, stale)
        delivered = await _deliveries(session)
        assert [d.status for d in delivered] == ["succeeded"] and delivered[0].msg_id == got.headers["webhook-id"]


async def test_rule_webhook_rolled_back_change_emits_nothing(client, session, tree: Tree, admin_headers,
                                                             allow_loopback):
    with receiver() as hook:
        r = await client.post(API, headers=admin_headers, json={"url": hook.url, "event_types": ["cadre.created"]})
        assert r.status_code == 201
        items = [{**person(tree.grassroots[0], given_name=f"Tuấn{i}"), "external_id": f"R{i}"} for i in range(3)]
        items.append({**person(tree.grassroots[0], given_name="Tuấn0"), "external_id": "R3"})  # duplicate of row 0
        bulk = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers,
                                 json={"system": "hr", "items": items})
        assert bulk.status_code == 422  # rows 0-2 were created, audited and queued, then rolled back
        assert await _deliveries(session) == []
        assert await webhooks.dispatch_due() == {"succeeded": 0, "retry": 0, "dead": 0}
        assert hook.requests == []
        ok = await client.post("/api/v1/cadres/bulk-upsert", headers=admin_headers,
                               json={"system": "hr", "items": items[:3]})
        assert ok.status_code == 200
        assert len(await _deliveries(session)) == 3


async def test_rule_webhook_subscription_filters_event_types_and_scope(client, session, tree: Tree, admin_headers,
                                                                       allow_loopback):
    from tests.factories import bearer, grant_token

    with receiver() as hook:
        integrator = bearer(await grant_token(session, role="integration", unit_id=tree.provinces[0]))
        r = await client.post(API, headers=integrator, json={"url": hook.url, "event_types": ["cadre.updated"]})
        assert r.status_code == 201
        inside = (await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))).json()
        outside = (await client.post("/api/v1/cadres", headers=admin_headers,
                                     json=person(tree.grassroots[7], given_name="Khoa"))).json()
        assert await _deliveries(session) == []  # cadre.created is not subscribed
        for cadre in (inside, outside):
            await client.patch(f"/api/v1/cadres/{cadre['id']}", headers={**admin_headers, "If-Match": '"1"'},
                               json={"employment": "part_time"})
        queued = await _deliveries(session)
        assert [(d.event_type, d.payload["data"]["id"]) for d in queued] == [("cadre.updated", inside["id"])]
        # the endpoint is the owner's: another integrator gets 404 (a national system admin administers all)
        other = bearer(await grant_token(session, role="integration", unit_id=tree.provinces[1]))
        assert (await client.get(API, headers=other)).json()["items"] == []
        assert (await client.get(f"{API}/{r.json()['id']}", headers=other)).status_code == 404


async def test_rule_webhook_retries_with_backoff_then_dead_letter(client, session, tree: Tree, admin_headers,
                                                                  allow_loopback, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_max_attempts", 2)
    with receiver() as hook:
        hook.mode = "fail"
        endpoint = (await client.post(API, headers=admin_headers,
                                      json={"url": hook.url, "event_types": ["cadre.created"]})).json()
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))
        assert (await webhooks.dispatch_due())["retry"] == 1
        [row] = await _deliveries(session)
        await session.refresh(row)
        assert row.status == "pending" and row.attempts == 1 and row.last_status_code == 500
        assert row.next_attempt_at.replace(tzinfo=UTC) > utcnow() + timedelta(seconds=3)  # backed off
        assert (await webhooks.dispatch_due())["retry"] == 0  # not due yet
        await session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow()))
        await session.commit()
        assert (await webhooks.dispatch_due())["dead"] == 1
        dead = await client.get(f"{API}/{endpoint['id']}/deliveries", headers=admin_headers,
                                params={"status": "dead"})
        assert dead.status_code == 200
        [item] = dead.json()["items"]
        assert item["attempts"] == 2 and item["last_error"] == "http_500" and item["next_attempt_at"] is None
        assert len({r.headers["webhook-id"] for r in hook.requests}) == 1  # every attempt: the same webhook-id
        retried = await client.post(f"{API}/{endpoint['id']}/deliveries/{item['id']}/retry", headers=admin_headers)
        assert retried.status_code == 200 and retried.json()["status"] == "pending"
        hook.mode = "ok"
        assert (await webhooks.dispatch_due())["succeeded"] == 1
        assert hook.requests[-1].headers["webhook-id"] == item["msg_id"]


async def test_rule_webhook_redirects_not_followed_and_ssrf_checked_at_delivery(client, session, tree: Tree,
                                                                                admin_headers, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")
    with receiver() as hook:
        hook.mode = "redirect"
        await client.post(API, headers=admin_headers, json={"url": hook.url, "event_types": ["cadre.created"]})
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))
        assert (await webhooks.dispatch_due())["retry"] == 1
        assert [r.path for r in hook.requests] == ["/hook"]  # the Location was not followed
        [row] = await _deliveries(session)
        await session.refresh(row)
        assert row.last_error == "redirect_not_followed" and row.last_status_code == 302
        # the host is no longer allowed (or now resolves privately): refused again at delivery, nothing sent
        monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "")
        await session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow()))
        await session.commit()
        assert (await webhooks.dispatch_due())["retry"] == 1
        assert len(hook.requests) == 1
        await session.refresh(row)
        assert row.last_error.startswith("target_forbidden")


async def test_rule_webhook_secret_rotation_signs_with_both_secrets(client, session, tree: Tree, admin_headers,
                                                                    allow_loopback):
    with receiver() as hook:
        created = (await client.post(API, headers=admin_headers,
                                     json={"url": hook.url, "event_types": ["cadre.created"]})).json()
        rotated = await client.post(f"{API}/{created['id']}/rotate-secret", headers=admin_headers)
        assert rotated.status_code == 200 and rotated.json()["secret"] != created["secret"]
        assert rotated.json()["previous_secret_expires_at"]
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))
        await webhooks.dispatch_due()
        got = hook.requests[0]
        assert len(got.headers["webhook-signature"].split(" ")) == 2
        for secret in (created["secret"], rotated.json()["secret"]):
            Webhook(secret).verify(got.body, dict(got.headers))
        # the endpoint can be deleted with If-Match; its pending messages are dead-lettered, not sent
        etag = (await client.get(f"{API}/{created['id']}", headers=admin_headers)).headers["etag"]
        assert (await client.delete(f"{API}/{created['id']}", headers=admin_headers)).status_code == 428
        gone = await client.delete(f"{API}/{created['id']}", headers={**admin_headers, "If-Match": etag})
        assert gone.status_code == 204
        assert (await client.get(f"{API}/{created['id']}", headers=admin_headers)).status_code == 404


def test_rule_webhook_event_types_from_audit_actions():
    assert webhooks.event_type_for("cadre.create", "cadre") == "cadre.created"
    assert webhooks.event_type_for("cadre.qualification.add", "cadre") == "cadre.updated"
    assert webhooks.event_type_for("unit.merge", "org_unit") == "unit.restructured"
    assert webhooks.event_type_for("action.effective.appointment", "personnel_action") == \
        "personnel_action.effective"
    assert webhooks.event_type_for("report_request.remind", "report_request") == "report_request.due"
    assert webhooks.event_type_for("plan.create", "plan") is None
