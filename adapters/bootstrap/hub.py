"""The hub of a process, with its key store."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.bootstrap.stores import open_keystore, store_env
from adapters.bootstrap.view_runners import review_limits
from adapters.deployment_keys import master_key
from adapters.fingerprints import KeyedFingerprints
from adapters.hub_telemetry import instrument
from adapters.keystore import KeyStore
from adapters.passwords import Argon2Passwords
from adapters.postgres_store import ride_out_outages
from adapters.sealer import CaseSealer
from adapters.settings import Settings
from adapters.telemetry import Telemetry, current_traceparent
from domain.actor import Clock, system_clock
from domain.agencies import load_catalogue
from domain.hub import Hub


@dataclass
class Runtime:
    """A running hub with the resources it holds; close it to release them."""

    settings: Settings
    hub: Hub
    keystore: KeyStore
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.keystore.close()
            self.hub.close()


def build_runtime(
    settings: Settings, *, clock: Clock = system_clock, telemetry: Telemetry | None = None
) -> Runtime:
    """Everything the hub needs, checked: the catalogue, the master key, the key store.

    Keys are made on a first run only; otherwise a missing one is ``KeysMissing`` before any
    store is opened (``adapters.deployment_keys``), and on the embedded default the data
    directory and everything in it is private to the process's account. Its events record the
    trace context of the span under way; with ``telemetry``, its commands and store writes open
    spans and record metrics there (the caller shuts it down).
    """
    catalogue = load_catalogue(settings.catalogue_file)
    master = master_key(settings)
    keystore = open_keystore(settings)
    try:
        sealer = CaseSealer(keystore, master)
        hub = Hub(
            store_env(settings),
            catalogue=catalogue,
            sealer=sealer,
            clock=clock,
            deadlines=settings.limits.deadlines,
            limits=review_limits(catalogue, settings.limits.review),
            trace=current_traceparent,
            passwords=Argon2Passwords(),
            fingerprints=KeyedFingerprints(master),
        )
        ride_out_outages(hub)
        if telemetry is not None:
            instrument(hub, telemetry)
    except BaseException:
        keystore.close()
        raise
    return Runtime(settings=settings, hub=hub, keystore=keystore)


def open_log(settings: Settings) -> Hub:
    """A hub that only reads the configured store's log (no sealer, no keys); close it."""
    catalogue = load_catalogue(settings.catalogue_file)
    limits = review_limits(catalogue, settings.limits.review)
    return Hub(store_env(settings), catalogue=catalogue, limits=limits)
