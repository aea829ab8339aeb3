"""Metrics (issue 15): latency by route, DB pool gauges, job and webhook-delivery counters; tracing off by
default."""

from __future__ import annotations

import os

import pytest

from app.core.observability import configure_tracing
from tests.factories import Tree

POSTGRES = os.environ.get("CADRE_TEST_DB", "postgres") != "sqlite"


def _value(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


async def test_metrics_expose_route_latency_jobs_webhooks_and_pool(client, tree: Tree, admin_headers):
    await client.get("/api/v1/units", headers=admin_headers)
    text = (await client.get("/metrics")).text
    latency = [line for line in text.splitlines() if line.startswith("cadre_http_request_seconds_bucket")]
    assert any('route="/api/v1/units"' in line and 'method="GET"' in line for line in latency), latency[:5]
    assert "cadre_webhook_deliveries_total" in text or "# HELP cadre_webhook_deliveries" in text
    assert "# HELP cadre_jobs_total" in text
    if POSTGRES:  # SQLite's pool has no size
        assert 'cadre_db_pool_size{database="primary"}' in text
        assert _value(text, 'cadre_db_pool_checked_out{database="primary"}') is not None
    # no personal data or query strings in metric labels
    await client.get("/api/v1/cadres", headers=admin_headers, params={"q": "nguyen van duc"})
    assert "nguyen" not in (await client.get("/metrics")).text


def test_tracing_is_off_by_default():
    from app.core.config import get_settings

    assert get_settings().otel_enabled is False
    assert configure_tracing(object(), False) is False
    try:
        import opentelemetry.sdk  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="otel"):
            configure_tracing(object(), True)
