"""The children's route: PPNNA's own detection is its notice, and a child's case closes only in
the hands of the child-protection system.

Sources: LGDNNA art. 12 (whoever learns that a child's rights are violated tells the competent
authority at once), art. 122 (PPNNA protects and restores the child's rights, with urgent
measures), art. 123 fr. I (PPNNA detects or receives the cases).
"""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import CaseHasOpenItems, ChildNotHandedOver, PpnnaNeverNotified
from domain.hub import Hub
from domain.review_rules import Rule
from tests.builders import DIF, PPNNA, SSC, open_child
from tests.fakes import ManualClock
from tests.unit.review_story import findings, of


def notified_and_completed(hub: Hub, case_id: UUID) -> None:
    """The police notify PPNNA, which takes the case and completes its part."""
    with hub.acting_as(SSC):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
        hub.complete_referral(case_id, notice.id)


def test_a_child_detected_by_ppnna_itself_leaves_no_notice_finding(
    hub: Hub, clock: ManualClock
) -> None:
    """LGDNNA arts. 12 and 123 fr. I: PPNNA's own detection is the notice; it cannot refer a
    case to itself, so no `child_not_notified_to_ppnna` finding, now or later."""
    case_id = open_child(hub, by=PPNNA)
    clock.advance(days=2)
    assert of(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, case_id)) == []


def test_a_child_detected_by_the_police_without_notice_still_raises_the_finding(
    hub: Hub, clock: ManualClock
) -> None:
    """LGDNNA art. 12 ("at once"; the hub's alarm is 1 h): any other detecting agency owes the
    notice, and the finding stays until it is given."""
    case_id = open_child(hub)
    clock.advance(hours=2)
    (finding,) = of(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, case_id))
    assert (finding.agency, finding.resolved_at) == ("ssc", None)


def test_a_childs_case_never_notified_to_ppnna_cannot_be_closed(hub: Hub) -> None:
    """LGDNNA art. 12: a child's case unknown to PPNNA has not been through the route; closing
    it is refused, and the error names what is missing."""
    case_id = open_child(hub, in_custody=False)
    with hub.acting_as(SSC), pytest.raises(PpnnaNeverNotified) as refused:
        hub.close_case(case_id, "not_trafficking")
    assert refused.value.field == "reason"
    assert not hub.get_case(case_id).is_closed


def test_the_police_still_holding_the_child_cannot_close_the_case(hub: Hub) -> None:
    """LGDNNA art. 122: the child is handed over to PPNNA or a children's shelter; the police
    (or the prosecutor, or migration) closing while they hold the child is refused."""
    case_id = open_child(hub)
    notified_and_completed(hub, case_id)
    with hub.acting_as(SSC), pytest.raises(ChildNotHandedOver) as refused:
        hub.close_case(case_id, "reintegrated")
    assert refused.value.params == {"agency": "ssc"}
    assert not hub.get_case(case_id).is_closed


def test_a_childs_case_closes_once_notified_and_handed_over_to_dif(
    hub: Hub, clock: ManualClock
) -> None:
    """LGDNNA arts. 12 and 122: notice given and the child in DIF's shelter, the route for this
    case may end."""
    case_id = open_child(hub)
    notified_and_completed(hub, case_id)
    with hub.acting_as(SSC):
        handoff = hub.initiate_handoff(case_id, "dif", legal_basis="child_protection")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    clock.advance(hours=1)
    with hub.acting_as(DIF):
        hub.close_case(case_id, "reintegrated")
    assert hub.get_case(case_id).is_closed


def test_a_child_detected_and_held_by_ppnna_closes_without_a_referral_to_itself(
    hub: Hub,
) -> None:
    """LGDNNA art. 123 fr. I: PPNNA detected the case, so it was notified, and it is the
    child-protection authority holding the child."""
    case_id = open_child(hub, by=PPNNA)
    with hub.acting_as(PPNNA):
        hub.close_case(case_id, "not_trafficking")
    assert hub.get_case(case_id).is_closed


def test_open_items_are_still_refused_first(hub: Hub, clock: ManualClock) -> None:
    """The existing closing rule (nothing left open) is kept: an open notice to PPNNA is an open
    referral, refused as before."""
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    clock.advance(minutes=5)
    with hub.acting_as(SSC), pytest.raises(CaseHasOpenItems):
        hub.close_case(case_id, "reintegrated")
