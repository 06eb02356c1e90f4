"""The caseload: the cases each agency is involved in, how, and what it owes by when.

Every event of the log is tracked, case events or not, so that a caller can wait for any
position it was given (``runner.wait`` would time out on a position filtered out by topics).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.agencies import AgencyCatalogue, load_catalogue
from domain.case import Case
from domain.case_state import CaseBase
from projections.case_snapshots import CaseSnapshots, StoredCase
from projections.caseload_rows import (
    HANDOFF_LIMIT,
    CaseloadEntry,
    CaseloadQuery,
    Status,
    caseload_entries,
)


class CaseloadView(TrackingRecorder, ABC):
    """Each case's state and its caseload rows, written with their tracking record."""

    @abstractmethod
    def stored_case(self, case_id: UUID) -> StoredCase | None:
        """The case's state after the last of its events this view has processed."""

    @abstractmethod
    def replace_case(
        self, case: StoredCase, entries: list[CaseloadEntry], tracking: Tracking
    ) -> None:
        """Store the case's new state and replace all its rows with ``entries``.

        One transaction with the tracking record: a position already tracked raises
        ``IntegrityError`` and changes nothing, so each event is applied exactly once.
        """

    @abstractmethod
    def entry(self, agency: str, case_id: UUID) -> CaseloadEntry | None:
        """The agency's row for the case, if the case is in its caseload."""

    def caseload(
        self,
        agency: str,
        *,
        status: Status | None = None,
        relation: str | None = None,
        overdue_at: datetime | None = None,
        after: str | None = None,
        limit: int = 100,
    ) -> list[CaseloadEntry]:
        """A page of the agency's caseload, newest folio first; ``after`` is an entry's cursor.

        ``overdue_at`` keeps the rows whose next deadline is before that time.
        """
        query = CaseloadQuery(agency, status, relation, overdue_at, after, limit)
        return self._select(query)

    @abstractmethod
    def _select(self, query: CaseloadQuery) -> list[CaseloadEntry]:
        """The rows that match ``query``, in its order, at most ``query.limit``."""

    def close(self) -> None:
        """Release the view's connections (the runner closes its application, not its view)."""


CACHED_CASES = 2000


class CaseloadProjection(Projection[CaseloadView]):
    """Follows the hub's log and keeps each agency's caseload."""

    name = "Caseload"  # the CASELOAD_ settings, and the caseload_ tables on PostgreSQL
    topics = ()  # every event, so that waiting for any position works
    default_catalogue: ClassVar[AgencyCatalogue | None] = None
    default_handoff_limit: ClassVar[timedelta] = HANDOFF_LIMIT

    def __init__(
        self,
        view: CaseloadView,
        *,
        catalogue: AgencyCatalogue | None = None,
        handoff_limit: timedelta | None = None,
    ) -> None:
        super().__init__(view)
        self.catalogue = catalogue or self.default_catalogue or load_catalogue()
        self.handoff_limit = self.default_handoff_limit if handoff_limit is None else handoff_limit
        self._snapshots = CaseSnapshots()
        self._cases: OrderedDict[UUID, Case] = OrderedDict()

    @classmethod
    def configured(
        cls,
        *,
        catalogue: AgencyCatalogue | None = None,
        handoff_limit: timedelta = HANDOFF_LIMIT,
    ) -> type[CaseloadProjection]:
        """This projection with other defaults, for ``ProjectionRunner``, which passes only
        the view to the projection it constructs."""
        attributes: dict[str, Any] = {
            "name": cls.name,
            "default_catalogue": catalogue,
            "default_handoff_limit": handoff_limit,
        }
        return cast(type[CaseloadProjection], type(cls.__name__, (cls,), attributes))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates (folios, accounts, records): tracked, nothing else."""
        self.view.insert_tracking(tracking)

    # One runner per view. Reading the case and writing it are two transactions, but the
    # tracking record only moves forward, so a second runner would fail on it (or on the case's
    # version in ``mutate``) rather than write a state computed from a stale one.
    @process_event.register
    def _(self, domain_event: CaseBase.Event, tracking: Tracking) -> None:
        # CaseBase.Event, not Case.Event: each part of the case (CaseReferrals, CaseCustody...)
        # declares its own event classes, and those are the classes stored and decoded.
        case_id = domain_event.originator_id
        before = self._cases.pop(case_id, None) or self._stored(case_id)
        if before is not None and before.version >= domain_event.originator_version:
            # Already in the stored state (delivered again): only track it, which refuses a
            # position already tracked, so the event is never applied twice.
            self._remember(before)
            self.view.insert_tracking(tracking)
            return
        # The domain's own logic moves the case on; it refuses an event out of order.
        case = domain_event.mutate(before)
        if not isinstance(case, Case):
            raise TypeError(f"event {tracking.notification_id} did not produce a case")
        entries = caseload_entries(
            case,
            catalogue=self.catalogue,
            position=tracking.notification_id,
            at=domain_event.timestamp,
            handoff_limit=self.handoff_limit,
        )
        state = self._snapshots.take(case, domain_event.timestamp)
        self.view.replace_case(state, entries, tracking)
        # Kept only once written: a failed write leaves the cache without the case, and the
        # next event reads the stored state again.
        self._remember(case)

    def _stored(self, case_id: UUID) -> Case | None:
        stored = self.view.stored_case(case_id)
        return None if stored is None else self._snapshots.restore(stored)

    def _remember(self, case: Case) -> None:
        """Recent cases stay decoded in memory: this runner is the view's only writer."""
        self._cases[case.id] = case
        if len(self._cases) > CACHED_CASES:
            self._cases.popitem(last=False)
