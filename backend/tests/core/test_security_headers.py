"""Issue 14: security headers on every response (API, sign-in page, SPA, errors), no-store on the routes with
personal data, and nginx's add_header inheritance."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from app.core.config import REPO_ROOT, get_settings

COMMON = {"x-content-type-options": {"nosniff"}, "referrer-policy": {"same-origin", "no-referrer"},
          "x-frame-options": {"DENY"}}


def _assert_common(r: httpx.Response) -> str:
    for name, values in COMMON.items():
        assert r.headers.get(name) in values, (r.request.url, name)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    return csp


async def test_rule_security_headers_on_api_responses_and_errors(client, admin_headers):
    for path, headers in (("/api/v1/unit-types", admin_headers), ("/api/v1/units", {}),
                          ("/api/v1/units/99999999999", admin_headers), ("/healthz", {})):
        r = await client.get(path, headers=headers)
        assert "default-src 'none'" in _assert_common(r)


async def test_rule_sign_in_page_and_spa_get_a_csp_that_allows_only_own_scripts(app, db, tmp_path: Path):
    from app.main import create_app

    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script type="module" src="/assets/a.js"></script>')
    (tmp_path / "assets" / "a.js").write_text("console.log(1)")
    settings = get_settings().model_copy(update={"frontend_dist": tmp_path})
    spa_app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=spa_app), base_url="http://testserver") as c:
        for path in ("/", "/cadres/12", "/assets/a.js"):
            r = await c.get(path)
            assert r.status_code == 200
            csp = _assert_common(r)
            assert "script-src 'self';" in csp and "'unsafe-eval'" not in csp
            assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        page = await c.get("/oauth/authorize", params={"response_type": "code", "client_id": "nope"})
        _assert_common(page)


async def test_rule_no_store_on_statistics_body_composition_and_tracking(client, admin_headers, tree):
    for path in (f"/api/v1/reports/cadre-statistics?unit_id={tree.national}", "/api/v1/bodies/1/composition",
                 "/api/v1/report-requests/1/tracking", "/api/v1/cadres"):
        r = await client.get(path, headers=admin_headers)
        assert r.headers["cache-control"] == "no-store", path


def test_rule_nginx_locations_do_not_lose_the_security_headers():
    """nginx drops inherited add_header in any location that declares its own: each such location must
    include the shared snippet, and the snippet carries the CSP, nosniff and frame-ancestors."""
    conf = (REPO_ROOT / "infra" / "nginx" / "default.conf").read_text()
    snippet = (REPO_ROOT / "infra" / "nginx" / "security-headers.conf").read_text()
    assert "frame-ancestors 'none'" in snippet and "nosniff" in snippet and snippet.count(" always;") >= 5
    conf = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())  # directives only
    server_level = re.sub(r"location[^{]*\{[^}]*\}", "", conf)
    assert "add_header" not in server_level
    for block in re.findall(r"location[^{]*\{([^}]*)\}", conf):
        if "add_header" in block:
            assert "include /etc/nginx/snippets/security-headers.conf;" in block
    dockerfile = (REPO_ROOT / "infra" / "docker" / "web.Dockerfile").read_text()
    assert "security-headers.conf /etc/nginx/snippets/security-headers.conf" in dockerfile
