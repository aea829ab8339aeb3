"""Webhooks per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature v1 HMAC-SHA256, whsec_
secrets with rotation), from a transactional outbox.

- **Outbox.** `on_audit` is registered as an audit listener: every audited change that maps to an event type
  inserts one `webhook_delivery` row per subscribed endpoint whose owner's scope covers the change's unit, in
  the transaction of the change. A rolled-back change emits nothing.
- **Delivery** (`dispatch_due`, run by the worker or the embedded loop): due rows are leased
  (`locked_until`, claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL), posted without following redirects,
  and marked succeeded, or rescheduled with backoff, or `dead` after `webhook_max_attempts`. The
  `webhook-id` is the row's `msg_id`: a delivery retried after a crashed worker carries the same id.
- **SSRF.** A URL whose host resolves to a loopback, private, link-local, multicast or reserved address is
  refused at registration and again at every delivery, unless the host is in `CADRE_WEBHOOK_ALLOWED_HOSTS`. At
  delivery the host is resolved once, where the connection is made, and the connection goes to the address just
  checked (`PinnedTransport`: no DNS-rebinding window); no proxy or other setting is taken from the environment.
  Payloads are thin (ids, no personal data).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import structlog
from prometheus_client import Counter
from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import audit
from app.core.concurrency import IfMatch, claim_version
from app.core.config import get_settings
from app.core.crypto import decrypt, encrypt
from app.core.db import get_db, table_of, utcnow
from app.core.errors import FieldProblem, Forbidden, NotFound, RuleViolation, Unauthorized
from app.core.pagination import keyset, page_from_rows
from app.core.scope import closure
from app.core.security import Principal
from app.integrations.models import WebhookDelivery, WebhookEndpoint
from app.integrations.schemas import (
    WebhookDeliveryPage,
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointPage,
    WebhookEndpointRead,
    WebhookEndpointSecret,
    WebhookEndpointUpdate,
)

log = structlog.get_logger(__name__)
endpoints = table_of(WebhookEndpoint)
deliveries = table_of(WebhookDelivery)

PERMISSION = "webhooks:manage"
ADMIN = "admin"
ROTATION_OVERLAP = timedelta(hours=24)
# Standard Webhooks' suggested schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
BACKOFF_SECONDS = (5, 300, 1800, 7200, 18000, 36000, 36000)

DELIVERIES = Counter("cadre_webhook_deliveries_total", "Webhook delivery attempts", ["outcome"])


# --- events from the audit trail -------------------------------------------------------------------------

def event_type_for(action: str, entity_type: str) -> str | None:
    if entity_type == "cadre" and action.startswith("cadre."):
        return {"cadre.create": "cadre.created", "cadre.delete": "cadre.deleted"}.get(action, "cadre.updated")
    if entity_type == "org_unit":
        if action == "unit.establish":
            return "unit.created"
        if action in ("unit.update", "unit.carry_over"):
            return "unit.updated"
        if action.startswith("unit."):
            return "unit.restructured"
    if action.startswith("action.effective."):
        return "personnel_action.effective"
    if action == "report_request.remind":
        return "report_request.due"
    return None


async def on_audit(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Audit listener: write the outbox rows of these changes, in their transaction (one endpoint query and one
    INSERT for a whole batch)."""
    events = [(row, event) for row in rows if (event := event_type_for(row["action"], row["entity_type"]))]
    if not events:
        return
    subscribed = (await session.execute(select(endpoints.c.id, endpoints.c.event_types, endpoints.c.scope_roots)
                                        .where(endpoints.c.deleted_at.is_(None),
                                               endpoints.c.is_active.is_(True)))).all()
    if not subscribed:
        return
    scoped = any(e.scope_roots is not None for e in subscribed)
    unit_ids = {row["unit_id"] for row, _ in events if row.get("unit_id") is not None}
    ancestors: dict[int, set[int]] = {}
    if scoped and unit_ids:
        for descendant, ancestor in (await session.execute(select(closure.c.descendant_id, closure.c.ancestor_id)
                                                           .where(closure.c.descendant_id.in_(unit_ids)))).all():
            ancestors.setdefault(descendant, set()).add(ancestor)
    now = utcnow()
    values = []
    for row, event in events:
        unit_id = row.get("unit_id")
        entity_id = row["entity_id"]
        data = {"entity_type": "unit" if row["entity_type"] == "org_unit" else row["entity_type"],
                "id": int(entity_id) if str(entity_id).isdigit() else entity_id, "unit_id": unit_id,
                "action": row["action"], "seq": row["seq"]}
        for endpoint in subscribed:
            if event not in (endpoint.event_types or []):
                continue
            within = ancestors.get(unit_id, set()) if unit_id is not None else set()
            if endpoint.scope_roots is not None and not within & set(endpoint.scope_roots):
                continue
            values.append({"endpoint_id": endpoint.id, "msg_id": f"msg_{uuid.uuid4().hex}", "event_type": event,
                           "payload": {"type": event, "timestamp": now.isoformat(), "data": data},
                           "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now})
    if values:
        await session.execute(insert(deliveries), values)


def register() -> None:
    if on_audit not in audit.listeners:
        audit.listeners.append(on_audit)


# --- signing (Standard Webhooks) -------------------------------------------------------------------------

def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def signature_header(secrets_: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """One signature per live secret (the new one and, during rotation, the previous one), space-separated."""
    return " ".join(sign(s, msg_id, timestamp, body) for s in secrets_)


# --- SSRF ------------------------------------------------------------------------------------------------

def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local


class TargetForbidden(httpcore.ConnectError):
    """A connection refused by the SSRF rule (httpx reports it as a ConnectError caused by this)."""


async def resolve_checked(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all of them public — or `TargetForbidden`. Hosts in
    `CADRE_WEBHOOK_ALLOWED_HOSTS` are resolved without the check."""
    host = host.lower()
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetForbidden("the host does not resolve") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise TargetForbidden("the host does not resolve")
    if host not in get_settings().allowed_webhook_hosts and any(_forbidden_address(a) for a in addresses):
        raise TargetForbidden("the host resolves to a private, loopback or reserved address")
    return addresses


def _check_url(url: str) -> tuple[str, int, bool]:
    """The URL's own rules (http(s), no credentials, https in production): (host, port, allowed host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise RuleViolation("webhook_target_forbidden", detail="an http(s) URL without credentials is required")
    settings = get_settings()
    allowed = host in settings.allowed_webhook_hosts
    if not allowed and parts.scheme != "https" and settings.environment == "production":
        raise RuleViolation("webhook_target_forbidden", detail="https is required")
    return host, parts.port or (443 if parts.scheme == "https" else 80), allowed


async def check_target(url: str) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address (unless allowed)."""
    host, port, allowed = _check_url(url)
    if allowed:
        return
    try:
        await resolve_checked(host, port)
    except TargetForbidden as exc:
        raise RuleViolation("webhook_target_forbidden", detail=str(exc)) from None


class _CheckedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the address it has just checked: the host is resolved once per connection, every address is
    checked, and the TCP connection goes to a checked address — no second lookup that a DNS rebinding answer could
    turn to 127.0.0.1 between the check and the connect. TLS still verifies and sends SNI for the URL's host, and
    the Host header is the URL's (httpcore takes both from the request's origin, not from the connected address)."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,  # noqa: ASYNC109 - httpcore's
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in await resolve_checked(host, port):
            try:
                return await self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,  # noqa: ASYNC109
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise TargetForbidden("unix sockets are not webhook targets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport on a connection pool whose network backend is `_CheckedBackend`, without proxies or any
    other setting from the environment. httpx 0.28 has no public hook for the network backend, so the pool it built
    is replaced (`_pool`, the one attribute its request handling uses); `test_rule_webhook_dns_rebinding_...` fails if
    a later httpx stops using it."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=10,
            max_keepalive_connections=0, network_backend=_CheckedBackend(inner))


def delivery_client() -> httpx.AsyncClient:
    """The HTTP client of deliveries: redirects not followed, no proxy or CA settings from the environment
    (`trust_env=False`: HTTPS_PROXY would send every message through whatever proxy the process inherited, past the
    address check), and connections pinned to checked addresses."""
    return httpx.AsyncClient(transport=PinnedTransport(), follow_redirects=False, trust_env=False,
                             timeout=get_settings().webhook_timeout_seconds)


# --- endpoints -------------------------------------------------------------------------------------------

def _read(row: Any) -> WebhookEndpointRead:
    return WebhookEndpointRead(id=row.id, owner=row.owner, url=row.url, event_types=list(row.event_types),
                               description=row.description, is_active=bool(row.is_active),
                               created_at=row.created_at,
                               previous_secret_expires_at=row.previous_secret_expires_at, version=row.version)


def manages_all(principal: Principal) -> bool:
    """A system admin over the whole tree administers every subscriber's endpoints (the admin screens); anyone
    else (an integration client, typically) sees only its own."""
    return principal.has_scope(ADMIN) and principal.roots(ADMIN) is None


def _visible(principal: Principal) -> Any:
    alive = endpoints.c.deleted_at.is_(None)
    return alive if manages_all(principal) else and_(alive, endpoints.c.owner == principal.subject)


async def _own(session: AsyncSession, principal: Principal, endpoint_id: int) -> Any:
    row = (await session.execute(select(endpoints).where(endpoints.c.id == endpoint_id,
                                                         _visible(principal)))).first()
    if row is None:
        raise NotFound()
    return row


async def _subscriber(session: AsyncSession, principal: Principal, client_id: str | None
                      ) -> tuple[str, list[int] | None]:
    """Whose subscription this is, and the unit subtrees its messages are limited to."""
    if client_id is None:
        return principal.subject, principal.roots("units:read")
    if not manages_all(principal):
        raise Forbidden("only a system admin registers endpoints for another client")
    from app.auth.principals import load_principal  # the auth package owns clients and their grants

    try:
        client = await load_principal(session, {"sub": f"client:{client_id}", "scope": "units:read"})
    except Unauthorized:
        raise RuleViolation("validation_error", errors=[FieldProblem(
            "client_id", "unknown_client", "no active OAuth client has this id")])
    return client.subject, client.roots("units:read")


async def create_endpoint(session: AsyncSession, principal: Principal,
                          data: WebhookEndpointCreate) -> WebhookEndpointSecret:
    owner, roots = await _subscriber(session, principal, data.client_id)
    await check_target(data.url)
    secret = new_secret()
    endpoint_id = (await session.execute(insert(endpoints).values(
        owner=owner, scope_roots=roots, url=data.url, event_types=sorted(set(data.event_types)),
        secret_enc=encrypt(secret), description=data.description, is_active=True, created_at=utcnow(), version=1)
        .returning(endpoints.c.id))).scalar_one()
    await audit.record(session, actor=principal.subject, action="webhook_endpoint.create",
                       entity_type="webhook_endpoint", entity_id=endpoint_id,
                       changes={"owner": owner, "url": data.url, "event_types": sorted(set(data.event_types))})
    row = await _own(session, principal, endpoint_id)
    return WebhookEndpointSecret(**_read(row).model_dump(), secret=secret)


async def update_endpoint(session: AsyncSession, principal: Principal, endpoint_id: int,
                          data: WebhookEndpointUpdate, expected: IfMatch) -> WebhookEndpointRead:
    """Change the URL (checked against SSRF again), the event types, the description, or pause/resume."""
    row = await _own(session, principal, endpoint_id)
    values: dict[str, Any] = {}
    fields = data.model_fields_set
    if "url" in fields and data.url is not None and data.url != row.url:
        await check_target(data.url)
        values["url"] = data.url
    if "event_types" in fields and data.event_types is not None:
        values["event_types"] = sorted(set(data.event_types))
    if "description" in fields:
        values["description"] = data.description
    if "is_active" in fields and data.is_active is not None:
        values["is_active"] = data.is_active
    await claim_version(session, endpoints, endpoint_id, expected)
    if values:
        await session.execute(update(endpoints).where(endpoints.c.id == endpoint_id).values(**values))
        await audit.record(session, actor=principal.subject, action="webhook_endpoint.update",
                           entity_type="webhook_endpoint", entity_id=endpoint_id, changes=values)
    return _read(await _own(session, principal, endpoint_id))


async def list_endpoints(session: AsyncSession, principal: Principal, *, cursor: str | None,
                         limit: int) -> WebhookEndpointPage:
    stmt = select(endpoints).where(_visible(principal))
    rows = (await session.execute(keyset(stmt, [endpoints.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return WebhookEndpointPage(items=[_read(r) for r in items], next_cursor=next_cursor)


async def get_endpoint(session: AsyncSession, principal: Principal, endpoint_id: int) -> WebhookEndpointRead:
    return _read(await _own(session, principal, endpoint_id))


async def delete_endpoint(session: AsyncSession, principal: Principal, endpoint_id: int, expected: IfMatch) -> None:
    await _own(session, principal, endpoint_id)
    await claim_version(session, endpoints, endpoint_id, expected)
    await session.execute(update(endpoints).where(endpoints.c.id == endpoint_id).values(deleted_at=utcnow()))
    await audit.record(session, actor=principal.subject, action="webhook_endpoint.delete",
                       entity_type="webhook_endpoint", entity_id=endpoint_id, changes={"deleted": True})


async def rotate_secret(session: AsyncSession, principal: Principal, endpoint_id: int) -> WebhookEndpointSecret:
    """A new secret; the previous one keeps signing (a second signature) for 24 hours."""
    row = await _own(session, principal, endpoint_id)
    secret = new_secret()
    await session.execute(update(endpoints).where(endpoints.c.id == endpoint_id).values(
        secret_enc=encrypt(secret), previous_secret_enc=row.secret_enc,
        previous_secret_expires_at=utcnow() + ROTATION_OVERLAP, version=endpoints.c.version + 1))
    await audit.record(session, actor=principal.subject, action="webhook_endpoint.rotate_secret",
                       entity_type="webhook_endpoint", entity_id=endpoint_id, changes={"rotated": True})
    return WebhookEndpointSecret(**_read(await _own(session, principal, endpoint_id)).model_dump(), secret=secret)


def _delivery(row: Any) -> WebhookDeliveryRead:
    return WebhookDeliveryRead(id=row.id, msg_id=row.msg_id, event_type=row.event_type, status=row.status,
                               attempts=row.attempts,
                               next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
                               last_status_code=row.last_status_code, last_error=row.last_error,
                               created_at=row.created_at, delivered_at=row.delivered_at, payload=row.payload)


async def list_deliveries(session: AsyncSession, principal: Principal, endpoint_id: int, *, status: str | None,
                          cursor: str | None, limit: int) -> WebhookDeliveryPage:
    await _own(session, principal, endpoint_id)
    stmt = select(deliveries).where(deliveries.c.endpoint_id == endpoint_id)
    if status:
        stmt = stmt.where(deliveries.c.status == status)
    rows = (await session.execute(keyset(stmt, [deliveries.c.id], cursor, limit))).all()
    items, next_cursor = page_from_rows(rows, ["id"], limit)
    return WebhookDeliveryPage(items=[_delivery(r) for r in items], next_cursor=next_cursor)


async def retry_delivery(session: AsyncSession, principal: Principal, endpoint_id: int,
                         delivery_id: int) -> WebhookDeliveryRead:
    """Send a dead-lettered message again (same webhook-id), from now."""
    await _own(session, principal, endpoint_id)
    row = (await session.execute(select(deliveries).where(deliveries.c.id == delivery_id,
                                                          deliveries.c.endpoint_id == endpoint_id))).first()
    if row is None:
        raise NotFound()
    if row.status != "dead":
        raise RuleViolation("invalid_transition", detail="only a dead delivery can be retried")
    await session.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(
        status="pending", attempts=0, next_attempt_at=utcnow(), locked_until=None))
    return _delivery((await session.execute(select(deliveries).where(deliveries.c.id == delivery_id))).one())


# --- delivery --------------------------------------------------------------------------------------------

async def _claim(limit: int) -> list[Any]:
    """Lease due deliveries (their own committed transaction): another worker skips them until the lease ends."""
    now = utcnow()
    paused = select(endpoints.c.id).where(endpoints.c.is_active.is_(False))
    async with get_db().write_session() as s:
        due = (select(deliveries.c.id).where(
            deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now,
            deliveries.c.endpoint_id.not_in(paused),
            or_(deliveries.c.locked_until.is_(None), deliveries.c.locked_until < now))
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id).limit(limit))
        if s.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list((await s.execute(due)).scalars())
        if not ids:
            await s.commit()
            return []
        lease = timedelta(seconds=get_settings().webhook_lease_seconds)
        await s.execute(update(deliveries).where(deliveries.c.id.in_(ids)).values(locked_until=now + lease))
        rows = (await s.execute(
            select(deliveries, endpoints.c.url, endpoints.c.secret_enc, endpoints.c.previous_secret_enc,
                   endpoints.c.previous_secret_expires_at, endpoints.c.deleted_at.label("endpoint_deleted_at"))
            .join(endpoints, endpoints.c.id == deliveries.c.endpoint_id)
            .where(deliveries.c.id.in_(ids)).order_by(deliveries.c.id))).all()
        await s.commit()
        return list(rows)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _live_secrets(row: Any, now: datetime) -> list[str]:
    out = [decrypt(row.secret_enc)]
    expires = row.previous_secret_expires_at
    if row.previous_secret_enc and expires and _aware(expires) > now:
        out.append(decrypt(row.previous_secret_enc))
    return out


async def _attempt(client: httpx.AsyncClient, row: Any) -> tuple[bool, int | None, str | None]:
    if row.endpoint_deleted_at is not None:
        return False, None, "endpoint_deleted"
    try:
        _check_url(row.url)  # the URL's own rules; the addresses are checked where the connection is made
    except RuleViolation as exc:
        return False, None, f"target_forbidden: {exc.detail}"
    body = json.dumps(row.payload, separators=(",", ":"), ensure_ascii=False).encode()
    now = utcnow()
    timestamp = int(now.timestamp())
    headers = {"content-type": "application/json", "webhook-id": row.msg_id,
               "webhook-timestamp": str(timestamp),
               "webhook-signature": signature_header(_live_secrets(row, now), row.msg_id, timestamp, body),
               "user-agent": "cadre-registry-webhooks/1"}
    try:
        response = await client.post(row.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        if isinstance(exc.__cause__, TargetForbidden):
            return False, None, f"target_forbidden: {exc.__cause__}"
        return False, None, type(exc).__name__
    if 200 <= response.status_code < 300:
        return True, response.status_code, None
    if 300 <= response.status_code < 400:
        return False, response.status_code, "redirect_not_followed"
    return False, response.status_code, f"http_{response.status_code}"


async def _record(row: Any, ok: bool, status_code: int | None, error: str | None) -> str:
    settings = get_settings()
    attempts = row.attempts + 1
    now = utcnow()
    values: dict[str, Any] = {"attempts": attempts, "last_status_code": status_code, "last_error": error,
                              "locked_until": None}
    if ok:
        outcome = "succeeded"
        values.update(status="succeeded", delivered_at=now)
    elif attempts >= settings.webhook_max_attempts or error == "endpoint_deleted":
        outcome = "dead"
        values.update(status="dead")
    else:
        outcome = "retry"
        delay = BACKOFF_SECONDS[min(attempts - 1, len(BACKOFF_SECONDS) - 1)]
        values.update(next_attempt_at=now + timedelta(seconds=delay))
    async with get_db().sessionmaker() as s:
        await s.execute(update(deliveries).where(deliveries.c.id == row.id).values(**values))
        await s.commit()
    DELIVERIES.labels(outcome).inc()
    return outcome


async def dispatch_due(limit: int = 50, client: httpx.AsyncClient | None = None) -> dict[str, int]:
    """Deliver what is due now; returns counts by outcome. Safe to run in several workers at once."""
    rows = await _claim(limit)
    counts = {"succeeded": 0, "retry": 0, "dead": 0}
    if not rows:
        return counts
    own = client is None
    client = client or delivery_client()
    try:
        for row in rows:
            ok, status_code, error = await _attempt(client, row)
            counts[await _record(row, ok, status_code, error)] += 1
    finally:
        if own:
            await client.aclose()
    log.info("webhooks_dispatched", **counts)
    return counts


async def dispatch_loop() -> None:
    """The embedded default's dispatcher (the worker runs the same function as a periodic task)."""
    settings = get_settings()
    interval = settings.webhook_dispatch_interval_seconds
    while True:
        if settings.worker_heartbeat_file is not None:
            settings.worker_heartbeat_file.touch()
        try:
            counts = await dispatch_due()
            if sum(counts.values()):
                continue  # more may be due
        except Exception:  # noqa: BLE001 - keep dispatching; the next round retries
            log.exception("webhook_dispatch_failed")
        await asyncio.sleep(interval)


