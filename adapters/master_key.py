"""The master key that wraps every case's data key: 32 random bytes in a file of its own.

The file holds one line of standard base64. It lives outside the databases (a mounted secret, or
``var/master.key`` for the embedded default), so a copy of the event store and the key store
together still cannot open any personal data. No message raised here ever contains key bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from adapters.key_files import create_private_file, read_small_file

KEY_SIZE = 32
# A key file is one short line; anything much bigger is not a key file.
_MAX_FILE_SIZE = 1024


class MasterKeyError(ValueError):
    """The master key file is missing, unreadable or does not hold a key."""


class MasterKeyMismatch(MasterKeyError):
    """The master key is valid but does not open this key store: it is another master key."""


@dataclass(frozen=True, eq=False)
class MasterKey:
    """The bytes of the master key and the file they came from (the bytes never show in repr)."""

    key: bytes = field(repr=False)
    path: Path

    def __post_init__(self) -> None:
        if len(self.key) != KEY_SIZE:
            raise MasterKeyError(f"A master key has {KEY_SIZE} bytes, not {len(self.key)}.")


def create_master_key(path: str | os.PathLike[str]) -> MasterKey:
    """Write a new random master key to ``path``; never overwrites an existing file."""
    path = Path(path)
    key = secrets.token_bytes(KEY_SIZE)
    try:
        create_private_file(path, base64.b64encode(key) + b"\n")
    except FileExistsError:
        raise MasterKeyError(
            f"Master key file {path} exists already; refusing to overwrite it, since every "
            "sealed value depends on it."
        ) from None
    except OSError as e:
        raise MasterKeyError(f"Master key file {path} cannot be created: {e.strerror}.") from None
    return MasterKey(key, path)


def load_master_key(path: str | os.PathLike[str]) -> MasterKey:
    """The master key in ``path``, or a ``MasterKeyError`` naming the path and the problem."""
    path = Path(path)
    try:
        content = read_small_file(path, _MAX_FILE_SIZE)
    except FileNotFoundError:
        raise MasterKeyError(f"Master key file {path} does not exist.") from None
    except OSError as e:
        raise MasterKeyError(f"Master key file {path} cannot be read: {e.strerror}.") from None
    # ``from None`` throughout: a decoding error's own message may quote bytes of the file.
    try:
        key = base64.b64decode(content.decode("ascii").strip(), validate=True)
    except (UnicodeDecodeError, binascii.Error):
        raise MasterKeyError(
            f"Master key file {path} is not one line of standard base64."
        ) from None
    if len(key) != KEY_SIZE:
        raise MasterKeyError(
            f"Master key file {path} holds {len(key)} bytes; a master key has {KEY_SIZE}."
        )
    return MasterKey(key, path)


def ensure_master_key(path: str | os.PathLike[str]) -> MasterKey:
    """The master key in ``path``, created first if the file does not exist (embedded default)."""
    path = Path(path)
    if not path.exists():
        try:
            create_master_key(path)
        except MasterKeyError:
            # Two processes starting together may both get here: the loser loads the winner's
            # key. Any other failure to create stands.
            if not path.exists():
                raise
    return load_master_key(path)
