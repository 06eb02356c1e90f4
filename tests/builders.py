"""Builders of fictitious, realistic test data: agencies from the catalogue, invented people."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.actor import Actor, Role
from domain.hub import Hub
from domain.hub_base import DetectionReport

SEDETUR = Actor("sedetur", "insp-sedetur-01")
SSC = Actor("ssc", "policia-ssc-07")
STYPS = Actor("styps", "insp-styps-03")
DIF = Actor("dif", "cat-dif-02")
PPNNA = Actor("ppnna", "procu-ppnna-01")
FGE = Actor("fge", "mp-fge-04")
IQM = Actor("iqm", "iqm-05")
SESA = Actor("sesa", "salud-06")
OIM = Actor("oim", "oim-01")
INM = Actor("inm", "inm-01")
SEQ = Actor("seq", "seq-01")
COMMISSION = Actor("cdheqroo", "visitaduria-01", frozenset({Role.COMMISSION}))
SEGOB = Actor("segob", "st-segob-01")
ADMIN = Actor("segob", "admin-01", frozenset({Role.ADMIN}))


def adult_report(now: datetime, **changes: Any) -> DetectionReport:
    """Scenario 1: an adult Honduran woman in a Cancún bar, found by tourism inspectors."""
    report = DetectionReport(
        detected_at=now - timedelta(hours=1),
        municipality="Benito Juárez",
        indicators=["document_retention", "restricted_movement"],
        exploitation_forms=["sexual"],
        age_group="adult",
        estimated_age=24,
        sex="female",
        nationality="HN",
        languages=["es"],
        needs_interpreter=False,
        in_custody=True,
        personal_data={
            "full_name": "Marisol Ejemplo Ficticia",
            "date_of_birth": "2002-03-14",
            "documents": ["Pasaporte HN F0000000"],
            "narrative": "Relato ficticio de prueba sobre el bar.",
        },
    )
    return replace(report, **changes)


def child_report(now: datetime, **changes: Any) -> DetectionReport:
    """Scenario 2: an unaccompanied Guatemalan boy, about 15, at the Chetumal bus station."""
    report = DetectionReport(
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
    return replace(report, **changes)


def open_adult(hub: Hub, *, by: Actor = SEDETUR, **changes: Any) -> UUID:
    with hub.acting_as(by):
        return hub.open_case(adult_report(hub.clock(), **changes)).case_id


def open_child(hub: Hub, *, by: Actor = SSC, **changes: Any) -> UUID:
    with hub.acting_as(by):
        return hub.open_case(child_report(hub.clock(), **changes)).case_id


def referred_to_dif(hub: Hub, *, custody: bool = True) -> UUID:
    """Scenario 1 along the route: detected by SEDETUR, referred to DIF with a note under
    consent, accepted; with ``custody``, handed to DIF (a place given), which acknowledges."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        referral = hub.issue_referral(case_id, "dif", "shelter", note="Albergue de la calle")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
    if custody:
        with hub.acting_as(SEDETUR):
            handoff = hub.initiate_handoff(case_id, "dif", place="Calle Falsa 123")
        with hub.acting_as(DIF):
            hub.acknowledge_handoff(case_id, handoff.id)
    return case_id
