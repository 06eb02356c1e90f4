"""Adults are free to leave: a shelter is not detention, and leaving it is the person's decision.

Sources: OHCHR Recommended Principles and Guidelines on Human Rights and Human Trafficking
(principle 7: trafficked persons are not detained; guideline 6: shelter is never detention);
Ley General de Trata art. 3 fr. I (maximum protection of the victims' dignity and freedom).
"""

from __future__ import annotations

import pytest

from domain.errors import ChildNeedsCustodian
from domain.hub import Hub
from domain.review_rules import Rule
from tests.builders import DIF, SSC, open_child, referred_to_dif
from tests.fakes import ManualClock
from tests.unit.review_story import findings, of, the
from texts.timeline import timeline_lines


def test_an_adult_who_leaves_the_shelter_raises_no_custody_gap(
    hub: Hub, clock: ManualClock
) -> None:
    """OHCHR Recommended Principles, principle 7 and guideline 6; Ley General de Trata art. 3
    fr. I: an adult is never held in a shelter against their will, so leaving it is no gap."""
    case_id = referred_to_dif(hub)
    clock.advance(hours=2)
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "voluntary_departure")
    clock.advance(days=3)
    assert hub.get_case(case_id).custody.custodian is None
    assert of(Rule.CUSTODY_GAP, findings(hub, case_id)) == []


def test_an_adult_released_for_another_reason_still_leaves_a_custody_gap(
    hub: Hub, clock: ManualClock
) -> None:
    """Chain of custody (DESIGN.md review rules): only the person's own decision or the end of
    the path accounts for nobody holding them; any other release is still a gap."""
    case_id = referred_to_dif(hub)
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "other")
    assert the(Rule.CUSTODY_GAP, findings(hub, case_id)).agency == "dif"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("es", "La persona decidió dejar el cuidado de DIF"), ("en", "The person decided to leave")],
)
def test_the_timeline_says_the_departure_was_the_persons_decision(
    hub: Hub, lang: str, words: str
) -> None:
    """OHCHR Recommended Principles, principle 7: the record shows the departure as the
    person's decision, not as the shelter releasing or losing them."""
    case_id = referred_to_dif(hub)
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "voluntary_departure")
    last = timeline_lines(list(hub.timeline(case_id)), lang)[-1]
    assert words in last
    assert "Fin de la custodia" not in last


def test_a_child_cannot_be_recorded_as_leaving_of_their_own_decision(hub: Hub) -> None:
    """LGDNNA arts. 12 and 122: a child is always handed over to someone who protects them; a
    child who leaves is reported with whereabouts unknown, and that raises its finding."""
    case_id = open_child(hub)
    with hub.acting_as(SSC), pytest.raises(ChildNeedsCustodian):
        hub.release_custody(case_id, "voluntary_departure")
    with hub.acting_as(SSC):
        hub.report_whereabouts_unknown(case_id, hub.clock())
    assert of(Rule.WHEREABOUTS_UNKNOWN, findings(hub, case_id))
