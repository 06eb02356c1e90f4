"""The ``ruta`` command: Spanish by default (``--lang en`` for English), clear errors, exit codes.

Exit codes: 0 done, 1 the hub refused something, 2 the configuration or a key file is wrong, 3
(``ruta subscribe``) the brokers or the hub cannot be reached. Only light modules are imported
until the arguments are read (``ruta --help`` ends there); the command's own then (cli.failures).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from adapters.data_dir import narrow_umask
from cli.arguments import parser
from cli.language import pick_language, speaking
from texts.translations import translation

__all__ = ["main", "parser"]


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything opens a file: whatever this process creates is its owner's alone.
    narrow_umask()
    argv = sys.argv[1:] if argv is None else list(argv)
    texts = translation(pick_language(argv))
    with speaking(texts):
        args = parser(texts).parse_args(argv)
    from cli.failures import run  # the command's modules: storage, web, Kafka, as it needs

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
