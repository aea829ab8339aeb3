"""Security headers on every response (OWASP API8, ASVS 14.3/50.x): the API, the sign-in pages, the SPA and its
assets, errors included.

- `Content-Security-Policy`: the SPA gets scripts only from its own origin (Vite emits no inline script),
  styles from its origin plus inline `style` attributes/tags (Mantine sets CSS variables inline), images and
  fonts from its origin and `data:`; `connect-src` adds the external IdP when one is configured. API
  responses get `default-src 'none'`. Every page: `frame-ancestors 'none'`, `object-src 'none'`,
  `base-uri 'self'`. The Swagger page (`/api/docs`, off in production) keeps its own relaxed policy.
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `X-Frame-Options: DENY` (older browsers),
  `Cross-Origin-Opener-Policy: same-origin`, a `Permissions-Policy` denying sensors, and HSTS when the public
  URL is https.
A header a route set itself is left alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
            "frame-ancestors 'none'; object-src 'none'; base-uri 'self'")


def spa_csp(settings: Settings) -> str:
    connect = ["'self'"]
    if settings.auth_mode == "external" and settings.external_issuer:
        parts = urlsplit(settings.external_issuer)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src " + " ".join(connect) + "; "
            "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ]
        if settings.base_url.startswith("https://"):
            common.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        self.common = common
        self.spa_csp = spa_csp(settings).encode()

    def _csp(self, path: str) -> bytes:
        if path.startswith("/api/docs") or path == "/api/docs/oauth2-redirect":
            return DOCS_CSP.encode()
        if path.startswith(("/api/", "/.well-known/", "/metrics", "/healthz", "/readyz")):
            return API_CSP.encode()
        return self.spa_csp  # the SPA, its assets and the sign-in pages under /oauth/

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self._csp(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.common if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
