"""Demo scenarios of children (2, 6, 7): every person here is invented.

Each follows the route (``docs/route.md``), but for what scenario 7 is there to show (a girl
held by migration, PPNNA told nine hours late): PPNNA notified at once (LGDNNA art. 12), the
notice to the prosecutor given by a public servant who learns of the case (CNPP art. 222),
urgent medical care offered after sexual exploitation (NOM-046-SSA2-2005, 6.4.2), an interpreter
of a language other than Yucatec Maya from INALI's register (INMAYA's is Yucatec Maya only).
"""

from __future__ import annotations

from datetime import timedelta

from demo.runner import Demo, Steps, minutes
from domain.actor import Role
from domain.hub_base import DetectionReport


def boy_in_chetumal(d: Demo) -> Steps:
    """2. An unaccompanied Guatemalan boy, about 15, at the Chetumal bus station."""
    hub, t = d.hub, d.day(6, 7, 30)
    yield t
    case = d.open(
        "2-terminal-chetumal",
        "ssc",
        DetectionReport(
            detected_at=t - minutes(10),
            municipality="Othón P. Blanco",
            indicators=["isolation", "third_party_control", "minor_working"],
            exploitation_forms=["labour"],
            age_group="child",
            estimated_age=15,
            sex="male",
            nationality="GT",
            languages=["es", "mam"],
            needs_interpreter=True,
            in_custody=True,
            personal_data={"full_name": "Niño Ficticio de Prueba", "aliases": ["el Chino"]},
        ),
    )
    yield (t := t + minutes(25))
    with d.by("ssc"):
        notice = hub.issue_referral(case, "ppnna", "child_protection", urgency="urgent")
        hub.notify_prosecutor(case, "fge")
    yield (t := t + minutes(20))
    with d.by("ppnna"):
        hub.accept_referral(case, notice.id)
        # He is told of PPNNA's representation in Mam, through an interpreter of INALI's
        # register on the telephone, while one comes in person.
        hub.record_consent(
            case,
            [],
            [],
            legal_basis="child_protection",
            informed_in="mam",
            interpreter=True,
            counted_in_statistics=True,
        )
        shelter = hub.issue_referral(case, "dif", "shelter", urgency="urgent")
        interpreter = hub.issue_referral(case, "inali", "interpretation", urgency="urgent")
        urgent = hub.start_measure(case, "urgent_protection_measure", "ppnna")
        # LGDNNA art. 122 fr. VII: notice at once to the prosecutor and the judge.
        hub.notify_urgent_measure(case, urgent.id, "prosecutor")
        hub.notify_urgent_measure(case, urgent.id, "judge")
    yield (t := t + minutes(30))
    with d.by("dif"):
        hub.accept_referral(case, shelter.id)
    with d.by("inali"):
        hub.accept_referral(case, interpreter.id)
    with d.by("ssc"):
        handoff = hub.initiate_handoff(case, "dif", place="Terminal de autobuses, Chetumal")
    yield (t := t + minutes(40))
    with d.by("dif"):
        hub.acknowledge_handoff(case, handoff.id)
        hub.start_measure(case, "shelter", "dif", location="Albergue ficticio del DIF, Chetumal")
    yield (t := t + timedelta(days=1))
    with d.by("ppnna"):
        hub.record_child_heard(case, interpreter=True)  # LGDNNA arts. 71-72
        hub.draw_up_restitution_plan(case)  # LGDNNA art. 123
        tracing = hub.issue_referral(case, "oim", "social_support", note="Búsqueda de familia")
        # Heard with the interpreter, he fears nothing at home and wants his family found: no
        # claim before COMAR, and the consulate may be told (LRPCAP; Reglamento, art. 22).
        hub.screen_for_protection(
            case, "declined", consular_notice="accepted", informed_in="mam", interpreter=True
        )
        hub.start_measure(case, "consular_notification", "ppnna")
    yield (t := t + timedelta(hours=6))
    with d.by("oim"):
        hub.accept_referral(case, tracing.id)
    yield (t := t + timedelta(days=2))
    with d.by("ppnna"):
        hub.assess_risk(case, "low", note="Familia localizada; sin riesgo en el lugar de origen")
        # A child returns only when PPNNA's best-interest determination says so.
        hub.determine_best_interest(case, "return_to_country_of_origin")
        hub.update_restitution_plan(case)
        going_home = hub.issue_referral(case, "oim", "assisted_return")
    yield t + timedelta(hours=5)
    with d.by("oim"):
        hub.accept_referral(case, going_home.id)


def runaway_teenager(d: Demo) -> Steps:
    """6. A teenager leaves a half-way house: whereabouts unknown, PPNNA and prosecutor alerted."""
    hub, t = d.hub, d.day(12, 18, 0)
    yield t
    case = d.open(
        "6-paradero-desconocido",
        "dif",
        DetectionReport(
            detected_at=t - minutes(20),
            municipality="Solidaridad",
            indicators=["signs_of_abuse", "third_party_control"],
            exploitation_forms=["sexual"],
            age_group="child",
            estimated_age=16,
            sex="female",
            nationality="MX",
            languages=["es"],
            in_custody=True,
            personal_data={"full_name": "Adolescente Ficticia Prueba"},
        ),
    )
    yield (t := t + minutes(15))
    with d.by("dif"):
        notice = hub.issue_referral(case, "ppnna", "child_protection", urgency="urgent")
        hub.notify_prosecutor(case, "fge")
        hub.offer_urgent_medical_care(case, "accepted")  # NOM-046, 6.4.2
        hub.start_measure(case, "shelter", "dif", location="Casa de medio camino")
    yield (t := t + minutes(30))
    with d.by("ppnna"):
        hub.accept_referral(case, notice.id)
        hub.record_consent(case, [], [], legal_basis="child_protection", counted_in_statistics=True)
    yield (t := t + timedelta(days=3))
    with d.by("ppnna"):
        hub.complete_referral(case, notice.id)
    yield (t := d.day(2, 22, 15))
    with d.by("dif"):
        hub.report_whereabouts_unknown(case, t - minutes(75), place="Salida lateral de la casa")
    yield (t := t + minutes(20))
    with d.by("dif"):
        alert = hub.issue_referral(case, "ppnna", "child_protection", urgency="urgent")
        investigation = hub.issue_referral(case, "fge", "investigation", urgency="urgent")
        search = hub.issue_referral(case, "ssc", "search", urgency="urgent", note="Señas")
    yield (t := t + minutes(15))
    with d.by("ppnna"):
        hub.accept_referral(case, alert.id)
    with d.by("ssc"):
        hub.accept_referral(case, search.id)
    with d.by("fge"):
        hub.accept_referral(case, investigation.id)
    yield (t := t + timedelta(hours=14))
    with d.by("ssc"):
        hub.report_located(case, custody_with="ssc", place="Parque central")
        back = hub.initiate_handoff(case, "dif", place="Casa de medio camino")
    yield t + minutes(50)
    with d.by("dif"):
        hub.acknowledge_handoff(case, back.id)


def held_by_migration(d: Demo) -> Steps:
    """7. A minor held by migration authorities; PPNNA notified nine hours after detection."""
    hub, t = d.hub, d.day(8, 5, 40)
    yield t
    case = d.open(
        "7-estacion-migratoria",
        "inm",
        DetectionReport(
            detected_at=t - minutes(20),
            municipality="Othón P. Blanco",
            indicators=["isolation", "deceptive_recruitment"],
            exploitation_forms=["labour"],
            age_group="child",
            estimated_age=14,
            sex="female",
            nationality="SV",
            languages=["es"],
            in_custody=True,
            personal_data={"full_name": "Niña Ficticia Ejemplo"},
        ),
    )
    yield (t := t + minutes(30))
    with d.by("inm"):
        held = hub.start_measure(case, "migration_detention", "inm", location="Estación migratoria")
    yield (t := d.day(8, 5, 20) + timedelta(hours=9))
    with d.by("inm"):
        notice = hub.issue_referral(case, "ppnna", "child_protection", urgency="urgent")
    yield (t := t + minutes(40))
    with d.by("ppnna"):
        hub.accept_referral(case, notice.id)
        hub.record_consent(case, [], [], legal_basis="child_protection", counted_in_statistics=True)
        hub.notify_prosecutor(case, "fge")  # the notice PPNNA gives once it learns of her
    with d.by("inm"):
        handoff = hub.initiate_handoff(case, "dif", place="Estación migratoria")
    yield (t := t + timedelta(hours=1))
    with d.by("dif"):
        hub.acknowledge_handoff(case, handoff.id)
    with d.by("inm"):
        hub.end_measure(case, held.id, "transferred")
    yield (t := t + timedelta(days=3))
    with d.by("cdheqroo", Role.COMMISSION):
        observation = hub.issue_observation(
            case,
            "inm",
            "La niña permaneció en la estación migratoria y la PPNNA fue notificada 9 h después.",
        )
    yield t + timedelta(days=4)
    with d.by("inm"):
        hub.answer_observation(case, observation.id, "Se instruyó notificar a PPNNA de inmediato.")
