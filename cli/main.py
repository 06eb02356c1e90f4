"""The ``ruta`` command: Spanish by default (``--lang en`` for English), clear errors, exit codes.

Exit codes: 0 done, 1 the hub refused something, 2 the configuration or a key file is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from adapters.bootstrap import build_runtime, load_demo
from adapters.data_dir import DataDirError, narrow_umask
from adapters.deployment_keys import KeysMissing
from adapters.master_key import MasterKeyError, create_master_key
from adapters.role_lock import RoleTaken
from adapters.settings import Settings, SettingsError
from cli import accounts, audit, audit_verify, relay, serve, subscribe
from domain.agencies import CatalogueError
from domain.errors import RutaError
from merkle.signed_note import NoteKeyError
from texts.messages import problem_text
from texts.timeline import timeline_lines

TEXT = {
    "es": {
        "demo_header": "Expediente {folio} · escenario {scenario}",
        "demo_done": "{count} expedientes de demostración en {where}.",
        "key_created": "Llave maestra creada en {path}. Guárdela fuera de la base de datos.",
        "config": "La configuración no permite iniciar",
        "keys": "Problema con una llave",
        "refused": "Ruta rechazó la operación",
        "missing": "Faltan llaves; Ruta no inicia y no escribió nada",
        "master_key": "la llave maestra {location}",
        "key_store": "el almacén de llaves {location}",
        "checkpoint_key": "la llave de firma de los puntos de control {location}",
        "missing_why": "Los datos de {store} dependen de ellas. Ruta crea llaves solo en el "
        "primer arranque (sin datos aún) o con `ruta keys init` y `ruta audit init-key`: "
        "restáurelas desde su respaldo.",
        "data_dir": "El directorio de datos no puede ser privado",
        "taken": "Otro proceso (pid {pid}) ya {what} con estos datos; Ruta no inicia un segundo "
        "({path}).",
        "taken_serve": "sirve la API",
        "taken_relay": "publica los eventos en Kafka",
        "taken_view": "mantiene la vista «{view}»",
        "taken_views": " `ruta serve` mantiene las vistas en su proceso salvo con "
        "`--projection elsewhere`; entonces las mantiene `ruta project run`.",
    },
    "en": {
        "demo_header": "Case {folio} · scenario {scenario}",
        "demo_done": "{count} demo cases in {where}.",
        "key_created": "Master key created at {path}. Keep it outside the database.",
        "config": "The configuration does not allow starting",
        "keys": "A key file is wrong",
        "refused": "Ruta refused the operation",
        "missing": "Keys are missing; Ruta does not start and wrote nothing",
        "master_key": "the master key {location}",
        "key_store": "the key store {location}",
        "checkpoint_key": "the checkpoint signing key {location}",
        "missing_why": "The data in {store} depends on them. Ruta makes keys only on a first run "
        "(no data yet) or with `ruta keys init` and `ruta audit init-key`: restore them from "
        "backup.",
        "data_dir": "The data directory cannot be made private",
        "taken": "Another process (pid {pid}) already {what} on this data; Ruta does not start a "
        "second one ({path}).",
        "taken_serve": "serves the API",
        "taken_relay": "publishes the events to Kafka",
        "taken_view": "keeps the view '{view}'",
        "taken_views": " `ruta serve` keeps the views in its process unless given "
        "`--projection elsewhere`; `ruta project run` keeps them then.",
    },
}


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything opens a file: whatever this process creates is its owner's alone.
    narrow_umask()
    args = parser().parse_args(argv)
    text = TEXT[args.lang]
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


def missing_keys(error: KeysMissing, text: dict[str, str]) -> str:
    """The missing keys, each named with where it belongs, in the reader's language."""
    named = "; ".join(text[m.kind].format(location=m.location) for m in error.missing)
    return f"{text['missing']}: {named}. {text['missing_why'].format(store=error.store)}"


def role_taken(error: RoleTaken, text: dict[str, str]) -> str:
    """Which process holds the role, and what the role is, in the reader's language."""
    if error.role in ("serve", "relay"):
        what, hint = text[f"taken_{error.role}"], ""
    else:
        what, hint = text["taken_view"].format(view=error.role), text["taken_views"]
    pid = error.holder or "?"
    return text["taken"].format(pid=pid, what=what, path=error.path) + hint


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="ruta",
        description="Ruta: coordinación interinstitucional contra la trata de personas.",
    )
    root.add_argument("--lang", choices=("es", "en"), default="es", help="idioma / language")
    commands = root.add_subparsers(required=True, metavar="COMANDO")

    demo = commands.add_parser("demo", help="carga los casos ficticios de demostración")
    demo.set_defaults(command=run_demo)

    accounts.add_commands(commands)
    serve.add_commands(commands)
    relay.add_commands(commands)
    subscribe.add_commands(commands)
    audit_verify.add_commands(audit.add_commands(commands))

    keys = commands.add_parser("keys", help="llaves de cifrado").add_subparsers(required=True)
    init = keys.add_parser("init", help="crea una llave maestra nueva en ARCHIVO")
    init.add_argument("file", type=Path, metavar="ARCHIVO")
    init.set_defaults(command=init_master_key)
    return root


def run_demo(args: argparse.Namespace) -> int:
    """Load every scenario as fictitious cases (once) and print each case's timeline."""
    text = TEXT[args.lang]
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
    print(TEXT[args.lang]["key_created"].format(path=args.file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
