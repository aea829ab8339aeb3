"""Criterion 17: the logs of a real server process hold no national ID, phone, email, token or sensitive value.

The API runs under uvicorn (as in production, JSON logs) at DEBUG level — more than production logs — on a
throw-away database, and serves a representative session: token requests (a good and a wrong secret), token
introspection, a cadre created with every personal field, a name search, a detail read, a sensitive reveal, a
rejected update carrying the national ID, an Excel export and the résumé. Then every line the process wrote
(its stdout and stderr: structlog, the standard logging module, uvicorn) is searched for each value."""

from __future__ import annotations

import base64
import itertools
import json
import tempfile
from pathlib import Path

import httpx

from tests.scratch import scratch_database
from tests.verify.drills import CLIENT_ID, CLIENT_SECRET, api_server, prepare_database

PORT = 8839
NATIONAL_ID = "079203004567"
PHONE = "0912 345 678"
EMAIL = "xuyen.lt@congdoan-test.vn"
FAMILY, MIDDLE, GIVEN = "Lường", "Thị", "Xuyến"
BIRTH = "1985-04-02"
HOMETOWN = "Bản Nà Sài, xã Thanh Minh"


def _variants(value: str) -> set[str]:
    """The value and the spellings a log could carry it in (digits without spaces, JSON-escaped)."""
    out = {value, json.dumps(value)[1:-1]}
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 6:
        out.add(digits)
    return out


async def test_rule_logs_hold_no_personal_data_tokens_or_secrets():
    async with scratch_database("logs") as url:
        prepare_database(url)
        log_path = Path(tempfile.gettempdir()) / f"cadre-drill-api-{PORT}.log"
        with api_server(url, PORT, CADRE_LOG_LEVEL="DEBUG", CADRE_LOG_JSON="true") as base:
            async with httpx.AsyncClient(base_url=base, timeout=60) as c:
                secrets = await _session(c)
        lines = log_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 20, "the server logged too little for the search to mean anything"
    access = [json.loads(line) for line in lines if line.startswith("{") and '"event": "request"' in line]
    assert len(access) >= 12  # the session's requests were logged (as route templates)
    found = [(value, n) for value, n in itertools.product(secrets, range(len(lines))) if value in lines[n]]
    assert not found, [(v, lines[n][:300]) for v, n in found]


async def _session(c: httpx.AsyncClient) -> set[str]:
    """The requests, and every secret or personal value they carried."""
    wrong = await c.post("/oauth/token", data={"grant_type": "client_credentials"},
                         auth=(CLIENT_ID, "wrong-secret-" + "9" * 24))
    assert wrong.status_code == 401
    r = await c.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                           "client_secret": CLIENT_SECRET})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert (await c.post("/oauth/introspect", data={"token": token},
                         headers={"Authorization": f"Basic {basic}"})).json()["active"] is True

    root = (await c.get("/api/v1/units", headers=auth)).json()["items"][0]["id"]
    province = await c.post("/api/v1/units", headers=auth, json={
        "code": "LOG-P", "name": "LĐLĐ tỉnh Lai Châu", "unit_type": "ldld_tinh", "parent_id": root,
        "established_on": "1990-01-01"})
    assert province.status_code == 201, province.text
    grassroots = await c.post("/api/v1/units", headers=auth, json={
        "code": "LOG-G", "name": "CĐCS Trường Tiểu học Nà Sài", "unit_type": "cong_doan_co_so",
        "parent_id": province.json()["id"], "established_on": "2000-01-01"})
    assert grassroots.status_code == 201, grassroots.text
    created = await c.post("/api/v1/cadres", headers=auth, json={
        "unit_id": grassroots.json()["id"], "family_name": FAMILY, "middle_name": MIDDLE, "given_name": GIVEN,
        "birth_date": BIRTH, "gender": "female", "employment": "part_time", "phone": PHONE, "email": EMAIL,
        "hometown": HOMETOWN, "national_id": NATIONAL_ID, "ethnicity": "thai", "religion": "tin_lanh",
        "party_member": True, "party_joined_on": "2010-05-19"})
    assert created.status_code == 201, created.text
    cadre = created.json()["id"]
    assert (await c.get("/api/v1/cadres", headers=auth, params={"q": f"{FAMILY} {MIDDLE} {GIVEN}"})).json()["items"]
    assert (await c.get(f"/api/v1/cadres/{cadre}", headers=auth)).status_code == 200
    revealed = await c.get(f"/api/v1/cadres/{cadre}", headers=auth, params={"sensitive": "true"})
    assert revealed.json()["national_id"] == NATIONAL_ID and revealed.json()["religion"] == "tin_lanh"
    # a refused write whose body carries the national ID and the phone (422: a bad e-mail)
    refused = await c.patch(f"/api/v1/cadres/{cadre}", headers={**auth, "If-Match": created.headers["etag"]},
                            json={"national_id": NATIONAL_ID, "phone": PHONE, "email": "not-an-email"})
    assert refused.status_code == 422
    export = await c.get("/api/v1/cadres/export.xlsx", headers=auth, params={"within": grassroots.json()["id"]})
    assert export.status_code == 200, export.text
    assert (await c.get(f"/api/v1/cadres/{cadre}/resume.docx", headers=auth)).status_code == 200
    refresh_like = (await c.post("/oauth/token", data={"grant_type": "client_credentials"},
                                 auth=(CLIENT_ID, CLIENT_SECRET))).json()["access_token"]
    values = {NATIONAL_ID, PHONE, EMAIL, f"{FAMILY} {MIDDLE} {GIVEN}", GIVEN, BIRTH, HOMETOWN, "tin_lanh",
              CLIENT_SECRET, "wrong-secret-", basic, token, refresh_like, token.split(".")[2]}
    return set().union(*(_variants(v) for v in values))
