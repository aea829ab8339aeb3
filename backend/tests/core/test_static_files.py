"""The SPA's static files and the offline API docs (issue 9: compression, caching, Swagger without a CDN)."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.core.errors import install_error_handlers
from app.core.static_files import IMMUTABLE, SWAGGER_FILES, accepted_encodings, mount_api_docs, mount_spa

BUNDLE = b"console.log('xin chao');" * 200


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>", encoding="utf-8")
    (tmp_path / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    js = tmp_path / "assets" / "index-AbC123.js"
    js.write_bytes(BUNDLE)
    (tmp_path / "assets" / "index-AbC123.js.gz").write_bytes(gzip.compress(BUNDLE))
    (tmp_path / "assets" / "index-AbC123.js.br").write_bytes(b"brotli-bytes")
    docs = tmp_path / "api-docs"
    docs.mkdir()
    for name in SWAGGER_FILES:
        (docs / name).write_bytes(b"/* swagger */")
    return tmp_path


def _client(dist: Path) -> httpx.AsyncClient:
    app = FastAPI(docs_url=None, redoc_url=None)
    install_error_handlers(app)
    mount_api_docs(app, dist, "/api/v1/openapi.json")
    mount_spa(app, dist)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_rule_hashed_assets_are_sent_precompressed_and_immutable(dist: Path) -> None:
    async with _client(dist) as client:
        r = await client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["cache-control"] == IMMUTABLE
        assert "Accept-Encoding" in r.headers["vary"]
        assert r.headers["content-type"].startswith(("text/javascript", "application/javascript"))
        assert r.content == BUNDLE  # httpx decodes the gzip body: the .gz sibling holds the same bytes
        br = await client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "gzip, br"})
        assert br.headers["content-encoding"] == "br"
        plain = await client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == BUNDLE
        refused = await client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "br;q=0, gzip"})
        assert refused.headers["content-encoding"] == "gzip"


async def test_rule_spa_shell_is_revalidated_and_paths_stay_inside_dist(dist: Path) -> None:
    async with _client(dist) as client:
        for path in ("/", "/cadres/12", "/units?as_of=2025-07-01"):
            r = await client.get(path)
            assert r.status_code == 200 and "id=root" in r.text
            assert r.headers["cache-control"] == "no-cache"
        icon = await client.get("/favicon.svg")
        assert icon.headers["cache-control"] == "no-cache" and icon.text == "<svg/>"
        assert (await client.get("/assets/missing.js")).status_code == 404
        assert (await client.get("/assets/index-AbC123.js.gz")).status_code == 404
        assert (await client.get("/assets/..%2f..%2fetc/passwd")).status_code == 404
        assert (await client.get("/api/v1/nope")).status_code == 404


async def test_rule_api_docs_work_offline(dist: Path) -> None:
    async with _client(dist) as client:
        page = await client.get("/api/docs")
        assert page.status_code == 200
        assert "/api/docs/assets/swagger-ui-bundle.js" in page.text
        assert "/api/docs/assets/swagger-ui.css" in page.text
        assert "cdn" not in page.text.lower() and "https://" not in page.text.split("<script>")[0]
        for name in SWAGGER_FILES:
            asset = await client.get(f"/api/docs/assets/{name}")
            assert asset.status_code == 200 and asset.content == b"/* swagger */"
        assert (await client.get("/api/docs/assets/other.js")).status_code == 404


def test_accept_encoding_parsing() -> None:
    assert accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted_encodings("br;q=0, gzip;q=0.8") == {"gzip"}
    assert accepted_encodings("") == set()
