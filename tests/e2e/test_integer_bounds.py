"""Every integer the API takes is bounded in its OpenAPI document, and a value beyond the bounds
is refused with a 422 problem naming it: never a 5xx, never a 500 in plain text.

The integers are read from the document itself (path, query and header parameters, and the
properties of request bodies), so a new operation with an integer is covered without editing this
file. Each is tried at and around its bounds, far beyond them (2^63, 10^30, negatives), and at
values hypothesis draws, on the whole API (every view, the signer) with a caller whose roles pass
every route's checks, and a real case for the routes under ``/cases/{case_id}``.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas.bounds import MAX_INTEGER
from domain.actor import Role
from domain.hub import Hub
from tests.e2e.conftest import OPERATOR, make_api
from tests.e2e.whole_api import Whole, open_case, whole_api
from tests.fakes import FakeSealer
from tests.served import serving

PROBLEM = "application/problem+json"
EVERYONE = ("cdheqroo", "every role")  # an account that passes every route's role checks
# Parameters bounded by the state too (the audit log's size, the other size of the pair): a value
# within the document's bounds may still be refused with a 422 naming them, as
# tests/e2e/test_api_audit.py tests; the state's own value is taken.
STATE_BOUNDED = {
    ("get", "/audit/proofs/inclusion", "size"): "audit_size",
    ("get", "/audit/proofs/consistency", "to"): "audit_size",
}


def _document() -> dict[str, Any]:
    """The document, as the code and the default catalogue make it (no data needed)."""
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer())
    try:
        document: dict[str, Any] = make_api(hub).client.app.openapi()  # type: ignore[attr-defined]
        return document
    finally:
        hub.close()


DOCUMENT = _document()


@dataclass(frozen=True)
class Integer:
    """One integer an operation takes, with its bounds as the document states them."""

    method: str
    path: str
    where: str  # "path", "query", "header" or "body"
    name: str  # the parameter, or the body property's dotted path: what a problem names
    minimum: int | None
    maximum: int | None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} {self.where} {self.name}"

    def within(self, value: int) -> bool:
        low = self.minimum is None or value >= self.minimum
        return low and (self.maximum is None or value <= self.maximum)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def integer_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The integer that ``schema`` is, or may be (``anyOf`` with null), if it is one."""
    schema = resolve(schema)
    if schema.get("type") == "integer":
        return schema
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        if (found := integer_schema(branch)) is not None:
            return found
    return None


def body_integers(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, prop in resolve(schema).get("properties", {}).items():
        if (found := integer_schema(prop)) is not None:
            yield prefix + name, found
            continue
        for branch in [prop, *prop.get("anyOf", [])]:
            if "$ref" in branch and resolve(branch).get("type") == "object":
                yield from body_integers(branch, f"{prefix}{name}.")


def integers() -> Iterator[Integer]:
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if (found := integer_schema(parameter["schema"])) is not None:
                    where, name = parameter["in"], parameter["name"]
                    yield Integer(
                        method, path, where, name, found.get("minimum"), found.get("maximum")
                    )
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            for name, found in body_integers(body["schema"]) if body else ():
                low, high = found.get("minimum"), found.get("maximum")
                yield Integer(method, path, "body", name, low, high)


INTEGERS = list(integers())


def edges(integer: Integer) -> list[int]:
    """Values at and around the bounds, and far beyond them on either side."""
    values = [0, 1, -1, 2**31, 2**53, 2**63 - 1, 2**63, 2**64, 10**30, -(2**63), -(10**30)]
    for bound in (integer.minimum, integer.maximum):
        if bound is not None:
            values += [bound - 2, bound - 1, bound, bound + 1, bound + 2]
    return sorted(set(values))


# --- The API under test -------------------------------------------------------------------------


@dataclass
class World:
    whole: Whole
    ids: dict[str, str]  # a real case's ids, by path parameter name
    headers: dict[str, str]

    def state(self, name: str) -> int:
        assert name == "audit_size", name
        return self.whole.views.audit.size()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with whole_api(Path(tmp_path_factory.mktemp("bounds"))) as whole:
        api = whole.api
        ids = open_case(api, "2026-11-20T08:30:00-05:00")
        with api.hub.acting_as(OPERATOR):
            issued = api.hub.open_account(EVERYONE[0], [str(r) for r in Role], label="todo")
        api.tokens[EVERYONE] = issued.token
        whole.caught_up()
        answer = api.client.post("/audit/checkpoint", headers=api.headers(*EVERYONE))
        assert answer.status_code == 201, answer.text
        yield World(whole, ids, api.headers(*EVERYONE, Accept_Language="en"))


def send(world: World, integer: Integer, value: int) -> Any:
    """The operation, with ``value`` for ``integer``; every other number parameter at its
    minimum (so that nothing waits: a long poll's ``wait`` is 0), every other path parameter a
    real case's, a body its schema's example."""
    operation = DOCUMENT["paths"][integer.path][integer.method]
    path, query, headers = integer.path, {}, dict(world.headers)
    for parameter in operation.get("parameters", []):
        where, name = parameter["in"], parameter["name"]
        if (where, name) == (integer.where, integer.name):
            given: Any = value
        elif where == "path":
            assert name in world.ids, f"no real id for {{{name}}}: add one to open_case"
            given = world.ids[name]
        else:
            given = _minimum(parameter["schema"])
            if given is None:
                continue
        if where == "path":
            path = path.replace(f"{{{name}}}", str(given))
        elif where == "query":
            query[name] = str(given)
        elif where == "header":
            headers[name] = str(given)
    body = None
    if "requestBody" in operation:
        schema = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
        body = json.loads(json.dumps(schema["examples"][0]))
        if integer.where == "body":
            node = body
            *parents, last = integer.name.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
    client = world.whole.api.client
    return client.request(integer.method, path, params=query, headers=headers, json=body)


def _minimum(schema: dict[str, Any]) -> Any:
    for branch in [schema, *schema.get("anyOf", [])]:
        if branch.get("type") in ("integer", "number") and "minimum" in branch:
            return branch["minimum"]
    return None


def names(problem: dict[str, Any], name: str) -> bool:
    named = [problem.get("field")] + [e.get("field") for e in problem.get("errors") or []]
    return name in named or any(
        isinstance(n, str) and n.startswith((f"{name}.", f"{name}[")) for n in named
    )


def check(world: World, integer: Integer, value: int) -> None:
    """The answer to ``value``: never a server error; a 422 problem naming the integer when it
    is out of bounds; when within, never refused by validation for it."""
    answer = send(world, integer, value)
    seen = f"{integer.id}={value}: {answer.status_code} {answer.text[:300]}"
    if answer.status_code >= 400:
        assert answer.headers["content-type"].startswith(PROBLEM), seen
    if answer.status_code >= 500:
        # The one server-side answer a bounded value may get: a view that has not reached a
        # ``min_position`` far ahead of the log (documented, with the time to retry after).
        assert answer.status_code == 503, seen
        assert "retry-after" in answer.headers, seen
        return
    refused_for_it = answer.status_code == 422 and names(answer.json(), integer.name)
    if not integer.within(value):
        assert refused_for_it, seen
        return
    if (integer.method, integer.path, integer.name) in STATE_BOUNDED:
        return
    validation_failure = refused_for_it and answer.json()["code"] == "http_422"
    assert not validation_failure, seen


# --- Tests ------------------------------------------------------------------------------------


def test_the_integers_are_read_from_every_part_of_the_document() -> None:
    found = {(i.method, i.path, i.where, i.name) for i in INTEGERS}
    assert {
        ("get", "/audit/checkpoint", "query", "size"),
        ("get", "/feed", "query", "after"),
        ("get", "/feed", "header", "Last-Event-ID"),
        ("get", "/audit/proofs/consistency", "query", "from"),
        ("get", "/cases/{case_id}/custody", "query", "min_position"),
        ("post", "/cases", "body", "estimated_age"),
        ("post", "/cases/{case_id}/age-assessments", "body", "estimated_age"),
    } <= found
    assert len(found) >= 20


@pytest.mark.parametrize("integer", INTEGERS, ids=[i.id for i in INTEGERS])
def test_every_integer_has_both_bounds_in_the_document(integer: Integer) -> None:
    """Both bounds, the upper one no more than I-JSON's exact integers (RFC 7493), far below
    what SQLite and PostgreSQL store (2^63 - 1)."""
    assert isinstance(integer.minimum, int)
    assert isinstance(integer.maximum, int)
    assert integer.maximum <= MAX_INTEGER


@pytest.mark.parametrize("integer", INTEGERS, ids=[i.id for i in INTEGERS])
def test_values_at_and_around_the_bounds_are_answered_as_the_document_says(
    world: World, integer: Integer
) -> None:
    for value in edges(integer):
        check(world, integer, value)
    state = STATE_BOUNDED.get((integer.method, integer.path, integer.name))
    if state is not None:  # within the state too, the value is taken
        size = world.state(state)
        answer = send(world, integer, size)
        assert answer.status_code == 200, answer.text


ANY_INTEGER = st.one_of(
    st.integers(),
    st.integers(min_value=2**53 - 2, max_value=2**64),
    st.integers(min_value=-(2**64), max_value=2),
    st.integers(min_value=10**29, max_value=10**31),
)


@pytest.mark.parametrize("integer", INTEGERS, ids=[i.id for i in INTEGERS])
def test_any_integer_is_answered_as_the_document_says(world: World, integer: Integer) -> None:
    @settings(
        max_examples=25,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(value=ANY_INTEGER)
    def answered(value: int) -> None:
        check(world, integer, value)

    answered()


@pytest.mark.parametrize("sent", [b"\xb2", b"12\xb3", b"-1", b"9223372036854775808", b"x"])
def test_a_last_event_id_that_is_not_a_cursor_is_a_422_problem_naming_it(
    world: World, sent: bytes
) -> None:
    """Sent as raw bytes on a real connection: ``²`` (0xB2 in Latin-1, as servers read headers)
    passed ``str.isdigit`` but not ``int``, a 500 before the header was a bounded integer."""
    app = world.whole.api.client.app
    with serving(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            b"GET /feed HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + f"Authorization: {world.headers['Authorization']}\r\n".encode()
            + b"Accept: text/event-stream\r\nLast-Event-ID: "
            + sent
            + b"\r\n\r\n"
        )
        head, _, body = _read_all(conn).partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    assert status == b"422", head + body
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["field"] == "Last-Event-ID"


def _read_all(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
