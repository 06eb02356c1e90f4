"""``ruta serve``'s process: its lock, hub, views, checkpoints, relay and telemetry, one stack.

``claim_server`` comes first (the keys, then the one server per SQLite data directory);
``open_server`` then builds the rest into the caller's ``ExitStack``, which releases it in the
reverse order: telemetry flushed first, while the views are still open, the views and the hub
last.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field

from adapters.bootstrap.hub import build_runtime
from adapters.bootstrap.parts import Parts, api_parts
from adapters.bootstrap.relay import run_relay_here
from adapters.bootstrap.stores import store_env
from adapters.bootstrap.views import open_views, start_views
from adapters.checkpoints import Checkpointer, CheckpointWriter
from adapters.deployment_keys import checkpoint_key, page_cookie_key, prepare
from adapters.hub_telemetry import watch_views
from adapters.role_lock import hold_role
from adapters.settings import Settings
from adapters.telemetry import Telemetry, configure
from adapters.view_heartbeat import ViewHeartbeat
from merkle.signed_note import SignerKey

SERVER = "serve"  # the role of ``ruta serve`` on an SQLite data directory: serve.lock


@dataclass(frozen=True)
class Server:
    """What ``ruta serve`` runs: the API's parts, the telemetry its requests report to, and
    what the pages need: the key of their cookies and the zone they write dates in."""

    parts: Parts
    telemetry: Telemetry
    cookie_key: bytes = field(repr=False)
    time_zone: str


def claim_server(settings: Settings, stack: ExitStack) -> SignerKey:
    """The checkpoint key, once the keys are checked (made on a first run, refused if missing
    later, before anything is written); then, on SQLite, the server's lock, held until
    ``stack`` closes."""
    prepare(settings)
    key = checkpoint_key(settings)
    if settings.embedded:
        # One server per SQLite data directory (views kept here or not); on PostgreSQL the
        # API is stateless and runs as many replicas as wanted, and the views' locks order
        # their keepers.
        stack.callback(hold_role(SERVER, store_env(settings), settings.data_dir).release)
    return key


def open_server(
    settings: Settings, stack: ExitStack, key: SignerKey, *, views_here: bool
) -> Server:
    """Everything the API runs, released with ``stack``: with ``views_here``, the views kept
    up to date in this process, the audit log's checkpoints written every interval, and the
    Kafka relay when one is configured; otherwise the views ``ruta project run`` keeps, read."""
    telemetry = configure(settings)  # flushed at exit if what follows fails
    runtime = build_runtime(settings, telemetry=telemetry)
    stack.callback(runtime.close)
    hub = runtime.hub
    env = store_env(settings)
    if views_here:
        views = start_views(
            env, settings.data_dir, catalogue=hub.catalogue, limits=settings.limits.review
        )
    else:
        views = open_views(env, settings.data_dir)
    stack.callback(views.close)
    if views_here:  # their status rows, for `ruta project status`; stopped before the views
        stack.enter_context(ViewHeartbeat(views.kept()))
    watch_views(telemetry, hub, views.by_name())
    stack.callback(telemetry.shutdown)  # first on the way out: the views are still open
    signer = Checkpointer(views.audit, key, settings.log_origin)  # on demand, here too
    relay_ready = None
    if views_here:
        stack.enter_context(CheckpointWriter(signer, settings.checkpoint_interval))
        relay_ready = run_relay_here(settings, stack, telemetry)
    parts = api_parts(
        hub,
        caseload=views.caseload,
        custody=views.custody,
        review=views.review,
        audit=views.audit,
        checkpointer=signer,
        relay_ready=relay_ready,
        origin=settings.log_origin,  # the feed's ce_source, as the relay's
        retention_years=settings.retention_years,
    )
    stack.callback(parts.watch.close)  # the app closes it as it stops: this is in case it never ran
    return Server(parts, telemetry, page_cookie_key(settings), settings.time_zone)
