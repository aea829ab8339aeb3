"""Webhook endpoints administered from the SPA (issue 15): pause/resume and edit with If-Match, a system admin
registering and overseeing the subscriptions of integration clients."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.config import get_settings
from app.integrations import webhooks
from app.integrations.models import WebhookDelivery
from tests.factories import Tree, bearer, grant_token
from tests.integrations.receiver import receiver

API = "/api/v1/webhook-endpoints"


def person(unit_id: int, given: str = "Tuấn") -> dict[str, object]:
    return {"unit_id": unit_id, "family_name": "Phạm", "middle_name": "Minh", "given_name": given,
            "birth_date": "1982-11-20", "gender": "male", "employment": "full_time"}


@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")


async def _deliveries(session) -> list[WebhookDelivery]:
    return list((await session.execute(select(WebhookDelivery).order_by(WebhookDelivery.id))).scalars())


async def test_rule_webhook_paused_endpoint_gets_nothing_until_resumed(client, session, tree: Tree, admin_headers,
                                                                       allow_loopback):
    with receiver() as hook:
        endpoint = (await client.post(API, headers=admin_headers,
                                      json={"url": hook.url, "event_types": ["cadre.created"]})).json()
        assert endpoint["is_active"] is True and endpoint["owner"].startswith("user:")
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))  # queued
        paused = await client.patch(f"{API}/{endpoint['id']}", json={"is_active": False},
                                    headers={**admin_headers, "If-Match": f'"{endpoint["version"]}"'})
        assert paused.status_code == 200, paused.text
        assert paused.json()["is_active"] is False and paused.headers["etag"] == f'"{endpoint["version"] + 1}"'
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[1], "Khoa"))
        assert len(await _deliveries(session)) == 1  # nothing new is written for a paused endpoint
        assert sum((await webhooks.dispatch_due()).values()) == 0  # and its pending message waits
        assert hook.requests == []
        resumed = await client.patch(f"{API}/{endpoint['id']}", json={"is_active": True},
                                     headers={**admin_headers, "If-Match": paused.headers["etag"]})
        assert resumed.status_code == 200 and resumed.json()["is_active"] is True
        assert (await webhooks.dispatch_due())["succeeded"] == 1
        assert len(hook.requests) == 1


async def test_rule_webhook_edit_needs_if_match_and_rechecks_ssrf(client, tree: Tree, admin_headers,
                                                                  allow_loopback):
    with receiver() as hook:
        endpoint = (await client.post(API, headers=admin_headers,
                                      json={"url": hook.url, "event_types": ["cadre.created"]})).json()
        url = f"{API}/{endpoint['id']}"
        assert (await client.patch(url, json={"description": "HR"}, headers=admin_headers)).status_code == 428
        stale = await client.patch(url, json={"description": "HR"}, headers={**admin_headers, "If-Match": '"9"'})
        assert stale.status_code == 412
        private = await client.patch(url, json={"url": "http://10.1.2.3/hook"},
                                     headers={**admin_headers, "If-Match": '"1"'})
        assert private.status_code == 422 and private.json()["code"] == "webhook_target_forbidden"
        changed = await client.patch(url, json={"event_types": ["unit.restructured", "cadre.updated"],
                                                "description": "Phần mềm nhân sự"},
                                     headers={**admin_headers, "If-Match": '"1"'})
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert body["event_types"] == ["cadre.updated", "unit.restructured"] and body["url"] == hook.url
        assert body["description"] == "Phần mềm nhân sự" and body["version"] == 2
        unknown = await client.patch(url, json={"event_types": ["cadre.exploded"]},
                                     headers={**admin_headers, "If-Match": '"2"'})
        assert unknown.status_code == 422


async def test_rule_webhook_admin_registers_endpoint_for_client_within_its_scope(client, session, tree: Tree,
                                                                                 admin_headers, allow_loopback):
    signed = date.today() - timedelta(days=1)
    made = await client.post("/api/v1/admin/clients", headers=admin_headers, json={
        "name": "Phần mềm đoàn viên", "scopes": ["units:read", "cadres:read"], "unit_id": tree.provinces[0],
        "processing_agreement": {"number": "12/TT-LĐLĐ", "signed_on": signed.isoformat(), "purpose": "Đồng bộ",
                                 "data_categories": ["units", "cadres"],
                                 "expires_on": (signed + timedelta(days=365)).isoformat()}})
    assert made.status_code == 201, made.text
    client_id = made.json()["client_id"]
    with receiver() as hook:
        r = await client.post(API, headers=admin_headers, json={"url": hook.url, "event_types": ["cadre.created"],
                                                                "client_id": client_id})
        assert r.status_code == 201, r.text
        assert r.json()["owner"] == f"client:{client_id}" and r.json()["secret"].startswith("whsec_")
        # the client's subscription is limited to the client's unit subtree, not the admin's whole tree
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[0]))
        await client.post("/api/v1/cadres", headers=admin_headers, json=person(tree.grassroots[7], "Khoa"))
        assert len(await _deliveries(session)) == 1
        # the admin oversees every subscriber's endpoints; another integrator sees none of them
        listed = await client.get(API, headers=admin_headers)
        assert [e["owner"] for e in listed.json()["items"]] == [f"client:{client_id}"]
        other = bearer(await grant_token(session, role="integration", unit_id=tree.provinces[0]))
        assert (await client.get(API, headers=other)).json()["items"] == []
        assert (await client.get(f"{API}/{r.json()['id']}/deliveries", headers=other)).status_code == 404
        # only a system admin registers for someone else, and only for a client that exists
        refused = await client.post(API, headers=other, json={"url": hook.url, "event_types": ["cadre.created"],
                                                              "client_id": client_id})
        assert refused.status_code == 403
        unknown = await client.post(API, headers=admin_headers, json={
            "url": hook.url, "event_types": ["cadre.created"], "client_id": "no-such-client"})
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "client_id"


async def test_rule_28_webhooks_scope_needs_no_data_category(client, tree: Tree, admin_headers):
    signed = date.today() - timedelta(days=1)
    agreement = {"number": "7/TT", "signed_on": signed.isoformat(), "purpose": "Nhận thông báo thay đổi",
                 "data_categories": ["units"], "expires_on": (signed + timedelta(days=90)).isoformat()}
    made = await client.post("/api/v1/admin/clients", headers=admin_headers, json={
        "name": "HR", "scopes": ["units:read", "webhooks:manage"], "unit_id": tree.provinces[0],
        "processing_agreement": agreement})
    assert made.status_code == 201, made.text
    assert "webhooks:manage" in made.json()["scopes"]
    beyond = await client.post("/api/v1/admin/clients", headers=admin_headers, json={
        "name": "HR2", "scopes": ["cadres:read", "webhooks:manage"], "unit_id": tree.provinces[0],
        "processing_agreement": agreement})
    assert beyond.status_code == 422 and beyond.json()["code"] == "client_scope_outside_agreement"
