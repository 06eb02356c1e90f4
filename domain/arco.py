"""ARCO requests: a person's (or their representative's) request to access, rectify, cancel or
oppose the treatment of their personal data, from intake to carrying out. One stream each.

Sources (Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados,
LGPDPPSO: the law of DOF 20-03-2025, last reformed DOF 14-11-2025, which abrogated that of
26-01-2017 and renumbered its articles; the old numbers are given where they differ):

- who may ask: the holder of the data or their representative, with identity (and the
  representation) accredited (art. 43; 49 in 2017); Ruta records only that the unit of
  transparency checked it, off the system, as a yes or a no;
- the answer: within 20 business days (art. 3 fr. XII: "días" are business days) of receipt,
  extendable once by up to 10 when the circumstances justify it and the holder is told within
  the first term (art. 45; 51 in 2017);
- carrying out a granted request: within 15 business days after the answer is notified
  (art. 45);
- the only grounds to refuse (art. 49, fractions I to XII; 55, I to X, in 2017):
  ``ArcoRefusalGround`` has I to X; XI and XII, new in 2025, are not among its codes yet.

No personal data enters these events: the case's folio, codes and times only. The request's
name, documents and representation papers stay in the unit of transparency's own file.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import ArcoGroundRequired, ArcoIdentityNotChecked, ArcoStepOutOfOrder
from domain.stamped import StampedAggregate


class ArcoKind(StrEnum):
    """The right exercised (LGPDPPSO arts. 37-41)."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    CANCELLATION = "cancellation"
    OPPOSITION = "opposition"


class ArcoRequester(StrEnum):
    """Who asks: the holder of the data, or their representative (LGPDPPSO art. 43)."""

    HOLDER = "holder"
    REPRESENTATIVE = "representative"


class ArcoDecision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


class ArcoRefusalGround(StrEnum):
    """The grounds to refuse an ARCO request: LGPDPPSO art. 49, fractions I to X (of XII)."""

    NOT_ACCREDITED = "not_accredited"  # I: holder or representative not accredited
    DATA_NOT_HELD = "data_not_held"  # II: the data is not held by the responsible party
    LEGAL_IMPEDIMENT = "legal_impediment"  # III
    THIRD_PARTY_RIGHTS = "third_party_rights"  # IV: it would harm a third party's rights
    OBSTRUCTS_PROCEEDINGS = "obstructs_proceedings"  # V: judicial or administrative ones
    AUTHORITY_RESOLUTION = "authority_resolution"  # VI: a competent authority restricts it
    ALREADY_DONE = "already_done"  # VII: the cancellation or opposition was done before
    NOT_COMPETENT = "not_competent"  # VIII
    PROTECTS_HOLDER = "protects_holder"  # IX: needed to protect the holder's legal interests
    HOLDER_OBLIGATIONS = "holder_obligations"  # X: needed for the holder's legal obligations
    # XI and XII came with the law of DOF 20-03-2025 (added codes; none renamed):
    STATE_PERMANENCE = "state_permanence"  # XI: for the integrity and permanence of the State
    FINANCIAL_SUPERVISION = "financial_supervision"  # XII: given by supervised financial entities


class ArcoExtensionReason(StrEnum):
    """Why the answer needs the one extension of LGPDPPSO art. 45 (codes, never free text)."""

    SEVERAL_AGENCIES = "several_agencies"  # the data is held by several agencies of the route
    VOLUME = "volume"  # the case's records are many
    THIRD_PARTY_REVIEW = "third_party_review"  # others' data must be told apart first


class ArcoStatus(StrEnum):
    RECEIVED = "received"
    EXTENDED = "extended"
    GRANTED = "granted"
    REFUSED = "refused"
    CARRIED_OUT = "carried_out"


class ArcoRequest(StampedAggregate):
    """One ARCO request about one case, recorded by the unit of transparency (administrators)."""

    class Received(StampedAggregate.Event, Aggregate.Created):
        kind: ArcoKind
        case_id: UUID
        folio: str
        requester: ArcoRequester
        identity_checked: bool
        received_at: datetime

    @event(Received)
    def __init__(
        self,
        kind: ArcoKind,
        case_id: UUID,
        folio: str,
        requester: ArcoRequester,
        identity_checked: bool,
        received_at: datetime,
    ) -> None:
        self.kind = kind
        self.case_id = case_id
        self.folio = folio
        self.requester = requester
        self.identity_checked = identity_checked
        self.received_at = received_at
        self.extension: ArcoExtensionReason | None = None
        self.extended_at: datetime | None = None
        self.decision: ArcoDecision | None = None
        self.ground: ArcoRefusalGround | None = None
        self.answered_at: datetime | None = None
        self.carried_out_at: datetime | None = None

    @property
    def status(self) -> ArcoStatus:
        if self.carried_out_at is not None:
            return ArcoStatus.CARRIED_OUT
        if self.decision is not None:
            return ArcoStatus(str(self.decision))
        return ArcoStatus.EXTENDED if self.extension is not None else ArcoStatus.RECEIVED

    class Extended(StampedAggregate.Event):
        reason: ArcoExtensionReason

        def apply(self, aggregate: Any) -> None:
            aggregate.extension = self.reason
            aggregate.extended_at = self.timestamp

    class Answered(StampedAggregate.Event):
        decision: ArcoDecision
        ground: ArcoRefusalGround | None

        def apply(self, aggregate: Any) -> None:
            aggregate.decision = self.decision
            aggregate.ground = self.ground
            aggregate.answered_at = self.timestamp

    class CarriedOut(StampedAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.carried_out_at = self.timestamp

    def extend(self, reason: ArcoExtensionReason) -> None:
        """The one extension of the answer's term (art. 45); only before the answer."""
        if self.decision is not None or self.extension is not None:
            raise ArcoStepOutOfOrder(step="extend", status=str(self.status))
        self.trigger_event(self.Extended, reason=reason)

    def answer(self, decision: ArcoDecision, ground: ArcoRefusalGround | None) -> None:
        """Grant, or refuse on one of art. 49's grounds; once."""
        if self.decision is not None:
            raise ArcoStepOutOfOrder(step="answer", status=str(self.status))
        if decision == ArcoDecision.REFUSED and ground is None:
            raise ArcoGroundRequired(field="ground")
        if decision == ArcoDecision.GRANTED:
            if ground is not None:
                raise ArcoGroundRequired(field="ground")  # a grant has no ground to refuse
            if not self.identity_checked:
                # Art. 49 I: an unaccredited request can only be refused on that ground.
                raise ArcoIdentityNotChecked(field="decision")
        self.trigger_event(self.Answered, decision=decision, ground=ground)

    def carry_out(self) -> None:
        """A granted request made effective (art. 45); once."""
        if self.decision != ArcoDecision.GRANTED or self.carried_out_at is not None:
            raise ArcoStepOutOfOrder(step="carry_out", status=str(self.status))
        self.trigger_event(self.CarriedOut)
