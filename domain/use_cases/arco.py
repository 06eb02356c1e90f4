"""ARCO requests (LGPDPPSO arts. 37-50) and the retention schedule, for administrators.

The unit of transparency (``Role.ADMIN``) records a request about a case, its one extension, its
answer and its carrying out. Carrying out a cancellation erases the case's personal data in the
same save (reason ``arco_cancellation``); an access request is answered with what Ruta holds
about the person, read under the purpose ``arco_access`` and recorded as a disclosure. The
retention schedule is apart: cases closed longer than the deployment's period are listed for an
erasure recorded as ``retention_expired``, never as ARCO.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain import case_events
from domain.actor import Role
from domain.arco import (
    ArcoDecision,
    ArcoExtensionReason,
    ArcoKind,
    ArcoRefusalGround,
    ArcoRequest,
    ArcoRequester,
)
from domain.case import Case
from domain.detection import check_time
from domain.disclosure import Disclosure
from domain.errors import (
    ArcoRequestNotFound,
    ArcoStepOutOfOrder,
    ConcurrentUpdate,
    RetentionNotSet,
)
from domain.hub_base import Created
from domain.personal_data import PlainValue
from domain.stored_names import topics_of
from domain.use_cases.personal_data import PersonalDataUseCases
from domain.vocabulary import ErasureReason, Purpose, parse_code

PAGE = 200


@dataclass(frozen=True)
class AccessExport:
    """What Ruta holds about the person of a case, for an access request: the unsealed
    personal data (empty once erased) and the case's events, for the edge to put in words."""

    request_id: UUID
    case_id: UUID
    folio: str
    personal_data: dict[str, PlainValue]
    erased: bool
    events: list[Any]


@dataclass(frozen=True)
class RetentionDue:
    """A case closed longer than the retention period, whose personal data is still held."""

    case_id: UUID
    folio: str
    closed_at: datetime


class ArcoUseCases(PersonalDataUseCases):
    """ARCO requests from intake to carrying out, and the cases due for erasure."""

    def receive_arco_request(
        self,
        folio: str,
        kind: str,
        requester: str,
        identity_checked: bool,
        received_at: datetime,
    ) -> Created:
        self._require_role(Role.ADMIN)
        what = parse_code(ArcoKind, kind, field="kind")
        who = parse_code(ArcoRequester, requester, field="requester")
        case_id = self.find_folio(folio)
        case = self.get_case(case_id)
        check_time(received_at, field="received_at", now=self.clock(), not_before=None)
        request = ArcoRequest(
            kind=what,
            case_id=case_id,
            folio=case.folio,
            requester=who,
            identity_checked=bool(identity_checked),
            received_at=received_at,
        )
        return Created(request.id, self._save_request(request))

    def extend_arco_request(self, request_id: UUID, reason: str) -> int:
        self._require_role(Role.ADMIN)
        why = parse_code(ArcoExtensionReason, reason, field="reason")
        request = self.arco_request(request_id)
        request.extend(why)
        return self._save_request(request)

    def answer_arco_request(self, request_id: UUID, decision: str, ground: str | None) -> int:
        self._require_role(Role.ADMIN)
        answer = parse_code(ArcoDecision, decision, field="decision")
        because = parse_code(ArcoRefusalGround, ground, field="ground") if ground else None
        request = self.arco_request(request_id)
        request.answer(answer, because)
        return self._save_request(request)

    def carry_out_arco_request(self, request_id: UUID) -> int:
        """Carry out a granted request; a cancellation erases the case's personal data, in the
        same save, and destroys its key after (as ``erase_personal_data`` does)."""
        self._require_role(Role.ADMIN)
        request = self.arco_request(request_id)
        request.carry_out()
        if request.kind != ArcoKind.CANCELLATION:
            return self._save_request(request)
        case = self.get_case(request.case_id)
        if not case.personal_data_erased:
            case.erase_personal_data(ErasureReason.ARCO_CANCELLATION)
        position = self._save_request(request, case)
        self.sealer.destroy_key(request.case_id)
        return position

    def arco_request(self, request_id: UUID) -> ArcoRequest:
        try:
            request: object = self.repository.get(request_id)
        except AggregateNotFoundError:
            raise ArcoRequestNotFound(request_id=str(request_id)) from None
        if not isinstance(request, ArcoRequest):
            raise ArcoRequestNotFound(request_id=str(request_id))
        return request

    def arco_requests(self) -> list[ArcoRequest]:
        """Every request, oldest first (a few a year: read from their streams)."""
        self._require_role(Role.ADMIN)
        ids = [n.originator_id for n in self._arco_notifications(ArcoRequest.Received)]
        return [self.arco_request(request_id) for request_id in ids]

    def arco_access_export(self, request_id: UUID) -> AccessExport:
        """What Ruta holds about the person, for a granted access request; the reading is
        recorded first as a disclosure for ``arco_access`` (the person's own right, art. 38)."""
        self._require_role(Role.ADMIN)
        request = self.arco_request(request_id)
        if request.kind != ArcoKind.ACCESS or request.decision != ArcoDecision.GRANTED:
            raise ArcoStepOutOfOrder(step="export", status=str(request.status))
        case = self.get_case(request.case_id)
        data: dict[str, PlainValue] = {}
        if not case.personal_data_erased:
            labels = [f"personal_data.{name}" for name in case.personal_data]
            self.save(Disclosure(case_id=case.id, purpose=Purpose.ARCO_ACCESS, labels=labels))
            data = self.personal_data(case.id)
        return AccessExport(
            request.id,
            case.id,
            case.folio,
            data,
            case.personal_data_erased,
            self.timeline(case.id),
        )

    def retention_due(self, years: int | None, now: datetime) -> list[RetentionDue]:
        """Cases closed more than ``years`` before ``now`` whose data is not erased yet.

        The period is the deployment's (``RUTA_RETENTION_YEARS``): neither the LGPDPPSO
        (arts. 17-18: kept no longer than needed for the purposes, then suppressed) nor the Ley
        General de Archivos sets a number of years for these files, so there is no default.
        """
        self._require_role(Role.ADMIN)
        if years is None or years < 1:
            raise RetentionNotSet(field="RUTA_RETENTION_YEARS")
        limit = now.replace(year=now.year - years, day=28 if _leap_day(now) else now.day)
        last_closed: dict[UUID, datetime] = {}  # a case reopened and closed again: its last
        for notification in self._arco_notifications(case_events.CaseClosed):
            closed: Any = self.mapper.to_domain_event(notification)
            last_closed[notification.originator_id] = closed.timestamp
        due = []
        for case_id, closed_at in last_closed.items():
            case = self.get_case(case_id)
            if case.is_closed and not case.personal_data_erased and closed_at <= limit:
                due.append(RetentionDue(case_id, case.folio, closed_at))
        return sorted(due, key=lambda d: d.closed_at)

    def _save_request(self, request: ArcoRequest, *others: Case) -> int:
        record = self._command_record({"request_id": str(request.id)})
        try:
            recordings = self.save(request, *others, record)
        except IntegrityError:
            raise ConcurrentUpdate() from None
        return int(recordings[-1].notification.id)

    def _arco_notifications(self, event_class: type) -> list[Any]:
        found: list[Any] = []
        after = 0
        while True:
            page = self.recorder.select_notifications(
                start=after, limit=PAGE, topics=topics_of(event_class), inclusive_of_start=False
            )
            found.extend(page)
            if len(page) < PAGE:
                return found
            after = page[-1].id


def _leap_day(at: datetime) -> bool:
    return at.month == 2 and at.day == 29
