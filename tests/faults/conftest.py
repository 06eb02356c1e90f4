"""Fault tests' fixtures: a private PostgreSQL cluster that tests may stop and start again.

Without PostgreSQL's binaries the tests that need the cluster skip when ``CI`` is unset, and
fail with ``CI`` set, as the tests of the shared server do.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.faults.cluster import PrivateCluster, postgres_binaries, private_cluster


@pytest.fixture(scope="session")
def cluster_session() -> Iterator[PrivateCluster]:
    binaries = postgres_binaries()
    if binaries is None:
        message = "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; the fault tests need them in CI")
        pytest.skip(message)
    with private_cluster(binaries) as cluster:
        yield cluster


@pytest.fixture
def cluster(cluster_session: PrivateCluster) -> Iterator[PrivateCluster]:
    """The private cluster, running at the start of the test and again after it."""
    if not cluster_session.running:
        cluster_session.start()
    yield cluster_session
    if not cluster_session.running:
        cluster_session.start()


@pytest.fixture
def schema(cluster: PrivateCluster) -> str:
    """A schema of the test's own on the private cluster (the cluster goes with the session)."""
    name = f"ruta_fault_{uuid.uuid4().hex[:10]}"
    cluster.create_schema(name)
    return name
