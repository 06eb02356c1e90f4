"""Loading the demo: its scenarios not loaded yet, played on a hub whose clock is the script's."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from adapters.bootstrap import build_runtime
from adapters.settings import Settings
from demo.runner import ScriptClock, play
from demo.scenarios import SCENARIOS


def load_demo(settings: Settings) -> list[tuple[str, UUID]]:
    """The folio and id of each case loaded now (none on a second run)."""
    clock = ScriptClock(datetime.now().astimezone())
    runtime = build_runtime(settings, clock=clock)
    try:
        clock.now = clock.now.astimezone(runtime.hub.catalogue.utc_offset)
        return play(runtime.hub, clock, SCENARIOS)
    finally:
        runtime.close()
