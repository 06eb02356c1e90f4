"""Keyed hashes (HMAC-SHA256) of values that must be recognised but never stored: the logins
typed and the client addresses of failed sign-ins.

The key is derived from the master key (HKDF-SHA256), which lives in a file outside the
databases: a copy of the store cannot be searched for a name or an address by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from adapters.master_key import MasterKey

_INFO = b"ruta/fingerprint/v1"


class KeyedFingerprints:
    """The domain's ``Fingerprints``, keyed by the deployment's master key."""

    def __init__(self, master: MasterKey) -> None:
        self._key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_INFO).derive(master.key)

    def of(self, purpose: str, value: str) -> str:
        message = purpose.encode() + b"\x00" + value.encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
