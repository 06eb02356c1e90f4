"""The plumbing under the hub's use cases: store, catalogue, sealer, clock, folios, saving.

``domain/hub.py`` lists the use cases, ``domain/use_cases/`` holds them by concern; this module
holds what they share, and the values their signatures take and return.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoder

from domain import actor
from domain.accounts import Credential
from domain.actor import (
    Actor,
    Clock,
    IdempotencyKey,
    Role,
    TraceContext,
    no_trace,
    system_clock,
)
from domain.agencies import Agency, AgencyCatalogue, Participation, load_catalogue
from domain.case import Case
from domain.case_repository import SNAPSHOT_INTERVAL, CaseRepository
from domain.errors import ConcurrentUpdate, OversightOnly, RoleRequired, StatisticsOnly
from domain.folio import Folio, FolioNumbers
from domain.idempotency import CommandRecord
from domain.passwords import PasswordHasher
from domain.personal_data import (
    PersonalField,
    PlainValue,
    SealedValue,
    Sealer,
    check_free_text,
)
from domain.review_rules_finding import ReviewLimits
from domain.sign_in_guard import Fingerprints
from domain.transcodings import FormerCodes, register_domain_transcodings
from domain.vocabulary import RiskLevel, Urgency


@dataclass(frozen=True)
class Deadlines:
    """When a referral is due; the review rules' limits (configuration, with these defaults)."""

    referral: timedelta = timedelta(hours=24)
    urgent_referral: timedelta = timedelta(hours=1)

    def referral_due(
        self, issued_at: datetime, urgency: Urgency, risk: RiskLevel | None
    ) -> datetime:
        urgent = urgency == Urgency.URGENT or risk == RiskLevel.HIGH
        return issued_at + (self.urgent_referral if urgent else self.referral)


@dataclass(frozen=True)
class DetectionReport:
    """A detection as reported, before it is checked; personal data is sealed on arrival."""

    detected_at: datetime
    municipality: str
    indicators: list[str]
    exploitation_forms: list[str]
    age_group: str
    sex: str
    nationality: str
    estimated_age: int | None = None
    languages: list[str] = field(default_factory=list)
    needs_interpreter: bool = False
    in_custody: bool = False
    operation: str | None = None
    personal_data: Mapping[str, object] = field(default_factory=dict)
    economic_sector: str = "unknown"
    trafficking_scope: str = "unknown"


@dataclass(frozen=True)
class Opened:
    """A case opened: its id, its folio, and the log position of its opening."""

    case_id: UUID
    folio: str
    position: int


@dataclass(frozen=True)
class Created:
    """A part created inside a case (a referral, a handoff, a measure, an observation)."""

    id: UUID
    position: int


class HubBase(Application[UUID]):
    """An ``eventsourcing`` application over the case streams, without its use cases."""

    # A credential gains an event an hour while its token is in use: snapshotted like a case.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Case: SNAPSHOT_INTERVAL,
        Credential: SNAPSHOT_INTERVAL,
    }

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        catalogue: AgencyCatalogue | None = None,
        sealer: Sealer | None = None,
        clock: Clock = system_clock,
        deadlines: Deadlines = Deadlines(),
        limits: ReviewLimits | None = None,
        trace: TraceContext = no_trace,
        passwords: PasswordHasher | None = None,
        fingerprints: Fingerprints | None = None,
    ) -> None:
        # Before the application: its transcoder reads former agency codes as the codes of now.
        self.catalogue = catalogue or load_catalogue()
        super().__init__(env)
        self._passwords = passwords  # people's sign-in (use_cases/sign_in.py)
        self._fingerprints = fingerprints
        self._sealer = sealer
        self.clock = clock
        self.deadlines = deadlines
        # The deployment's review limits, for what shows a rule's deadline (pages, queries).
        self.limits = ReviewLimits() if limits is None else limits
        self._trace = trace  # the trace context each new event records
        self._folios = FolioNumbers(self._folio_exists)

    def construct_repository(self) -> CaseRepository:
        return CaseRepository(event_store=self.events, snapshot_store=self.snapshots)

    def construct_transcoder(self) -> Transcoder:
        transcoder = FormerCodes(self.catalogue.renamed)
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    @contextmanager
    def acting_as(self, who: Actor, idempotency: IdempotencyKey | None = None) -> Iterator[Actor]:
        """Run the commands of this block as ``who``, dated by the hub's clock.

        With an idempotency key, each command saves a record of itself in its own transaction;
        run one command per key.
        """
        agency = self.catalogue.agencies.get(who.agency)
        with actor.acting_as(who, self.clock, idempotency, self._trace, agency):
            yield who

    @property
    def sealer(self) -> Sealer:
        if self._sealer is None:
            raise RuntimeError("this hub was built without a sealer: it cannot seal or unseal")
        return self._sealer

    def _party(self) -> Agency:
        """The acting agency, refused unless it takes part in cases."""
        agency = self.catalogue.get(actor.current().actor.agency)
        if agency.participation == Participation.OVERSIGHT:
            raise OversightOnly(agency=agency.code)
        if agency.participation == Participation.STATISTICS:
            raise StatisticsOnly(agency=agency.code)
        return agency

    def _require_role(self, role: Role) -> None:
        if not actor.current().actor.has(role):
            raise RoleRequired(role=str(role))

    def _save(self, case: Case, **outcome: str) -> int:
        """Save the case and, for a keyed command, its record; the log position of the last."""
        try:
            recordings = self.save(case, self._command_record(outcome))
        except IntegrityError:
            raise ConcurrentUpdate() from None
        return int(recordings[-1].notification.id) if recordings else self._current_position()

    def _command_record(self, outcome: dict[str, str]) -> CommandRecord | None:
        acting = actor.current()
        if acting.idempotency is None:
            return None
        return CommandRecord(
            key=acting.idempotency.key,
            fingerprint=acting.idempotency.fingerprint,
            outcome=outcome,
            after=self._current_position(),
        )

    def _current_position(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    def _exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def _folio_exists(self, folio: str) -> bool:
        return self._exists(Folio.create_id(folio))

    def _seal_personal_data(
        self, case_id: UUID, data: Mapping[PersonalField, PlainValue], *, new_case: bool = False
    ) -> dict[str, SealedValue]:
        labelled = {f"personal_data.{name}": value for name, value in data.items()}
        sealed = self.sealer.seal_many(case_id, labelled, new_case=new_case)
        return {label.removeprefix("personal_data."): value for label, value in sealed.items()}

    def _seal_text(self, case_id: UUID, label: str, text: str | None) -> SealedValue | None:
        """Seal a free text (a note, a place): it may name people or places."""
        checked = check_free_text(text, field=label.split(".")[-1])
        return None if checked is None else self.sealer.seal(case_id, label, checked)
