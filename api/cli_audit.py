"""``ruta audit``: the checkpoint key and checkpoints on demand (run by an operator).

``ruta audit key`` prints the verifier key alone on a line, in the C2SP form standard tools read
(``name+hex(key id)+base64(0x01 ‖ public key)``); ``ruta audit checkpoint`` signs the audit log
as it is now and prints the note; ``ruta audit init-key FILE`` creates the signer key of a
configured deployment (the embedded default creates its own on first run).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from adapters.bootstrap import store_env
from adapters.checkpoints import checkpoint_key, checkpointer
from adapters.projection_runtime import open_view
from adapters.settings import Settings
from adapters.signed_note import create_signer_key
from projections.audit_log import AuditLogProjection

TEXT = {
    "es": {
        "key_created": "Llave de firma de puntos de control creada en {path}. Guárdela fuera de "
        "la base de datos. Llave de verificación:",
    },
    "en": {
        "key_created": "Checkpoint signing key created at {path}. Keep it outside the database. "
        "Verifier key:",
    },
}


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """Add ``ruta audit`` and its verbs; returns the verbs, for other ``audit`` verbs."""
    audit = commands.add_parser("audit", help="registro de auditoría verificable")
    verbs = audit.add_subparsers(required=True, metavar="ACCIÓN")
    key = verbs.add_parser("key", help="imprime la llave de verificación de los puntos de control")
    key.set_defaults(command=print_verifier_key)
    checkpoint = verbs.add_parser("checkpoint", help="firma ahora un punto de control y lo imprime")
    checkpoint.set_defaults(command=write_checkpoint)
    init = verbs.add_parser("init-key", help="crea la llave de firma en ARCHIVO")
    init.add_argument("file", type=Path, metavar="ARCHIVO")
    init.add_argument("--origin", metavar="ORIGEN", help="nombre del registro (RUTA_LOG_ORIGIN)")
    init.set_defaults(command=init_checkpoint_key)
    return verbs


def print_verifier_key(args: argparse.Namespace) -> int:
    print(checkpoint_key(Settings.from_env()).verifier)
    return 0


def write_checkpoint(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.embedded:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    view = open_view(AuditLogProjection.name, store_env(settings), settings.data_dir)
    try:
        print(checkpointer(view, settings).checkpoint_now(), end="")
    finally:
        view.close()
    return 0


def init_checkpoint_key(args: argparse.Namespace) -> int:
    origin = args.origin or Settings.from_env().log_origin
    key = create_signer_key(args.file, origin)
    print(TEXT[args.lang]["key_created"].format(path=args.file))
    print(key.verifier)
    return 0
