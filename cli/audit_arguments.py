"""The arguments of ``ruta audit`` and its verbs, built from light modules (see cli.arguments)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cli.deferred import Deferred
from texts.translations import Translation


def add_audit(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], t: Translation
) -> None:
    """Add ``ruta audit`` and its verbs: key, checkpoint, export, init-key, verify and prove."""
    audit = commands.add_parser("audit", help=t("cli.help.audit"))
    verbs = audit.add_subparsers(required=True, metavar=t("cli.help.action"))
    key = verbs.add_parser("key", help=t("cli.help.audit_key"))
    key.set_defaults(command=Deferred("cli.audit", "print_verifier_key"))
    checkpoint = verbs.add_parser("checkpoint", help=t("cli.help.audit_checkpoint"))
    checkpoint.set_defaults(command=Deferred("cli.audit", "write_checkpoint"))
    export = verbs.add_parser("export", help=t("cli.help.audit_export"))
    export.add_argument(
        "--after",
        type=Deferred("cli.audit", "position"),
        default=0,
        metavar=t("cli.help.position"),
        help=t("cli.help.audit_after"),
    )
    export.set_defaults(command=Deferred("cli.audit", "export_log"))
    init = verbs.add_parser("init-key", help=t("cli.help.audit_init_key"))
    init.add_argument("file", type=Path, metavar=t("cli.help.file"))
    init.add_argument("--origin", metavar=t("cli.help.origin"), help=t("cli.help.audit_origin"))
    init.set_defaults(command=Deferred("cli.audit", "init_checkpoint_key"))
    add_verify(verbs, t)
    add_prove(verbs, t)


def add_verify(verbs: argparse._SubParsersAction[argparse.ArgumentParser], t: Translation) -> None:
    verify = verbs.add_parser("verify", help=t("cli.help.verify"))
    verify.add_argument("file", metavar=t("cli.help.file"), help=t("cli.help.verify_file"))
    verify.add_argument(
        "--key", required=True, metavar=t("cli.help.key"), help=t("cli.help.verify_key")
    )
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        metavar=t("cli.help.note"),
        help=t("cli.help.verify_checkpoint"),
    )
    verify.add_argument("--json", action="store_true", help=t("cli.help.verify_json"))
    verify.add_argument(
        "--jobs",
        type=Deferred("cli.audit_verify", "jobs"),
        default=os.cpu_count() or 1,
        metavar="N",
        help=t("cli.help.verify_jobs"),
    )
    verify.set_defaults(command=Deferred("cli.audit_verify", "verify_file"))


def add_prove(verbs: argparse._SubParsersAction[argparse.ArgumentParser], t: Translation) -> None:
    """Add ``prove`` and its two kinds of proof to the verbs of ``ruta audit``."""
    prove = verbs.add_parser("prove", help=t("cli.help.prove"))
    kinds = prove.add_subparsers(required=True, metavar=t("cli.help.prove_kind"))
    inclusion = kinds.add_parser("inclusion", help=t("cli.help.prove_inclusion"))
    inclusion.add_argument(
        "--checkpoint", required=True, metavar=t("cli.help.note"), help=t("cli.help.prove_note")
    )
    _proof_and_key(inclusion, t)
    leaf = inclusion.add_mutually_exclusive_group()
    leaf.add_argument("--leaf", metavar=t("cli.help.file"), help=t("cli.help.prove_leaf"))
    leaf.add_argument(
        "--leaf-hash",
        type=Deferred("cli.audit_prove", "leaf_hash"),
        metavar="HEX",
        help=t("cli.help.prove_leaf_hash"),
    )
    inclusion.set_defaults(command=Deferred("cli.audit_prove", "prove_inclusion"))
    consistency = kinds.add_parser("consistency", help=t("cli.help.prove_consistency"))
    consistency.add_argument(
        "--old", required=True, metavar=t("cli.help.note"), help=t("cli.help.prove_old")
    )
    consistency.add_argument(
        "--new", required=True, metavar=t("cli.help.note"), help=t("cli.help.prove_new")
    )
    _proof_and_key(consistency, t)
    consistency.set_defaults(command=Deferred("cli.audit_prove", "prove_consistency"))


def _proof_and_key(command: argparse.ArgumentParser, t: Translation) -> None:
    command.add_argument(
        "--proof", required=True, metavar=t("cli.help.file"), help=t("cli.help.prove_proof")
    )
    command.add_argument(
        "--key", required=True, metavar=t("cli.help.key"), help=t("cli.help.verify_key")
    )
