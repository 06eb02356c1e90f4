"""Demo scenarios of adults (1, 3, 4, 5): every person here is invented."""

from __future__ import annotations

from datetime import timedelta

from demo.runner import Demo, Steps, minutes
from domain.actor import Role
from domain.hub_base import DetectionReport


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
        hub.record_consent(
            case,
            ["iqm", "dif", "sesa"],
            ["shelter", "psychological", "legal", "medical", "social_support"],
            informed_in="es",
            counted_in_statistics=True,
        )
        hub.record_complaint_decision(case, "declined")
        shelter = hub.issue_referral(case, "dif", "shelter", urgency="urgent")
        care = hub.issue_referral(case, "iqm", "psychological")
        medical = hub.issue_referral(case, "sesa", "medical")
    yield (t := t + minutes(20))
    with d.by("dif"):
        hub.accept_referral(case, shelter.id)
    yield (t := t + minutes(10))
    with d.by("sedetur"):
        handoff = hub.initiate_handoff(case, "dif", place="Oficina de verificación, zona hotelera")
    yield (t := t + minutes(45))
    with d.by("dif"):
        hub.acknowledge_handoff(case, handoff.id)
        hub.start_measure(case, "shelter", "dif", location="Centro de Asistencia Temporal")
    yield (t := t + timedelta(hours=9))
    with d.by("iqm"):
        hub.accept_referral(case, care.id)
    with d.by("sesa"):
        hub.accept_referral(case, medical.id)
    yield (t := t + timedelta(hours=3))
    with d.by("sesa"):
        exam = hub.start_measure(case, "medical_care", "sesa")
    yield (t := t + timedelta(hours=2))
    with d.by("sesa"):
        hub.end_measure(case, exam.id, "completed")
        hub.complete_referral(case, medical.id)
    yield (t := t + timedelta(days=2))
    with d.by("dif"):  # she now agrees that IOM helps her
        hub.record_consent(case, ["oim"], ["social_support", "migration"], informed_in="es")
        support = hub.issue_referral(case, "oim", "social_support")
    yield (t := t + timedelta(hours=5))
    with d.by("oim"):
        hub.accept_referral(case, support.id)
    yield (t := t + timedelta(days=3))
    with d.by("dif"):  # she decides to file; the prosecutor gains access only now
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
    for i, case in enumerate(cases):
        yield (t := t + minutes(12))
        with d.by("styps"):
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
            hub.issue_referral(case, "ceaveqroo", "legal")
            hub.issue_referral(case, "fge", "investigation")


def shelter_full(d: Demo) -> Steps:
    """4. The shelter is full: declined for lack of space, re-routed to DIF within the day."""
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
    with d.by("fge"):
        hub.record_consent(
            case,
            ["iqm", "dif"],
            ["shelter", "psychological"],
            informed_in="es",
            counted_in_statistics=True,
        )
        first = hub.issue_referral(case, "iqm", "shelter", urgency="urgent")
    yield (t := t + minutes(35))
    with d.by("iqm"):
        hub.decline_referral(case, first.id, "no_capacity", detail="Refugio sin espacio hoy")
    yield (t := t + minutes(15))
    with d.by("fge"):
        second = hub.issue_referral(case, "dif", "shelter", urgency="urgent")
    yield (t := t + minutes(25))
    with d.by("dif"):
        hub.accept_referral(case, second.id)
    with d.by("fge"):
        handoff = hub.initiate_handoff(case, "dif", place="Fiscalía, Playa del Carmen")
    yield t + minutes(50)
    with d.by("dif"):
        hub.acknowledge_handoff(case, handoff.id)
        hub.start_measure(case, "shelter", "dif", location="Centro de Asistencia Temporal")


def consent_withdrawn(d: Demo) -> Steps:
    """5. Consent withdrawn and an ARCO cancellation: IOM's access ends, the key is destroyed."""
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
    yield t + timedelta(days=20)  # the ARCO cancellation, at the end of the retention period
    with d.by("segob", Role.ADMIN):
        hub.erase_personal_data(case, "arco_cancellation")
