"""A command run, its failures said in the reader's language, each with its exit code.

0 done, 1 the hub refused something, 2 the configuration or a key file is wrong (a command may
add its own: ``ruta subscribe`` says 3 when the brokers or the hub cannot be reached).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from adapters.data_dir import DataDirError
from adapters.deployment_keys import KeysMissing
from adapters.master_key import MasterKeyError
from adapters.role_lock import RoleTaken
from adapters.settings import SettingsError
from domain.agencies import CatalogueError
from domain.errors import RutaError
from merkle.signed_note import NoteKeyError
from texts.messages import problem_text
from texts.translations import translation


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` name; what went wrong goes to stderr, in words."""
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
