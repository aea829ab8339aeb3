"""Authlib requests built from Starlette requests that were already read (Authlib cannot await a body)."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable

from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from starlette.datastructures import Headers
from starlette.requests import Request

from app.core.config import Settings, get_settings

AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                    "code_challenge_method", "ui_locales")


class Payload(OAuth2Payload):
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class StarletteOAuth2Request(OAuth2Request):
    """An Authlib request built from an already-read Starlette request (Authlib cannot await the body)."""

    def __init__(self, method: str, uri: str, headers: Headers, pairs: list[tuple[str, str]]) -> None:
        super().__init__(method, uri, headers=headers)
        self.payload = Payload(pairs)
        self._values = dict(self.payload.data)

    @property
    def args(self) -> dict[str, str]:
        return self._values

    @property
    def form(self) -> dict[str, str]:
        return self._values


def public_uri(request: Request, settings: Settings) -> str:
    """The URL as the client sees it (CADRE_PUBLIC_URL), which Authlib checks is https or loopback."""
    query = f"?{request.url.query}" if request.url.query else ""
    return settings.base_url + request.url.path + query


def allow_plain_http_outside_production(settings: Settings) -> None:
    """Authlib refuses OAuth over plain http except on loopback. Production is served over https; development
    and the test suite use http host names such as `testserver`, so there Authlib's documented switch is set."""
    if settings.environment != "production":
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


async def read_request(request: Request, *, only: Iterable[str] | None = None) -> StarletteOAuth2Request:
    """Parameters from the query (GET) or the url-encoded body (POST), optionally limited to `only`."""
    if request.method == "POST":
        form = await request.form()
        pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    else:
        pairs = list(request.query_params.multi_items())
    if only is not None:
        wanted = set(only)
        pairs = [(k, v) for k, v in pairs if k in wanted]
    return StarletteOAuth2Request(request.method, public_uri(request, get_settings()), request.headers, pairs)
