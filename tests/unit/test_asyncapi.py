"""docs/asyncapi.yaml describes the messages the relay emits, every one of them, and nothing else.

The messages are built as the relay builds them (``EventStream`` for the audiences, then
``to_cloud_event``), over every demo scenario, and each is checked against the document: its
channel, its message by ``ce_type``, its headers and its value against their JSON schemas.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from adapters.cloudevents import AUDIT_TOPIC, Message
from domain.case_state import CaseBase
from domain.hub import Hub
from domain.stored_names import STORED_NAMES
from tests.demo_messages import demo_messages
from tests.fakes import FakeSealer

DOCUMENT = Path(__file__).parents[2] / "docs" / "asyncapi.yaml"
RECEIPTS = {"mx.ruta.in_care.v1"}  # what the detecting agency learns of a measure: no details


@cache
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def resolved(node: Any) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points at."""
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            target: Any = document()
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolved(target)
        return {key: resolved(value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolved(item) for item in node]
    return node


@pytest.fixture(scope="module")
def emitted() -> list[Message]:
    """Every message the relay emits for the demo's scenarios."""
    return demo_messages()


def channel_of(topic: str) -> dict[str, Any]:
    channels = resolved(document()["channels"])
    for channel in channels.values():
        pattern = re.escape(channel["address"]).replace(re.escape("{code}"), "[a-z0-9_]+")
        if re.fullmatch(pattern, topic):
            return dict(channel)
    raise AssertionError(f"no channel of the document has the address of {topic}")


def message_of(channel: dict[str, Any], ce_type: str) -> dict[str, Any]:
    found = [m for m in channel["messages"].values() if m["title"] == ce_type]
    assert len(found) == 1, f"{ce_type} is not a message of channel {channel['address']}"
    return dict(found[0])


def test_the_document_is_asyncapi_3_with_the_agency_and_audit_channels() -> None:
    assert document()["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in document()["channels"].values()}
    assert addresses == {"ruta.agency.{code}", "ruta.audit"}
    for operation in document()["operations"].values():
        assert operation["action"] == "receive"


def test_every_message_emitted_is_described_and_valid(emitted: list[Message]) -> None:
    checker = jsonschema.FormatChecker()
    for message in emitted:
        headers = {name: value.decode() for name, value in message.headers}
        described = message_of(channel_of(message.topic), headers["ce_type"])
        jsonschema.validate(headers, described["headers"], format_checker=checker)
        value = json.loads(message.value)
        jsonschema.validate(value, described["payload"], format_checker=checker)
        assert message.key.decode() == headers["ce_subject"] == value["case_id"]


def test_every_agency_of_a_topic_is_in_the_catalogue(emitted: list[Message]) -> None:
    codes = {m.topic.removeprefix("ruta.agency.") for m in emitted if m.topic != AUDIT_TOPIC}
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer())
    assert codes <= {agency.code for agency in hub.catalogue}
    assert {"sedetur", "dif", "fge", "cdheqroo"} <= codes


def test_every_message_described_is_an_event_of_a_case_and_the_scenarios_cover_most(
    emitted: list[Message],
) -> None:
    declared = {m["title"] for m in resolved(document()["components"]["messages"]).values()}
    assert declared == case_event_types() | RECEIPTS
    types = {dict(m.headers)["ce_type"].decode() for m in emitted}
    assert types <= declared
    assert len(types) >= 20  # the scenarios take most paths; the rest are described alike


def test_every_message_described_has_its_type_headers_payload_and_key() -> None:
    """Those no scenario emits too: each message is whole, its ``ce_type`` its own title."""
    for name, message in resolved(document()["components"]["messages"]).items():
        assert message.get("contentType") == "application/json", name
        assert "headers" in message, name
        (_, own) = message["headers"]["allOf"]
        assert own["properties"]["ce_type"]["const"] == message["title"], name
        assert "properties" in message["payload"], name
        assert message["bindings"]["kafka"]["key"]["format"] == "uuid", name


def case_event_types() -> set[str]:
    """``mx.ruta.<type>.v<version>`` of every stored event class of a case."""
    return {
        f"mx.ruta.{entry.public_type}.v{getattr(entry.cls, 'class_version', 1)}"
        for entry in STORED_NAMES
        if entry.public_type is not None and issubclass(entry.cls, CaseBase.Event)
    }
