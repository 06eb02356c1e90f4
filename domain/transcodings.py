"""How the domain's value objects and case parts are stored: JSON objects named by stable names.

The names below are part of the stored format: never rename one. Decoding gives back the types
the domain expects (codes as their enums, tuples as tuples), because JSON only knows lists and
strings.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.consent import ConsentState
from domain.custody import Custody, Handoff
from domain.detection import Detection
from domain.measures import Measure, Observation
from domain.personal_data import SealedValue
from domain.prosecutor_notice import ProsecutorNotice
from domain.protection_screening import ProtectionScreening
from domain.referral import Referral

STORED_NAMES: dict[type[Any], str] = {
    Detection: "ruta.detection",
    SealedValue: "ruta.sealed",
    Referral: "ruta.referral",
    Handoff: "ruta.handoff",
    Custody: "ruta.custody",
    ConsentState: "ruta.consent",
    Measure: "ruta.measure",
    Observation: "ruta.observation",
    ProsecutorNotice: "ruta.prosecutor_notice",
    ProtectionScreening: "ruta.protection_screening",  # in snapshots of a case (issue 14)
}


class DataclassAsObject(Transcoding):
    """Stores a dataclass as an object of its fields; decodes enums and tuples back."""

    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name
        hints = typing.get_type_hints(cls)
        self._fields = [f.name for f in dataclasses.fields(cls)]
        self._coerce = {
            f: coercer for f in self._fields if (coercer := _coercer(hints[f])) is not None
        }

    @property
    def plain(self) -> bool:
        """Whether no field is decoded to an enum or a tuple: then ``decode`` of an object is
        ``type(**data)``."""
        return not self._coerce

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: Any) -> Any:
        values = dict(data)
        for name, coerce in self._coerce.items():
            if values.get(name) is not None:
                values[name] = coerce(values[name])
        return self.type(**values)


def _coercer(hint: Any) -> Callable[[Any], Any] | None:
    """How to turn a decoded JSON value back into ``hint``: None if it is right as it is."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _coercer(options[0]) if len(options) == 1 else None
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _member_of(hint)
    if origin is tuple:
        item = _coercer(typing.get_args(hint)[0])
        return (lambda v: tuple([item(x) for x in v])) if item else tuple
    return None


def _member_of(enum: type[StrEnum]) -> Callable[[Any], Any]:
    """``enum(value)``, its table of values read first as ``Enum.__new__`` reads it first, without
    the call through the enum's metaclass (several times slower)."""
    members = enum._value2member_map_

    def coerce(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            return enum(value)  # not a member's value: as the enum says

    return coerce


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    for cls, name in STORED_NAMES.items():
        transcoder.register(DataclassAsObject(cls, name))


class FormerCodes(JSONTranscoder):
    """Reads stored state with the agencies' former codes under their codes now.

    An agency renamed in the catalogue (``formerly``) keeps its events: they are never edited
    (the verifiable history hashes their exact bytes), and are read as if written with the new
    code. A code is a whole JSON string (``"sesp"``, as a value or a key): replacing it with its
    quotes cannot touch a longer text, and free texts are sealed, never plain strings. What is
    written is written with the codes of now.
    """

    def __init__(self, renamed: Mapping[str, str]) -> None:
        super().__init__()
        self._renamed = [
            (json.dumps(old).encode(), json.dumps(new).encode()) for old, new in renamed.items()
        ]

    def decode(self, data: bytes) -> Any:
        for old, new in self._renamed:
            if old in data:
                data = data.replace(old, new)
        return super().decode(data)
