"""What the store and the outside world call each aggregate and event: one table, not code places.

The library stores an event under its class's topic, ``module:qualname`` unless the class says
``TOPIC``. Left to the default, moving a command to another module would make every stored case
unreadable, so each stored class gets a name here (``ruta.case:ConsentRecorded``), set on the class
itself before anything asks for a topic (``domain/__init__.py`` applies this table when the
package is first imported; the library caches the first answer it gives for a class). The topics
that stores written before 0.2 hold stay readable as aliases, and the public type is the name the
timeline, the feed, the relay's ``ce_type`` and the AsyncAPI document use. Changing any name here
changes a contract: ``tests/unit/test_stored_names.py`` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.domain import BaseAggregate, CanMutateAggregate
from eventsourcing.utils import _type_cache, register_topic

from domain import case_events
from domain.account_sign_in import AccountSignIn
from domain.accounts import Account, Credential
from domain.arco import ArcoRequest
from domain.case import Case
from domain.disclosure import Disclosure
from domain.folio import Folio
from domain.idempotency import CommandRecord
from domain.logins import Login
from domain.sessions import PersonSession
from domain.sign_in_guard import SignInGuard
from domain.stored_names_route import ROUTE_EVENTS


@dataclass(frozen=True)
class StoredName:
    """A stored class's name, the topics stores of earlier releases hold it under, and (for an
    event) its public type."""

    cls: type
    name: str
    public_type: str | None = None
    aliases: tuple[str, ...] = ()


def _aggregate(cls: type, name: str, alias: str) -> StoredName:
    return StoredName(cls, name, None, (alias,))


def _events(prefix: str, old: str, *rows: tuple[type, str, str]) -> tuple[StoredName, ...]:
    """The events of one aggregate or part: each ``(class, name, public type)`` is stored as
    ``prefix:name`` and was stored, before 0.2, as ``old.name``."""
    return tuple(
        StoredName(cls, f"{prefix}:{name}", public, (f"{old}.{name}",))
        for cls, name, public in rows
    )


# The classes that are stored. A case's events are declared by the part of the case that records
# them (``case_events.ConsentRecorded``): those are the classes its commands trigger. The names
# are literals, never derived from a class: renaming a class changes nothing stored.
STORED_NAMES: tuple[StoredName, ...] = (
    _aggregate(Case, "ruta.case:Case", "domain.case:Case"),
    *_events(
        "ruta.case",
        "domain.case:Case",
        (case_events.CaseOpened, "CaseOpened", "case_opened"),
        (case_events.AgeAssessed, "AgeAssessed", "age_assessed"),
        (case_events.RiskAssessed, "RiskAssessed", "risk_assessed"),
        (case_events.PersonalDataAmended, "PersonalDataAmended", "personal_data_amended"),
        (case_events.PersonalDataErased, "PersonalDataErased", "personal_data_erased"),
        (case_events.CaseClosed, "CaseClosed", "case_closed"),
        (case_events.CaseReopened, "CaseReopened", "case_reopened"),
    ),
    *_events(
        "ruta.case",
        "domain.case_consent:CaseConsent",
        (case_events.ConsentRecorded, "ConsentRecorded", "consent_recorded"),
        (case_events.ConsentWithdrawn, "ConsentWithdrawn", "consent_withdrawn"),
        (
            case_events.ComplaintDecisionRecorded,
            "ComplaintDecisionRecorded",
            "complaint_decision_recorded",
        ),
        (case_events.ConsentOverridden, "ConsentOverridden", "consent_overridden"),
    ),
    *_events(
        "ruta.case",
        "domain.case_referrals:CaseReferrals",
        (case_events.ReferralIssued, "ReferralIssued", "referral_issued"),
        (case_events.ReferralAccepted, "ReferralAccepted", "referral_accepted"),
        (case_events.ReferralDeclined, "ReferralDeclined", "referral_declined"),
        (case_events.ReferralWithdrawn, "ReferralWithdrawn", "referral_withdrawn"),
        (case_events.ReferralCompleted, "ReferralCompleted", "referral_completed"),
    ),
    *_events(
        "ruta.case",
        "domain.case_custody:CaseCustody",
        (
            case_events.CustodyHandoffInitiated,
            "CustodyHandoffInitiated",
            "custody_handoff_initiated",
        ),
        (
            case_events.CustodyHandoffAcknowledged,
            "CustodyHandoffAcknowledged",
            "custody_handoff_acknowledged",
        ),
        (case_events.CustodyHandoffRefused, "CustodyHandoffRefused", "custody_handoff_refused"),
        (case_events.CustodyAssumed, "CustodyAssumed", "custody_assumed"),
        (case_events.CustodyReleased, "CustodyReleased", "custody_released"),
        (
            case_events.WhereaboutsUnknownReported,
            "WhereaboutsUnknownReported",
            "whereabouts_unknown_reported",
        ),
        (case_events.PersonLocated, "PersonLocated", "person_located"),
    ),
    *_events(
        "ruta.case",
        "domain.case_measures:CaseMeasures",
        (
            case_events.ProtectionMeasureStarted,
            "ProtectionMeasureStarted",
            "protection_measure_started",
        ),
        (case_events.ProtectionMeasureEnded, "ProtectionMeasureEnded", "protection_measure_ended"),
    ),
    *_events(
        "ruta.case",
        "domain.case_review:CaseReview",
        (case_events.ObservationIssued, "ObservationIssued", "observation_issued"),
        (case_events.ObservationAnswered, "ObservationAnswered", "observation_answered"),
    ),
    # New in issue 14: no earlier release stored them, so they have no alias.
    *(StoredName(cls, f"ruta.case:{name}", public) for cls, name, public in ROUTE_EVENTS),
    _aggregate(Account, "ruta.account:Account", "domain.accounts:Account"),
    *_events(
        "ruta.account",
        "domain.accounts:Account",
        (vars(Account)["AccountOpened"], "AccountOpened", "account_opened"),
        (vars(Account)["RoleGranted"], "RoleGranted", "role_granted"),
        (vars(Account)["RoleRevoked"], "RoleRevoked", "role_revoked"),
        (vars(Account)["TokenIssued"], "TokenIssued", "token_issued"),
        (vars(Account)["TokenRevoked"], "TokenRevoked", "token_revoked"),
        (vars(Account)["AccountSuspended"], "AccountSuspended", "account_suspended"),
    ),
    _aggregate(Credential, "ruta.credential:Credential", "domain.accounts:Credential"),
    *_events(
        "ruta.credential",
        "domain.accounts:Credential",
        (vars(Credential)["CredentialIssued"], "CredentialIssued", "credential_issued"),
    ),
    # New in issue 13 (after 0.3): no earlier release stored it, so it has no alias.
    StoredName(vars(Credential)["TokenUsed"], "ruta.credential:TokenUsed", "token_used"),
    _aggregate(Folio, "ruta.folio:Folio", "domain.folio:Folio"),
    *_events("ruta.folio", "domain.folio:Folio", (vars(Folio)["Assigned"], "Assigned", "assigned")),
    _aggregate(Disclosure, "ruta.disclosure:Disclosure", "domain.disclosure:Disclosure"),
    *_events(
        "ruta.disclosure",
        "domain.disclosure:Disclosure",
        (Disclosure.PersonalDataDisclosed, "PersonalDataDisclosed", "personal_data_disclosed"),
    ),
    _aggregate(CommandRecord, "ruta.command:CommandRecord", "domain.idempotency:CommandRecord"),
    *_events(
        "ruta.command",
        "domain.idempotency:CommandRecord",
        (CommandRecord.CommandRecorded, "CommandRecorded", "command_recorded"),
    ),
    # New in 0.3: no earlier release stored these, so they have no alias.
    StoredName(PersonSession, "ruta.session:PersonSession"),
    StoredName(PersonSession.SignedIn, "ruta.session:SignedIn", "signed_in"),
    StoredName(vars(PersonSession)["SignedOut"], "ruta.session:SignedOut", "signed_out"),
    # People's sign-in: the account's events are declared by its sign-in part
    # (``AccountSignIn``), the classes its commands trigger.
    *(
        StoredName(vars(AccountSignIn)[name], f"ruta.account:{name}", public)
        for name, public in (
            ("LoginAssigned", "login_assigned"),
            ("EnrolmentIssued", "enrolment_issued"),
            ("PasswordChosen", "password_chosen"),
            ("Enrolled", "enrolled"),
            ("SecondFactorUsed", "second_factor_used"),
        )
    ),
    StoredName(Login, "ruta.login:Login"),
    StoredName(vars(Login)["Reserved"], "ruta.login:Reserved", "login_reserved"),
    StoredName(SignInGuard, "ruta.sign_in_guard:SignInGuard"),
    StoredName(
        vars(SignInGuard)["GuardStarted"], "ruta.sign_in_guard:GuardStarted", "guard_started"
    ),
    StoredName(
        vars(SignInGuard)["SignInFailed"], "ruta.sign_in_guard:SignInFailed", "sign_in_failed"
    ),
    StoredName(
        vars(SignInGuard)["FailureCounted"], "ruta.sign_in_guard:FailureCounted", "failure_counted"
    ),
    StoredName(
        vars(SignInGuard)["GuardCleared"], "ruta.sign_in_guard:GuardCleared", "guard_cleared"
    ),
    # ARCO requests (issue 14): a stream each, new, so without aliases.
    StoredName(ArcoRequest, "ruta.arco:ArcoRequest"),
    *(
        StoredName(vars(ArcoRequest)[name], f"ruta.arco:ArcoRequest{name}", public)
        for name, public in (
            ("Received", "arco_request_received"),
            ("Extended", "arco_request_extended"),
            ("Answered", "arco_request_answered"),
            ("CarriedOut", "arco_request_carried_out"),
        )
    ),
)

_BY_CLASS = {entry.cls: entry for entry in STORED_NAMES}


def public_type(event_class: type) -> str:
    """``ReferralIssued`` -> ``referral_issued``: the name agencies' systems see."""
    found = _BY_CLASS[event_class].public_type
    if found is None:
        raise KeyError(event_class)
    return found


def topics_of(cls: type) -> tuple[str, ...]:
    """Every topic ``cls`` is stored under: its name, then those of earlier releases."""
    entry = _BY_CLASS[cls]
    return (entry.name, *entry.aliases)


def name_stored_classes() -> None:
    """Give every class of the table its name and aliases, and every other event class of the
    aggregates its own topic, so that none inherits a stored name from the class it extends."""
    for entry in STORED_NAMES:
        _name(entry.cls, entry.name)
        for alias in entry.aliases:
            register_topic(alias, entry.cls)
    for aggregate in {entry.cls for entry in STORED_NAMES if issubclass(entry.cls, BaseAggregate)}:
        for part in aggregate.__mro__:
            if part.__module__.startswith("domain."):
                for value in vars(part).values():
                    if _is_event_class(value) and "TOPIC" not in vars(value):
                        # The library's own copies of a part's events in a subclass, and the
                        # base classes: never stored, named where they sit.
                        _name(value, f"{value.__module__}:{value.__qualname__}")


def _name(cls: type, name: str) -> None:
    if "TOPIC" in vars(cls):
        if vars(cls)["TOPIC"] != name:
            raise RuntimeError(f"{cls.__qualname__} is named twice")
        return
    if cls in _type_cache:
        raise RuntimeError(f"{cls.__qualname__} had a topic before it was named")
    type.__setattr__(cls, "TOPIC", name)
    register_topic(name, cls)


def _is_event_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, CanMutateAggregate)
