"""A deployment for a fault test: its ``RUTA_*`` settings, its key files, and accounts.

On PostgreSQL (``RUTA_STORE``) the master key and the checkpoint key are files written here, as
an operator would with ``ruta keys init`` and ``ruta audit init-key``; on SQLite the data
directory holds everything. Checkpoints are signed every second, so that a short test sees some.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from adapters.bootstrap import build_runtime
from adapters.checkpoints import create_signer_key
from adapters.master_key import create_master_key
from adapters.settings import Settings
from domain.actor import Actor, Role

OPERATOR = Actor("ruta", "fault-tests", frozenset({Role.ADMIN}))


@dataclass(frozen=True)
class Deployment:
    """The ``RUTA_*`` variables of one deployment; ``process_env`` for its ``ruta`` processes."""

    variables: dict[str, str]

    def settings(self) -> Settings:
        return Settings.from_env(self.variables)

    def process_env(self, **extra: str) -> dict[str, str]:
        """The environment of a ``ruta`` process of this deployment (no stray ``RUTA_*``)."""
        clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
        return {**clean, **self.variables, **extra}

    def token(self, agency: str = "sedetur", role: str = "caseworker") -> str:
        """A new account of ``agency`` with ``role``, and its token."""
        runtime = build_runtime(self.settings())
        try:
            with runtime.hub.acting_as(OPERATOR):
                return runtime.hub.open_account(agency, [role], f"{agency} {role}").token
        finally:
            runtime.close()


def on_postgres(store_url: str, directory: Path, **more: str) -> Deployment:
    """A deployment on the PostgreSQL of ``store_url``, its key files under ``directory``;
    ``more``: other ``RUTA_*`` variables."""
    directory.mkdir(parents=True, exist_ok=True)
    master, signer = directory / "master.key", directory / "checkpoint.key"
    variables = {
        "RUTA_STORE": store_url,
        "RUTA_MASTER_KEY_FILE": str(master),
        "RUTA_CHECKPOINT_KEY_FILE": str(signer),
        "RUTA_DATA_DIR": str(directory / "var"),
        "RUTA_CHECKPOINT_INTERVAL": "1",
        **more,
    }
    create_master_key(master)
    create_signer_key(signer, Settings.from_env(variables).log_origin)
    return Deployment(variables)


def on_sqlite(directory: Path) -> Deployment:
    """The embedded default: SQLite and every key under ``directory / "var"``."""
    return Deployment({"RUTA_DATA_DIR": str(directory / "var"), "RUTA_CHECKPOINT_INTERVAL": "1"})
