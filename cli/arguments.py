"""The ``ruta`` command's arguments, built from light modules: ``ruta --help`` imports no storage,
web site or Kafka client; each command's function is imported only when that command runs."""

from __future__ import annotations

import argparse
from importlib.metadata import version
from pathlib import Path

from cli.audit_arguments import add_audit
from cli.deferred import Deferred
from texts.translations import LANGUAGES, SPANISH, Translation, translation

Verbs = argparse._SubParsersAction
# The views a process keeps or rebuilds (adapters.view_rebuild.VIEWS, named here without importing
# it: a test keeps the two the same), or all of them.
VIEW_NAMES = ("caseload", "custody", "review", "audit", "all")
# The events a view may be behind the log and still be healthy (``ruta project status``): as
# far as /readyz lets one be (api.routers.health.MAX_LAG; a test keeps the two the same).
MAX_VIEW_LAG = 1000
# The roles of domain.actor.Role, the same way (a test keeps them the same).
ROLE_NAMES = ("caseworker", "supervisor", "auditor", "commission", "admin")


def parser(t: Translation | None = None) -> argparse.ArgumentParser:
    """The ``ruta`` command's arguments, their help said in ``t``'s language (es-MX if none)."""
    t = t or translation(SPANISH)
    root = argparse.ArgumentParser(prog="ruta", description=t("cli.help.description"))
    root.add_argument("--lang", choices=LANGUAGES, default=t.lang, help=t("cli.help.lang"))
    root.add_argument(
        "--version", action="version", version=f"ruta {version('ruta')}", help=t("cli.help.version")
    )
    commands = root.add_subparsers(required=True, metavar=t("cli.help.command"))

    demo = commands.add_parser("demo", help=t("cli.help.demo"))
    demo.set_defaults(command=Deferred("cli.demo", "run_demo"))

    add_accounts(commands, t)
    add_serve(commands, t)
    add_relay(commands, t)
    add_subscribe(commands, t)
    add_audit(commands, t)

    keys = commands.add_parser("keys", help=t("cli.help.keys"))
    key_verbs = keys.add_subparsers(required=True, metavar=t("cli.help.action"))
    init = key_verbs.add_parser("init", help=t("cli.help.keys_init"))
    init.add_argument("file", type=Path, metavar=t("cli.help.file"))
    init.set_defaults(command=Deferred("cli.keys", "init_master_key"))
    return root


def add_accounts(commands: Verbs[argparse.ArgumentParser], t: Translation) -> None:
    accounts = commands.add_parser("accounts", help=t("cli.help.accounts"))
    verbs = accounts.add_subparsers(required=True, metavar=t("cli.help.action"))
    create = verbs.add_parser("create", help=t("cli.help.accounts_create"))
    create.add_argument(
        "--agency", required=True, metavar=t("cli.help.code"), help=t("cli.help.accounts_agency")
    )
    create.add_argument(
        "--role",
        required=True,
        action="append",
        metavar=t("cli.help.role"),
        choices=ROLE_NAMES,
        help=t("cli.help.accounts_role"),
    )
    create.add_argument(
        "--label", default="", metavar=t("cli.help.text"), help=t("cli.help.accounts_label")
    )
    create.add_argument(
        "--login", default=None, metavar=t("cli.help.login"), help=t("cli.help.accounts_login")
    )
    create.set_defaults(command=Deferred("cli.accounts", "create_account"))
    enrol = verbs.add_parser("enrol", help=t("cli.help.accounts_enrol"))
    enrol.add_argument(
        "account", metavar=t("cli.help.account"), help=t("cli.help.accounts_account")
    )
    enrol.set_defaults(command=Deferred("cli.accounts", "enrol_person"))
    listing = verbs.add_parser("list", help=t("cli.help.accounts_list"))
    listing.set_defaults(command=Deferred("cli.accounts", "list_accounts"))
    revoke = verbs.add_parser("revoke", help=t("cli.help.accounts_revoke"))
    revoke.add_argument(
        "account", metavar=t("cli.help.account"), help=t("cli.help.accounts_account")
    )
    revoke.set_defaults(command=Deferred("cli.accounts", "revoke_account"))


def add_serve(commands: Verbs[argparse.ArgumentParser], t: Translation) -> None:
    serve = commands.add_parser("serve", help=t("cli.help.serve"))
    serve.add_argument("--host", default="127.0.0.1", help=t("cli.help.serve_host"))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.help.serve_port"))
    serve.add_argument(
        "--projection",
        choices=("here", "elsewhere"),
        default="here",
        help=t("cli.help.serve_projection"),
    )
    serve.add_argument("--demo", action="store_true", help=t("cli.help.serve_demo"))
    serve.add_argument("--log-level", default="warning", help=t("cli.help.serve_log_level"))
    serve.set_defaults(command=Deferred("cli.serve", "serve_api"))
    project = commands.add_parser("project", help=t("cli.help.project"))
    verbs = project.add_subparsers(required=True, metavar=t("cli.help.action"))
    run = verbs.add_parser("run", help=t("cli.help.project_run"))
    run.add_argument("view", choices=VIEW_NAMES, help=t("cli.help.view"))
    run.set_defaults(command=Deferred("cli.serve", "run_projection"))
    rebuild = verbs.add_parser("rebuild", help=t("cli.help.rebuild"))
    rebuild.add_argument("view", choices=VIEW_NAMES, help=t("cli.help.view"))
    rebuild.add_argument(
        "--wait",
        type=float,
        default=30.0,
        metavar=t("cli.help.seconds"),
        help=t("cli.help.rebuild_wait"),
    )
    rebuild.set_defaults(command=Deferred("cli.project", "rebuild_views"))
    status = verbs.add_parser("status", help=t("cli.help.project_status"))
    status.add_argument(
        "view", nargs="?", default="all", choices=VIEW_NAMES, help=t("cli.help.view")
    )
    status.add_argument(
        "--max-lag",
        type=int,
        default=MAX_VIEW_LAG,
        metavar=t("cli.help.events"),
        help=t("cli.help.project_status_max_lag"),
    )
    status.set_defaults(command=Deferred("cli.project_status", "project_status"))


def add_relay(commands: Verbs[argparse.ArgumentParser], t: Translation) -> None:
    relay = commands.add_parser("relay", help=t("cli.help.relay"))
    relay.set_defaults(command=Deferred("cli.relay", "run_relay"))
    verbs = relay.add_subparsers(required=False, metavar=t("cli.help.action"))
    status = verbs.add_parser("status", help=t("cli.help.relay_status"))
    status.set_defaults(command=Deferred("cli.relay", "relay_status"))


def add_subscribe(commands: Verbs[argparse.ArgumentParser], t: Translation) -> None:
    subscribe = commands.add_parser("subscribe", help=t("cli.help.subscribe"))
    source = subscribe.add_mutually_exclusive_group(required=True)
    source.add_argument("--agency", metavar=t("cli.help.code"), help=t("cli.help.subscribe_agency"))
    source.add_argument("--feed", metavar="URL", help=t("cli.help.subscribe_feed"))
    subscribe.add_argument(
        "--group", metavar=t("cli.help.group"), help=t("cli.help.subscribe_group")
    )
    subscribe.add_argument(
        "--from-beginning", action="store_true", help=t("cli.help.subscribe_from_beginning")
    )
    subscribe.add_argument(
        "--bootstrap", metavar=t("cli.help.host_port"), help=t("cli.help.subscribe_bootstrap")
    )
    token = subscribe.add_mutually_exclusive_group()
    token.add_argument(
        "--token-file",
        type=Path,
        metavar=t("cli.help.file"),
        help=t("cli.help.subscribe_token_file"),
    )
    token.add_argument("--token", help=t("cli.help.subscribe_token"))
    subscribe.add_argument(
        "--after",
        type=int,
        default=0,
        metavar=t("cli.help.position"),
        help=t("cli.help.subscribe_after"),
    )
    subscribe.add_argument(
        "--cursor-file",
        type=Path,
        metavar=t("cli.help.file"),
        help=t("cli.help.subscribe_cursor_file"),
    )
    subscribe.add_argument("--count", type=int, metavar="N", help=t("cli.help.subscribe_count"))
    subscribe.add_argument("--json", action="store_true", help=t("cli.help.subscribe_json"))
    subscribe.set_defaults(command=Deferred("cli.subscribe", "subscribe_events"))
