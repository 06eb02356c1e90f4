"""A private PostgreSQL cluster for tests that stop and start the server.

The shared server at 127.0.0.1:5432 serves everybody's tests and is never stopped. A fault test
gets a cluster of its own instead: ``initdb`` into a temporary directory, a server on a free
loopback port (``listen_addresses=127.0.0.1``, its socket in that directory), trust
authentication, stopped and started again at will, removed at the end even when a test fails.
``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

from adapters.bootstrap import postgres_env
from adapters.settings import parse_store

START_TIMEOUT = 60  # seconds pg_ctl waits for the server to start or stop


def postgres_binaries() -> Path | None:
    """The newest installed ``/usr/lib/postgresql/<version>/bin`` with initdb and pg_ctl."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").is_file()]
    return max(found, key=lambda d: int(d.parent.name), default=None) if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateCluster:
    """One PostgreSQL server of a test's own on ``127.0.0.1:<port>``, user ``postgres``."""

    def __init__(self, binaries: Path, directory: Path, port: int) -> None:
        self.binaries = binaries
        self.directory = directory
        self.port = port
        self.host = "127.0.0.1"
        self.user = "postgres"
        self.dbname = "postgres"

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, schema: str) -> str:
        """The ``RUTA_STORE`` of a deployment on this cluster, in ``schema``."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}?schema={schema}"

    def conninfo(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"

    def env(self, schema: str) -> dict[str, str]:
        """``eventsourcing`` settings for a store on this cluster, in ``schema``."""
        return postgres_env(parse_store(self.url(schema)))

    def initdb(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
            "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={self.host} "
            f"-c unix_socket_directories={self.directory} -c fsync=off -c max_connections=200"
        )
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", str(START_TIMEOUT),
                  "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``fast`` rolls back what is under way and closes every connection."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", str(START_TIMEOUT),
                  "stop")  # fmt: skip

    @property
    def running(self) -> bool:
        done = subprocess.run(
            self._as_owner(str(self.binaries / "pg_ctl"), "-D", str(self.data), "status"),
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    def create_schema(self, schema: str) -> None:
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')

    def _run(self, program: str, *args: str) -> None:
        command = self._as_owner(str(self.binaries / program), *args)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}")

    def _as_owner(self, *command: str) -> list[str]:
        if os.geteuid() != 0:
            return list(command)
        return ["runuser", "-u", self.user, "--", *command]


@contextlib.contextmanager
def private_cluster(binaries: Path) -> Iterator[PrivateCluster]:
    """A started cluster in a fresh directory, stopped and removed when the block ends."""
    directory = Path(tempfile.mkdtemp(prefix="ruta-pg-"))
    try:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(directory, owner.pw_uid, owner.pw_gid)
        directory.chmod(0o700)
        cluster = PrivateCluster(binaries, directory, free_port())
        cluster.initdb()
        cluster.start()
        try:
            yield cluster
        finally:
            if cluster.running:
                cluster.stop("immediate")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
