"""The sign-in page of the authorization endpoint (trang đăng nhập): server-rendered, Vietnamese by default,
English through `ui_locales` or Accept-Language, usable with a keyboard, a screen reader and on a phone.

Step one asks for the username and password; accounts with a TOTP secret get a second step asking for the
6-digit code. Between the steps the page carries a short-lived signed token naming the account and bound to
the authorization request, so the password is never sent twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from app.core.crypto import keyed_hash
from app.core.errors import preferred_language

PENDING_TTL_SECONDS = 300
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    # No scripts at all; inline styles only; never framed. (No form-action: the answer redirects to the client.)
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
                               "base-uri 'none'",
}

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "product": "Hệ thống quản lý cán bộ công đoàn",
        "title": "Đăng nhập",
        "client_asks": "Đăng nhập để tiếp tục vào {name}.",
        "username": "Tên đăng nhập",
        "password": "Mật khẩu",
        "submit": "Đăng nhập",
        "otp_label": "Mã xác thực",
        "otp_hint": "Nhập mã 6 chữ số từ ứng dụng xác thực trên điện thoại của bạn.",
        "otp_submit": "Xác nhận",
        "invalid_credentials": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "invalid_otp": "Mã xác thực không đúng hoặc đã được sử dụng.",
        "pending_expired": "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
        "throttled": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        "error_title": "Yêu cầu đăng nhập không hợp lệ.",
        "other_lang": "en",
        "other_lang_name": "English",
    },
    "en": {
        "product": "Union Cadre Registry",
        "title": "Sign in",
        "client_asks": "Sign in to continue to {name}.",
        "username": "Username",
        "password": "Password",
        "submit": "Sign in",
        "otp_label": "Verification code",
        "otp_hint": "Enter the 6-digit code from the authenticator app on your phone.",
        "otp_submit": "Verify",
        "invalid_credentials": "The username or password is incorrect.",
        "invalid_otp": "The verification code is incorrect or was already used.",
        "pending_expired": "The sign-in has expired. Please sign in again.",
        "throttled": "Too many failed sign-in attempts. Please try again in {minutes} minutes.",
        "error_title": "The sign-in request is not valid.",
        "other_lang": "vi",
        "other_lang_name": "Tiếng Việt",
    },
}

_templates = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]), auto_reload=False)


def language(ui_locales: str | None, accept_language: str | None) -> str:
    """The first of `ui_locales` we speak (OIDC Core §3.1.2.1), else Accept-Language, else Vietnamese."""
    for tag in (ui_locales or "").split():
        lang = tag.split("-")[0].lower()
        if lang in STRINGS:
            return lang
    return preferred_language(accept_language)


@dataclass(frozen=True)
class LoginPage:
    """What one rendering of the page needs."""

    lang: str
    params: dict[str, str]  # the authorization request's parameters, carried in hidden fields
    client_name: str = ""
    username: str = ""

    def switch_url(self) -> str:
        other = STRINGS[self.lang]["other_lang"]
        return "/oauth/authorize?" + urlencode({**self.params, "ui_locales": other})

    def render(self, *, mode: str = "login", message: str = "", status: int = 200,
               extra_hidden: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> HTMLResponse:
        hidden = [(k, v) for k, v in self.params.items() if k != "ui_locales"]
        hidden.append(("ui_locales", self.lang))
        hidden += list((extra_hidden or {}).items())
        html = _templates.get_template("login.html").render(
            lang=self.lang, t=STRINGS[self.lang], mode=mode, message=message, client_name=self.client_name,
            username=self.username, hidden=hidden, action="/oauth/authorize",
            switch_url=self.switch_url() if mode == "login" else None)
        return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {}),
                                                               "Content-Language": self.lang})

    def text(self, key: str, **values: object) -> str:
        return STRINGS[self.lang][key].format(**values)


def error_page(lang: str, message: str, status: int = 400) -> HTMLResponse:
    return LoginPage(lang=lang, params={}).render(mode="error", message=message, status=status)


# --- the signed hand-over between the password step and the TOTP step ------------------------------------

def _params_digest(params: dict[str, str]) -> str:
    canonical = json.dumps({k: v for k, v in params.items() if k != "ui_locales"}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def pending_login_token(user_id: int, params: dict[str, str], now: float | None = None) -> str:
    expires = int((time.time() if now is None else now) + PENDING_TTL_SECONDS)
    body = f"{user_id}.{expires}.{_params_digest(params)}"
    return f"{body}.{keyed_hash(body, 'pending_login')}"


def read_pending_login(token: str, params: dict[str, str], now: float | None = None) -> int | None:
    """The account id the token names, if it is authentic, unexpired and for this same request."""
    body, _, signature = token.rpartition(".")
    parts = body.split(".")
    if len(parts) != 3 or not signature:
        return None
    if not hmac.compare_digest(signature, keyed_hash(body, "pending_login")):
        return None
    user_id, expires, digest = parts
    if not (user_id.isdigit() and expires.isdigit()) or digest != _params_digest(params):
        return None
    if int(expires) < (time.time() if now is None else now):
        return None
    return int(user_id)
