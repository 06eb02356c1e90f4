"""A child's route kept by PPNNA, and an adult's request to return: every event of issue 14's
children's route and return gate recorded once at least (all people invented)."""

from __future__ import annotations

from uuid import UUID

from domain.hub import Hub
from tests.builders import PPNNA, SEDETUR, SSC, open_adult, open_child
from tests.fakes import ManualClock


def notified_child(hub: Hub) -> UUID:
    """Scenario 2's boy, notified by the police to PPNNA, which accepted and represents him."""
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
    return case_id


def drive_children_events(hub: Hub, clock: ManualClock) -> list[object]:
    """The events of a child's route and of an adult's request to return, in order."""
    child = notified_child(hub)
    with hub.acting_as(PPNNA):
        urgent = hub.start_measure(child, "urgent_protection_measure", "ppnna")
        hub.notify_urgent_measure(child, urgent.id, "prosecutor")
        hub.notify_urgent_measure(child, urgent.id, "judge")
        hub.record_child_heard(child, interpreter=True)
        hub.draw_up_restitution_plan(child)
        clock.advance(days=3)
        hub.update_restitution_plan(child)
        hub.determine_best_interest(child, "family_reunification_in_mexico")
        hub.conclude_restitution_plan(child)
    adult = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_return_request(adult)
    return [*hub.timeline(child), *hub.timeline(adult)]
