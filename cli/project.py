"""``ruta project rebuild VIEW``: build a view again from the log and compare it with the live one.

The live view must first reach the log's head (the process that keeps it, ``ruta serve`` or
``ruta project run``, brings it there; ``--wait`` seconds at most); the rebuilt one is built from
position zero up to there, in storage of its own (discarded afterwards). Run it on a quiet log:
what is written meanwhile may show as differences. Differences are printed one a line. Exit
codes: 0 the views say what the log says, 1 there are differences, 2 the live view did not reach
the head, so nothing was compared.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import UTC, datetime
from typing import Any

from adapters.bootstrap import open_log, store_env
from adapters.bootstrap.views import open_kept_view
from adapters.deployment_keys import prepare_data_dir
from adapters.settings import Settings
from adapters.view_rebuild import VIEWS, rebuild_and_compare
from domain.hub import Hub
from domain.statistics import opened_case_ids
from texts.translations import translation


def rebuild_views(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    text = translation(args.lang).section("cli.project")
    prepare_data_dir(settings)
    env = store_env(settings)
    log = open_log(settings)
    catalogue = log.catalogue
    try:
        head = int(log.recorder.max_notification_id() or 0)
        cases = list(opened_case_ids(log))
    finally:
        log.close()
    differ = False
    for view in VIEWS if args.view == "all" else (args.view,):
        reached = _live_position(view, settings, head, args.wait)
        if reached < head:
            behind = text["behind"].format(view=view, position=reached, head=head, wait=args.wait)
            print(behind, file=sys.stderr)
            return 2
        differences = rebuild_and_compare(
            view,
            env,
            settings.data_dir,
            catalogue=catalogue,
            cases=cases,
            at=datetime.now(UTC),
            position=head,
            limits=settings.limits.review,
        )
        if differences:
            differ = True
            print(text["differs"].format(view=view, count=len(differences), position=head))
            for line in differences:
                print(f"  {line}")
        else:
            print(text["same"].format(view=view, position=head))
    return 1 if differ else 0


def _live_position(view: str, settings: Settings, head: int, wait: float) -> int:
    """How far the live view has read the log, once it reaches ``head`` or ``wait`` is over."""
    live: Any = open_kept_view(settings, VIEWS[view])
    try:
        with contextlib.suppress(TimeoutError):
            live.wait(Hub.name, head, timeout=wait)
        return int(live.max_tracking_id(Hub.name) or 0)
    finally:
        live.close()
