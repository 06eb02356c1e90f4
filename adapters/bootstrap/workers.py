"""The processes that keep the views (``ruta project run``) and publish to Kafka (``ruta relay``).

Each builds what it runs into the caller's ``ExitStack`` and returns the checks the caller makes
while it waits for a signal: each re-raises the error that stopped a runner or the checkpoint
writer, so that the process exits and its supervisor starts it again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from adapters.bootstrap.relay import TRACER, start_relay
from adapters.bootstrap.stores import store_env
from adapters.bootstrap.view_runners import (
    start_audit,
    start_caseload,
    start_custody,
    start_review,
)
from adapters.bootstrap.views import start_views
from adapters.checkpoints import Checkpointer, CheckpointWriter
from adapters.deployment_keys import checkpoint_key, prepare_data_dir
from adapters.settings import Settings
from adapters.telemetry import configure
from adapters.view_heartbeat import ViewHeartbeat
from domain.agencies import load_catalogue

Check = Callable[[], None]
KEPT = ("caseload", "custody", "review", "audit", "all")  # what ``ruta project run`` keeps


def keep_views(settings: Settings, stack: ExitStack, view: str) -> list[Check]:
    """The view ``view`` (or ``all``) kept up to date until ``stack`` closes; the audit log's
    with its checkpoints, signed at least every ``RUTA_CHECKPOINT_INTERVAL`` while the log
    grows; each view's status row rewritten every second, and its lag reported as
    ``ruta.projection.lag`` (telemetry of its own, ``ruta-projections`` by default). Each
    view's lock is taken first: on SQLite a second keeper refuses to start, on PostgreSQL it
    waits, saying so, and takes over when the first stops or dies."""
    catalogue = load_catalogue(settings.catalogue_file)
    limits = settings.limits.review  # the same as `ruta serve` and `ruta project rebuild`
    env = store_env(settings)
    prepare_data_dir(settings)
    key = checkpoint_key(settings) if view in ("audit", "all") else None
    kept: Any
    if view == "all":
        kept = stack.enter_context(
            start_views(env, settings.data_dir, catalogue=catalogue, limits=limits)
        )
        checks: list[Check] = [kept.check]
        runners = kept.kept()
    else:
        if view == "caseload":
            kept = start_caseload(
                env, settings.data_dir, catalogue=catalogue, handoff_limit=limits.handoff_ack
            )
        elif view == "custody":
            kept = start_custody(env, settings.data_dir, catalogue=catalogue)
        elif view == "audit":
            kept = start_audit(env, settings.data_dir)
        else:
            kept = start_review(env, settings.data_dir, catalogue=catalogue, limits=limits)
        stack.enter_context(kept)
        checks = [lambda: kept.run_forever(timeout=0.01)]
        runners = {view: kept}
    # Stopped before the runners: a last status row says so (``ruta project status``).
    heartbeat = stack.enter_context(ViewHeartbeat(runners))
    telemetry = configure(settings, service="ruta-projections")
    stack.callback(telemetry.shutdown)  # first on the way out: the views are still open
    for name in runners:
        telemetry.register_lag(name, functools.partial(heartbeat.lag, name))
    if key is not None:
        audit = kept.audit if view == "all" else kept.view
        signer = Checkpointer(audit, key, settings.log_origin)
        writer = stack.enter_context(CheckpointWriter(signer, settings.checkpoint_interval))
        checks.append(writer.check)
    return checks


def publish(settings: Settings, stack: ExitStack) -> Check:
    """The relay of ``ruta relay``, with telemetry of its own, running until ``stack`` closes.
    One relay per store: on SQLite a second one refuses to start, on PostgreSQL it waits and
    takes over when the first stops or dies (``adapters.role_lock``)."""
    prepare_data_dir(settings)
    telemetry = configure(settings, service="ruta-relay")
    stack.callback(telemetry.shutdown)
    runner = stack.enter_context(start_relay(settings, tracer=telemetry.tracer(TRACER)))
    telemetry.register_relay_lag(runner.lag)
    return lambda: runner.run_forever(timeout=0)  # re-raises the error that stopped it
