"""``ruta subscribe`` as an agency's operator runs it, against ``ruta serve`` with its relay.

``ruta serve`` runs on an embedded store with ``RUTA_KAFKA_BOOTSTRAP_SERVERS`` set, so it relays
in its own process; cases are recorded over HTTP; DIF follows its events over Kafka (a consumer
group that resumes where it committed) and over the HTTP feed, and sees the same events, under
the same ids, in both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import detection
from tests.kafka_broker import Broker, free_port

pytestmark = pytest.mark.kafka

FICTITIOUS = ["Marisol", "2002-03-14", "Relato ficticio"]


@dataclass
class Served:
    """A running ``ruta serve`` with the relay, and the tokens of its accounts."""

    url: str
    env: dict[str, str]
    tokens: dict[str, str]

    def post(self, path: str, agency: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 (a loopback http address)
            self.url + path,
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.tokens[agency]}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            answer: dict[str, Any] = json.load(response)
        return answer

    def get(self, path: str) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310
            answer: dict[str, Any] = json.load(response)
        return answer


def ruta(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def served(tmp_path: Path, kafka_broker: Broker) -> Iterator[Served]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    env = {
        **clean,
        "RUTA_DATA_DIR": str(tmp_path / "var"),
        "RUTA_KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers,
        "RUTA_LOG_ORIGIN": "ruta.example/pruebas",  # the source both the relay and feed name
    }
    tokens = {}
    for agency in ("sedetur", "dif"):
        created = ruta("accounts", "create", "--agency", agency, "--role", "caseworker", env=env)
        assert created.returncode == 0, created.stderr
        tokens[agency] = created.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served(f"http://127.0.0.1:{port}", env, tokens)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if served.get("/readyz").get("relay") == "ready":
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "ruta serve did not get ready with its relay"
            time.sleep(0.2)
        yield served
    finally:
        server.terminate()
        server.wait(timeout=30)


def referred_to_dif(served: Served) -> tuple[str, str]:
    """A case SEDETUR detects and refers to DIF: its id and the referral's."""
    case_id = str(served.post("/cases", "sedetur", detection())["case_id"])
    consent = {"agencies": ["dif"], "purposes": ["shelter"], "informed_in": "es"}
    served.post(f"/cases/{case_id}/consents", "sedetur", consent)
    referral = {"to_agency": "dif", "service": "shelter", "note": "Nota ficticia"}
    referral_id = served.post(f"/cases/{case_id}/referrals", "sedetur", referral)["referral_id"]
    return case_id, str(referral_id)


def events(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_an_agency_follows_its_topic_and_its_group_resumes_after_what_it_handled(
    served: Served, kafka_broker: Broker
) -> None:
    case_id, referral_id = referred_to_dif(served)
    follow = ("subscribe", "--agency", "dif", "--group", "dif-sistema", "--json", "--count", "1")
    first = ruta(*follow, "--from-beginning", env=served.env)
    assert first.returncode == 0, first.stderr
    [joined] = events(first.stdout)  # DIF learns of the case with the referral
    assert joined["type"] == "mx.ruta.referral_issued.v2"
    assert joined["subject"] == case_id
    assert [h["type"] for h in joined["data"]["history"]] == ["case_opened", "consent_recorded"]
    assert "note" not in joined["data"]["data"]  # sealed: never on a topic

    served.post(f"/cases/{case_id}/referrals/{referral_id}/accept", "dif", {})
    again = ruta(*follow, env=served.env)  # the group committed the referral once printed
    assert again.returncode == 0, again.stderr
    assert [e["type"] for e in events(again.stdout)] == ["mx.ruta.referral_accepted.v1"]


def test_the_topic_and_the_feed_carry_the_same_events_under_the_same_ids(
    served: Served, kafka_broker: Broker
) -> None:
    referred_to_dif(served)
    referred_to_dif(served)
    topic = ruta(
        "subscribe", "--agency", "dif", "--from-beginning", "--count", "2", "--json",
        env=served.env,
    )  # fmt: skip
    feed = ruta(
        "subscribe", "--feed", served.url, "--token", served.tokens["dif"], "--count", "2",
        "--json", env=served.env,
    )  # fmt: skip
    assert topic.returncode == 0, topic.stderr
    assert feed.returncode == 0, feed.stderr
    by_topic = sorted((e["id"], e["type"], e["subject"], e["source"]) for e in events(topic.stdout))
    by_feed = sorted((e["id"], e["type"], e["subject"], e["source"]) for e in events(feed.stdout))
    assert {e[3] for e in by_topic} == {"ruta.example/pruebas"}
    assert len(by_topic) == 2
    assert by_topic == by_feed
    for text in FICTITIOUS:
        assert text not in topic.stdout + feed.stdout


def test_a_subscriber_prints_a_line_per_event_in_spanish_and_a_refused_token_is_said(
    served: Served, kafka_broker: Broker
) -> None:
    case_id, _ = referred_to_dif(served)
    shown = ruta(
        "subscribe", "--feed", served.url, "--token", served.tokens["dif"], "--count", "1",
        env=served.env,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert f"mx.ruta.referral_issued.v2  expediente {case_id}" in shown.stdout
    refused = ruta("subscribe", "--feed", served.url, "--token", "no-es-un-token", env=served.env)
    assert refused.returncode == 1
    assert "el hub rechazó la suscripción (401)" in refused.stderr


def test_the_api_stays_ready_while_its_relay_cannot_publish_and_says_so(
    served: Served, kafka_broker: Broker
) -> None:
    kafka_broker.stop()
    deadline = time.monotonic() + 60
    while (ready := served.get("/readyz"))["relay"] != "not_ready":
        assert time.monotonic() < deadline, "the relay did not say it cannot publish"
        time.sleep(0.2)
    assert ready["status"] == "ready"  # the store, not Kafka, is the source of truth
    case_id, _ = referred_to_dif(served)  # commands are still accepted
    kafka_broker.start()
    shown = ruta(
        "subscribe", "--agency", "dif", "--from-beginning", "--count", "1", "--json",
        env=served.env,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert [e["subject"] for e in events(shown.stdout)] == [case_id]
