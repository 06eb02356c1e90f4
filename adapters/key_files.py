"""Key files: written once, whole, readable by their owner only, and durable.

A key is written in full to a private temporary file and then linked into place: a reader never
sees half a key, and the link fails if the path exists, as ``O_EXCL`` would, so a key that
others depend on is never replaced. Callers turn the ``OSError``s into their own errors, which
never quote the file's content.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def create_private_file(path: Path, content: bytes) -> None:
    """Write ``content`` to a new file at ``path`` (mode 0600); ``FileExistsError`` if there
    is one already."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(temporary, content)
    try:
        os.link(temporary, path)
    finally:
        temporary.unlink()
    _sync_directory(path.parent)


def read_small_file(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path``: a key file is short, and more means it is not
    one."""
    with path.open("rb") as file:
        return file.read(limit + 1)


def _write_private(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask may only narrow the mode; make it exactly 0600
        os.write(fd, content)
        os.fsync(fd)
    except OSError:
        path.unlink()
        raise
    finally:
        os.close(fd)


def _sync_directory(directory: Path) -> None:
    # Make the new name durable, so a crash right after creation cannot lose the key.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
