"""Every write route of a case, and the case each is tried on, for the write-rules matrix.

The case is scenario 1 a few hours in (or, with ``child``, the same route for a boy of 15):
SEDETUR detected the person and handed custody to DIF, which leads the case; Salud serves under
an accepted referral, and so does the education secretariat (which need not know the case is
about trafficking); CEAVEQROO has a referral pending; IOM declined one; INMAYA interprets, a
measure DIF recorded for it; in a child's case PPNNA was notified, accepted, and represents
him. The steps are taken through the hub (fast), each by the agency that would take it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.actor import Actor, Role
from domain.hub import Hub
from tests.builders import open_adult, open_child

CONSENTED = ["dif", "sesa", "ceaveqroo", "oim", "inmaya", "sebien", "fge", "ssc", "seq"]
PURPOSES = ["shelter", "medical", "psychological", "social_support", "interpretation", "legal"]
PURPOSES += ["investigation", "escort", "education"]
# A measure each agency that may record its own provides (psychological care for the others).
OWN_MEASURE = {"sesa": "medical_care", "seq": "reintegration_support"}


def by(agency: str, role: Role = Role.CASEWORKER) -> Actor:
    return Actor(agency, f"{agency}-{role}-fixture", frozenset({role}))


@dataclass(frozen=True)
class Case:
    """The case and the ids a route's path names."""

    case_id: UUID
    child: bool
    ids: dict[str, str] = field(default_factory=dict)


def build_case(hub: Hub, *, child: bool) -> Case:
    open_case = open_child if child else open_adult
    case_id = open_case(hub, by=by("sedetur"))
    if child:  # PPNNA is notified at once and, as his legal representative, consents for him
        with hub.acting_as(by("sedetur")):
            notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with hub.acting_as(by("ppnna")):
            hub.accept_referral(case_id, notice.id)
            hub.record_consent(case_id, CONSENTED, PURPOSES)
    else:
        with hub.acting_as(by("sedetur")):
            hub.record_consent(case_id, CONSENTED, PURPOSES, informed_in="es")
    with hub.acting_as(by("sedetur")):
        shelter = hub.issue_referral(case_id, "dif", "shelter", urgency="urgent")
        medical = hub.issue_referral(case_id, "sesa", "medical")
        schooling = hub.issue_referral(case_id, "seq", "education")
        pending = hub.issue_referral(case_id, "ceaveqroo", "psychological")
        support = hub.issue_referral(case_id, "oim", "social_support")
        handoff = hub.initiate_handoff(case_id, "dif")
    for agency, referral in (("dif", shelter), ("sesa", medical), ("seq", schooling)):
        with hub.acting_as(by(agency)):
            hub.accept_referral(case_id, referral.id)
    with hub.acting_as(by("oim")):
        hub.decline_referral(case_id, support.id, "no_capacity")
    with hub.acting_as(by("dif")):
        hub.acknowledge_handoff(case_id, handoff.id)
        provided = hub.start_measure(case_id, "interpretation", "inmaya")
    ids = {"pending": pending.id, "accepted": medical.id, "shelter": shelter.id}
    ids |= {"schooling": schooling.id}
    ids |= {"provided": provided.id, **({"notice": notice.id} if child else {})}
    return Case(case_id, child, {name: str(value) for name, value in ids.items()})


# Steps some routes need first, each taken by the agency that would take it.


def hand_to_sesp(hub: Hub, case: Case) -> None:
    with hub.acting_as(by("dif")):
        case.ids["handoff"] = str(hub.initiate_handoff(case.case_id, "ssc").id)


def release(hub: Hub, case: Case) -> None:
    if not case.child:  # a child is never released to nobody: DIF keeps him
        with hub.acting_as(by("dif")):
            hub.release_custody(case.case_id, "voluntary_departure")


def missing(hub: Hub, case: Case) -> None:
    with hub.acting_as(by("dif")):
        hub.report_whereabouts_unknown(case.case_id, hub.clock() - timedelta(minutes=5))


def settle(hub: Hub, case: Case) -> None:
    """Everything open is closed, so that the case may be closed."""
    steps = [("ceaveqroo", "decline", "pending"), ("sesa", "complete", "accepted")]
    steps += [("seq", "complete", "schooling")]
    steps += [("dif", "complete", "shelter")] + ([("ppnna", "complete", "notice")] * case.child)
    for agency, step, referral in steps:
        with hub.acting_as(by(agency)):
            referral_id = UUID(case.ids[referral])
            if step == "decline":
                hub.decline_referral(case.case_id, referral_id, "no_capacity")
            else:
                hub.complete_referral(case.case_id, referral_id)
    with hub.acting_as(by("inmaya")):
        hub.end_measure(case.case_id, UUID(case.ids["provided"]), "completed")


def close(hub: Hub, case: Case) -> None:
    with hub.acting_as(by("dif")):
        hub.close_case(case.case_id, "reintegrated")


def observe_dif(hub: Hub, case: Case) -> None:
    with hub.acting_as(by("cdheqroo", Role.COMMISSION)):
        observation = hub.issue_observation(case.case_id, "dif", "Observación ficticia")
    case.ids["observation"] = str(observation.id)


# Who may make each write, by their part in the case.

ATTENDING = frozenset({"custodian", "serving", "legal_representative"})
LEADING = frozenset({"custodian", "legal_representative"})
INVOLVED = frozenset({"detected", "detected_supervisor", "pending", "declined", "provider"})
INVOLVED |= ATTENDING | {"serving_unaware"}
UNINVOLVED = frozenset({"uninvolved", "uninvolved_supervisor"})
ROLES = frozenset({"commission", "auditor", "admin"})


@dataclass(frozen=True)
class Write:
    """A write route (under ``/cases/{id}/``), who may make it, and what everyone else gets.

    ``refusal`` is the error of an involved caseworker that may not; ``by_role`` writes are
    refused for the caller's role before the case is looked at. ``odd`` names the outcome of
    callers allowed by their part but refused by another rule."""

    path: str
    body: dict[str, Any] | None
    allowed: Collection[str]
    refusal: str = ""
    setup: tuple[Callable[[Hub, Case], None], ...] = ()
    status: int = 200
    by_role: bool = False
    odd: dict[str, str] = field(default_factory=dict)

    def expected(self, caller: str) -> str:
        if caller in self.odd:
            return self.odd[caller]
        if caller in self.allowed:
            return str(self.status)
        if self.by_role or caller in ROLES:
            return "403 role_required"
        if caller in UNINVOLVED:
            return "404 case_not_found"  # it may not learn that the case exists
        return f"403 {self.refusal}"


NOT_ATTENDING = "not_attending_the_person"
NOTHING_OF_ITS_OWN = "422 nothing_to_withdraw"  # allowed, but no consent names it
ROUTES = {
    "issue_referral": Write(
        "referrals", {"to_agency": "ceaveqroo", "service": "legal"}, ATTENDING, NOT_ATTENDING,
        status=201,
    ),
    "accept_referral": Write("referrals/{pending}/accept", None, {"pending"}, "not_the_addressee"),
    "decline_referral": Write(
        "referrals/{pending}/decline", {"reason": "no_capacity"}, {"pending"}, "not_the_addressee"
    ),
    "withdraw_referral": Write(
        "referrals/{pending}/withdraw", {"reason": "no_longer_needed"},
        {"detected", "detected_supervisor"}, "not_the_sender",
    ),
    "complete_referral": Write(
        "referrals/{accepted}/complete", None, {"serving"}, "not_the_addressee"
    ),
    "initiate_handoff": Write(
        "handoffs", {"to_agency": "fge"}, {"custodian"}, "not_the_custodian", status=201
    ),
    "acknowledge_handoff": Write(
        "handoffs/{handoff}/acknowledge", None, {"receiving"}, "not_the_receiver",
        setup=(hand_to_sesp,),
    ),
    "refuse_handoff": Write(
        "handoffs/{handoff}/refuse", {"reason": "no_capacity"}, {"receiving"}, "not_the_receiver",
        setup=(hand_to_sesp,),
    ),
    "assume_custody": Write(
        "custody/assume", None, ATTENDING, NOT_ATTENDING, setup=(release,),
        odd={
            "serving": "422 cannot_hold_custody",  # Salud holds nobody
            "legal_representative": "422 already_in_custody",  # DIF keeps the child
        },
    ),
    "release_custody": Write(
        "custody/release", {"reason": "voluntary_departure"}, {"custodian"}, "not_the_custodian"
    ),
    "whereabouts_unknown": Write(
        "whereabouts/unknown", {"last_seen_at": "{last_seen}"}, ATTENDING, NOT_ATTENDING
    ),
    "whereabouts_located": Write(
        "whereabouts/located", {}, ATTENDING, NOT_ATTENDING, setup=(missing,)
    ),
    "start_own_measure": Write(
        "measures", {"kind": "{own_measure}", "provider": "{agency}"},
        ATTENDING | {"serving_unaware"}, NOT_ATTENDING, status=201,
    ),
    "start_measure_for_another": Write(
        "measures", {"kind": "reintegration_support", "provider": "sebien"}, LEADING,
        NOT_ATTENDING, status=201,
        odd=dict.fromkeys(("serving", "serving_unaware"), "403 own_measures_only"),
    ),
    "end_measure": Write(
        "measures/{provided}/end", {"reason": "completed"}, {"provider", "custodian"},
        "not_the_provider",
    ),
    "record_consent": Write(
        "consents", {"agencies": ["seq"], "purposes": ["education"]}, ATTENDING, NOT_ATTENDING
    ),
    "withdraw_consent": Write(
        "consents/withdraw", {"agencies": ["sebien"]}, ATTENDING, NOT_ATTENDING
    ),
    "withdraw_own_consent": Write(
        "consents/withdraw", {"agencies": ["{agency}"]}, INVOLVED,
        odd=dict.fromkeys(
            ("detected", "detected_supervisor", "legal_representative"), NOTHING_OF_ITS_OWN
        ),
    ),
    "complaint_decision": Write(
        "complaint-decisions", {"decision": "deferred"}, ATTENDING, NOT_ATTENDING
    ),
    "urgent_medical_care": Write(
        "urgent-medical-care", {"answer": "declined"}, ATTENDING, NOT_ATTENDING
    ),
    "assess_age": Write(
        "age-assessments", {"age_group": "adult", "method": "document"}, LEADING, "not_the_lead"
    ),
    "assess_risk": Write("risk-assessments", {"level": "high"}, ATTENDING, NOT_ATTENDING),
    "amend_personal_data": Write(
        "personal-data", {"personal_data": {"contact": "Ficticio"}}, LEADING, "not_the_lead"
    ),
    "erase_personal_data": Write(
        "personal-data/erase", {"reason": "arco_cancellation"}, {"admin"}, by_role=True
    ),
    "close": Write(
        "close", {"reason": "reintegrated"}, LEADING, "not_the_lead", setup=(settle,)
    ),
    "reopen": Write(
        "reopen", {"reason": "new_information"}, LEADING, "not_the_lead", setup=(settle, close)
    ),
    "observe": Write(
        "observations", {"concerning": "dif", "text": "Observación ficticia"}, {"commission"},
        status=201, by_role=True,
    ),
    "answer_observation": Write(
        "observations/{observation}/answer", {"text": "Respuesta ficticia"}, {"custodian"},
        "not_the_agency_concerned", setup=(observe_dif,),
    ),
}  # fmt: skip
