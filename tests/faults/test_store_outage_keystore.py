"""The key store on PostgreSQL through a restart of the server: while it is down a call is
refused with the store's error (which the API answers with 503), and the first call after it is
back finds the key, however many of the pool's connections the restart left dead."""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from adapters.keystore_postgres import PostgresKeyStore
from adapters.store_outage import STORE_ERRORS
from tests.faults.cluster import PrivateCluster

pytestmark = pytest.mark.postgres


def busy(store: PostgresKeyStore, case_id: uuid.UUID, threads: int = 4) -> None:
    """Calls from several threads at once, so that the pool holds several connections."""
    start = threading.Barrier(threads)

    def calls() -> None:
        start.wait()
        for _ in range(200):
            store.get(case_id)

    workers = [threading.Thread(target=calls) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def test_the_key_store_refuses_while_postgresql_is_down_and_finds_its_keys_after(
    cluster: PrivateCluster, schema: str
) -> None:
    case_id = uuid.uuid4()
    wrapped = os.urandom(40)
    with PostgresKeyStore(cluster.conninfo(), schema=schema) as store:
        store.add(case_id, "k1", wrapped)
        busy(store, case_id)
        cluster.stop()
        with pytest.raises(STORE_ERRORS):
            store.get(case_id)
        cluster.start()
        stored = store.get(case_id)
    assert stored is not None
    assert stored.wrapped == wrapped
