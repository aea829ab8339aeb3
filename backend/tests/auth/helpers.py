"""Helpers for driving the authorization server like a browser and an OAuth client would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client

BASE = "http://testserver"
AUTHORIZE_URL = f"{BASE}/oauth/authorize"
TOKEN_URL = f"{BASE}/oauth/token"
REVOKE_URL = f"{BASE}/oauth/revoke"
INTROSPECT_URL = f"{BASE}/oauth/introspect"
SPA_REDIRECT = f"{BASE}/auth/callback"


class FormFields(HTMLParser):
    """The inputs of the page's form (name -> value) and its labels, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.labels: dict[str, str] = {}
        self.buttons = 0
        self._label_for: str | None = None
        self.html_lang: str | None = None
        self.alerts: list[str] = []
        self._in_alert = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "label":
            self._label_for = a.get("for")
            self.labels[self._label_for or ""] = ""
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.buttons += 1
        elif a.get("role") == "alert":
            self._in_alert = True
            self.alerts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None
        self._in_alert = False if tag == "p" else self._in_alert

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self.labels[self._label_for] += data.strip()
        if self._in_alert:
            self.alerts[-1] += data.strip()

    def values(self) -> dict[str, str]:
        return {i["name"]: i.get("value", "") for i in self.inputs if i.get("name")}


def parse_page(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def sign_in(http: httpx.AsyncClient, authorize_url: str, username: str, password: str,
                  **headers: str) -> httpx.Response:
    """Open the sign-in page, fill the form as a user would, submit it; returns the answer to the POST."""
    page = await http.get(authorize_url, headers=headers)
    assert page.status_code == 200, page.text
    fields = parse_page(page.text).values()
    fields.update(username=username, password=password)
    return await http.post("/oauth/authorize", data=fields, headers=headers)


def oauth_client(app: Any, **kwargs: Any) -> AsyncOAuth2Client:
    """Authlib's own httpx OAuth client (a library this project did not write), talking to the app in-process."""
    return AsyncOAuth2Client(transport=httpx.ASGITransport(app=app), base_url=BASE, **kwargs)


def jwt_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def jwt_header(token: str) -> dict[str, Any]:
    head = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))


@dataclass
class Account:
    username: str
    password: str
    user_id: int


@dataclass
class Confidential:
    client_id: str
    client_secret: str
