"""A record's stored state decoded as the hub reads it, to prove it is an event.

States are decoded by the hub's transcodings, never decrypted: sealed values stay sealed, so a
case whose data key was destroyed is checked like any other.

Two ways give one answer. The reference way parses with pydantic's parser (which reads what the
hub's ``json`` reads, ``NaN`` included) and revives each ``{"_type_", "_data_"}`` object by the
transcoding registered under its name. The fast way, tried first, parses with msgspec (about
half the time; it reads a subset of what pydantic's parser reads, to the same values: never
``NaN``, ``Infinity`` or a lone surrogate), only states nested less deeply than pydantic's
parser allows (200), and revives with the same transcodings, dates and ids by shorter calls that
give the same objects. Whatever the fast way cannot do, however it fails,
the reference way does again, so that what a state fails on (only an exception's type is told)
is the same as ever.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from pydantic_core import from_json

from domain.transcodings import DataclassAsObject, register_domain_transcodings


def event_transcoder() -> JSONTranscoder:
    """The hub's transcoder (``Hub.register_transcodings``): decodes, and never needs a key."""
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DecimalAsStr())
    transcoder.register(DatetimeAsISO())
    register_domain_transcodings(transcoder)
    return transcoder


_NAMES = event_transcoder().names
_PARSE = msgspec.json.Decoder().decode
# Nested at most this deep, a state is read by pydantic's parser (which refuses over 200 levels):
# the fast way leaves a state nested deeper to the reference way.
SHALLOW = 128


Decode = Callable[[bytes], tuple[dict[str, Any] | None, str]]


def decoded(state: bytes) -> tuple[dict[str, Any] | None, str]:
    """``state`` decoded as the hub reads an event, or why it is not one (then None)."""
    if (value := decoded_fast(state)) is not None:
        return value, ""
    return decoded_by_reference(state)


def decoded_fast(state: bytes) -> dict[str, Any] | None:
    """``state`` decoded the fast way, or None where the reference way is to decode it."""
    try:
        value = _PARSE(state)
        if type(value) is dict and type(value := _revive_fast(value)) is dict:
            return value
    except Exception:  # noqa: S110 - the reference way says what fails
        pass
    return None


def decoded_by_reference(state: bytes) -> tuple[dict[str, Any] | None, str]:
    """``decoded`` the reference way alone."""
    try:
        value = _revive(from_json(state))
    except Exception as e:
        # However a state fails to decode, only the exception's type is told: its message may
        # quote the state.
        return None, type(e).__name__
    return (value, "") if type(value) is dict else (None, "not a JSON object")


def _revive(value: Any) -> Any:
    """``value`` as the hub's transcoder decodes it (``JSONTranscoder``'s object hook, innermost
    first): each ``{"_type_", "_data_"}`` object by the transcoding registered under its name."""
    if type(value) is dict:
        for name, item in value.items():
            if type(item) is dict or type(item) is list:
                value[name] = _revive(item)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            try:
                transcoding = _NAMES[value["_type_"]]
            except (KeyError, TypeError):
                raise TranscodingNotRegisteredError("no transcoding by that name") from None
            return transcoding.decode(value["_data_"])
        return value
    if type(value) is list:
        return [
            _revive(item) if type(item) is dict or type(item) is list else item for item in value
        ]
    return value


def _fields_of(cls: type[Any]) -> Callable[[Any], Any]:
    return lambda data: cls(**data)


# The transcodings' decoding by shorter calls, which give the same objects and, for data the
# transcoding does not take, raise too (the reference way then says how it fails): ids and dates
# without the assertion that the data is a string, a plain dataclass from its fields without
# copying them first (``**`` of anything but an object is a TypeError).
_FAST: dict[str, Callable[[Any], Any]] = {name: t.decode for name, t in _NAMES.items()}
_FAST |= {
    name: _fields_of(t.type)
    for name, t in _NAMES.items()
    if isinstance(t, DataclassAsObject) and t.plain
}
_FAST[UUIDAsHex.name] = UUID
_FAST[DatetimeAsISO.name] = datetime.fromisoformat


def _revive_fast(value: dict[str, Any], depth: int = 1) -> Any:
    """``_revive`` of an object with fewer calls: an object named by ``_type_`` is decoded
    where it is found; a name with no transcoding is a ``KeyError`` here, an object or a list
    nested deeper than ``SHALLOW`` a ``RecursionError``."""
    if depth > SHALLOW:
        raise RecursionError("nested deeper than the fast way reads")
    depth += 1
    if len(value) == 2 and "_data_" in value and "_type_" in value:
        data = value["_data_"]
        kind = type(data)
        if kind is dict:
            data = _revive_fast(data, depth)
        elif kind is list:
            data = _revive_list(data, depth)
        # A _type_ that is an object or a list is unhashable: a TypeError, as the reference
        # way fails on it too.
        return _FAST[value["_type_"]](data)
    for name, item in value.items():
        kind = type(item)
        if kind is dict:
            if len(item) == 2 and "_data_" in item and "_type_" in item:
                # An object named by _type_, decoded here: a call fewer for most values revived.
                data = item["_data_"]
                kind = type(data)
                if kind is dict:
                    data = _revive_fast(data, depth + 1)
                elif kind is list:
                    data = _revive_list(data, depth + 1)
                value[name] = _FAST[item["_type_"]](data)
            else:
                value[name] = _revive_fast(item, depth)
        elif kind is list:
            value[name] = _revive_list(item, depth)
    return value


def _revive_list(items: list[Any], depth: int) -> list[Any]:
    if depth > SHALLOW:
        raise RecursionError("nested deeper than the fast way reads")
    depth += 1
    return [
        _revive_fast(item, depth)
        if type(item) is dict
        else _revive_list(item, depth)
        if type(item) is list
        else item
        for item in items
    ]
