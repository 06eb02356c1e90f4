"""The command line's language: ``--lang``, else the environment's, else es-MX; argparse's too.

argparse says its own words ("usage: ", "options", "show this help message and exit", its
errors) through the ``gettext`` and ``ngettext`` it imported, which read the process's global
domain and the environment. Rather than change either, the command lends argparse the ``ruta``
catalogue of the language it picked, only while it builds and parses its arguments.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from texts.translations import SPANISH, Translation, language, translation

# What the environment says, in the order gettext reads it; "C" and "POSIX" say nothing.
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_spoken: ContextVar[Translation | None] = ContextVar("spoken", default=None)


def pick_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """``--lang`` before the command if given, else the environment's language, else Spanish."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return language(argv[i + 1])
        if arg.startswith("--lang="):
            return language(arg.partition("=")[2])
        if not arg.startswith("-"):
            break  # the command: what follows are its own arguments
    for name in _ENVIRONMENT:
        value = environ.get(name, "").split(":")[0]
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return language(value)
    return SPANISH


@contextmanager
def speaking(texts: Translation) -> Iterator[None]:
    """argparse speaks ``texts``' language inside the block, and its own after it."""
    said = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    token = _spoken.set(texts)
    argparse._ = texts.gettext  # type: ignore[attr-defined]
    argparse.ngettext = texts.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = said  # type: ignore[attr-defined]
        _spoken.reset(token)


def spoken() -> Translation:
    """The language argparse speaks now: for the messages of the arguments' own types."""
    return _spoken.get() or translation(SPANISH)
