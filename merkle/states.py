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

from domain.transcodings import register_domain_transcodings


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
# Fewer brackets than this, fewer levels of nesting than pydantic's parser refuses (over 200).
FEW_BRACKETS = 200


Decode = Callable[[bytes], tuple[dict[str, Any] | None, str]]


def decoded(state: bytes) -> tuple[dict[str, Any] | None, str]:
    """``state`` decoded as the hub reads an event, or why it is not one (then None)."""
    if state.count(b"{") + state.count(b"[") < FEW_BRACKETS:
        try:
            value = _PARSE(state)
            if type(value) is dict and type(value := _revive_fast(value)) is dict:
                return value, ""
        except Exception:  # noqa: S110 - the reference way below says what fails
            pass
    return decoded_by_reference(state)


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


# The same decoding as the transcodings' of ids and dates, without their assertion that the data
# is a string: for anything else these raise too, and the reference way says how it fails.
_FAST: dict[str, Callable[[Any], Any]] = {name: t.decode for name, t in _NAMES.items()}
_FAST[UUIDAsHex.name] = UUID
_FAST[DatetimeAsISO.name] = datetime.fromisoformat


def _revive_fast(value: dict[str, Any]) -> Any:
    """``_revive`` of an object with fewer calls: an object named by ``_type_`` is decoded
    where it is found; a name with no transcoding is a ``KeyError`` here."""
    if len(value) == 2 and "_data_" in value and "_type_" in value:
        data = value["_data_"]
        kind = type(data)
        if kind is dict:
            data = _revive_fast(data)
        elif kind is list:
            data = _revive_list(data)
        # A _type_ that is an object or a list is unhashable: a TypeError, as the reference
        # way fails on it too.
        return _FAST[value["_type_"]](data)
    for name, item in value.items():
        kind = type(item)
        if kind is dict:
            value[name] = _revive_fast(item)
        elif kind is list:
            value[name] = _revive_list(item)
    return value


def _revive_list(items: list[Any]) -> list[Any]:
    return [
        _revive_fast(item)
        if type(item) is dict
        else _revive_list(item)
        if type(item) is list
        else item
        for item in items
    ]
