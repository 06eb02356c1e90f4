"""``ruta keys init FILE``: create the master key, readable by its owner alone."""

from __future__ import annotations

import argparse

from adapters.master_key import create_master_key
from texts.translations import translation


def init_master_key(args: argparse.Namespace) -> int:
    create_master_key(args.file)
    print(translation(args.lang).section("cli.main")["key_created"].format(path=args.file))
    return 0
