"""Folds over a case's events find each event's handler by the event's class, never by its name.

A handler found by name (``on_ReferralIssued``) is silently switched off when its event is
renamed; one registered with ``@follows(CaseReferrals.ReferralIssued)`` breaks at import instead,
and ``tests/unit/test_stored_names.py`` checks that every class a fold follows is a stored one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

Handler = TypeVar("Handler", bound=Callable[..., None])


def follows(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a method of a ``Fold`` as the handler of ``event_classes``."""

    def mark(handler: Handler) -> Handler:
        setattr(handler, "followed", event_classes)  # noqa: B010 - a function's own attribute
        return handler

    return mark


class Fold:
    """A class whose ``@follows`` methods handle events; events it does not follow change nothing.

    Handlers are kept by method name, so that a subclass that overrides one is the one called.
    """

    handlers: ClassVar[dict[type, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers = dict(cls.handlers)
        for name, value in vars(cls).items():
            for event_class in getattr(value, "followed", ()):
                handlers[event_class] = name
        cls.handlers = handlers

    def handler(self, event: object) -> Callable[..., None] | None:
        """This fold's handler of ``event``, bound; None if it does not follow its class."""
        name = self.handlers.get(type(event))
        handler: Callable[..., None] | None = None if name is None else getattr(self, name)
        return handler
