"""Demo scenarios of adults (1, 3, 4, 5): every person here is invented.

Each follows the route (``docs/route.md``): the agency that detects gives notice to the
prosecutor at once (CNPP art. 222), whatever the person decides about a complaint; urgent
medical care is offered in time after sexual exploitation (NOM-046-SSA2-2005, 6.4.2); a foreign
national is offered a referral to COMAR; women are sheltered where adult women are (IQM, a
civil-society refuge), never in a centre for children.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from demo.runner import Demo, Steps, minutes
from domain.actor import Role
from domain.hub_base import DetectionReport

REFUGE = "osc_refugio_ejemplo"  # the catalogue's civil-society refuge for women


def bar_in_cancun(d: Demo) -> Steps:
    """1. An adult Honduran woman in a Cancún bar, found by tourism inspectors."""
    hub, t = d.hub, d.day(9, 23, 10)
    yield t
    case = d.open(
        "1-bar-cancun",
        "sedetur",
        DetectionReport(
            detected_at=t - minutes(25),
            municipality="Benito Juárez",
            indicators=["document_retention", "restricted_movement", "debt_bondage"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=24,
            sex="female",
            nationality="HN",
            languages=["es"],
            in_custody=True,
            personal_data={
                "full_name": "Yesenia Marlén Ficticia Ejemplo",
                "documents": ["Pasaporte HN (retenido por el encargado)"],
                "narrative": "Relato ficticio: llegó con una oferta de trabajo de mesera.",
            },
        ),
    )
    yield (t := t + minutes(15))
    with d.by("sedetur"):
        # The inspectors' notice to the prosecutor is their duty; her complaint is her decision.
        hub.notify_prosecutor(case, "fge")
        hub.record_consent(
            case,
            [REFUGE, "iqm", "sesa"],
            ["shelter", "psychological", "legal", "medical", "social_support"],
            informed_in="es",
            counted_in_statistics=True,
        )
        hub.record_complaint_decision(case, "declined")
        shelter = hub.issue_referral(case, REFUGE, "shelter", urgency="urgent")
        care = hub.issue_referral(case, "iqm", "psychological")
        medical = hub.issue_referral(case, "sesa", "medical", urgency="urgent")
    yield (t := t + minutes(20))
    with d.by(REFUGE):
        hub.accept_referral(case, shelter.id)
    with d.by("sesa"):
        hub.accept_referral(case, medical.id)
    yield (t := t + minutes(10))
    with d.by("sedetur"):
        handoff = hub.initiate_handoff(case, REFUGE, place="Oficina de verificación, zona hotelera")
    yield (t := t + minutes(45))
    with d.by(REFUGE):
        hub.acknowledge_handoff(case, handoff.id)
        hub.start_measure(case, "shelter", REFUGE, location="Refugio ficticio, Cancún")
    yield (t := t + timedelta(hours=3))
    with d.by("sesa"):  # NOM-046: offered at once; she accepts
        hub.offer_urgent_medical_care(case, "accepted")
        exam = hub.start_measure(case, "medical_care", "sesa")
    yield (t := t + timedelta(hours=2))
    with d.by("sesa"):
        hub.end_measure(case, exam.id, "completed")
        hub.complete_referral(case, medical.id)
    yield (t := t + timedelta(hours=4))
    with d.by("iqm"):
        hub.accept_referral(case, care.id)
    yield (t := t + timedelta(days=2))
    with d.by(REFUGE):
        # Offered a referral to COMAR: she fears nothing at home and wants no consulate told.
        hub.screen_for_protection(case, "declined", consular_notice="declined", informed_in="es")
        # She now agrees that IOM helps her.
        hub.record_consent(case, ["oim"], ["social_support", "migration"], informed_in="es")
        support = hub.issue_referral(case, "oim", "social_support")
    yield (t := t + timedelta(hours=5))
    with d.by("oim"):
        hub.accept_referral(case, support.id)
    yield (t := t + timedelta(days=3))
    with d.by(REFUGE):  # she decides to file; the prosecutor gains access only now
        hub.record_complaint_decision(case, "filed", with_agency="fge")
        investigation = hub.issue_referral(case, "fge", "investigation")
    yield t + timedelta(hours=4)
    with d.by("fge"):
        hub.accept_referral(case, investigation.id)


def construction_site_in_tulum(d: Demo) -> Steps:
    """3. Twelve men from Chiapas on a Tulum construction site, found by labour inspectors."""
    hub, t = d.hub, d.day(4, 10, 0)
    yield t
    names = [
        "Juan", "Pedro", "Mateo", "Lorenzo", "Andrés", "Tomás",
        "Felipe", "Marcos", "Santiago", "Esteban", "Rafael", "Gaspar",
    ]  # fmt: skip
    reports = [
        DetectionReport(
            detected_at=t - minutes(40),
            municipality="Tulum",
            indicators=["document_retention", "debt_bondage", "excessive_hours", "no_pay"],
            exploitation_forms=["labour", "forced_labour"],
            age_group="adult",
            estimated_age=22 + i,
            sex="male",
            nationality="MX",
            languages=["es", "tzo"] if i % 3 else ["es"],
            operation="OP-STYPS-TULUM-DEMO",
            personal_data={"full_name": f"{name} Ficticio Prueba"},
        )
        for i, name in enumerate(names)
    ]
    cases = d.open_group("3-obra-tulum", "styps", reports)
    referred: list[tuple[UUID, UUID, UUID]] = []
    for i, case in enumerate(cases):
        yield (t := t + minutes(12))
        with d.by("styps"):
            hub.notify_prosecutor(case, "fge")  # for every one: the inspectors' duty
            if i in (4, 9):  # two refuse, and their choice is respected
                hub.record_complaint_decision(case, "declined")
                hub.close_case(case, "person_declined_services")
                continue
            hub.record_consent(
                case,
                ["ceaveqroo", "fge"],
                ["legal", "investigation"],
                informed_in="es",
                counted_in_statistics=True,
            )
            hub.record_complaint_decision(case, "filed", with_agency="fge")
            legal = hub.issue_referral(case, "ceaveqroo", "legal")
            investigation = hub.issue_referral(case, "fge", "investigation")
            referred.append((case, legal.id, investigation.id))
    yield d.day(4, 17, 30)
    for case, to_ceaveqroo, to_fge in referred:
        with d.by("ceaveqroo"):
            hub.accept_referral(case, to_ceaveqroo)
        with d.by("fge"):
            hub.accept_referral(case, to_fge)


def shelter_full(d: Demo) -> Steps:
    """4. IQM's shelter is full: declined for lack of space, re-routed within the hour to a
    civil-society refuge for women."""
    hub, t = d.hub, d.day(3, 16, 20)
    yield t
    case = d.open(
        "4-albergue-lleno",
        "fge",
        DetectionReport(
            detected_at=t - minutes(30),
            municipality="Solidaridad",
            indicators=["threats", "restricted_movement", "withheld_earnings"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=27,
            sex="female",
            nationality="CO",
            languages=["es"],
            in_custody=True,
            personal_data={"full_name": "Daniela Ficticia Muestra"},
        ),
    )
    yield (t := t + minutes(10))
    with d.by("fge"):  # the prosecutor found her: no notice to give
        hub.record_consent(
            case,
            ["iqm", REFUGE, "sesa"],
            ["shelter", "psychological", "medical"],
            informed_in="es",
            counted_in_statistics=True,
        )
        hub.offer_urgent_medical_care(case, "accepted")  # NOM-046, 6.4.2
        medical = hub.issue_referral(case, "sesa", "medical", urgency="urgent")
        first = hub.issue_referral(case, "iqm", "shelter", urgency="urgent")
    yield (t := t + minutes(35))
    with d.by("iqm"):
        hub.decline_referral(case, first.id, "no_capacity", detail="Refugio sin espacio hoy")
    with d.by("sesa"):
        hub.accept_referral(case, medical.id)
    yield (t := t + minutes(15))
    with d.by("fge"):
        second = hub.issue_referral(case, REFUGE, "shelter", urgency="urgent")
    yield (t := t + minutes(25))
    with d.by(REFUGE):
        hub.accept_referral(case, second.id)
    with d.by("fge"):
        handoff = hub.initiate_handoff(case, REFUGE, place="Fiscalía, Playa del Carmen")
    yield (t := t + minutes(50))
    with d.by(REFUGE):
        hub.acknowledge_handoff(case, handoff.id)
        hub.start_measure(case, "shelter", REFUGE, location="Refugio ficticio, Solidaridad")
    yield t + timedelta(days=1)
    with d.by(REFUGE):  # offered a referral to COMAR before anything else is decided
        hub.screen_for_protection(case, "declined", informed_in="es")


def consent_withdrawn(d: Demo) -> Steps:
    """5. Consent withdrawn, then an ARCO cancellation: IOM's access ends; after the case is
    closed she asks SEGOB's unit of transparency to cancel her data, which answers and carries
    it out within the terms of LGPDPPSO art. 51, destroying the case's key."""
    hub, t = d.hub, d.day(40, 12, 0)
    yield t
    case = d.open(
        "5-consentimiento-retirado",
        "ssc",
        DetectionReport(
            detected_at=t - minutes(45),
            municipality="Cozumel",
            indicators=["deceptive_recruitment", "document_retention"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=31,
            sex="female",
            nationality="VE",
            languages=["es"],
            personal_data={"full_name": "Rosa Ficticia Ejemplar", "contact": "Teléfono ficticio"},
        ),
    )
    yield (t := t + minutes(30))
    with d.by("ssc"):
        hub.notify_prosecutor(case, "fge")
        hub.offer_urgent_medical_care(case, "declined")  # offered (NOM-046); her choice
        hub.screen_for_protection(case, "declined", informed_in="es")
        hub.record_consent(case, ["oim", "iqm"], ["social_support", "psychological"])
        support = hub.issue_referral(case, "oim", "social_support")
        care = hub.issue_referral(case, "iqm", "psychological")
    yield (t := t + timedelta(hours=3))
    with d.by("oim"):
        hub.accept_referral(case, support.id)
    with d.by("iqm"):
        hub.accept_referral(case, care.id)
    yield (t := t + timedelta(days=10))
    with d.by("iqm"):
        hub.withdraw_consent(case, ["oim"])
    with d.by("ssc"):
        hub.withdraw_referral(case, support.id, "person_declined")
    yield (t := t + timedelta(days=5))
    with d.by("iqm"):
        hub.complete_referral(case, care.id)
    with d.by("ssc"):
        hub.close_case(case, "person_declined_services")
    # LGPDPPSO art. 51: answered within 20 business days of receipt, carried out within 15 of
    # the answer. Her request, not a retention period, is why her data is erased.
    yield (t := t + timedelta(days=3, hours=-4))
    with d.by("segob", Role.ADMIN):
        folio = hub.get_case(case).folio
        request = hub.receive_arco_request(folio, "cancellation", "holder", True, received_at=t)
    yield (t := t + timedelta(days=8))
    with d.by("segob", Role.ADMIN):
        hub.answer_arco_request(request.id, "granted", None)
    yield t + timedelta(days=4)
    with d.by("segob", Role.ADMIN):
        hub.carry_out_arco_request(request.id)
