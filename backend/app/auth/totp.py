"""Time-based one-time passwords (mã xác thực hai lớp, RFC 6238) with pyotp: 6 digits, 30-second steps,
one step of clock drift either way, and no code accepted twice."""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime

import pyotp

ISSUER = "Cadre Registry"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """otpauth:// URI for authenticator apps (shown once, as text or QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def matching_step(secret: str, code: str, *, last_step: int | None, now: float | None = None) -> int | None:
    """The time step `code` belongs to (current ±1), or None; steps up to `last_step` were already used."""
    code = "".join(code.split())
    if not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(time.time() if now is None else now, UTC))
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
