"""The domain's ``PasswordHasher`` with argon2id (RFC 9106), through argon2-cffi.

argon2-cffi's defaults are RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes);
they are the least this hasher accepts. A check against a login that does not exist hashes a
throw-away password with the same parameters, so that it takes as long as a real one.
"""

from __future__ import annotations

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Passwords:
    """Hashes with argon2id; ``cheap`` only for tests that hash many times."""

    def __init__(self, *, cheap: bool = False) -> None:
        self._argon2 = (
            Argon2(time_cost=1, memory_cost=8 * 1024, parallelism=1) if cheap else Argon2()
        )
        self._dummy = self._argon2.hash("a password no account has, hashed once")

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        try:
            return self._argon2.verify(hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def waste_time(self, password: str) -> None:
        self.verify(self._dummy, password)
