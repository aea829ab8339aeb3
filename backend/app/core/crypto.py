"""Field encryption (national ID, key material) and keyed hashes for lookups/dedupe. No home-made crypto:
Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`, HMAC-SHA256 from the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet

from app.core.config import get_settings


@lru_cache
def _fernet() -> Fernet:
    s = get_settings()
    key = s.field_encryption_key
    if not key:  # development/test only (config refuses this in production)
        key = base64.urlsafe_b64encode(hashlib.sha256(("fernet:" + s.secret_key).encode()).digest()).decode()
    return Fernet(key.encode())


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(value: str, purpose: str) -> str:
    """Deterministic HMAC for equality lookups without storing the value (e.g. national ID, token hashes)."""
    key = hashlib.sha256((purpose + ":" + get_settings().secret_key).encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
