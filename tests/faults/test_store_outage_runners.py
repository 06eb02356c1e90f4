"""What follows the log outlives an outage of PostgreSQL: the views and the Kafka relay wait,
then follow the log again from where they had got, and miss nothing.

The runners here are the ones ``ruta serve`` and ``ruta project run`` keep (``start_views``) and
the one ``ruta relay`` keeps, over a hub on the private cluster, which the tests stop and start.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from adapters.bootstrap.relay import relay_runner
from adapters.bootstrap.views import start_views
from adapters.cloudevents import agency_topic, attributes_of
from adapters.view_rebuild import VIEWS, rebuild_and_compare
from domain.hub import Hub
from domain.statistics import opened_case_ids
from queries.event_stream import EventStream
from tests.builders import SEDETUR, open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.faults.cluster import PrivateCluster
from tests.kafka_broker import Broker, read_topics

pytestmark = pytest.mark.postgres

WAIT = 60.0  # seconds a runner is given to catch up (not a speed figure)


@pytest.fixture
def env(cluster: PrivateCluster, schema: str) -> dict[str, str]:
    return cluster.env(schema)


@pytest.fixture
def hub(env: dict[str, str]) -> Iterator[Hub]:
    hub = Hub(env, sealer=FakeSealer(), clock=ManualClock())
    yield hub
    hub.close()


def head(hub: Hub) -> int:
    return int(hub.recorder.max_notification_id() or 0)


def refer_to_dif(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        hub.issue_referral(case_id, "dif", "shelter")


def eventually(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "it did not happen in time"
        time.sleep(0.05)


def test_the_views_follow_the_log_again_when_postgresql_returns_and_rebuild_the_same(
    cluster: PrivateCluster, env: dict[str, str], hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="adapters.resubscription")
    with start_views(env, None, catalogue=hub.catalogue) as views:
        refer_to_dif(hub)
        views.wait(head(hub), timeout=WAIT)
        cluster.stop()
        eventually(lambda: all(f"{v}: the store did not answer" in caplog.text for v in VIEWS))
        cluster.start()
        refer_to_dif(hub)
        views.wait(head(hub), timeout=WAIT)
        views.check()  # no runner stopped
        position = head(hub)
    for view in VIEWS:
        differences = rebuild_and_compare(
            view, env, None, catalogue=hub.catalogue, cases=list(opened_case_ids(hub)),
            at=datetime.now(UTC), position=position,
        )  # fmt: skip
        assert differences == [], view


@pytest.mark.kafka
def test_the_relay_follows_the_log_again_when_postgresql_returns_and_delivers_every_event(
    cluster: PrivateCluster, env: dict[str, str], hub: Hub, kafka_broker: Broker,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.WARNING, logger="adapters.resubscription")
    refer_to_dif(hub)
    runner = relay_runner(
        env, None, bootstrap_servers=[kafka_broker.bootstrap_servers],
        catalogue=hub.catalogue, source="ruta.mx/pruebas",
    )  # fmt: skip
    with runner:
        eventually(lambda: runner.position() == head(hub))
        cluster.stop()
        eventually(lambda: "relay: the store did not answer" in caplog.text)
        cluster.start()
        refer_to_dif(hub)
        eventually(lambda: runner.position() == head(hub))
        runner.run_forever(timeout=0)  # not stopped
    stream = EventStream(hub)
    records = list(hub.recorder.select_notifications(start=1, limit=head(hub)))
    expected = {e.event_id("dif") for n in records if (e := stream.for_agencies(n).get("dif"))}
    assert len(expected) == 2  # one referral to DIF a case, its earlier entries as history
    delivered = read_topics(
        kafka_broker.bootstrap_servers, [agency_topic("dif")],
        lambda got: {attributes_of(r.headers)["id"] for r in got} >= expected,
    )  # fmt: skip
    assert {attributes_of(r.headers)["id"] for r in delivered} == expected
