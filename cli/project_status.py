"""``ruta project status [VIEW]``: whether the views are kept, and how far behind the log they are.

It reads the status row each view's keeper (``ruta project run``, or ``ruta serve`` keeping its
views itself) rewrites every second (``adapters.view_status``) and prints, for each view, its
position, the log's head, its lag (events, and seconds since it last held the whole log) and the
heartbeat's age. Exit 0 when every view asked for is running and at most ``--max-lag`` events
behind; 1 otherwise (never kept, not running, stopped by an error, or behind): the health check
of the projection worker in ``docker-compose.yml``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from adapters.bootstrap.views import open_kept_view
from adapters.settings import Settings
from adapters.view_rebuild import VIEWS
from adapters.view_status import STOPPED, ViewStatus, status_table
from texts.translations import Section, translation


def project_status(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.project_status")
    settings = Settings.from_env()
    healthy = True
    for view in VIEWS if args.view == "all" else (args.view,):
        status = _read(settings, VIEWS[view])
        line, ok = _said(text, view, status, args.max_lag)
        print(line)
        healthy = healthy and ok
    return 0 if healthy else 1


def _read(settings: Settings, name: str) -> ViewStatus | None:
    live = open_kept_view(settings, name)
    try:
        return status_table(live).read()
    finally:
        live.close()


def _said(text: Section, view: str, status: ViewStatus | None, limit: int) -> tuple[str, bool]:
    """The line that says how ``view`` stands, and whether it is healthy."""
    if status is None:
        return text["never"].format(view=view), False
    now = datetime.now(UTC)
    shown = {
        "view": view,
        "position": status.position,
        "head": status.head,
        "lag": status.lag,
        "behind": status.behind(now),
        "age": (now - status.beat_at).total_seconds(),
        "limit": limit,
    }
    if status.problem not in (None, STOPPED):
        return text["failed"].format(problem=status.problem, **shown), False
    if not status.is_running(now):
        return text["stale"].format(**shown), False
    if status.lag > limit:
        return text["behind"].format(**shown), False
    return text["running"].format(**shown), True
