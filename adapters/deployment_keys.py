"""A deployment's keys, and when they may be made: on a first run, or by an ``init`` command.

The master key wraps every case's data key, the key store holds those wrapped keys, and the
checkpoint key signs the audit log. On a first run of the embedded default (no ``ruta.db`` in the
data directory, ``adapters.store_probe``) the master and checkpoint keys are made before anything
opens a store, by whichever process starts first. Afterwards a missing one refuses the start,
naming it, before anything is written: a new master key or key store would leave every sealed
value unreadable while the server answered without them, and a new checkpoint key would make
honest checkpoints look forged. A configured deployment (PostgreSQL) never makes a key file
(``ruta keys init``, ``ruta audit init-key`` do), and its key store tables are made only while its
event store is empty.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from adapters.checkpoints import Checkpointer, create_signer_key, load_signer_key
from adapters.data_dir import narrow_umask, open_private_dir
from adapters.master_key import MasterKey, ensure_master_key, load_master_key
from adapters.settings import Settings
from adapters.store_probe import is_first_run, keystore_location, keystore_ready, store_location
from merkle.signed_note import NoteKeyError, SignerKey
from projections.audit_log import AuditLogView

MASTER_KEY = "master_key"
KEY_STORE = "key_store"
CHECKPOINT_KEY = "checkpoint_key"


@dataclass(frozen=True)
class MissingKey:
    """A key that existing data needs and that is not there: its kind and where it belongs."""

    kind: str  # MASTER_KEY, KEY_STORE or CHECKPOINT_KEY
    location: str


class KeysMissing(RuntimeError):
    """Data that exists depends on keys that are missing: Ruta does not start, writes nothing,
    and names each missing key (a path or a table, never key material)."""

    def __init__(self, missing: Sequence[MissingKey], store: str) -> None:
        self.missing = tuple(missing)
        self.store = store
        named = "; ".join(f"{m.kind.replace('_', ' ')} {m.location}" for m in self.missing)
        super().__init__(
            f"Missing: {named}. The data in {store} depends on them, and keys are made only on a "
            "first run or by `ruta keys init` / `ruta audit init-key`: restore them from backup."
        )


def prepare(settings: Settings, *, keys_needed: bool = True) -> bool:
    """Ready the keys for a process about to open the stores; whether this is a first run.

    Embedded: the data directory made private (``adapters.data_dir``), and on a first run the
    master and checkpoint keys made (the key store is made by its store). Afterwards, for a
    process that needs the keys (``keys_needed``: the API's), the master key and a key store
    holding its check value must be there. Configured: once the event store holds events, the
    key store must hold its check value. ``KeysMissing`` before any write.
    """
    narrow_umask()
    first = is_first_run(settings)
    if settings.postgres is not None:
        if keys_needed and not first and not keystore_ready(settings):
            key_store = MissingKey(KEY_STORE, keystore_location(settings))
            raise KeysMissing([key_store], store_location(settings))
        return first
    missing = []
    keystore = keystore_ready(settings)
    # On a first run too: a key store is there, made with a master key that is gone, and a new
    # one would never open it.
    if not settings.master_key_file.exists() and (keystore or not first):
        missing.append(MissingKey(MASTER_KEY, str(settings.master_key_file)))
    if not first and not keystore:
        missing.append(MissingKey(KEY_STORE, keystore_location(settings)))
    if missing and keys_needed:
        raise KeysMissing(missing, store_location(settings))
    open_private_dir(settings.data_dir)
    if first:
        if not missing:
            ensure_master_key(settings.master_key_file)
        ensure_signer_key(settings.checkpoint_key_file, settings.log_origin)
    return first


def prepare_data_dir(settings: Settings) -> None:
    """``prepare`` for a process that reads the stores without the keys (views, relay, export):
    on the embedded default it may be the first to open the event store, which must never exist
    without its keys; whether they are all there is the API's concern, not its."""
    if settings.embedded:
        prepare(settings, keys_needed=False)


def master_key(settings: Settings) -> MasterKey:
    """The master key of a process about to open the stores (``prepare`` first)."""
    prepare(settings)
    return load_master_key(settings.master_key_file)


def page_cookie_key(settings: Settings) -> bytes:
    """The key that signs the pages' session cookies and CSRF tokens: derived from the master
    key, so that every replica shares it and nothing in the database can forge a cookie."""
    master = master_key(settings).key
    return hmac.new(master, b"ruta web session cookies v1", hashlib.sha256).digest()


def checkpoint_key(settings: Settings) -> SignerKey:
    """The log's signer key for a process that signs checkpoints (``prepare`` first, on the
    embedded default; a configured deployment brings its own, made with ``ruta audit
    init-key``)."""
    if settings.embedded:
        prepare(settings, keys_needed=False)
        return existing_checkpoint_key(settings)
    return load_signer_key(settings.checkpoint_key_file)


def existing_checkpoint_key(settings: Settings) -> SignerKey:
    """The log's signer key as it is, never made: for a command that only reads it."""
    path = settings.checkpoint_key_file
    if not path.exists():
        key = MissingKey(CHECKPOINT_KEY, str(path))
        raise KeysMissing([key], store_location(settings))
    return load_signer_key(path)


def checkpointer(view: AuditLogView, settings: Settings) -> Checkpointer:
    """The configured log's checkpointer over ``view``."""
    return Checkpointer(view, checkpoint_key(settings), settings.log_origin)


def ensure_signer_key(path: Path, name: str) -> None:
    """Make the signer key at ``path`` unless it is there."""
    if path.exists():
        return
    try:
        create_signer_key(path, name)
    except NoteKeyError:
        # Two processes starting together may both get here: the loser loads the winner's
        # key. Any other failure to create stands.
        if not path.exists():
            raise
