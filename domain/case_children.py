"""The children's route kept by PPNNA, the child's legal representative (LGDNNA).

- The restitution-of-rights plan (LGDNNA art. 123: diagnosis, plan, follow-up until every right
  is restored): drawn up, updated, concluded. Its content stays in PPNNA's own file; the hub
  records that it exists and when, which is what the other agencies and the commission need.
- The determination of the child's best interest (LGDNNA arts. 2 and 97), with its outcome; a
  child's return waits for one that says return (``domain/return_gate.py``).
- The notices of an urgent protection measure to the Ministerio Público and the judge (LGDNNA
  art. 122 fr. VII: "dando aviso de inmediato"), one event each; a measure left without them
  raises ``urgent_measure_not_notified`` (``domain/review_rules_children.py``).
- The child's right to be heard (LGDNNA arts. 71 and 72): only that and when, and whether an
  interpreter was present, never what the child said.
- An adult's own request to return, which lets a return be arranged within the recovery and
  reflection period (``domain/return_gate.py``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain import actor
from domain.case_roles import Write, require_involved, require_writer
from domain.case_state import CaseBase
from domain.consent import PPNNA
from domain.detection import check_time
from domain.errors import (
    AdultsOnly,
    ChildrenOnly,
    NoRestitutionPlan,
    NotAnUrgentMeasure,
    NotTheChildProtectionAuthority,
    RestitutionPlanInForce,
)
from domain.route_vocabulary import BestInterestOutcome, NoticeRecipient
from domain.vocabulary import MeasureKind


class CaseChildren(CaseBase):
    """What PPNNA records of a child's protection, and an adult's request to return."""

    # The restitution-of-rights plan (LGDNNA art. 123)

    def draw_up_restitution_plan(self) -> None:
        self._require_child_protection_authority()
        if self.restitution_plan_in_force:
            raise RestitutionPlanInForce()
        self._restitution_plan_drawn_up()

    @event("RestitutionPlanDrawnUp")
    def _restitution_plan_drawn_up(self) -> None:
        self.restitution_plan_in_force = True

    def update_restitution_plan(self) -> None:
        self._require_plan_in_force()
        self._restitution_plan_updated()

    @event("RestitutionPlanUpdated")
    def _restitution_plan_updated(self) -> None:
        pass  # a follow-up of the plan (art. 123 fr. VI): the event is the record

    def conclude_restitution_plan(self) -> None:
        self._require_plan_in_force()
        self._restitution_plan_concluded()

    @event("RestitutionPlanConcluded")
    def _restitution_plan_concluded(self) -> None:
        self.restitution_plan_in_force = False

    # The best interest, the notices of urgent measures, the child heard

    def determine_best_interest(self, outcome: BestInterestOutcome) -> None:
        self._require_child_protection_authority()
        self._best_interest_determined(outcome=outcome)

    @event("BestInterestDetermined")
    def _best_interest_determined(self, outcome: BestInterestOutcome) -> None:
        self.best_interest = str(outcome)

    def notify_urgent_measure(
        self, measure_id: UUID, recipient: NoticeRecipient, notified_at: datetime
    ) -> None:
        measure = self.measure(measure_id)
        # The time is checked first, as every field of the request (a caller who may not know
        # the case learns only that it was not found: the API's command runner).
        check_time(
            notified_at,
            field="notified_at",
            now=actor.current().now(),
            not_before=measure.started_at,
        )
        self._require_child_protection_authority()
        if measure.kind != MeasureKind.URGENT_PROTECTION_MEASURE:
            raise NotAnUrgentMeasure(field="measure_id", measure_id=str(measure_id))
        self._urgent_measure_notified(
            measure_id=measure_id, recipient=recipient, notified_at=notified_at
        )

    @event("UrgentMeasureNotified")
    def _urgent_measure_notified(
        self, measure_id: UUID, recipient: NoticeRecipient, notified_at: datetime
    ) -> None:
        pass  # the review rules follow the notices; the case keeps no state of them

    def record_child_heard(self, heard_at: datetime, interpreter: bool) -> None:
        check_time(
            heard_at,
            field="heard_at",
            now=actor.current().now(),
            not_before=self.detection.detected_at,
        )
        require_writer(self, Write.HEAR_CHILD, field="heard_at")
        if not self.is_child:
            raise ChildrenOnly(field="heard_at")
        self._child_heard(heard_at=heard_at, interpreter=interpreter)

    @event("ChildHeard")
    def _child_heard(self, heard_at: datetime, interpreter: bool) -> None:
        pass  # only that the child was heard, and when: never what the child said

    # An adult's request to return

    def record_return_request(self) -> None:
        require_writer(self, Write.RETURN_REQUEST)
        if self.is_child:
            raise AdultsOnly()
        self._return_requested_by_person()

    @event("ReturnRequestedByPerson")
    def _return_requested_by_person(self) -> None:
        self.return_requested = True

    # Guards

    def _require_child_protection_authority(self) -> None:
        """Open case, PPNNA acting, in a child's case PPNNA takes part in."""
        agency = require_involved(self)
        if not self.is_child:
            raise ChildrenOnly()
        if agency != PPNNA or not self.represents_child(agency):
            raise NotTheChildProtectionAuthority()

    def _require_plan_in_force(self) -> None:
        self._require_child_protection_authority()
        if not self.restitution_plan_in_force:
            raise NoRestitutionPlan()
