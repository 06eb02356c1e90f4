"""Fakes for unit tests: small, honest stand-ins with the real interface, no I/O."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from domain.errors import PersonalDataUnavailable
from domain.personal_data import PlainValue, SealedValue


class FakeSealer:
    """Seals by encoding, not encryption: for unit tests of the domain only.

    It keeps the real sealer's contract: values are bound to their case and label, and a
    destroyed key makes every value of its case unreadable.
    """

    def __init__(self) -> None:
        self.keys: set[UUID] = set()
        self.destroyed: set[UUID] = set()

    def new_case_id(self) -> UUID:
        return uuid4()

    def seal(self, case_id: UUID, label: str, value: PlainValue) -> SealedValue:
        if case_id in self.destroyed:
            raise PersonalDataUnavailable(case_id=str(case_id))
        self.keys.add(case_id)
        payload = json.dumps([str(case_id), label, value]).encode()
        return SealedValue("fake", "", base64.b64encode(payload[::-1]).decode(), "")

    def seal_many(
        self, case_id: UUID, values: Mapping[str, PlainValue], *, new_case: bool = False
    ) -> dict[str, SealedValue]:
        return {label: self.seal(case_id, label, value) for label, value in values.items()}

    def unseal(self, case_id: UUID, label: str, sealed: SealedValue) -> PlainValue:
        if case_id not in self.keys:
            raise PersonalDataUnavailable(case_id=str(case_id))
        bound_case, bound_label, value = json.loads(base64.b64decode(sealed.ciphertext)[::-1])
        assert (bound_case, bound_label) == (str(case_id), label), "value bound elsewhere"
        return value  # type: ignore[no-any-return]

    def destroy_key(self, case_id: UUID) -> bool:
        existed = case_id in self.keys
        self.keys.discard(case_id)
        self.destroyed.add(case_id)
        return existed

    def has_key(self, case_id: UUID) -> bool:
        return case_id in self.keys


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 20, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
