"""Measures, observations, age, personal data and closing: the rest of a case's life."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.actor import Actor, Role
from domain.errors import (
    CaseClosed,
    CaseHasOpenItems,
    CaseNotClosed,
    DataAlreadyErased,
    MeasureNotActive,
    NotInvolved,
    NotTheAgencyConcerned,
    NotTheCommission,
    NotTheProvider,
    ObservationAlreadyAnswered,
    OversightOnly,
    PersonalDataUnavailable,
    RoleRequired,
    ServiceNotOffered,
    TimeInFuture,
)
from domain.hub import Hub
from tests.builders import ADMIN, COMMISSION, DIF, SEDETUR, SSC, open_adult, open_child
from tests.fakes import FakeSealer


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "sesa"], ["shelter", "medical"])
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
    return case_id


def test_a_measure_is_provided_by_an_agency_that_offers_it(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(ServiceNotOffered):  # it leads the case
        hub.start_measure(case_id, "shelter", "sesa")
    with hub.acting_as(DIF):
        measure = hub.start_measure(case_id, "shelter", "dif", location="CAT, Chetumal")
    recorded = hub.get_case(case_id).measure(measure.id)
    assert (recorded.kind, recorded.provider, recorded.is_active) == ("shelter", "dif", True)


def test_a_measure_ends_once_and_not_before_it_started(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(DIF):
        measure = hub.start_measure(case_id, "shelter", "dif")
    with hub.acting_as(SEDETUR), pytest.raises(NotTheProvider):
        hub.end_measure(case_id, measure.id, "completed")
    with hub.acting_as(DIF):
        with pytest.raises(TimeInFuture):
            hub.end_measure(case_id, measure.id, ended_at=hub.clock() + timedelta(days=2))
        hub.end_measure(case_id, measure.id, "completed")
        with pytest.raises(MeasureNotActive):
            hub.end_measure(case_id, measure.id, "completed")


def test_a_child_in_migration_detention_is_recorded_as_it_happened(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):  # INM holds him under no consent: the police state the basis
        measure = hub.start_measure(
            case_id, "migration_detention", "inm", legal_basis="legal_obligation"
        )
    assert hub.get_case(case_id).measure(measure.id).kind == "migration_detention"
    assert "inm" in hub.get_case(case_id).involved_agencies()


def test_an_age_assessment_ends_the_presumption_of_minority(hub: Hub) -> None:
    case_id = open_adult(hub, age_group="unknown", estimated_age=None)
    assert hub.get_case(case_id).is_child
    with hub.acting_as(SEDETUR):
        hub.assess_age(case_id, "adult", 21, "document")
    assert not hub.get_case(case_id).is_child


def test_the_commission_observes_but_never_changes_a_case(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(COMMISSION):
        for command in (
            lambda: hub.issue_referral(case_id, "sesa", "medical"),
            lambda: hub.assess_risk(case_id, "high"),
            lambda: hub.record_consent(case_id, ["sesa"], ["medical"]),
            lambda: hub.close_case(case_id, "other"),
            lambda: hub.initiate_handoff(case_id, "dif"),
        ):
            with pytest.raises(OversightOnly):
                command()
        observation = hub.issue_observation(
            case_id, "dif", "La canalización se atendió tarde.", kind="recommendation"
        )
    assert hub.get_case(case_id).observation(observation.id).concerning == "dif"


def test_only_the_commission_issues_observations(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(DIF), pytest.raises(RoleRequired):
        hub.issue_observation(case_id, "sedetur", "Observación indebida")
    dif_with_the_role = Actor("dif", "dif-09", frozenset({Role.COMMISSION}))
    with hub.acting_as(dif_with_the_role), pytest.raises(NotTheCommission):
        hub.issue_observation(case_id, "sedetur", "Observación indebida")


def test_an_observation_concerns_an_agency_involved_in_the_case(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(COMMISSION), pytest.raises(NotInvolved):
        hub.issue_observation(case_id, "styps", "No tiene relación con el caso")


def test_only_the_agency_concerned_answers_an_observation_once(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(COMMISSION):
        observation = hub.issue_observation(case_id, "dif", "Explique el retraso.")
    with hub.acting_as(SEDETUR), pytest.raises(NotTheAgencyConcerned):
        hub.answer_observation(case_id, observation.id, "No nos corresponde")
    with hub.acting_as(DIF):
        hub.answer_observation(case_id, observation.id, "Se atendió al día siguiente.")
        with pytest.raises(ObservationAlreadyAnswered):
            hub.answer_observation(case_id, observation.id, "Otra vez")


def test_a_case_closes_only_when_nothing_is_left_open(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(DIF):
        measure = hub.start_measure(case_id, "shelter", "dif")
    with hub.acting_as(SEDETUR), pytest.raises(CaseHasOpenItems) as open_items:
        hub.close_case(case_id, "reintegrated")
    assert open_items.value.params["items"] == "referrals"
    case = hub.get_case(case_id)
    with hub.acting_as(DIF):
        hub.complete_referral(case_id, case.referrals[0].id)
        hub.end_measure(case_id, measure.id)
    with hub.acting_as(SEDETUR):
        hub.close_case(case_id, "reintegrated")
    assert hub.get_case(case_id).is_closed


def test_a_closed_case_accepts_only_reopening_observations_and_answers(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        with pytest.raises(CaseNotClosed):
            hub.reopen_case(case_id, "new_information")
        hub.close_case(case_id, "person_declined_services")
        for command in (
            lambda: hub.assess_risk(case_id, "low"),
            lambda: hub.record_consent(case_id, ["sesa"], ["medical"]),
            lambda: hub.initiate_handoff(case_id, "dif"),
            lambda: hub.close_case(case_id, "other"),
        ):
            with pytest.raises(CaseClosed):
                command()
    with hub.acting_as(COMMISSION):
        observation = hub.issue_observation(case_id, "sedetur", "¿Se ofreció albergue?")
    with hub.acting_as(SEDETUR):
        hub.answer_observation(case_id, observation.id, "Sí, lo rechazó.")
        hub.reopen_case(case_id, "person_returned")
        hub.assess_risk(case_id, "medium")
    assert not hub.get_case(case_id).is_closed


def test_erasure_needs_an_administrator_and_keeps_the_history(
    hub: Hub, case_id: UUID, sealer: FakeSealer
) -> None:
    events_before = len(hub.timeline(case_id))
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.erase_personal_data(case_id, "arco_cancellation")
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case_id, "arco_cancellation")
        with pytest.raises(DataAlreadyErased):
            hub.erase_personal_data(case_id, "arco_cancellation")
    case = hub.get_case(case_id)
    assert case.personal_data_erased
    assert not sealer.has_key(case_id)
    assert len(hub.timeline(case_id)) == events_before + 1
    assert case.referrals[0].status == "accepted"
    with pytest.raises(PersonalDataUnavailable):
        hub.personal_data(case_id)
    with hub.acting_as(SEDETUR), pytest.raises(DataAlreadyErased):
        hub.amend_personal_data(case_id, {"full_name": "Otro Nombre Ficticio"})


def test_an_interrupted_erasure_is_finished_by_asking_again(
    hub: Hub, case_id: UUID, sealer: FakeSealer
) -> None:
    sealer_destroy = sealer.destroy_key
    sealer.destroy_key = lambda case_id: False  # type: ignore[method-assign]
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case_id, "retention_expired")
    assert sealer.has_key(case_id)
    sealer.destroy_key = sealer_destroy  # type: ignore[method-assign]
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case_id, "retention_expired")
    assert not sealer.has_key(case_id)


def test_personal_data_is_amended_and_read_back(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        hub.amend_personal_data(
            case_id, {"full_name": "Marisol Ficticia", "contact": "998 000 0000"}, ["narrative"]
        )
    data = hub.personal_data(case_id)
    assert data["full_name"] == "Marisol Ficticia"
    assert data["contact"] == "998 000 0000"
    assert "narrative" not in data
    assert data["documents"] == ["Pasaporte HN F0000000"]


def test_an_agency_outside_the_case_cannot_amend_it(hub: Hub, case_id: UUID) -> None:
    with (
        hub.acting_as(Actor("seq", "seq-01", frozenset({Role.CASEWORKER}))),
        pytest.raises(NotInvolved),
    ):
        hub.amend_personal_data(case_id, {"contact": "999"})
