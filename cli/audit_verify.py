"""``ruta audit verify``: check an export offline, without the database, and say what failed.

``ruta audit verify FILE --key KEY [--checkpoint NOTE_FILE ...] [--json] [--jobs N]``: FILE is an
export (``ruta audit export``, ``GET /audit/events``), ``-`` for standard input; KEY is the
verifier key ``ruta audit key`` prints, or a file holding it; each NOTE_FILE is a checkpoint the
auditor kept from before; N processes check the lines of a long export (default: one per core).
Exit codes: 0 the export verifies, 1 a check failed, 2 the input or the key cannot be read.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cli.language import spoken
from merkle.signed_note import NoteKeyError, VerifierKey
from merkle.verifier import verify_export
from texts.translations import translation

# A verifier key is one short line; a bigger "key file" is something else.
MAX_KEY_FILE = 4096


class Unreadable(Exception):
    """An input the command cannot read (exit code 2); the message says which and why."""


def jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(spoken()("cli.help.not_jobs", value=text))
    return int(text)


def verify_file(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.audit_verify")
    try:
        key = read_key(args.key, text)
        earlier = [read_note(Path(path), text) for path in args.checkpoint]
        with export_lines(args.file, text) as lines:
            report = verify_export(lines, key, earlier=earlier, jobs=args.jobs)
    except (Unreadable, NoteKeyError) as e:
        return cannot_read(e, text)
    if args.json:
        print(report.to_json(args.lang))
    else:
        print(report.to_text(args.lang), end="")
    return 0 if report.ok else 1


def cannot_read(error: Unreadable | NoteKeyError, text: Mapping[str, str]) -> int:
    """Say on standard error which input cannot be read, and why; the exit code, 2."""
    if isinstance(error, NoteKeyError):
        print(f"ruta: {text['bad_key'].format(reason=error)}", file=sys.stderr)
    else:
        print(f"ruta: {error}", file=sys.stderr)
    return 2


def read_key(value: str, text: Mapping[str, str]) -> VerifierKey:
    """The key written in ``value``, or in the file ``value`` names."""
    path = Path(value)
    if not path.is_file():
        return VerifierKey.parse(value.strip())
    what = text["key_file"].format(path=path)
    try:
        with path.open("rb") as file:
            content = file.read(MAX_KEY_FILE + 1)
    except OSError as e:
        raise Unreadable(text["unreadable"].format(what=what, reason=e.strerror)) from None
    try:
        return VerifierKey.parse(content.decode("ascii").strip())
    except UnicodeDecodeError:
        raise NoteKeyError(f"{path}: not ASCII text") from None


def read_note(path: Path, text: Mapping[str, str]) -> str:
    what = text["note"].format(path=path)
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as e:
        raise Unreadable(text["unreadable"].format(what=what, reason=e.strerror)) from None
    except UnicodeDecodeError:
        raise Unreadable(text["unreadable"].format(what=what, reason=text["not_utf8"])) from None


@contextmanager
def export_lines(name: str, text: Mapping[str, str]) -> Iterator[Iterator[str]]:
    """The lines of the export, read lazily (``-`` is standard input).

    Bytes that are not UTF-8 become U+FFFD, so that such a line fails verification naming its
    number, rather than the whole export being refused as unreadable.
    """
    what = text["export"].format(path=name)
    if name == "-":
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        try:
            yield _read(stdin, what, text)
        finally:
            stdin.detach()  # standard input stays open
        return
    try:
        stream = open(name, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as e:
        raise Unreadable(text["unreadable"].format(what=what, reason=e.strerror)) from None
    with stream:
        yield _read(stream, what, text)


def _read(stream: TextIO, what: str, text: Mapping[str, str]) -> Iterator[str]:
    try:
        yield from stream
    except OSError as e:
        raise Unreadable(text["unreadable"].format(what=what, reason=e.strerror)) from None
