"""The route's members as the sources and the law name them (issue 14, points 2 to 4): the
municipal DIF and police of every municipality act in cases, the search commission, SRE, INALI
and civil-society shelters take part, and measures come only from the authority the law names."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.access import CaseAccess, Profile
from domain.actor import Actor
from domain.agencies import AgencyKind, Participation, load_catalogue
from domain.errors import (
    ConsularNoticeBreachesAsylum,
    NotTheCompetentAuthority,
    ServiceNotOffered,
)
from domain.hub import Hub
from domain.vocabulary import MeasureKind, Service
from tests.builders import SEDETUR, open_adult, open_child
from texts.labels import label_code
from texts.translations import ENGLISH, SPANISH

MUNICIPAL_POLICE = Actor("pm_othon_p_blanco", "policia-municipal-03")
MUNICIPAL_DIF = Actor("dif_othon_p_blanco", "dif-municipal-02")
PPNNA = Actor("ppnna", "procu-ppnna-01")
COMAR = Actor("comar", "comar-01")


def kinds(hub: Hub, case_id: UUID) -> list[str]:
    return [type(e).__name__ for e in hub.timeline(case_id)]


class TestMunicipalAgencies:
    def test_every_municipality_has_a_municipal_dif_and_police_that_act_in_cases(self) -> None:
        """The sources list the ayuntamientos among the route's members; the municipal DIF
        (Ley de Asistencia Social de Quintana Roo, municipal systems) and municipal police
        (Constitución, art. 115, fr. III, inciso h) detect, refer, hold custody and, DIF,
        shelter."""
        catalogue = load_catalogue()
        municipal = catalogue.by_kind(AgencyKind.MUNICIPAL)
        assert len(municipal) == len(catalogue.municipalities) == 11
        for mun in municipal:
            place = mun.code.removeprefix("mun_")
            assert mun.participation == Participation.STATISTICS  # still counted, never acting
            dif = catalogue.case_party(f"dif_{place}")
            police = catalogue.case_party(f"pm_{place}")
            assert dif.kind == AgencyKind.FAMILY_WELFARE
            assert dif.offers(Service.SHELTER)
            assert dif.may_hold_custody
            assert dif.sees_children_cases
            assert police.kind == AgencyKind.SECURITY
            assert police.offers(Service.SEARCH)
            assert police.may_hold_custody
            assert mun.name.removeprefix("Gobierno Municipal de ") in dif.name
            assert mun.name.removeprefix("Gobierno Municipal de ") in police.name

    def test_the_cat_belongs_to_the_municipal_dif_of_benito_juarez(self) -> None:
        """The Casa de Asistencia Temporal (CAT) of the sources is Benito Juárez's municipal DIF."""
        catalogue = load_catalogue()
        assert "Casa de Asistencia Temporal" in catalogue.get("dif_benito_juarez").name
        assert "Casa de Asistencia Temporal" not in catalogue.get("dif").name

    def test_municipal_police_detect_a_child_and_hand_him_to_the_municipal_dif_shelter(
        self, hub: Hub
    ) -> None:
        """LGDNNA art. 12 (notice to PPNNA) and the chain of custody: a municipal police
        patrol in Chetumal finds the boy, notifies PPNNA, hands him to the municipal DIF, which
        shelters him."""
        case_id = open_child(hub, by=MUNICIPAL_POLICE)
        with hub.acting_as(MUNICIPAL_POLICE):
            hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
            handoff = hub.initiate_handoff(
                case_id, "dif_othon_p_blanco", legal_basis="child_protection"
            )
        with hub.acting_as(MUNICIPAL_DIF):
            hub.acknowledge_handoff(case_id, handoff.id)
            hub.start_measure(case_id, "shelter", "dif_othon_p_blanco")
        case = hub.get_case(case_id)
        assert case.detection.agency == "pm_othon_p_blanco"
        assert case.custody.custodian == "dif_othon_p_blanco"
        assert case.measures[-1].provider == "dif_othon_p_blanco"

    def test_the_municipal_dif_sees_as_a_shelter_and_the_police_as_security(self, hub: Hub) -> None:
        """DESIGN's need-to-know table: DIF and shelter operators while involved; police only
        what an escort or search task needs."""
        catalogue = load_catalogue()
        case = hub.get_case(open_child(hub, by=MUNICIPAL_POLICE))
        dif = CaseAccess(MUNICIPAL_DIF, catalogue.get("dif_othon_p_blanco"), case)
        police = CaseAccess(MUNICIPAL_POLICE, catalogue.get("pm_othon_p_blanco"), case)
        assert (dif.profile, police.profile) == (Profile.SHELTER, Profile.SECURITY)


class TestMissingMembers:
    def test_the_search_commission_takes_search_tasks_and_sees_what_the_search_needs(
        self, hub: Hub
    ) -> None:
        """Ley General en Materia de Desaparición Forzada de Personas, Desaparición Cometida
        por Particulares y del Sistema Nacional de Búsqueda de Personas, art. 50 (each state's
        search commission); Quintana Roo's Comisión de Búsqueda de Personas (2020)."""
        catalogue = load_catalogue()
        search = catalogue.offering("cbpqroo", Service.SEARCH)
        assert search.name == "Comisión de Búsqueda de Personas del Estado de Quintana Roo"
        assert not search.may_hold_custody
        assert search.sees_children_cases
        case_id = open_child(hub)
        with hub.acting_as(Actor("ssc", "policia-ssc-07")):
            referral = hub.issue_referral(
                case_id, "cbpqroo", "search", "urgent", legal_basis="child_protection"
            )
        with hub.acting_as(Actor("cbpqroo", "busqueda-01")):
            hub.accept_referral(case_id, referral.id)
        access = CaseAccess(Actor("cbpqroo", "busqueda-01"), search, hub.get_case(case_id))
        assert access.profile == Profile.SECURITY
        assert "full_name" in access.personal_fields()
        assert "narrative" not in access.personal_fields()

    def test_sre_receives_consular_notice_with_the_persons_consent(self, hub: Hub) -> None:
        """Vienna Convention on Consular Relations, art. 36 (notice at the person's request);
        SRE liaises with the consulates."""
        catalogue = load_catalogue()
        sre = catalogue.offering("sre", Service.CONSULAR_ASSISTANCE)
        assert sre.kind == AgencyKind.FOREIGN_AFFAIRS
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            with pytest.raises(ServiceNotOffered):
                hub.issue_referral(case_id, "sre", "shelter")
            hub.record_consent(case_id, ["sre"], ["consular_assistance"])
            # Screened first, and she wants her consulate told (Reglamento LRPCAP art. 22).
            hub.screen_for_protection(case_id, "declined", consular_notice="accepted")
            hub.issue_referral(case_id, "sre", "consular_assistance")
            hub.start_measure(case_id, "consular_notification", "sre")
        assert "ConsentOverridden" not in kinds(hub, case_id)
        assert hub.get_case(case_id).measures[-1].provider == "sre"

    def test_inali_interprets_the_languages_inmaya_does_not(self) -> None:
        """INALI keeps the Padrón Nacional de Intérpretes y Traductores en Lenguas Indígenas
        (Ley General de Derechos Lingüísticos de los Pueblos Indígenas, art. 14 d: it certifies
        interpreters; the law does not name the Padrón); INMAYA serves Yucatec Maya only."""
        catalogue = load_catalogue()
        inali = catalogue.offering("inali", Service.INTERPRETATION)
        assert "Padrón Nacional de Intérpretes y Traductores en Lenguas Indígenas" in inali.name
        interpreters = {a.code for a in catalogue if a.offers(Service.INTERPRETATION)}
        assert interpreters >= {"inmaya", "inali"}

    def test_civil_society_shelters_are_examples_with_their_places(self) -> None:
        """Ley General de Trata, arts. 62 fr. V and 65 fr. I (shelters and halfway houses, including
        civil-society ones); real shelters' names are never published, so the catalogue's are
        marked as examples."""
        catalogue = load_catalogue()
        shelters = catalogue.by_kind(AgencyKind.CIVIL_SOCIETY)
        assert len(shelters) == 2
        for shelter in shelters:
            assert shelter.name.endswith("(ejemplo)")
            assert shelter.offers(Service.SHELTER)
            assert shelter.may_hold_custody
            assert shelter.capacity is not None
            assert shelter.capacity > 0
        assert catalogue.get("dif").capacity is None  # places are told where known


class TestMeasureProviders:
    def test_comar_never_records_a_consular_notification(self, hub: Hub) -> None:
        """Ley sobre Refugiados, Protección Complementaria y Asilo Político, art. 5
        (confidentiality) and its no-consular-notice principle: the country of origin must not
        learn that its national asked for protection."""
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["comar"], ["legal", "migration"])
            with pytest.raises(ConsularNoticeBreachesAsylum) as refused:
                hub.start_measure(case_id, "consular_notification", "comar")
            referral = hub.issue_referral(case_id, "comar", "legal")
        assert refused.value.field == "provider"
        assert refused.value.params == {"agency": "comar"}
        with hub.acting_as(COMAR):
            hub.accept_referral(case_id, referral.id)
            with pytest.raises(ConsularNoticeBreachesAsylum):
                hub.start_measure(case_id, "consular_notification", "comar")
            hub.start_measure(case_id, "legal_assistance", "comar")  # its own work goes on
        assert [m.kind for m in hub.get_case(case_id).measures] == ["legal_assistance"]

    @pytest.mark.parametrize("provider", ["comar", "oim"])
    def test_only_inm_grants_the_stay_for_humanitarian_reasons(
        self, hub: Hub, provider: str
    ) -> None:
        """Ley de Migración, art. 52, fr. V: the condition of stay as a visitor for
        humanitarian reasons (TVRH) is authorized by the Instituto Nacional de Migración."""
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, [provider, "inm"], ["migration"])
            with pytest.raises(NotTheCompetentAuthority) as refused:
                hub.start_measure(case_id, "humanitarian_visa", provider)
            with pytest.raises(ServiceNotOffered):
                hub.start_measure(case_id, "humanitarian_visa", "iqm")
            hub.start_measure(case_id, "humanitarian_visa", "inm")
        assert refused.value.params == {"agency": provider, "measure": "humanitarian_visa"}
        assert [m.provider for m in hub.get_case(case_id).measures] == ["inm"]

    def test_the_humanitarian_stay_is_named_as_the_law_names_it(self) -> None:
        """Ley de Migración, art. 52, fr. V: "condición de estancia de visitante por razones
        humanitarias", not a visa."""
        spanish = label_code(MeasureKind, "humanitarian_visa", SPANISH)
        assert spanish == "condición de estancia de visitante por razones humanitarias"
        assert "humanitarian reasons" in label_code(MeasureKind, "humanitarian_visa", ENGLISH)

    def test_assisted_return_is_inms_procedure_that_iom_supports(self, hub: Hub) -> None:
        """Ley de Migración, arts. 115 and 118-119: INM carries out assisted return; art. 116:
        with international organizations (IOM) under agreements."""
        catalogue = load_catalogue()
        assert catalogue.get("inm").offers(Service.ASSISTED_RETURN)
        assert catalogue.get("oim").offers(Service.ASSISTED_RETURN)
        for words in (
            label_code(Service, "assisted_return", SPANISH),
            label_code(MeasureKind, "assisted_return", SPANISH),
        ):
            assert "INM" in words
            assert "OIM" in words
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.assess_risk(case_id, "low")  # no return is arranged before it
            hub.screen_for_protection(case_id, "declined")  # nor before the screening
            hub.record_return_request(case_id)  # she asks to go home: no reflection period
            hub.record_consent(case_id, ["inm", "oim"], ["assisted_return"])
            hub.issue_referral(case_id, "inm", "assisted_return")
            hub.issue_referral(case_id, "oim", "assisted_return")
        sent = [r.to_agency for r in hub.get_case(case_id).referrals]
        assert sent == ["inm", "oim"]
