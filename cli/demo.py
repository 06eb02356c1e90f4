"""``ruta demo``: load every scenario as fictitious cases (once) and print each case's timeline."""

from __future__ import annotations

import argparse

from adapters.bootstrap import build_runtime
from adapters.settings import Settings
from demo.load import load_demo
from texts.timeline import timeline_lines
from texts.translations import translation


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
