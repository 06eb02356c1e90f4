"""Signed checkpoints of the audit log: the tree's size and root, signed, stored, served.

A checkpoint is a C2SP signed note (``merkle.signed_note``) by a key kept outside the database
(``RUTA_CHECKPOINT_KEY_FILE``; made on a first run of the embedded default only, by
``adapters.deployment_keys``).
``Checkpointer.checkpoint_now`` signs the tree as it is; ``CheckpointWriter`` does it at least
every interval while the log grows, so no record stays unvouched for longer than that.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Self

from adapters.key_files import create_private_file, read_small_file
from adapters.store_outage import STORE_ERRORS
from merkle.signed_note import NoteKeyError, SignerKey, VerifierKey, sign_checkpoint
from projections.audit_log import AuditLogView, StoredCheckpoint

_MAX_KEY_FILE_SIZE = 4096

_log = logging.getLogger(__name__)


class Checkpointer:
    """Signs the audit log's tree head with the log's key and stores the note."""

    def __init__(self, view: AuditLogView, key: SignerKey, origin: str) -> None:
        if key.name != origin:
            raise NoteKeyError(
                f"The checkpoint key is named {key.name!r}, but the log's origin is {origin!r}: "
                "a checkpoint is signed by a key named after its log."
            )
        self.view = view
        self.origin = origin
        self._key = key
        self._lock = threading.Lock()

    @property
    def verifier(self) -> VerifierKey:
        return self._key.verifier

    def checkpoint_now(self) -> str:
        """The signed note of the tree as it is now: a new one, stored, if the tree grew since
        the latest checkpoint, else the latest one (nothing new is written)."""
        return self._checkpoint().note

    def checkpoint_if_grown(self) -> StoredCheckpoint | None:
        """A new checkpoint if the tree grew since the latest one (an empty tree has none)."""
        latest = self.view.checkpoint()
        if self.view.size() <= (0 if latest is None else latest.size):
            return None
        return self._checkpoint()  # the tree never shrinks: it is not empty there either

    def _checkpoint(self) -> StoredCheckpoint:
        with self._lock:  # the API and the writer thread may ask at once
            size = self.view.size()
            latest = self.view.checkpoint()
            if latest is not None and latest.size >= size:
                return latest
            # The root of exactly ``size`` leaves: the tree may grow while this signs.
            note = sign_checkpoint(self.origin, size, self.view.root(size), self._key)
            return self.view.add_checkpoint(size, note)


class CheckpointWriter:
    """A thread writing a checkpoint every ``interval`` seconds while the log grows, and one
    more when it stops; use it as a context manager.

    While the store does not answer, a tick writes nothing and the next one tries again (the
    checkpoint then vouches for what arrived meanwhile too). Any other error stops it;
    ``check()`` re-raises it, as a view's runner does, so that the process that keeps the audit
    log stops rather than run on without checkpoints.
    """

    def __init__(self, checkpointer: Checkpointer, interval: float = 60.0) -> None:
        if interval <= 0:
            raise ValueError("a checkpoint interval is a number of seconds above 0")
        self.checkpointer = checkpointer
        self.interval = interval
        self.error: BaseException | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stopping.wait(self.interval):
                self._tick()
            self._tick()  # what arrived since the last tick
        except BaseException as e:
            self.error = e

    def _tick(self) -> None:
        try:
            self.checkpointer.checkpoint_if_grown()
        except STORE_ERRORS as e:
            # The class only: a store's message may name hosts.
            _log.warning("audit checkpoints: the store did not answer (%s)", type(e).__name__)

    def check(self) -> None:
        """Re-raise the error that stopped the thread, if one did."""
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Stop the thread after one last checkpoint (if the log grew), re-raising an error."""
        self._stopping.set()
        self._thread.join()
        self.check()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def create_signer_key(path: str | os.PathLike[str], name: str) -> SignerKey:
    """Write a new signer key named ``name`` to ``path``; never overwrites an existing file."""
    path = Path(path)
    key = SignerKey.generate(name)
    try:
        create_private_file(path, f"{key}\n".encode())
    except FileExistsError:
        raise NoteKeyError(
            f"Signer key file {path} exists already; refusing to overwrite it, since every "
            "checkpoint signed so far is checked with its public key."
        ) from None
    except OSError as e:
        raise NoteKeyError(f"Signer key file {path} cannot be created: {e.strerror}.") from None
    return key


def load_signer_key(path: str | os.PathLike[str]) -> SignerKey:
    """The signer key in ``path``, or a ``NoteKeyError`` naming the path and the problem."""
    path = Path(path)
    try:
        content = read_small_file(path, _MAX_KEY_FILE_SIZE)
    except FileNotFoundError:
        raise NoteKeyError(f"Signer key file {path} does not exist.") from None
    except OSError as e:
        raise NoteKeyError(f"Signer key file {path} cannot be read: {e.strerror}.") from None
    # ``from None`` throughout, and no file content in messages: it would be the secret.
    try:
        return SignerKey.parse(content.decode("ascii").strip())
    except (UnicodeDecodeError, NoteKeyError) as e:
        reason = e if isinstance(e, NoteKeyError) else "It is not ASCII text."
        raise NoteKeyError(f"Signer key file {path} does not hold a signer key. {reason}") from None
