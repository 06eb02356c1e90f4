"""Passwords of people: the rules a new one must meet, and the hasher that keeps it (argon2id).

The hashing itself is an adapter (``adapters/passwords.py``); the domain only sees this
interface. A stored hash is sealed besides (``account_sign_in``), so that the exported log that
auditors take away holds no hash to attack offline.
"""

from __future__ import annotations

from typing import Protocol

from domain.errors.sign_in import (
    PasswordLikeLogin,
    PasswordsDiffer,
    PasswordTooCommon,
    PasswordTooLong,
    PasswordTooShort,
)

MIN_LENGTH = 12
MAX_LENGTH = 200  # long passphrases are welcome; megabytes of input are not

# The most common passwords of 12 characters or more in public breach lists, and the obvious
# ones of this deployment. A short list: the length rule does most of the work.
COMMON = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789abc",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "aaaaaaaaaaaa",
        "abcdefghijkl",
        "administrador",
        "administrator",
        "contraseña123",
        "contrasena123",
        "contraseña1234",
        "contrasena1234",
        "iloveyou1234",
        "password1234",
        "password12345",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiopasdf",
        "quintanaroo2026",
        "quintanaroo123",
        "qwerty123456",
        "ruta12345678",
        "rutaruta1234",
        "superpassword",
        "teamosiempre",
        "cancun123456",
        "cdheqroo2026",
        "000000000000",
        "111111111111",
        "123123123123",
    }
)


class PasswordHasher(Protocol):
    """Hashes passwords and checks one against a hash, in constant time for the caller."""

    def hash(self, password: str) -> str: ...

    def verify(self, hashed: str, password: str) -> bool: ...

    def waste_time(self, password: str) -> None:
        """Take as long as a check, for a login that does not exist (no enumeration by timing)."""
        ...


def check_password(password: str, confirmation: str, login: str) -> str:
    """The password if it may be used; else the ``PasswordRefused`` of the rule it breaks."""
    if password != confirmation:
        raise PasswordsDiffer(field="confirmation")
    if len(password) < MIN_LENGTH:
        raise PasswordTooShort(field="password", minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise PasswordTooLong(field="password", maximum=MAX_LENGTH)
    folded = password.casefold()
    if login.casefold() in folded and len(folded) - len(login) < 6:
        raise PasswordLikeLogin(field="password")
    if folded in COMMON or len(set(folded)) < 4:
        raise PasswordTooCommon(field="password")
    return password
