"""A measure for another provider rests on consent or a stated legal basis, as a referral does;
recording one never raises the recorder's own access."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.access import CaseAccess, Level
from domain.actor import Actor
from domain.case_state import Relation
from domain.errors import ConsentNotCovering
from domain.hub import Hub
from tests.builders import OIM, SEDETUR, STYPS, open_adult
from tests.unit.review_story import findings, the


def level(hub: Hub, case_id: UUID, agency: str) -> Level:
    who = Actor(agency, f"{agency}-01")
    return CaseAccess(who, hub.catalogue.get(agency), hub.get_case(case_id)).level


def types(hub: Hub, case_id: UUID) -> list[str]:
    return [type(e).__name__ for e in hub.timeline(case_id)]


def test_a_measure_for_another_provider_needs_consent_for_its_service(hub: Hub) -> None:
    case_id = open_adult(hub)  # SEDETUR holds her and leads the case
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["sesa"], ["psychological"])  # not for medical care
        with pytest.raises(ConsentNotCovering) as refused:
            hub.start_measure(case_id, "medical_care", "sesa")
    assert refused.value.field == "legal_basis"
    assert refused.value.params == {"agency": "sesa", "purpose": "medical"}
    assert "ProtectionMeasureStarted" not in types(hub, case_id)
    assert "sesa" not in hub.get_case(case_id).involved_agencies()


def test_consent_for_the_measures_service_covers_its_provider(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["sesa"], ["medical"])
        hub.start_measure(case_id, "medical_care", "sesa")
    assert types(hub, case_id)[-1] == "ProtectionMeasureStarted"
    assert "ConsentOverridden" not in types(hub, case_id)


def test_a_stated_legal_basis_is_recorded_as_an_override_just_before_the_measure(
    hub: Hub,
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        measure = hub.start_measure(case_id, "medical_care", "sesa", legal_basis="imminent_risk")
    *_, override, started = hub.timeline(case_id)
    assert type(override).__name__ == "ConsentOverridden"
    assert (override.to_agency, override.purpose, override.legal_basis) == (  # type: ignore[attr-defined]
        "sesa",
        "medical",
        "imminent_risk",
    )
    assert type(started).__name__ == "ProtectionMeasureStarted"
    assert not hasattr(started, "legal_basis")  # the stored format of the measure is unchanged
    finding = the("consent_overridden", findings(hub, case_id))
    assert (finding.agency, finding.subject_id) == ("sedetur", measure.id)


def test_a_measure_the_agency_provides_itself_needs_no_consent(hub: Hub) -> None:
    case_id = open_adult(hub, by=STYPS)  # labour inspectors hold him; they offer legal advice
    with hub.acting_as(STYPS):
        hub.start_measure(case_id, "legal_assistance", "styps")
    assert "ConsentOverridden" not in types(hub, case_id)


def test_recording_a_measure_never_raises_the_recorders_level(hub: Hub) -> None:
    """Tourism inspectors who never held her see a receipt, before and after they record
    the shelter DIF gives her."""
    case_id = open_adult(hub, in_custody=False)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    assert level(hub, case_id, "sedetur") == Level.RECEIPT
    with hub.acting_as(SEDETUR):
        hub.start_measure(case_id, "shelter", "dif")
    assert level(hub, case_id, "sedetur") == Level.RECEIPT
    assert Relation.PROVIDER not in hub.get_case(case_id).relations("sedetur")
    assert Relation.PROVIDER in hub.get_case(case_id).relations("dif")


def test_iom_named_as_provider_without_consent_never_learns_of_the_case(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):  # the consulate may be told (Reglamento de la LRPCAP, art. 22)
        hub.screen_for_protection(case_id, "declined", consular_notice="accepted")
    with hub.acting_as(SEDETUR), pytest.raises(ConsentNotCovering):
        hub.start_measure(case_id, "consular_notification", "oim")
    assert level(hub, case_id, "oim") == Level.NONE
    assert "oim" not in hub.get_case(case_id).involved_agencies()
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["oim"], ["migration"])
        hub.start_measure(case_id, "consular_notification", "oim")
    assert level(hub, case_id, OIM.agency) == Level.METADATA
