"""``ruta audit``: the checkpoint key and checkpoints on demand (run by an operator).

``ruta audit key`` prints the verifier key alone on a line, in the C2SP form standard tools read
(``name+hex(key id)+base64(0x01 ‖ public key)``); ``ruta audit checkpoint`` signs the audit log
as it is now and prints the note; ``ruta audit export [--after N]`` writes the log as NDJSON to
standard output (the lines of ``GET /audit/events``, for ``ruta audit verify``); ``ruta audit
init-key FILE`` creates the signer key of a configured deployment (the embedded default creates
its own on first run).
"""

from __future__ import annotations

import argparse
import os
import sys

from adapters.bootstrap import store_env
from adapters.bootstrap.views import open_kept_view
from adapters.checkpoints import create_signer_key
from adapters.deployment_keys import checkpointer, existing_checkpoint_key, prepare_data_dir
from adapters.raw_log import RawLog
from adapters.settings import Settings
from cli.language import spoken
from projections.audit_log import AuditLogProjection, AuditLogView
from projections.audit_log_export import export_lines
from texts.translations import translation


def position(text: str) -> int:
    """A log position: a whole number, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(spoken()("cli.help.not_a_position", value=text))
    return int(text)


def print_verifier_key(args: argparse.Namespace) -> int:
    # Only read: a missing key is refused, never made, since the checkpoints signed so far
    # would no longer verify with a new one.
    print(existing_checkpoint_key(Settings.from_env()).verifier)
    return 0


def write_checkpoint(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    view = _audit_log(settings)
    try:
        print(checkpointer(view, settings).checkpoint_now(), end="")
    finally:
        view.close()
    return 0


def export_log(args: argparse.Namespace) -> int:
    """The records the audit log has taken in, after ``--after``; a note on standard error
    when the log has more than that (nothing is exported that no leaf vouches for)."""
    settings = Settings.from_env()
    view = _audit_log(settings)
    log = RawLog(env=store_env(settings))
    try:
        try:
            for line in export_lines(log.recorder, view, after=args.after):
                sys.stdout.write(line + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (``| head``): quietly, as other commands do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        size = view.size()
        audited = (view.position_of(size - 1) or 0) if size else 0
        head = log.recorder.max_notification_id() or 0
        if head > max(audited, args.after):
            text = translation(args.lang).section("cli.audit")["behind"]
            print(text.format(position=max(audited, args.after), head=head), file=sys.stderr)
    finally:
        view.close()
        log.close()
    return 0


def _audit_log(settings: Settings) -> AuditLogView:
    prepare_data_dir(settings)
    view: AuditLogView = open_kept_view(settings, AuditLogProjection.name)
    return view


def init_checkpoint_key(args: argparse.Namespace) -> int:
    origin = args.origin or Settings.from_env().log_origin
    key = create_signer_key(args.file, origin)
    print(translation(args.lang).section("cli.audit")["key_created"].format(path=args.file))
    print(key.verifier)
    return 0
