"""The second factor: time-based one-time codes (TOTP, RFC 6238: HMAC-SHA-1, 6 digits, 30 s).

The secret is 20 random bytes (RFC 4226's recommended length), shown once in base32 for the
person's authenticator app and stored only sealed. A code is accepted in its own 30-second step or
one step either side (clock drift), and only in a step after the last one accepted, so that a code
seen over someone's shoulder cannot be used again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6
DRIFT = 1  # steps accepted either side of the current one
ISSUER = "Ruta"


def new_secret() -> str:
    """A new secret in base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def step_at(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The code of ``step`` (RFC 4226's HOTP over the step number)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def accepted_step(secret: str, code: str, moment: datetime, last_used: int) -> int | None:
    """The step whose code ``code`` is, within the drift and after ``last_used``; else None."""
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isdigit():
        return None
    now = step_at(moment)
    for step in range(now - DRIFT, now + DRIFT + 1):
        if step > last_used and hmac.compare_digest(code_at(secret, step), typed):
            return step
    return None


def provisioning_uri(login: str, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return (
        f"otpauth://totp/{quote(ISSUER)}:{quote(login)}?secret={secret}&issuer={quote(ISSUER)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, to be typed by hand: ``ABCD EFGH ...``."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
