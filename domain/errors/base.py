"""The root of the domain's errors, its four bases, and the error about who the caller is."""

from __future__ import annotations

import re
from typing import ClassVar


class RutaError(Exception):
    """Base of every error that the hub raises on purpose."""

    message: ClassVar[str] = "The request cannot be carried out."

    def __init__(self, *, field: str | None = None, **params: object) -> None:
        self.field = field
        self.params = params
        super().__init__(self.message.format(**params))

    @classmethod
    def code(cls) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


class NotAuthenticated(RutaError):
    """The caller did not prove who it is: no token, an unknown one, or a revoked one."""

    message = "A valid bearer token is needed."


class SessionEnded(NotAuthenticated):
    """A person's session was signed out, has expired, or its account may no longer act."""

    message = "The session has ended; sign in again."


class NotFound(RutaError):
    """The thing asked for does not exist, or the caller may not know that it exists."""


class Forbidden(RutaError):
    """The caller exists and is known, but may not do this."""


class Conflict(RutaError):
    """The write raced another one, or what it would create exists already."""


class RuleViolation(RutaError):
    """The command would make the record say something that cannot be true."""
