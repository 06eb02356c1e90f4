"""The demo follows the route (docs/route.md): it shows the findings its scenarios are for and
no others, shelters adults where adults are sheltered, takes interpreters from the register of
their language, and erases scenario 5's data on her ARCO request, within its terms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from demo.runner import ScriptClock, play
from demo.scenarios import SCENARIOS
from domain.actor import Actor, Role
from domain.agencies import AgencyKind
from domain.hub import Hub
from domain.review_rules import DEFAULT_LIMITS, has_begun, review_findings
from domain.review_rules_arco import arco_deadlines, arco_findings
from tests.fakes import FakeSealer

LOADED = datetime(2026, 11, 20, 8, tzinfo=UTC)
ADMIN = Actor("segob", "demo-segob-admin", frozenset({Role.ADMIN}))
# What each scenario is there to show (DESIGN.md, Scenarios): a teenager missing (6), a girl
# held by migration with PPNNA told nine hours late (7). Everything else follows the route.
INTENDED = {
    ("6-paradero-desconocido", "whereabouts_unknown"),
    ("7-estacion-migratoria", "child_in_detention"),
    ("7-estacion-migratoria", "child_not_notified_to_ppnna"),
}


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Hub, list[tuple[str, UUID]]]]:
    clock = ScriptClock(LOADED)
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=clock)
    cases = play(hub, clock, SCENARIOS)
    yield hub, cases
    hub.close()


def events(hub: Hub, case_id: UUID, kind: str) -> list[Any]:
    return [e for e in hub.timeline(case_id) if type(e).__name__ == kind]


def test_the_demo_shows_the_findings_its_scenarios_are_for_and_no_others(
    demo: tuple[Hub, list[tuple[str, UUID]]],
) -> None:
    """A scenario that shows a violation keeps its finding (LGDNNA art. 12: PPNNA told at once;
    Ley de Migración: no child in a migration station); the others follow the route: the notice
    to the prosecutor (CNPP art. 222), urgent care offered (NOM-046-SSA2-2005, 6.4.2),
    referrals answered, an interpreter before the child is told anything."""
    hub, cases = demo
    for later in (LOADED, LOADED.replace(day=23)):  # when loaded, and three days on
        found = {
            (scenario, finding.rule)
            for scenario, case_id in cases
            for finding in review_findings(case_id, hub.timeline(case_id))
            if has_begun(finding, later)
        }
        assert found == INTENDED


def test_no_adult_is_sheltered_or_referred_for_shelter_to_a_dif(
    demo: tuple[Hub, list[tuple[str, UUID]]],
) -> None:
    """DIF's centres are social-assistance centres for children (LGDNNA arts. 107 ff.); adult
    women go to IQM's shelter or a civil-society refuge (docs/route.md, Quién es quién)."""
    hub, cases = demo
    adults = 0
    for _, case_id in cases:
        case = hub.get_case(case_id)
        if case.is_child:
            continue
        adults += 1
        shelters = [
            r.to_agency for r in events(hub, case_id, "ReferralIssued") if r.service == "shelter"
        ] + [m.provider for m in events(hub, case_id, "ProtectionMeasureStarted")]
        kinds = {hub.catalogue.get(code).kind for code in shelters}
        assert AgencyKind.FAMILY_WELFARE not in kinds, case.folio
    assert adults == 15


def test_a_mam_speaker_is_interpreted_by_inali_never_by_inmaya(
    demo: tuple[Hub, list[tuple[str, UUID]]],
) -> None:
    """INMAYA interprets Yucatec Maya only; INALI keeps the national register of interpreters
    of indigenous languages (PANITLI; Ley General de Derechos Lingüísticos, art. 14)."""
    hub, cases = demo
    interpreted = 0
    for _, case_id in cases:
        for referral in events(hub, case_id, "ReferralIssued"):
            if referral.service == "interpretation":
                interpreted += 1
                assert referral.to_agency == "inali"
    assert interpreted == 1


def test_scenario_5s_data_is_erased_on_her_arco_request_carried_out_within_its_terms(
    demo: tuple[Hub, list[tuple[str, UUID]]],
) -> None:
    """LGPDPPSO art. 45: answered within 20 business days of receipt, carried out within 15 of
    the answer; the erasure is her cancellation, not a retention period."""
    hub, cases = demo
    case_id = dict(cases)["5-consentimiento-retirado"]
    (erased,) = events(hub, case_id, "PersonalDataErased")
    assert erased.reason == "arco_cancellation"
    with hub.acting_as(ADMIN):
        (request,) = hub.arco_requests()
    assert (request.kind, request.case_id, request.status) == (
        "cancellation",
        case_id,
        "carried_out",
    )
    assert request.requester == "holder"
    assert request.identity_checked
    due = arco_deadlines(request, DEFAULT_LIMITS)
    assert request.answered_at is not None
    assert request.answered_at <= due.answer_due
    assert due.carry_out_due is not None
    assert request.carried_out_at is not None
    assert request.carried_out_at <= due.carry_out_due
    assert erased.timestamp == request.carried_out_at
    assert arco_findings(request, DEFAULT_LIMITS) == []
