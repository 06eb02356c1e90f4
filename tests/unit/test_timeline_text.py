"""The timeline as people read it: every event type described, in Spanish and English, and never
a word of personal data.

One fictitious case is driven through the hub so that every type of case event is recorded once
at least, and its timeline is read back from the store, as the API will read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.actor import Actor, Role
from domain.agencies import load_catalogue
from domain.case import Case
from domain.hub import Hub
from domain.hub_base import DetectionReport
from domain.personal_data import SealedValue
from tests.fakes import FakeSealer, ManualClock
from tests.unit.children_story import drive_children_events
from texts.timeline import describe, timeline_lines

SEDETUR = Actor("sedetur", "inspeccion-07")
DIF = Actor("dif", "cat-chetumal-02")
FGE = Actor("fge", "fiscalia-trata-03")
IQM = Actor("iqm", "iqm-cancun-01")
SSC = Actor("ssc", "policia-05")
PPNNA = Actor("ppnna", "procuraduria-01")
CDHEQROO = Actor("cdheqroo", "visitaduria-01", frozenset({Role.COMMISSION}))
ADMIN = Actor("dif", "admin-01", frozenset({Role.ADMIN}))

# Fictitious personal data and free texts: none of it may ever reach a line of the timeline.
SECRETS = {
    "full_name": "Yesenia Marlén Quiroga Tun",
    "alias": "La Güera de Tegucigalpa",
    "narrative": "Trabajaba en el bar El Farolito Inventado desde marzo",
    "contact": "+52 998 000 0000",
    "risk_note": "El reclutador conoce a su familia en San Pedro Sula",
    "referral_note": "Requiere habitación en planta baja",
    "decline_detail": "Prefiere no hablar con la fiscalía por ahora",
    "place_1": "Oficina de inspección, Av. Tulum 999, Cancún",
    "place_2": "Módulo de atención, Plaza Ficticia local 4",
    "last_seen": "Terminal de autobuses ficticia, andén 3",
    "located": "Casa de una prima, colonia Inventada",
    "location": "Albergue CAT, calle Secreta 123",
    "observation": "La entrega se hizo sin intérprete ni acta",
    "answer": "Se levantó el acta y se asignó intérprete",
    "notice_reference": "Oficio SEDETUR/INV/0999/2026, carpeta FGE/QR/CAN/0000/2026",
}

EVENT_TYPES = {
    "CaseOpened",
    "AgeAssessed",
    "RiskAssessed",
    "ConsentRecorded",
    "ConsentWithdrawn",
    "ConsentOverridden",
    "ComplaintDecisionRecorded",
    "ProsecutorNotified",
    "InternationalProtectionScreened",
    "ReferralIssued",
    "ReferralAccepted",
    "ReferralDeclined",
    "ReferralWithdrawn",
    "ReferralCompleted",
    "CustodyHandoffInitiated",
    "CustodyHandoffAcknowledged",
    "CustodyHandoffRefused",
    "CustodyAssumed",
    "CustodyReleased",
    "WhereaboutsUnknownReported",
    "PersonLocated",
    "ProtectionMeasureStarted",
    "ProtectionMeasureEnded",
    "UrgentMedicalCareOffered",
    "PersonalDataAmended",
    "ObservationIssued",
    "ObservationAnswered",
    "CaseClosed",
    "CaseReopened",
    "PersonalDataErased",
}


@dataclass(frozen=True)
class Story:
    events: list[object]

    def of(self, name: str) -> list[object]:
        return [e for e in self.events if type(e).__name__ == name]


def drive_every_event(hub: Hub, clock: ManualClock) -> UUID:
    """Scenario 1 of the design, stretched so that every event type happens once at least."""
    with hub.acting_as(SEDETUR):
        case_id = hub.open_case(
            DetectionReport(
                detected_at=clock.now - timedelta(hours=1),
                municipality="Benito Juárez",
                indicators=["document_retention", "restricted_movement"],
                exploitation_forms=["sexual"],
                age_group="adult",
                sex="female",
                nationality="HN",
                in_custody=True,
                personal_data={
                    "full_name": SECRETS["full_name"],
                    "aliases": [SECRETS["alias"]],
                    "narrative": SECRETS["narrative"],
                },
            )
        ).case_id
        hub.assess_age(case_id, "adult", 24, "document")
        hub.assess_risk(case_id, "medium", note=SECRETS["risk_note"])
        hub.record_consent(
            case_id, ["iqm", "dif", "sesa"], ["shelter", "medical"], "es", interpreter=True
        )
        hub.record_complaint_decision(case_id, "deferred")
        # The inspectors' own duty, whatever she decides (CNPP art. 222).
        hub.notify_prosecutor(case_id, "fge", reference=SECRETS["notice_reference"])
        hub.screen_for_protection(
            case_id, "accepted", "declined", clock.now - timedelta(days=20), "es", True
        )
        shelter = hub.issue_referral(
            case_id, "dif", "shelter", "urgent", note=SECRETS["referral_note"]
        )
        # FGE is not covered by her consent: the stated basis is recorded as an override.
        investigation = hub.issue_referral(
            case_id, "fge", "investigation", legal_basis="criminal_investigation"
        )
        medical = hub.issue_referral(case_id, "sesa", "medical")
        hub.withdraw_referral(case_id, medical.id, "issued_in_error")
        hub.offer_urgent_medical_care(case_id, "declined", clock.now - timedelta(minutes=10))
        to_iqm = hub.initiate_handoff(case_id, "iqm", place=SECRETS["place_1"])
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, shelter.id)
    with hub.acting_as(FGE):
        hub.decline_referral(
            case_id, investigation.id, "person_declined", SECRETS["decline_detail"]
        )
    with hub.acting_as(IQM):
        hub.refuse_handoff(case_id, to_iqm.id, "no_capacity")
    clock.advance(minutes=30)
    with hub.acting_as(SEDETUR):
        to_dif = hub.initiate_handoff(case_id, "dif", place=SECRETS["place_2"])
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, to_dif.id)
        clock.advance(hours=3)
        hub.release_custody(case_id, "voluntary_departure")
        hub.assume_custody(case_id)
        hub.report_whereabouts_unknown(
            case_id, clock.now - timedelta(minutes=20), place=SECRETS["last_seen"]
        )
        hub.report_located(case_id, custody_with="dif", place=SECRETS["located"])
        measure = hub.start_measure(case_id, "shelter", "dif", location=SECRETS["location"])
        clock.advance(days=2)
        hub.end_measure(case_id, measure.id, "completed")
        hub.complete_referral(case_id, shelter.id)
        hub.amend_personal_data(case_id, {"contact": SECRETS["contact"]}, remove=["narrative"])
    with hub.acting_as(DIF):  # DIF leads the case now
        hub.record_complaint_decision(case_id, "filed", with_agency="fge")
        hub.withdraw_consent(case_id, ["iqm"])
    with hub.acting_as(CDHEQROO):
        observation = hub.issue_observation(
            case_id, "dif", SECRETS["observation"], kind="recommendation", subject_id=to_dif.id
        )
    with hub.acting_as(DIF):
        hub.answer_observation(case_id, observation.id, SECRETS["answer"])
        hub.close_case(case_id, "reintegrated")
        hub.reopen_case(case_id, "new_information")
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case_id, "arco_cancellation")
    return case_id


@pytest.fixture(scope="module")
def story() -> Story:
    clock = ManualClock(datetime(2026, 11, 20, 14, 0, tzinfo=UTC))
    hub = Hub(sealer=FakeSealer(), clock=clock)
    case_id = drive_every_event(hub, clock)
    return Story(list(hub.timeline(case_id)))


def sealed_texts(value: object) -> list[str]:
    """Every ciphertext inside an event's fields, wherever it is nested."""
    if isinstance(value, SealedValue):
        return [value.ciphertext, value.commitment, value.nonce]
    if isinstance(value, dict):
        return [t for v in value.values() for t in sealed_texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in sealed_texts(v)]
    return []


def test_the_story_records_every_type_of_case_event(story: Story) -> None:
    recorded = {type(e).__name__ for e in story.events}
    assert recorded == EVENT_TYPES
    # The children's route and the return gate (issue 14) are told by a story of their own.
    clock = ManualClock(datetime(2026, 11, 20, 14, 0, tzinfo=UTC))
    hub = Hub(sealer=FakeSealer(), clock=clock)
    recorded |= {type(e).__name__ for e in drive_children_events(hub, clock)}
    declared = {
        name
        for name in dir(Case)
        if isinstance(cls := getattr(Case, name), type)
        and issubclass(cls, Case.Event)
        and name not in {"Event", "Created"}
    }
    assert declared <= recorded, f"add to the story: {declared - recorded}"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_event_gets_a_real_description(story: Story, lang: str) -> None:
    catalogue = load_catalogue()
    lines = timeline_lines(story.events, lang, catalogue)
    assert len(lines) == len(story.events)
    for event, line in zip(story.events, lines, strict=True):
        when, agency, text = line.split("  ", 2)
        assert datetime.strptime(when, "%d/%m/%Y %H:%M")
        assert agency == str(getattr(event, "agency", "")).upper()
        assert text, line
        assert text != type(event).__name__, line
        assert "_" not in text, line  # a code that escaped its label


def test_spanish_and_english_lines_differ(story: Story) -> None:
    spanish = timeline_lines(story.events, "es")
    english = timeline_lines(story.events, "en")
    same = [s for s, e in zip(spanish, english, strict=True) if s == e]
    assert not same


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_personal_data_or_sealed_value_appears_in_any_line(story: Story, lang: str) -> None:
    text = "\n".join(timeline_lines(story.events, lang))
    for secret in SECRETS.values():
        assert secret not in text
    ciphertexts = {c for e in story.events for c in sealed_texts(vars(e)) if len(c) > 8}
    assert ciphertexts  # the story does carry sealed values
    for ciphertext in ciphertexts:
        assert ciphertext not in text


def test_a_detection_reads_as_the_caseworker_would_say_it(story: Story) -> None:
    (opened,) = story.of("CaseOpened")
    assert describe(opened) == (
        "Detección en Benito Juárez: explotación sexual; indicadores: retención de documentos, "
        "restricción de movimiento; persona adulta, mujer, nacionalidad Honduras; bajo custodia de "
        "SEDETUR; hora de la detección: 20/11/2026 08:00"
    )
    assert describe(opened, "en").startswith(
        "Detection in Benito Juárez: sexual exploitation; indicators: document retention, "
        "restricted movement; adult, female, nationality Honduras; in the custody of SEDETUR"
    )


def test_a_referral_says_to_whom_for_what_and_when_it_is_due(story: Story) -> None:
    urgent, investigation, _ = story.of("ReferralIssued")
    # Issued at 09:00 local time, urgent: due one hour later.
    assert describe(urgent) == (
        "Canalización a DIF para albergue (urgente); vence 20/11/2026 10:00; con nota"
    )
    assert describe(urgent, "en") == (
        "Referral to DIF for shelter (urgent); due 20/11/2026 10:00; with a note"
    )
    assert describe(investigation) == (
        "Canalización a FGE para investigación; vence 21/11/2026 09:00; "
        "base legal: investigación penal"
    )


def test_answers_to_a_referral_name_the_service_asked_for(story: Story) -> None:
    lines = timeline_lines(story.events)
    assert any(line.endswith("DIF  DIF aceptó la canalización para albergue") for line in lines)
    assert any(
        line.endswith(
            "FGE  FGE rechazó la canalización para investigación: la persona no aceptó; con nota"
        )
        for line in lines
    )
    assert any("SEDETUR retiró la canalización a SESA para atención médica" in ln for ln in lines)
    # Alone, without the events before it, an answer still reads well.
    (accepted,) = story.of("ReferralAccepted")
    assert describe(accepted) == "DIF aceptó la canalización"


def test_custody_lines_say_who_holds_the_person(story: Story) -> None:
    (acknowledged,) = story.of("CustodyHandoffAcknowledged")
    assert describe(acknowledged) == "DIF confirmó la recepción de la custodia"
    assert describe(acknowledged, "en") == "DIF acknowledged receipt of custody"
    (refused,) = story.of("CustodyHandoffRefused")
    assert describe(refused) == "IQM rechazó la entrega de custodia: sin capacidad de atención"
    first, _ = story.of("CustodyHandoffInitiated")
    assert describe(first) == "Entrega de custodia a IQM iniciada; lugar registrado"
    (located,) = story.of("PersonLocated")
    assert describe(located) == "Persona localizada; bajo custodia de DIF; lugar registrado"


def test_consent_lines_name_agencies_purposes_and_overrides(story: Story) -> None:
    (recorded,) = story.of("ConsentRecorded")
    assert describe(recorded) == (
        "Consentimiento de la persona para IQM, DIF, SESA: albergue, atención médica; "
        "información en idioma es; con intérprete"
    )
    (overridden,) = story.of("ConsentOverridden")
    assert describe(overridden, "en") == (
        "Shared with FGE for investigation without consent; legal basis: criminal investigation"
    )
    _, filed = story.of("ComplaintDecisionRecorded")
    assert describe(filed) == "Decisión sobre la denuncia: presentó denuncia ante FGE"


def test_an_observation_names_what_it_is_about(story: Story) -> None:
    lines = timeline_lines(story.events)
    assert any(
        line.endswith(
            "CDHEQROO  Observación (recomendación) dirigida a DIF; "
            "sobre la entrega de custodia a DIF"
        )
        for line in lines
    )
    assert any(line.endswith("DIF respondió la observación (recomendación)") for line in lines)


def test_urgent_medical_care_reads_as_offered_and_answered_with_no_clinical_detail(
    story: Story,
) -> None:
    """NOM-046-SSA2-2005, 6.4.2: urgent care after sexual violence is offered and the person
    decides; the line says when it was offered and the answer, never what care."""
    (offered,) = story.of("UrgentMedicalCareOffered")
    assert describe(offered) == (
        "Atención médica urgente ofrecida (NOM-046) el 20/11/2026 08:50: la persona la rechazó"
    )
    assert describe(offered, "en") == (
        "Urgent medical care offered (NOM-046) on 20/11/2026 08:50: the person declined it"
    )


def test_the_protection_screening_reads_as_the_persons_answers_without_the_day_of_entry(
    story: Story,
) -> None:
    """Ley sobre Refugiados, Protección Complementaria y Asilo Político, art. 18 (the claim's
    term from entry) and its Reglamento, art. 22 (the consulate only with consent): the line
    says what the person answered and that an entry date was given, not the date itself."""
    (screened,) = story.of("InternationalProtectionScreened")
    assert describe(screened) == (
        "Se ofreció canalizar a la COMAR: la persona aceptó; no quiere que se avise a su "
        "consulado; fecha de ingreso a México registrada; con intérprete"
    )
    assert describe(screened, "en") == (
        "Referral to COMAR offered: the person accepted it; does not want their consulate "
        "told; date of entry to Mexico recorded; with an interpreter"
    )


def test_an_urgent_measures_notices_name_the_prosecutor_and_the_judge_with_their_article() -> None:
    """LGDNNA art. 122 fr. VII: PPNNA tells the Ministerio Público and the judge at once."""
    clock = ManualClock(datetime(2026, 11, 20, 14, 0, tzinfo=UTC))
    events = drive_children_events(Hub(sealer=FakeSealer(), clock=clock), clock)
    lines = [describe(e) for e in events if type(e).__name__ == "UrgentMeasureNotified"]
    assert [line.split(" de la medida urgente")[0] for line in lines] == [
        "Aviso al Ministerio Público",
        "Aviso a la autoridad jurisdiccional",
    ]


def test_personal_data_lines_name_fields_never_values(story: Story) -> None:
    (amended,) = story.of("PersonalDataAmended")
    assert (
        describe(amended) == "Datos personales modificados: datos de contacto; eliminados: relato"
    )
    (erased,) = story.of("PersonalDataErased")
    assert describe(erased, "en") == "Personal data erased: cancellation (ARCO rights)"


def test_times_follow_the_deployments_offset(story: Story) -> None:
    (opened,) = story.of("CaseOpened")
    assert timeline_lines([opened])[0].startswith("20/11/2026 09:00  SEDETUR  ")
    utc = replace(load_catalogue(), utc_offset=UTC)
    assert timeline_lines([opened], catalogue=utc)[0].startswith("20/11/2026 14:00  SEDETUR  ")


def test_a_childs_consent_is_given_by_the_legal_representative() -> None:
    clock = ManualClock()
    hub = Hub(sealer=FakeSealer(), clock=clock)
    with hub.acting_as(SSC):
        case_id = hub.open_case(
            DetectionReport(
                detected_at=clock.now,
                municipality="Othón P. Blanco",
                indicators=["minor_working"],
                exploitation_forms=["labour"],
                age_group="unknown",
                estimated_age=15,
                sex="male",
                nationality="GT",
                in_custody=True,
            )
        ).case_id
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", "urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
    events = hub.timeline(case_id)
    assert describe(events[0]).startswith(
        "Detección en Othón P. Blanco: explotación laboral; indicadores: persona menor de edad "
        "trabajando; edad desconocida (edad estimada: 15 años), hombre, nacionalidad Guatemala; "
        "bajo custodia de SSC"
    )
    assert describe(events[-1]) == (
        "Consentimiento de la representación legal (PPNNA); base legal: interés superior de la "
        "niñez (representación de la PPNNA)"
    )


class FutureEventHappened:
    """An event type added after this code was written."""

    timestamp = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    agency = "dif"


class ReferralIssued:
    """An event named like a known type but of an older, thinner shape."""

    timestamp = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    agency = "sedetur"
    referral_id = "r-1"


def test_an_unknown_or_odd_event_still_gets_a_line_with_its_type_name() -> None:
    assert describe(FutureEventHappened()) == "FutureEventHappened"
    assert describe(ReferralIssued(), "en") == "ReferralIssued"
    assert timeline_lines([FutureEventHappened(), ReferralIssued()]) == [
        "20/11/2026 09:00  DIF  FutureEventHappened",
        "20/11/2026 09:00  SEDETUR  ReferralIssued",
    ]
