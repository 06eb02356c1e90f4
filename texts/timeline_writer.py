"""Fills the timeline's phrases in one language, and remembers the parts of a case seen so far.

An event names a referral, handoff, measure or observation by id only; a reader wants to know
what it was ("aceptó la canalización para albergue"), so the writer keeps what earlier events
said about each part. It keeps codes and ids only, never a sealed value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.agencies import AgencyCatalogue
from domain.vocabulary import LegalBasis, Service
from texts.labels import agency_acronym, label_code, label_list, local_time
from texts.translations import translation


@dataclass
class TimelineWriter:
    """The phrases of one language, filled with labels, acronyms and local times."""

    lang: str
    catalogue: AgencyCatalogue | None
    referrals: dict[str, tuple[str, str]] = field(default_factory=dict)
    handoffs: dict[str, str] = field(default_factory=dict)
    measures: dict[str, tuple[str, str]] = field(default_factory=dict)
    observations: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str, **values: object) -> str:
        """The phrase ``key`` of the writer's language, filled with ``values``."""
        return translation(self.lang).section("timeline")[key].format(**values)

    def code(self, vocabulary: type[StrEnum], code: object) -> str:
        return label_code(vocabulary, str(code), self.lang)

    def codes(self, vocabulary: type[StrEnum], codes: Iterable[object]) -> str:
        return label_list(vocabulary, [str(c) for c in codes], self.lang)

    def time(self, when: datetime) -> str:
        return local_time(when, self.catalogue)

    def basis(self, event: object) -> str:
        """The legal basis an event states, if it states one."""
        basis = getattr(event, "legal_basis", None)
        return self("legal_basis", legal_basis=self.code(LegalBasis, basis)) if basis else ""

    def sealed(self, event: object, name: str, says: str) -> str:
        """That a sealed field was recorded, never what it holds."""
        return self(says) if getattr(event, name, None) is not None else ""

    def referral(self, referral_id: object, key: str) -> str:
        """The phrase ``key`` about a referral seen earlier, or nothing if it was not seen."""
        known = self.referrals.get(str(referral_id))
        if known is None:
            return ""
        return self(key, to=agency_acronym(known[0]), service=self.code(Service, known[1]))

    def learn(self, e: Any) -> None:
        """Remember what a referral, handoff, measure or observation was, by its id."""
        # An event of an older shape teaches nothing: later lines just say less about it.
        with suppress(AttributeError):
            self._learn(e)

    def _learn(self, e: Any) -> None:
        name = type(e).__name__
        if name == "ReferralIssued":
            self.referrals[str(e.referral_id)] = (str(e.to_agency), str(e.service))
        elif name == "CustodyHandoffInitiated":
            self.handoffs[str(e.handoff_id)] = str(e.to_agency)
        elif name == "ProtectionMeasureStarted":
            self.measures[str(e.measure_id)] = (str(e.kind), str(e.provider))
        elif name == "ObservationIssued":
            self.observations[str(e.observation_id)] = str(e.kind)


def agencies(codes: Iterable[object]) -> str:
    """Agencies by their acronyms, separated by commas."""
    return ", ".join(agency_acronym(str(code)) for code in codes)


Parts = list[str]
Describer = Callable[[Any, TimelineWriter], Parts]
