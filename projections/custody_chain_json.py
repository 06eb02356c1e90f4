"""A chain of custody as the custody views store it: one JSON document per case.

The document holds the domain's ``CustodyChain`` field by field, times as RFC 3339 with their
own offsets and ids as hex, so that what a view reads back equals, value for value, the chain the
domain computes from the events. The fields are read from the domain's dataclasses and their
annotations: a field of a type this module does not know is refused when it is encoded, rather
than stored in a form that would not come back equal.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.custody_chain import CustodyChain, CustodyGap, CustodyInterval, PendingHandoff

_Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]  # (encode, decode), None left as is
_PLAIN: _Codec = (lambda v: v, lambda v: v)
_CODECS: dict[Any, _Codec] = {
    str: _PLAIN,
    int: _PLAIN,
    bool: _PLAIN,
    datetime: (datetime.isoformat, datetime.fromisoformat),
    UUID: (lambda v: v.hex, UUID),
}
_FIELDS: dict[type[Any], dict[str, _Codec]] = {}  # each part's fields, read once
_PARTS: dict[str, type[Any]] = {
    "intervals": CustodyInterval,
    "pending_handoffs": PendingHandoff,
    "gaps": CustodyGap,
}


@dataclass(frozen=True)
class StoredChain:
    """A case's chain of custody after its event ``version``."""

    version: int
    chain: CustodyChain

    @property
    def case_id(self) -> UUID:
        return self.chain.case_id


def chain_to_json(chain: CustodyChain) -> str:
    document: dict[str, Any] = {"current_custodian": chain.current_custodian}
    for name, part in _PARTS.items():
        document[name] = [_encode(part, item) for item in getattr(chain, name)]
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def chain_from_json(case_id: UUID, text: str | bytes) -> CustodyChain:
    document = json.loads(text)
    parts = {
        name: tuple(_decode(part, item) for item in document[name]) for name, part in _PARTS.items()
    }
    return CustodyChain(case_id=case_id, current_custodian=document["current_custodian"], **parts)


def _encode(cls: type[Any], item: Any) -> dict[str, Any]:
    if type(item) is not cls:
        raise TypeError(f"expected a {cls.__name__}, got a {type(item).__name__}")
    encoded = {}
    for name, (encode, _) in _fields(cls).items():
        value = getattr(item, name)
        encoded[name] = None if value is None else encode(value)
    return encoded


def _decode(cls: type[Any], data: dict[str, Any]) -> Any:
    values = {
        name: None if data.get(name) is None else decode(data[name])
        for name, (_, decode) in _fields(cls).items()
    }
    return cls(**values)


def _fields(cls: type[Any]) -> dict[str, _Codec]:
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls)
        _FIELDS[cls] = {f.name: _codec(cls, f.name, hints[f.name]) for f in dataclasses.fields(cls)}
    return _FIELDS[cls]


def _codec(cls: type[Any], name: str, hint: Any) -> _Codec:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            hint = options[0]
    if hint not in _CODECS:
        raise TypeError(f"{cls.__name__}.{name} is a {hint}: the custody view cannot store it")
    return _CODECS[hint]
