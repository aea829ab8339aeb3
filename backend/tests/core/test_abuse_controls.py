"""Issue 14, abuse controls: rate limits per address and per principal (429 + Retry-After), the token endpoint's
throttle and dummy hash, trusted proxies only, progressive sign-in delay per (account, address), and a header
deadline against slowloris."""

from __future__ import annotations

import asyncio
import base64
import pickle
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from app.core.config import Settings, get_settings
from app.core.ratelimit import make_limiter, set_limiter
from tests.factories import Tree, bearer, grant_token


def _client_at(app, ip: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 40000)), base_url="http://testserver")


async def test_rule_rate_limit_per_address_is_429_with_retry_after(app, db, limiter, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limit_per_ip_per_minute", 3)
    async with _client_at(app, "198.51.100.7") as c, _client_at(app, "198.51.100.8") as other:
        statuses = [(await c.get("/api/v1/unit-types")).status_code for _ in range(3)]
        assert 429 not in statuses
        r = await c.get("/api/v1/unit-types")
        assert r.status_code == 429 and r.json()["code"] == "rate_limited"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert 0 < int(r.headers["retry-after"]) <= 60
        assert (await other.get("/api/v1/unit-types")).status_code != 429  # another address has its own budget
        assert (await c.get("/healthz")).status_code == 200  # probes are not limited


async def test_rule_rate_limit_per_principal_is_429(client, session, tree: Tree, limiter, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 2)
    mine = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    theirs = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
    assert [(await client.get("/api/v1/unit-types", headers=mine)).status_code for _ in range(2)] == [200, 200]
    r = await client.get("/api/v1/unit-types", headers=mine)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert (await client.get("/api/v1/unit-types", headers=theirs)).status_code == 200


async def test_rule_rate_limits_use_redis_when_configured():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    from limits import RateLimitItemPerMinute

    shared = make_limiter(Settings(redis_url="redis://127.0.0.1:6379/15"))
    assert type(shared.storage).__name__ == "RedisStorage"
    other_replica = make_limiter(Settings(redis_url="redis://127.0.0.1:6379/15"))
    key = uuid.uuid4().hex
    item = RateLimitItemPerMinute(2)
    assert await shared.hit(item, "t", key) is None
    assert await other_replica.hit(item, "t", key) is None
    assert (await shared.hit(item, "t", key) or 0) > 0  # the two "replicas" share the counter


async def test_rule_a_broken_rate_limit_store_fails_open(client, session, tree: Tree, monkeypatch):
    broken = make_limiter(Settings(redis_url="redis://127.0.0.1:1/0"))
    set_limiter(broken)
    try:
        headers = bearer(await grant_token(session, role="viewer", unit_id=tree.national))
        assert (await client.get("/api/v1/unit-types", headers=headers)).status_code == 200
    finally:
        set_limiter(None)


# --- the token endpoint -------------------------------------------------------------------------------------

async def _client_credentials(session, tree: Tree) -> tuple[str, str]:
    from app.auth import service
    from tests.auth.conftest import unit_code

    created, secret = await service.create_client(session, name="Hệ thống HRM", role="integration",
                                                  unit_code=await unit_code(session, tree.national),
                                                  scope="units:read", grant_types=["client_credentials"])
    await session.commit()
    assert secret is not None
    return created.client_id, secret


def _basic(cid: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()}


async def test_rule_token_endpoint_throttles_failed_client_authentication(client, session, tree: Tree, limiter,
                                                                          monkeypatch):
    from app.auth import oauth_server

    monkeypatch.setattr(get_settings(), "token_failures_per_minute", 3)
    cid, secret = await _client_credentials(session, tree)
    form = {"grant_type": "client_credentials"}
    for _ in range(3):
        r = await client.post("/oauth/token", data=form, headers=_basic(cid, "wrong"))
        assert r.status_code == 401
    hashes = []
    real_verify = oauth_server.password_hash.verify
    monkeypatch.setattr(oauth_server.password_hash, "verify", lambda *a: hashes.append(1) or real_verify(*a))
    r = await client.post("/oauth/token", data=form, headers=_basic(cid, "wrong"))
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert hashes == []  # refused before any Argon2 work


async def test_rule_unknown_client_ids_cost_a_hash_too(client, session, tree: Tree, limiter, monkeypatch):
    """No timing oracle: an unknown client id goes through the same Argon2 verification as a wrong secret."""
    from app.auth import oauth_server

    cid, _ = await _client_credentials(session, tree)
    calls: list[str] = []
    real_verify = oauth_server.password_hash.verify
    monkeypatch.setattr(oauth_server.password_hash, "verify",
                        lambda secret, hashed: calls.append(hashed) or real_verify(secret, hashed))
    form = {"grant_type": "client_credentials"}
    unknown = await client.post("/oauth/token", data=form, headers=_basic("no-such-client", "x"))
    wrong = await client.post("/oauth/token", data=form, headers=_basic(cid, "x"))
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert len(calls) == 2 and all(h.startswith("$argon2") for h in calls)


# --- the server: trusted proxies and the header deadline ------------------------------------------------------

def test_rule_forwarded_for_is_trusted_only_from_configured_proxies():
    from app.core.http_server import uvicorn_options

    nobody = uvicorn_options(Settings(trusted_proxies=""))
    assert nobody["proxy_headers"] is False and nobody["forwarded_allow_ips"] == ""
    proxy = uvicorn_options(Settings(trusted_proxies="10.0.0.5, 10.1.0.0/16"))
    assert proxy["proxy_headers"] is True and proxy["forwarded_allow_ips"] == "10.0.0.5, 10.1.0.0/16"


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app under real uvicorn with the production options (a free port, header deadline 1 s)."""
    import uvicorn

    from app.core.http_server import uvicorn_options

    with socket.socket() as probe:  # a free port: a developer's server (or another run) may hold any fixed one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(port=port, header_timeout_seconds=1.0, keep_alive_timeout_seconds=5, trusted_proxies="")
    config = uvicorn.Config(app, log_level="warning", lifespan="off", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def test_rule_slow_headers_are_cut_off(live_server):
    sock = socket.create_connection(_address(live_server))
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # ... and the rest never comes
    started = time.monotonic()
    assert _closed_within(sock, 5)
    assert time.monotonic() - started < 3
    sock.close()
    # a dribbling client is cut off too, although it keeps sending
    sock = socket.create_connection(_address(live_server))
    started, closed = time.monotonic(), False
    try:
        for _ in range(20):
            sock.sendall(b"X-A: b\r\n" if _ else b"GET /healthz HTTP/1.1\r\n")
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        closed = True
    assert closed or _closed_within(sock, 2)
    assert time.monotonic() - started < 6
    sock.close()
    # an ordinary client is served, on a kept-alive connection
    with httpx.Client() as c:
        assert [c.get(live_server + "/healthz").status_code for _ in range(3)] == [200, 200, 200]


def test_rule_keep_alive_survives_error_responses(live_server):
    """After a 4xx/5xx the same connection serves the next request (issue 14: ReadError after every 5xx)."""
    with httpx.Client() as c:
        for path in ("/api/v1/units/99999999999", "/api/v1/nope", "/healthz"):
            r = c.get(live_server + path)
            assert r.headers.get("connection", "").lower() != "close"
        assert c.get(live_server + "/healthz").status_code == 200


def test_rule_spoofed_forwarded_for_does_not_change_the_address(live_server, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limit_per_ip_per_minute", 2)
    set_limiter(make_limiter(Settings(redis_url=None)))
    try:
        with httpx.Client() as c:
            codes = [c.get(live_server + "/api/v1/unit-types", headers={"X-Forwarded-For": f"10.9.9.{i}"}
                           ).status_code for i in range(3)]
        assert codes[-1] == 429
    finally:
        set_limiter(None)


async def test_rule_header_deadline_protocol_is_the_server_default():
    from app.core.http_server import HeaderDeadlineProtocol, uvicorn_options

    opts = uvicorn_options(get_settings())
    assert opts["http"] is HeaderDeadlineProtocol
    pickle.dumps(opts["http"])  # `serve --workers N` pickles uvicorn's config into spawned processes
    await asyncio.sleep(0)
