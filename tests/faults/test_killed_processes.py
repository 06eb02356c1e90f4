"""``ruta serve``, ``ruta project run all`` and ``ruta relay`` killed with SIGKILL mid-stream and
started again, as a supervisor would: no command lost, none doubled, the audit log verifies,
the views rebuild the same, and the relay delivers every event at least once under its id.

On PostgreSQL the processes run in the production shape of ``docker-compose.yml`` (the API with
``--projection elsewhere``, the projection worker, the relay, a Tansu broker); on SQLite
``ruta serve`` keeps everything in its process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap import store_env
from adapters.cloudevents import agency_topic, attributes_of
from adapters.relay_tracking import open_tracking
from domain.hub import Hub
from queries.event_stream import EventStream
from tests.e2e.test_cli_relay import wait_until
from tests.faults.checks import (
    assert_audit_log_verifies,
    assert_each_command_once,
    assert_troubled_cases_read_whole,
    assert_views_rebuild_the_same,
)
from tests.faults.cluster import PrivateCluster, free_port
from tests.faults.deployment import Deployment, on_postgres, on_sqlite
from tests.faults.load import Load
from tests.faults.processes import RutaProcess, printed, running, serving
from tests.kafka_broker import Broker, read_topics

AGENCY = "sedetur"  # the detecting agency: its topic carries every case the load opens
BATCH = 20  # commands acknowledged between two faults


def relay_position(deployment: Deployment) -> int:
    settings = deployment.settings()
    tracking = open_tracking(store_env(settings), settings.data_dir)
    try:
        return int(tracking.max_tracking_id(Hub.name) or 0)
    finally:
        tracking.close()


def log_head(deployment: Deployment) -> int:
    hub = Hub(store_env(deployment.settings()))
    try:
        return int(hub.recorder.max_notification_id() or 0)
    finally:
        hub.close()


def agency_event_ids(deployment: Deployment) -> set[str]:
    """The ids of the events the agency's topic must carry, as the relay computes them."""
    hub = Hub(store_env(deployment.settings()))
    try:
        stream = EventStream(hub)
        head = int(hub.recorder.max_notification_id() or 0)
        records = hub.recorder.select_notifications(start=1, limit=head)
        return {e.event_id(AGENCY) for n in records if (e := stream.for_agencies(n).get(AGENCY))}
    finally:
        hub.close()


@pytest.mark.postgres
@pytest.mark.kafka
def test_the_api_the_projection_worker_and_the_relay_killed_mid_stream_lose_and_double_nothing(
    cluster: PrivateCluster, schema: str, tmp_path: Path, kafka_broker: Broker
) -> None:
    deployment = on_postgres(
        cluster.url(schema), tmp_path,
        RUTA_KAFKA_BOOTSTRAP_SERVERS=kafka_broker.bootstrap_servers,
    )  # fmt: skip
    token = deployment.token()
    port = free_port()
    logs = tmp_path / "logs"
    api = RutaProcess(deployment, ["serve", "--port", str(port), "--projection", "elsewhere"], logs)
    worker = RutaProcess(deployment, ["project", "run", "all"], logs)
    relay = RutaProcess(deployment, ["relay"], logs)
    follows = "en marcha"  # what project run and relay print once they follow the log
    # One after another: on a fresh schema each creates tables, and two processes creating
    # tables at once collide in PostgreSQL's catalogue (a start-up race, not the fault tested).
    with (
        running((worker, printed(worker, follows))),
        running((relay, printed(relay, follows))),
        running((api, serving(port))),
    ):
        with Load(port, token, clients=2) as load:
            load.wait_for_more(BATCH)
            api.kill()
            api.start(serving(port))
            load.wait_for_more(BATCH)
            worker.kill()
            worker.start(printed(worker, follows))
            load.wait_for_more(BATCH)
            wait_until(lambda: relay_position(deployment) > 0)
            relay.kill()
            relay.start(printed(relay, follows))
            load.wait_for_more(BATCH)
        load.settle()

        assert all(seen.status == 0 for seen in load.ledger.refused())  # only no answer
        assert_troubled_cases_read_whole(load)
        assert_views_rebuild_the_same(deployment)
        records = assert_audit_log_verifies(deployment, tmp_path)
        assert_each_command_once(records, load)
        head = log_head(deployment)
        wait_until(lambda: relay_position(deployment) == head)
        for process in (api, worker, relay):
            assert process.alive, process.output()
    expected = agency_event_ids(deployment)
    assert len(expected) == len(load.ledger.done)  # one case opened each
    delivered = read_topics(
        kafka_broker.bootstrap_servers, [agency_topic(AGENCY)],
        lambda got: {attributes_of(r.headers)["id"] for r in got} >= expected,
    )  # fmt: skip
    assert {attributes_of(r.headers)["id"] for r in delivered} == expected


def test_ruta_serve_on_sqlite_killed_mid_stream_loses_and_doubles_nothing(tmp_path: Path) -> None:
    deployment = on_sqlite(tmp_path)
    token = deployment.token()
    port = free_port()
    serve = RutaProcess(deployment, ["serve", "--port", str(port)], tmp_path / "logs")
    with running((serve, serving(port))):
        with Load(port, token, clients=2) as load:
            load.wait_for_more(BATCH)
            serve.kill()
            serve.start(serving(port))
            load.wait_for_more(BATCH)
        load.settle()

        assert all(seen.status == 0 for seen in load.ledger.refused())
        assert_troubled_cases_read_whole(load)
        assert_views_rebuild_the_same(deployment)
        records = assert_audit_log_verifies(deployment, tmp_path)
        assert_each_command_once(records, load)
        assert serve.alive, serve.output()
