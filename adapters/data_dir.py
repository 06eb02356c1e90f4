"""The data directory is its owner's alone: created 0700, every file in it 0600, whatever the umask.

It holds the event store, the key store, the master and checkpoint keys and the views (sealed
personal data, the keys that open it, and what the views show of it), so no other local account
may read any of it. One mechanism does it: the process's umask is narrowed to 0o077 before
anything opens the directory, so every file created afterwards is private — SQLite's own included,
and its ``-wal`` and ``-shm`` files, which SQLite gives the mode of their database file — and
what an earlier release left readable is made private on the way in. Every process that opens the
directory goes through ``open_private_dir`` first (the composition root, the views' runners, the
relay's tracking, the CLI), so the order in which processes start does not matter.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


class DataDirError(RuntimeError):
    """The data directory cannot be made private (it, or a file in it, belongs to another
    account), so Ruta does not start on it."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path} cannot be made private to this account: {reason}.")


def narrow_umask() -> None:
    """Make every file this process creates from now on private to its owner.

    Narrowed, never widened: a stricter umask set by the operator stays. Set through a stricter
    value first, so that no thread ever runs under a looser one meanwhile.
    """
    previous = os.umask(PRIVATE_UMASK)
    os.umask(previous | PRIVATE_UMASK)


def open_private_dir(data_dir: Path) -> Path:
    """``data_dir``, created 0700 if missing, with the umask narrowed and what is in it already
    made private (group and other permissions removed); ``DataDirError`` if it cannot be."""
    narrow_umask()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(data_dir)
    for entry in os.scandir(data_dir):
        # A link is not followed: what it points to is not ours to change.
        if not entry.is_symlink():
            _tighten(Path(entry.path))
    return data_dir


def _tighten(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & PRIVATE_UMASK:
            path.chmod(mode & ~PRIVATE_UMASK)
    except FileNotFoundError:
        return  # a temporary file of another process, gone meanwhile
    except PermissionError as e:
        raise DataDirError(path, e.strerror or "permission denied") from None
