"""The ``ruta`` command: Spanish by default (``--lang en`` for English), clear errors, exit codes.

Exit codes: 0 done, 1 the hub refused something, 2 the configuration or a key file is wrong, 3
(`ruta subscribe`) the brokers or the hub cannot be reached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

from adapters.bootstrap import build_runtime
from adapters.data_dir import DataDirError, narrow_umask
from adapters.deployment_keys import KeysMissing
from adapters.master_key import MasterKeyError, create_master_key
from adapters.role_lock import RoleTaken
from adapters.settings import Settings, SettingsError
from cli import accounts, audit, audit_prove, audit_verify, relay, serve, subscribe
from cli.language import pick_language, speaking
from demo.load import load_demo
from domain.agencies import CatalogueError
from domain.errors import RutaError
from merkle.signed_note import NoteKeyError
from texts.messages import problem_text
from texts.timeline import timeline_lines
from texts.translations import LANGUAGES, SPANISH, Translation, translation


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything opens a file: whatever this process creates is its owner's alone.
    narrow_umask()
    argv = sys.argv[1:] if argv is None else list(argv)
    texts = translation(pick_language(argv))
    with speaking(texts):
        args = parser(texts).parse_args(argv)
    text = translation(args.lang).section("cli.main")
    try:
        result: int = args.command(args)
    except (SettingsError, CatalogueError) as e:
        print(f"ruta: {text['config']}: {e}", file=sys.stderr)
        return 2
    except (MasterKeyError, NoteKeyError) as e:
        print(f"ruta: {text['keys']}: {e}", file=sys.stderr)
        return 2
    except KeysMissing as e:
        print(f"ruta: {missing_keys(e, text)}", file=sys.stderr)
        return 2
    except DataDirError as e:
        print(f"ruta: {text['data_dir']}: {e}", file=sys.stderr)
        return 2
    except RoleTaken as e:
        print(f"ruta: {role_taken(e, text)}", file=sys.stderr)
        return 2
    except RutaError as e:
        title, detail = problem_text(e, args.lang)
        where = f" ({e.field})" if e.field else ""
        print(f"ruta: {text['refused']}: {title}{where}. {detail}", file=sys.stderr)
        return 1
    return result


def missing_keys(error: KeysMissing, text: Mapping[str, str]) -> str:
    """The missing keys, each named with where it belongs, in the reader's language."""
    named = "; ".join(text[m.kind].format(location=m.location) for m in error.missing)
    return f"{text['missing']}: {named}. {text['missing_why'].format(store=error.store)}"


def role_taken(error: RoleTaken, text: Mapping[str, str]) -> str:
    """Which process holds the role, and what the role is, in the reader's language."""
    if error.role in ("serve", "relay"):
        what, hint = text[f"taken_{error.role}"], ""
    else:
        what, hint = text["taken_view"].format(view=error.role), text["taken_views"]
    pid = error.holder or "?"
    return text["taken"].format(pid=pid, what=what, path=error.path) + hint


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
    demo.set_defaults(command=run_demo)

    accounts.add_commands(commands, t)
    serve.add_commands(commands, t)
    relay.add_commands(commands, t)
    subscribe.add_commands(commands, t)
    audit_verbs = audit.add_commands(commands, t)
    audit_verify.add_commands(audit_verbs, t)
    audit_prove.add_commands(audit_verbs, t)

    keys = commands.add_parser("keys", help=t("cli.help.keys"))
    key_verbs = keys.add_subparsers(required=True, metavar=t("cli.help.action"))
    init = key_verbs.add_parser("init", help=t("cli.help.keys_init"))
    init.add_argument("file", type=Path, metavar=t("cli.help.file"))
    init.set_defaults(command=init_master_key)
    return root


def run_demo(args: argparse.Namespace) -> int:
    """Load every scenario as fictitious cases (once) and print each case's timeline."""
    text = translation(args.lang).section("cli.main")
    settings = Settings.from_env()
    runtime = build_runtime(settings)
    try:
        hub = runtime.hub
        cases = load_demo(settings)
        by_folio = sorted(((hub.get_case(i), s) for s, i in cases), key=lambda c: c[0].folio)
        for case, scenario in by_folio:
            print(text["demo_header"].format(folio=case.folio, scenario=scenario))
            for line in timeline_lines(hub.timeline(case.id), args.lang, hub.catalogue):
                print(f"  {line}")
            print()
        where = settings.postgres or settings.sqlite_path
        print(text["demo_done"].format(count=len(cases), where=where))
    finally:
        runtime.close()
    return 0


def init_master_key(args: argparse.Namespace) -> int:
    create_master_key(args.file)
    print(translation(args.lang).section("cli.main")["key_created"].format(path=args.file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
