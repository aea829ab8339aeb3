"""Webhook delivery hardening (issue 15 SSRF; decision 065): at delivery the target's host is resolved once, every
address is checked, and the connection goes to the checked address (no DNS-rebinding window between the check and
the connect); the HTTP client takes no proxy from the environment (`trust_env=False`)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import httpcore
import pytest
from sqlalchemy import select

from app.core.config import get_settings
from app.integrations import webhooks
from app.integrations.models import WebhookDelivery
from tests.factories import Tree
from tests.integrations.receiver import receiver

API = "/api/v1/webhook-endpoints"
PUBLIC = "8.8.8.8"


class Dns:
    """The running loop's resolver, answering chosen addresses for chosen names (in order; the last repeats)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: dict[str, list[str]] = {}
        self.lookups: list[str] = []
        loop = asyncio.get_running_loop()
        real = loop.getaddrinfo

        async def getaddrinfo(host: Any, port: Any, *args: Any, **kw: Any) -> list[Any]:
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name not in self.answers:
                return await real(host, port, *args, **kw)
            self.lookups.append(name)
            queue = self.answers[name]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]

        monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The hosts TCP connections are opened to; a connection to anything but loopback fails at once (no network)."""
    seen: list[str] = []
    real = httpcore.AnyIOBackend.connect_tcp

    async def connect_tcp(self: Any, host: str, port: int, *args: Any, **kw: Any) -> Any:
        seen.append(host)
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"test: no route to {host}")
        return await real(self, host, port, *args, **kw)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", connect_tcp)
    yield seen


def person(unit_id: int) -> dict[str, object]:
    return {"unit_id": unit_id, "family_name": "Phạm", "middle_name": "Minh", "given_name": "Tuấn",
            "birth_date": "1982-11-20", "gender": "male", "employment": "full_time"}


async def _subscribe_and_change(client: Any, headers: dict[str, str], url: str, unit_id: int) -> None:
    r = await client.post(API, headers=headers, json={"url": url, "event_types": ["cadre.created"]})
    assert r.status_code == 201, r.text
    assert (await client.post("/api/v1/cadres", headers=headers, json=person(unit_id))).status_code == 201


async def _delivery(session: Any) -> WebhookDelivery:
    row = (await session.execute(select(WebhookDelivery))).scalar_one()
    await session.refresh(row)
    return row


async def test_rule_webhook_host_resolving_to_loopback_at_delivery_is_refused(client, session, tree: Tree,
                                                                              admin_headers, monkeypatch, connects):
    dns = Dns(monkeypatch)
    with receiver() as hook:
        name = "hooks.rebind.test"
        dns.answers[name] = [PUBLIC]  # public when registered…
        await _subscribe_and_change(client, admin_headers, f"http://{name}:{hook.port}/hook", tree.grassroots[0])
        dns.answers[name] = ["127.0.0.1"]  # …then rebound to the loopback address the receiver listens on
        assert (await webhooks.dispatch_due())["retry"] == 1
        row = await _delivery(session)
        assert row.last_error.startswith("target_forbidden") and "loopback" in row.last_error
        assert hook.requests == [] and connects == []  # refused before any connection


async def test_rule_webhook_dns_rebinding_window_is_closed_the_checked_address_is_connected(
        client, session, tree: Tree, admin_headers, monkeypatch, connects):
    """The first lookup at delivery answers a public address, any later one the loopback: an HTTP client that
    checks, then looks the name up again to connect, reaches 127.0.0.1. Here one lookup is made and the connection
    goes to the very address it returned."""
    dns = Dns(monkeypatch)
    with receiver() as hook:
        name = "hooks.flip.test"
        dns.answers[name] = [PUBLIC]
        await _subscribe_and_change(client, admin_headers, f"http://{name}:{hook.port}/hook", tree.grassroots[0])
        dns.lookups.clear()
        dns.answers[name] = [PUBLIC, "127.0.0.1"]
        assert (await webhooks.dispatch_due())["retry"] == 1
        assert dns.lookups == [name]  # resolved once per delivery
        assert connects == [PUBLIC]  # connected to the checked address, not to the name
        assert hook.requests == []
        assert (await _delivery(session)).last_error == "ConnectError"


async def test_rule_webhook_allowed_host_is_pinned_with_its_own_host_header(client, session, tree: Tree,
                                                                            admin_headers, monkeypatch, connects):
    dns = Dns(monkeypatch)
    name = "hooks.internal.test"
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", name)
    dns.answers[name] = ["127.0.0.1"]
    with receiver() as hook:
        await _subscribe_and_change(client, admin_headers, f"http://{name}:{hook.port}/hook", tree.grassroots[0])
        assert (await webhooks.dispatch_due())["succeeded"] == 1
        [received] = hook.requests
        assert received.headers["host"] == f"{name}:{hook.port}"  # the URL's host, though 127.0.0.1 was dialled
        assert connects == ["127.0.0.1"]


async def test_rule_webhook_delivery_ignores_proxy_settings_from_the_environment(client, session, tree: Tree,
                                                                                 admin_headers, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_hosts", "127.0.0.1")
    with receiver() as hook, receiver() as proxy:
        for var in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(var, raising=False)
        for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(var, f"http://127.0.0.1:{proxy.port}")
        await _subscribe_and_change(client, admin_headers, hook.url, tree.grassroots[0])
        client_ = webhooks.delivery_client()
        assert client_.trust_env is False
        await client_.aclose()
        assert (await webhooks.dispatch_due())["succeeded"] == 1
        assert len(hook.requests) == 1 and proxy.requests == []
