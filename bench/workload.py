"""The benchmarks' fictitious, realistic data: detections, accounts and a case's first commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from domain.actor import Actor
from domain.hub import Hub
from domain.hub_base import DetectionReport

# Accounts of agencies from the Quintana Roo catalogue; the names are invented.
SEDETUR = Actor("sedetur", "insp-sedetur-01")
SSC = Actor("ssc", "policia-ssc-07")
DIF = Actor("dif", "cat-dif-02")
PPNNA = Actor("ppnna", "procu-ppnna-01")


def adult_report(now: datetime) -> DetectionReport:
    """An adult Honduran woman in a Cancún bar, found by tourism inspectors."""
    return DetectionReport(
        detected_at=now - timedelta(hours=1),
        municipality="Benito Juárez",
        indicators=["document_retention", "restricted_movement"],
        exploitation_forms=["sexual"],
        age_group="adult",
        estimated_age=24,
        sex="female",
        nationality="HN",
        languages=["es"],
        in_custody=True,
        personal_data={
            "full_name": "Marisol Ejemplo Ficticia",
            "date_of_birth": "2002-03-14",
            "documents": ["Pasaporte HN F0000000"],
            "narrative": "Relato ficticio de prueba sobre el bar.",
        },
    )


def child_report(now: datetime) -> DetectionReport:
    """An unaccompanied Guatemalan boy, about 15, at the Chetumal bus station."""
    return DetectionReport(
        detected_at=now - timedelta(minutes=20),
        municipality="Othón P. Blanco",
        indicators=["isolation", "third_party_control"],
        exploitation_forms=["labour"],
        age_group="child",
        estimated_age=15,
        sex="male",
        nationality="GT",
        languages=["es", "mam"],
        needs_interpreter=True,
        in_custody=True,
        personal_data={"full_name": "Niño Ficticio Prueba"},
    )


@dataclass(frozen=True)
class Detector:
    """Who reports a detection, and what."""

    by: Actor
    report: Callable[[datetime], DetectionReport]


# Detections alternate: an adult found by SEDETUR, then a child found by SSC.
DETECTIONS = (Detector(SEDETUR, adult_report), Detector(SSC, child_report))


@dataclass
class CaseInProgress:
    """An open case and the ids of the referrals and handoffs its path has created so far."""

    case_id: UUID
    path: tuple[Step, ...]
    ids: dict[str, UUID] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One command of a path: the account that gives it, and the hub call."""

    name: str
    by: Actor
    run: Callable[[Hub, CaseInProgress], object]


def _issue(
    to: str, service: str, key: str, **options: str
) -> Callable[[Hub, CaseInProgress], object]:
    def run(hub: Hub, case: CaseInProgress) -> object:
        case.ids[key] = hub.issue_referral(case.case_id, to, service, **options).id
        return case.ids[key]

    return run


def _handoff(to: str, place: str) -> Callable[[Hub, CaseInProgress], object]:
    def run(hub: Hub, case: CaseInProgress) -> object:
        case.ids["handoff"] = hub.initiate_handoff(case.case_id, to, place=place).id
        return case.ids["handoff"]

    return run


# Every step appends exactly one event; half of them seal a free text (a note, a place), which
# reads the case's key from the key store as a real request would.
ADULT_PATH = (
    Step(
        "record consent",
        SEDETUR,
        lambda hub, c: hub.record_consent(
            c.case_id, ["dif", "sesa", "iqm"], ["shelter", "medical", "legal"], "es"
        ),
    ),
    Step(
        "assess risk",
        SEDETUR,
        lambda hub, c: hub.assess_risk(c.case_id, "medium", note="Refiere amenazas del encargado."),
    ),
    Step("issue referral", SEDETUR, _issue("dif", "shelter", "shelter", note="Cupo para hoy")),
    Step("accept referral", DIF, lambda hub, c: hub.accept_referral(c.case_id, c.ids["shelter"])),
    Step("initiate handoff", SEDETUR, _handoff("dif", "Oficina de SEDETUR, Cancún")),
    Step(
        "acknowledge handoff",
        DIF,
        lambda hub, c: hub.acknowledge_handoff(c.case_id, c.ids["handoff"]),
    ),
    Step(
        "start measure",
        DIF,
        lambda hub, c: hub.start_measure(c.case_id, "shelter", "dif", location="CAT Cancún"),
    ),
    Step("issue referral", DIF, _issue("sesa", "medical", "medical")),
)

# A child's consent is given by PPNNA, the legal representative, once it has taken the case.
CHILD_PATH = (
    Step(
        "issue referral",
        SSC,
        _issue("ppnna", "child_protection", "ppnna", urgency="urgent", note="No acompañado"),
    ),
    Step("accept referral", PPNNA, lambda hub, c: hub.accept_referral(c.case_id, c.ids["ppnna"])),
    Step(
        "record consent",
        PPNNA,
        lambda hub, c: hub.record_consent(
            c.case_id, ["dif"], ["shelter"], "mam", interpreter=True, legal_basis="child_protection"
        ),
    ),
    Step(
        "assess risk",
        SSC,
        lambda hub, c: hub.assess_risk(
            c.case_id, "high", note="Lo esperaba un adulto en la central."
        ),
    ),
    Step("initiate handoff", SSC, _handoff("dif", "Central de autobuses de Chetumal")),
    Step(
        "acknowledge handoff",
        DIF,
        lambda hub, c: hub.acknowledge_handoff(c.case_id, c.ids["handoff"]),
    ),
    Step(
        "start measure",
        DIF,
        lambda hub, c: hub.start_measure(c.case_id, "shelter", "dif", location="CAT Chetumal"),
    ),
    Step("issue referral", DIF, _issue("sesa", "medical", "medical")),
)

PATHS = (ADULT_PATH, CHILD_PATH)  # in the order of DETECTIONS
