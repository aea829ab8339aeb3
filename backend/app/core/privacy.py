"""Responses that carry personal data (dữ liệu cá nhân) must not be stored by browsers or proxies (ASVS 14.3.2).

One list of path prefixes decides it, applied by a middleware to every response under them (errors
included). A domain adds its prefix to `PERSONAL_DATA_PATHS`; a single route elsewhere can call `no_store()`.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PERSONAL_DATA_PATHS: tuple[str, ...] = (
    "/api/v1/me",
    "/api/v1/cadres",
    "/api/v1/documents",  # proof documents of cadres' records
    "/api/v1/audit-log",
    "/api/v1/access-log",
    "/api/v1/jobs",  # import reports and exports
    "/api/v1/personnel-actions",  # decisions name people
    "/api/v1/planning-cycles",  # candidate lists
    "/api/v1/planning-candidates",
    "/api/v1/bodies",  # body composition names the members
    "/api/v1/terms",
    "/api/v1/reports",  # statistics of small groups are personal data (rule 26)
    "/api/v1/report-requests",  # tracking: who submitted what
    "/api/v1/targets",  # drill-down to the records behind a figure
    "/api/v1/notifications",
    "/api/v1/data-subject-requests",
)
NO_STORE_HEADERS = ((b"cache-control", b"no-store"), (b"pragma", b"no-cache"))


def carries_personal_data(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PERSONAL_DATA_PATHS)


def no_store(response: Response) -> None:
    """For a single route outside the prefixes."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


class NoStoreMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not carries_personal_data(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers") or [] if k.lower() not in (b"cache-control",
                                                                                               b"pragma")]
                message["headers"] = [*headers, *NO_STORE_HEADERS]
            await send(message)

        await self.app(scope, receive, send_no_store)
