"""An export line is checked the same by the fast way (msgspec) as by the reference way.

The verifier reads a record's line as it should be with msgspec and leaves every other line,
however the fast way fails on it, to the reference way (pydantic's parser, ``b64decode``, the
hub's transcodings), so that what it reports never depends on which way read the line: a
malformed line, a byte that was not UTF-8, a duplicate key, a state only the hub's ``json``
reads (``NaN``), or one nested deeper than pydantic's parser reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.hub import Hub
from merkle import leaf_hash
from merkle.export_lines import (
    BAD,
    RECORD,
    Checked,
    check_line,
    check_line_by_reference,
    check_record_fast,
)
from merkle.leaves import Record, checkpoint_line, missing_line
from merkle.signed_note import SignerKey
from merkle.states import decoded, decoded_by_reference, decoded_fast
from merkle.verifier import verify_export
from projections.audit_log import record_of
from tests.builders import open_adult, open_child


@pytest.fixture
def records(hub: Hub) -> list[Record]:
    open_adult(hub)
    open_child(hub)
    return [record_of(n) for n in hub.recorder.select_notifications(start=1, limit=100)]


def line_of(record: Record, state: bytes | None = None) -> str:
    record = record if state is None else replace(record, state=state)
    return record.export_line(leaf_hash(record.leaf()))


def both_ways(line: str) -> tuple[Checked, Checked]:
    """What the verifier makes of ``line``, and what the reference way alone makes of it."""
    return check_line(line), check_line_by_reference(line, decoded_by_reference)


def test_every_line_of_an_export_is_checked_the_same_both_ways(records: list[Record]) -> None:
    key = SignerKey.generate("ruta-auditoria")
    lines = [line_of(record) for record in records]
    lines += [missing_line(7, b"\x01" * 32), checkpoint_line(f"ruta\n1\n{key.verifier}\n"), ""]
    for line in lines:
        fast, reference = both_ways(line)
        assert fast == reference


# The fixture's records are only read, so one set serves every example.
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_line_edited_anywhere_is_checked_the_same_both_ways(
    records: list[Record], data: st.DataObject
) -> None:
    line = line_of(data.draw(st.sampled_from(records)))
    at = data.draw(st.integers(0, len(line)))
    text = data.draw(st.text(alphabet='{}[]",:0123456789aAz=+/\\-nNtl \ufffd', max_size=3))
    cut = data.draw(st.integers(0, 3))
    edited = line[:at] + text + line[at + cut :]
    fast, reference = both_ways(edited)
    assert fast == reference


def test_every_record_of_a_real_log_is_read_the_fast_way(records: list[Record]) -> None:
    """Not a figure: the fast way taking the hub's own records is what makes the verifier fast,
    and a change that sent them all the reference way would still verify."""
    for record in records:
        assert decoded_fast(record.state) is not None
        assert check_record_fast(line_of(record)) is not None


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: line.replace('"topic"', '"topic":"x","topic"'),  # a duplicate key
        lambda line: line[:-1] + ',"missing":false}',  # a key of another kind of line
        lambda line: line[:-1] + ',"extra":[[[[1]]]]}',
        lambda line: line.replace('"position":', '"position":1.0,"position":'),
        lambda line: line.replace('"leaf":"', '"leaf":"\ufffd'),  # a byte that was not UTF-8
        lambda line: line.replace('"leaf":"', '"leaf":"\\u0041'),
        lambda line: line.replace('"leaf_hash":"', '"leaf_hash":"0'),
        lambda line: line.replace('"leaf":"', '"leaf":"', 1)[:-2],  # cut short
        lambda line: "[" + line + "]",
        lambda line: re.sub(
            r'"originator_id":"[^"]*"', lambda m: m[0][:17] + m[0][17:].upper(), line
        ),
        lambda line: re.sub(r'("originator_id":"\w{8})-(\w)', r"\1\2-", line),
        lambda line: re.sub(r'("originator_id":"\w{8})-', r"\1", line),
        lambda line: line.replace('"originator_id":"', '"originator_id":null,"x":"'),
    ],
)
def test_a_malformed_line_is_checked_the_same_both_ways(records: list[Record], edit) -> None:  # type: ignore[no-untyped-def]
    fast, reference = both_ways(edit(line_of(records[0])))
    assert fast == reference


def test_a_duplicate_key_is_read_as_its_last_value_both_ways(records: list[Record]) -> None:
    line = line_of(records[0])
    other = json.loads(line_of(records[1]))["leaf"]
    doubled = line.replace('"leaf":"', f'"leaf":"{other}","leaf":"', 1)
    assert check_line(doubled) == check_line(line)
    assert check_line(doubled).kind == RECORD


@pytest.mark.parametrize(
    ("state", "undecodable"),
    [
        (b'{"a":NaN,"b":Infinity}', ""),  # the hub's json reads them, and so does pydantic's
        (b'{"a":"\\ud800"}', "ValueError"),  # a lone surrogate, refused by pydantic's parser
        (b'{"a":' * 201 + b"1" + b"}" * 201, "ValueError"),  # deeper than pydantic reads
        (b'{"a":' * 199 + b"1" + b"}" * 199, ""),
        (b'{"a":"\xff"}', "ValueError"),  # not UTF-8
        (b'{"a":1,"a":{"_type_":"nowhere","_data_":1}}', "TranscodingNotRegisteredError"),
        (b'{"a":{"_type_":"nowhere","_data_":1},"a":1}', ""),
        (b'{"t":{"_type_":"uuid_hex","_data_":"{52f07082-f934-4cad-a185-ec5c6fdbf9f4}"}}', ""),
        (b'{"t":{"_type_":"uuid_hex","_data_":7}}', "AssertionError"),
        (b'{"t":{"_type_":"datetime_iso","_data_":"yesterday"}}', "ValueError"),
        (b'{"t":{"_type_":["uuid_hex"],"_data_":"x"}}', "TranscodingNotRegisteredError"),
        (b"[1]", "not a JSON object"),
        (b"123456789012345678901234567890", "not a JSON object"),
    ],
)
def test_a_state_is_decoded_the_same_both_ways(
    records: list[Record], state: bytes, undecodable: str
) -> None:
    assert decoded(state)[1] == decoded_by_reference(state)[1] == undecodable
    fast, reference = both_ways(line_of(records[0], state))
    assert fast == reference
    assert fast.kind == RECORD
    assert fast.undecodable == undecodable


def test_a_line_that_is_not_utf8_fails_naming_its_line(records: list[Record]) -> None:
    """The CLI reads a byte that is not UTF-8 as U+FFFD; that line is named, none other."""
    key = SignerKey.generate("ruta-auditoria")
    lines = [line_of(record) for record in records[:3]]
    lines[1] = lines[1].replace('"leaf":"', '"leaf":"\ufffd', 1)
    report = verify_export(lines, key.verifier)
    assert [(f.check, f.line) for f in report.failures] == [("line", 2)]
    assert check_line(lines[1]).kind == BAD
