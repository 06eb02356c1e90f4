"""PostgreSQL stopped and started again under write load, ``ruta serve`` running throughout.

Two clients open cases over HTTP (each command with an ``Idempotency-Key``, retried with it
until acknowledged) and one reads a case, against a real ``ruta serve`` on the private cluster
that keeps its views, audit log and checkpoints in its process. The server is stopped while
they send, and started again: no process is restarted by hand.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.faults.checks import (
    assert_audit_log_verifies,
    assert_each_command_once,
    assert_store_unavailable,
    assert_troubled_cases_read_whole,
    assert_views_rebuild_the_same,
)
from tests.faults.cluster import PrivateCluster, free_port
from tests.faults.deployment import on_postgres
from tests.faults.load import Load
from tests.faults.processes import RutaProcess, running, serving

pytestmark = pytest.mark.postgres

PATIENCE = 60.0  # seconds a phase may take before the test gives up (not a speed figure)


def test_postgresql_stopped_and_started_under_write_load_loses_and_doubles_nothing(
    cluster: PrivateCluster, schema: str, tmp_path: Path
) -> None:
    deployment = on_postgres(cluster.url(schema), tmp_path)
    token = deployment.token()
    port = free_port()
    serve = RutaProcess(deployment, ["serve", "--port", str(port)], tmp_path / "logs")
    with running((serve, serving(port))):
        with Load(port, token, clients=2, readers=1) as load:
            load.wait_for_more(30)
            cluster.stop()
            deadline = time.monotonic() + PATIENCE
            # Down until both a command and a read have been refused.
            while not (load.ledger.refused() and load.reads.refused()):
                assert time.monotonic() < deadline, "nothing was refused while the store was down"
                time.sleep(0.1)
            cluster.start()
            load.wait_for_more(30)  # on its own: the same server, the same pools
        load.settle()

        for seen in load.ledger.refused() + load.reads.refused():
            assert_store_unavailable(seen)
        assert_troubled_cases_read_whole(load)
        assert_views_rebuild_the_same(deployment)
        records = assert_audit_log_verifies(deployment, tmp_path)
        assert_each_command_once(records, load)
        assert serve.alive, serve.output()
    assert serve.starts == 1
    assert "Traceback" not in serve.output()
