"""Every stored name, every name of an earlier release and every public type, as literals.

A change to any of them changes what stores hold or what agencies' systems receive: it must be a
deliberate, reviewed change of this file, with an upcaster or an alias, never a side effect of
moving or renaming a class.
"""

from __future__ import annotations

import pytest
from eventsourcing.domain import CanMutateAggregate, _created_event_classes, decorated_func_callers
from eventsourcing.utils import get_topic, resolve_topic

from domain import custody_chain, statistics
from domain.accounts import Account, Credential
from domain.arco import ArcoRequest
from domain.case import Case
from domain.disclosure import Disclosure
from domain.event_folds import Fold
from domain.folio import Folio
from domain.idempotency import CommandRecord
from domain.logins import Login
from domain.review_rules_case import CaseFacts
from domain.review_rules_children import ChildRules
from domain.review_rules_custody import CustodyRules
from domain.review_rules_followup import FollowUpRules
from domain.review_rules_prosecutor import ProsecutorRules
from domain.review_rules_referrals import ReferralRules
from domain.sessions import PersonSession
from domain.sign_in_guard import SignInGuard
from domain.stored_names import STORED_NAMES, public_type, topics_of

AGGREGATES = (
    Case,
    Account,
    Credential,
    Folio,
    Disclosure,
    CommandRecord,
    PersonSession,
    Login,
    SignInGuard,
    ArcoRequest,
)

# (stored name, public type, the topic release 0.1.0 stored it under, if it did)
NAMES = [
    ("ruta.case:Case", None, "domain.case:Case"),
    ("ruta.case:CaseOpened", "case_opened", "domain.case:Case.CaseOpened"),
    ("ruta.case:AgeAssessed", "age_assessed", "domain.case:Case.AgeAssessed"),
    ("ruta.case:RiskAssessed", "risk_assessed", "domain.case:Case.RiskAssessed"),
    (
        "ruta.case:PersonalDataAmended",
        "personal_data_amended",
        "domain.case:Case.PersonalDataAmended",
    ),
    ("ruta.case:PersonalDataErased", "personal_data_erased", "domain.case:Case.PersonalDataErased"),
    ("ruta.case:CaseClosed", "case_closed", "domain.case:Case.CaseClosed"),
    ("ruta.case:CaseReopened", "case_reopened", "domain.case:Case.CaseReopened"),
    (
        "ruta.case:ConsentRecorded",
        "consent_recorded",
        "domain.case_consent:CaseConsent.ConsentRecorded",
    ),
    (
        "ruta.case:ConsentWithdrawn",
        "consent_withdrawn",
        "domain.case_consent:CaseConsent.ConsentWithdrawn",
    ),
    (
        "ruta.case:ComplaintDecisionRecorded",
        "complaint_decision_recorded",
        "domain.case_consent:CaseConsent.ComplaintDecisionRecorded",
    ),
    (
        "ruta.case:ConsentOverridden",
        "consent_overridden",
        "domain.case_consent:CaseConsent.ConsentOverridden",
    ),
    (
        "ruta.case:ReferralIssued",
        "referral_issued",
        "domain.case_referrals:CaseReferrals.ReferralIssued",
    ),
    (
        "ruta.case:ReferralAccepted",
        "referral_accepted",
        "domain.case_referrals:CaseReferrals.ReferralAccepted",
    ),
    (
        "ruta.case:ReferralDeclined",
        "referral_declined",
        "domain.case_referrals:CaseReferrals.ReferralDeclined",
    ),
    (
        "ruta.case:ReferralWithdrawn",
        "referral_withdrawn",
        "domain.case_referrals:CaseReferrals.ReferralWithdrawn",
    ),
    (
        "ruta.case:ReferralCompleted",
        "referral_completed",
        "domain.case_referrals:CaseReferrals.ReferralCompleted",
    ),
    (
        "ruta.case:CustodyHandoffInitiated",
        "custody_handoff_initiated",
        "domain.case_custody:CaseCustody.CustodyHandoffInitiated",
    ),
    (
        "ruta.case:CustodyHandoffAcknowledged",
        "custody_handoff_acknowledged",
        "domain.case_custody:CaseCustody.CustodyHandoffAcknowledged",
    ),
    (
        "ruta.case:CustodyHandoffRefused",
        "custody_handoff_refused",
        "domain.case_custody:CaseCustody.CustodyHandoffRefused",
    ),
    (
        "ruta.case:CustodyAssumed",
        "custody_assumed",
        "domain.case_custody:CaseCustody.CustodyAssumed",
    ),
    (
        "ruta.case:CustodyReleased",
        "custody_released",
        "domain.case_custody:CaseCustody.CustodyReleased",
    ),
    (
        "ruta.case:WhereaboutsUnknownReported",
        "whereabouts_unknown_reported",
        "domain.case_custody:CaseCustody.WhereaboutsUnknownReported",
    ),
    ("ruta.case:PersonLocated", "person_located", "domain.case_custody:CaseCustody.PersonLocated"),
    (
        "ruta.case:ProtectionMeasureStarted",
        "protection_measure_started",
        "domain.case_measures:CaseMeasures.ProtectionMeasureStarted",
    ),
    (
        "ruta.case:ProtectionMeasureEnded",
        "protection_measure_ended",
        "domain.case_measures:CaseMeasures.ProtectionMeasureEnded",
    ),
    (
        "ruta.case:ObservationIssued",
        "observation_issued",
        "domain.case_review:CaseReview.ObservationIssued",
    ),
    (
        "ruta.case:ObservationAnswered",
        "observation_answered",
        "domain.case_review:CaseReview.ObservationAnswered",
    ),
    # New in issue 14 (the route as the law has it): no earlier release stored them, no alias.
    ("ruta.case:UrgentMedicalCareOffered", "urgent_medical_care_offered"),
    ("ruta.case:ProsecutorNotified", "prosecutor_notified"),
    ("ruta.case:RestitutionPlanDrawnUp", "restitution_plan_drawn_up"),
    ("ruta.case:RestitutionPlanUpdated", "restitution_plan_updated"),
    ("ruta.case:RestitutionPlanConcluded", "restitution_plan_concluded"),
    ("ruta.case:BestInterestDetermined", "best_interest_determined"),
    ("ruta.case:UrgentMeasureNotified", "urgent_measure_notified"),
    ("ruta.case:ChildHeard", "child_heard"),
    ("ruta.case:ReturnRequestedByPerson", "return_requested_by_person"),
    ("ruta.case:InternationalProtectionScreened", "international_protection_screened"),
    ("ruta.account:Account", None, "domain.accounts:Account"),
    ("ruta.account:AccountOpened", "account_opened", "domain.accounts:Account.AccountOpened"),
    ("ruta.account:RoleGranted", "role_granted", "domain.accounts:Account.RoleGranted"),
    ("ruta.account:RoleRevoked", "role_revoked", "domain.accounts:Account.RoleRevoked"),
    ("ruta.account:TokenIssued", "token_issued", "domain.accounts:Account.TokenIssued"),
    ("ruta.account:TokenRevoked", "token_revoked", "domain.accounts:Account.TokenRevoked"),
    (
        "ruta.account:AccountSuspended",
        "account_suspended",
        "domain.accounts:Account.AccountSuspended",
    ),
    ("ruta.credential:Credential", None, "domain.accounts:Credential"),
    (
        "ruta.credential:CredentialIssued",
        "credential_issued",
        "domain.accounts:Credential.CredentialIssued",
    ),
    ("ruta.credential:TokenUsed", "token_used"),
    ("ruta.folio:Folio", None, "domain.folio:Folio"),
    ("ruta.folio:Assigned", "assigned", "domain.folio:Folio.Assigned"),
    ("ruta.disclosure:Disclosure", None, "domain.disclosure:Disclosure"),
    (
        "ruta.disclosure:PersonalDataDisclosed",
        "personal_data_disclosed",
        "domain.disclosure:Disclosure.PersonalDataDisclosed",
    ),
    ("ruta.command:CommandRecord", None, "domain.idempotency:CommandRecord"),
    (
        "ruta.command:CommandRecorded",
        "command_recorded",
        "domain.idempotency:CommandRecord.CommandRecorded",
    ),
    # New in 0.3.0, so no release before stored them under another name.
    ("ruta.session:PersonSession", None),
    ("ruta.session:SignedIn", "signed_in"),
    ("ruta.session:SignedOut", "signed_out"),
    # People's sign-in, new in 0.3.0 too.
    ("ruta.account:LoginAssigned", "login_assigned"),
    ("ruta.account:EnrolmentIssued", "enrolment_issued"),
    ("ruta.account:PasswordChosen", "password_chosen"),
    ("ruta.account:Enrolled", "enrolled"),
    ("ruta.account:SecondFactorUsed", "second_factor_used"),
    ("ruta.login:Login", None),
    ("ruta.login:Reserved", "login_reserved"),
    ("ruta.sign_in_guard:SignInGuard", None),
    ("ruta.sign_in_guard:GuardStarted", "guard_started"),
    ("ruta.sign_in_guard:SignInFailed", "sign_in_failed"),
    ("ruta.sign_in_guard:FailureCounted", "failure_counted"),
    ("ruta.sign_in_guard:GuardCleared", "guard_cleared"),
    # ARCO requests (issue 14), new: no earlier release stored them.
    ("ruta.arco:ArcoRequest", None),
    ("ruta.arco:ArcoRequestReceived", "arco_request_received"),
    ("ruta.arco:ArcoRequestExtended", "arco_request_extended"),
    ("ruta.arco:ArcoRequestAnswered", "arco_request_answered"),
    ("ruta.arco:ArcoRequestCarriedOut", "arco_request_carried_out"),
]


def test_every_stored_name_alias_and_public_type_is_the_listed_one() -> None:
    assert [(e.name, e.public_type, *e.aliases) for e in STORED_NAMES] == NAMES


def test_every_name_and_every_alias_reads_as_its_class() -> None:
    for entry in STORED_NAMES:
        assert get_topic(entry.cls) == entry.name
        assert topics_of(entry.cls) == (entry.name, *entry.aliases)
        for topic in topics_of(entry.cls):
            assert resolve_topic(topic) is entry.cls, topic


def triggered(aggregate: type) -> set[type]:
    """The event classes the aggregate's commands make: what its stores can hold. Each part's
    opening class is left out: the aggregate is opened by its own."""
    parts = {c for c in aggregate.__mro__ if c.__module__.startswith("domain.")}
    openings = {c for classes in _created_event_classes.values() for c in classes}
    made = {
        cls
        for cls in decorated_func_callers.values()
        if cls not in openings and any(vars(part).get(cls.__name__) is cls for part in parts)
    }
    return made | set(_created_event_classes[aggregate])


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.__name__)
def test_every_event_an_aggregate_stores_has_its_own_name_in_the_table(aggregate: type) -> None:
    named = {entry.cls for entry in STORED_NAMES}
    assert aggregate in named
    assert "TOPIC" in vars(aggregate)
    for cls in triggered(aggregate):
        assert cls in named, f"{cls.__qualname__} has no stored name in domain/stored_names.py"
        assert vars(cls)["TOPIC"] == get_topic(cls), cls.__qualname__


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.__name__)
def test_no_event_class_of_an_aggregate_inherits_a_name(aggregate: type) -> None:
    for part in [c for c in aggregate.__mro__ if c.__module__.startswith("domain.")]:
        for value in vars(part).values():
            if isinstance(value, type) and issubclass(value, CanMutateAggregate):
                assert "TOPIC" in vars(value), value.__qualname__


def test_the_public_type_of_an_event_is_its_entry_in_the_table() -> None:
    assert public_type(Case.CaseOpened) == "case_opened"
    with pytest.raises(KeyError):
        public_type(Case)  # an aggregate is stored, but agencies never receive one


FOLDS: list[type[Fold]] = [
    CaseFacts,
    ChildRules,
    CustodyRules,
    FollowUpRules,
    ProsecutorRules,
    ReferralRules,
    custody_chain._Chain,
    statistics._Facts,
]


@pytest.mark.parametrize("fold", FOLDS, ids=lambda f: f.__name__)
def test_every_event_class_a_fold_follows_is_stored_and_has_its_handler(fold: type[Fold]) -> None:
    stored = {e.cls for e in STORED_NAMES if e.public_type is not None}
    assert fold.handlers, "a fold follows some events"
    for event_class, name in fold.handlers.items():
        assert event_class in stored, f"{fold.__name__} follows {event_class.__qualname__}"
        assert callable(getattr(fold, name)), name
    # A method named like a handler but not registered would never be called.
    named = {n for n in dir(fold) if n.startswith("on_")}
    assert named == set(fold.handlers.values())
