"""How uvicorn serves the app: trusted proxies, keep-alive and a header-read deadline (against slowloris).

uvicorn cancels its keep-alive timer on the first byte of a request and has no deadline for the rest of the
headers, so a client sending one header byte every few seconds held a connection (and a slot of the server's
connection budget) forever. `header_timeout_protocol` closes a connection whose request headers are not
complete `CADRE_HEADER_TIMEOUT_SECONDS` after it opened or after the request's first byte.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.core.config import Settings


class HeaderDeadlineProtocol(HttpToolsProtocol):
    header_timeout: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_deadline_passed)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_deadline_passed(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.logger.warning("Closing a connection whose request headers did not arrive in %.0f s",
                                self.header_timeout)
            self.transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(cast(asyncio.Transport, transport))
        self._arm_header_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self._disarm_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)


def header_timeout_protocol(seconds: float) -> type[HeaderDeadlineProtocol]:
    return type("HeaderDeadlineProtocolConfigured", (HeaderDeadlineProtocol,), {"header_timeout": seconds})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run`/`uvicorn.Config`. X-Forwarded-For is honoured only from the proxies
    in `CADRE_TRUSTED_PROXIES` (uvicorn's default trusts 127.0.0.1, so anyone on the host could pick an
    address and walk around the per-address throttles)."""
    trusted = settings.trusted_proxies.strip()
    return {
        "host": settings.host,
        "port": settings.port,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted,
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        "http": header_timeout_protocol(settings.header_timeout_seconds),
        "h11_max_incomplete_event_size": 64 * 1024,
    }
