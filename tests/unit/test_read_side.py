"""The read side is one home that returns plain values, and Kafka's data is its own schema.

``queries/`` applies need-to-know and answers frozen dataclasses: it knows no HTTP, no pydantic.
The relay's messages are built from those values by ``adapters/``, never from an HTTP schema,
and carry the bytes the relay has always sent (a recording of every message the demo's scenarios
made the release before this one).
"""

from __future__ import annotations

import ast
import dataclasses
import gzip
import json
import re
from pathlib import Path
from uuid import UUID

import pytest

from adapters.cloudevents import Message
from domain.access import CaseAccess
from domain.hub import Hub
from queries.case_view import read_case
from queries.timeline import read_timeline
from tests.builders import DIF, SEDETUR, referred_to_dif
from tests.demo_messages import demo_messages

ROOT = Path(__file__).parents[2]
RECORDED = Path(__file__).parents[1] / "fixtures" / "relay_messages.jsonl.gz"
# Ids the hub draws at random (referrals, handoffs, measures): compared by where they recur.
RANDOM_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
HTTP = {"api", "fastapi", "starlette", "pydantic"}


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def source_of(module: str) -> Path | None:
    """The repository's file of ``module``, None for a library's (or a name, not a module)."""
    for candidate in (ROOT / f"{module.replace('.', '/')}.py", ROOT / module / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reached_from(*modules: str) -> set[str]:
    """Every module of the repository that importing ``modules`` imports, transitively."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen or (path := source_of(module)) is None:
            continue
        seen.add(module)
        todo += imported(path)
    return seen


def test_the_read_side_imports_no_http_api_and_no_pydantic() -> None:
    for path in sorted((ROOT / "queries").glob("*.py")):
        roots = {name.split(".")[0] for name in imported(path)}
        assert not roots & HTTP, path.name


def test_the_kafka_messages_are_built_without_the_http_api() -> None:
    """Changing an HTTP response schema cannot change what Kafka carries: nothing the relay
    imports, however indirectly, is in api/."""
    reached = reached_from("adapters.kafka_relay", "adapters.cloudevents", "cli.relay")
    assert "adapters.kafka_message" in reached
    assert "queries.event_stream" in reached
    assert not {m for m in reached if m.split(".")[0] == "api"}


def test_the_relay_sends_the_bytes_it_always_has() -> None:
    """Recorded again when two agencies were renamed (``sesp`` is ``ssc`` now, ``sedetus``
    ``sedetur``): the recording before it, with those codes, the demo's account ids made of them
    and the event ids of their topics (``uuid5`` of case, version and audience) as they are now,
    was this one to the byte. Recorded again in issue 14, when the demo's boy (scenario 2) gained
    PPNNA's notices of his urgent measure, his hearing, his restitution plan and the
    best-interest determination before his return, and his screening for international
    protection before his consulate was told: those messages were added, and the versions and
    event ids of his case's later events moved, and the log positions of every later event.
    Recorded again when the demo followed the corrected route (issue 14, point 7): notices to
    the prosecutor, urgent medical care offered, foreign women screened for international
    protection, adult women sheltered by IQM's and a civil refuge rather than DIF, the boy's
    Mam interpreter from INALI, referrals answered, and scenario 5's erasure carried out on an
    ARCO request; the messages, versions, event ids and log positions moved with them.
    Recorded again when the opening and the consent events became version 2 (issue 14, point
    15: the economic sector, the trafficking scope and the consent to be counted): their
    ``ce_type`` ends in ``.v2``, their data carries the new fields, and the demo's people agree
    to be counted."""
    recorded = gzip.decompress(RECORDED.read_bytes()).decode()
    assert normalized(recorded_lines(demo_messages())) == recorded


def recorded_lines(messages: list[Message]) -> str:
    """The messages as the recording has them: one JSON line each."""
    lines = [
        json.dumps(
            {
                "topic": m.topic,
                "key": m.key.decode(),
                "headers": [[name, value.decode()] for name, value in m.headers],
                "value": m.value.decode(),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        for m in messages
    ]
    return "\n".join(lines) + "\n"


def normalized(text: str) -> str:
    """Random ids replaced by their order of first appearance: ``uuid-0``, ``uuid-1``…"""
    found: dict[str, str] = {}
    return RANDOM_ID.sub(lambda m: found.setdefault(m.group(0), f"uuid-{len(found)}"), text)


def test_a_reading_is_made_of_frozen_dataclasses_all_the_way_down(hub: Hub) -> None:
    case_id = referred_to_dif(hub)
    access = CaseAccess(DIF, hub.catalogue.get("dif"), hub.get_case(case_id))
    reading = read_case(hub, access, "shelter")

    def plain(value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            items = dataclasses.fields(value)
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, items[0].name, None)
            for item in items:
                plain(getattr(value, item.name))
        elif isinstance(value, tuple | list):
            for item in value:
                plain(item)
        else:
            assert not hasattr(value, "model_dump"), type(value)

    plain(reading)
    assert reading.referrals
    assert reading.referrals[0].note == "Albergue de la calle"
    assert reading.details is not None
    assert reading.details.custody.custodian == "dif"


def test_the_detecting_agency_reads_a_receipt_and_no_account_of_others_steps(hub: Hub) -> None:
    case_id = referred_to_dif(hub)
    with hub.acting_as(DIF):
        hub.start_measure(case_id, "shelter", "dif", location="CAT")
    access = CaseAccess(SEDETUR, hub.catalogue.get("sedetur"), hub.get_case(case_id))
    reading = read_case(hub, access, None)
    assert reading.outline is not None
    assert reading.outline.receipt.accepted
    assert reading.details is None
    assert reading.personal_data is None
    receipts = [e for e in read_timeline(hub, access) if e.receipt]
    assert [(e.type, e.account, dict(e.data)) for e in receipts] == [("in_care", None, {})]
    assert isinstance(reading.case_id, UUID)
