"""What people read for a code, an agency or a time: Spanish (es-MX) by default, English on request.

Codes are the contract with agency systems and never change; their labels are presentation and
may be reworded at any time. They live in the catalogues, as ``label.<Vocabulary>.<code>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from functools import cache

from babel import Locale

from domain import route_vocabulary as rv
from domain import vocabulary as v
from domain.actor import Role
from domain.agencies import AgencyCatalogue, AgencyKind, Participation
from domain.arco import (
    ArcoDecision,
    ArcoExtensionReason,
    ArcoKind,
    ArcoRefusalGround,
    ArcoRequester,
    ArcoStatus,
)
from domain.case_state import Relation
from domain.custody import HandoffStatus
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.personal_data import DataCategory, PersonalField
from domain.referral import ReferralStatus
from domain.review_rules import Rule, Severity
from domain.statistics_dimensions import AgeBand
from domain.stored_names import STORED_NAMES
from texts.translations import ENGLISH, LANGUAGES, LOCALES, SPANISH, language, translation

__all__ = ["ENGLISH", "LANGUAGES", "SPANISH", "language"]

# Quintana Roo keeps UTC-05:00 all year (no daylight saving since 2015).
DEFAULT_UTC_OFFSET = timezone(timedelta(hours=-5))

# The vocabularies whose codes people read; each code's label is in both catalogues.
LABELLED_VOCABULARIES: tuple[type[StrEnum], ...] = (
    v.ExploitationForm,
    v.Indicator,
    v.Service,
    v.MeasureKind,
    v.AgeGroup,
    v.Sex,
    v.AgeAssessmentMethod,
    v.RiskLevel,
    v.Urgency,
    v.DeclineReason,
    v.WithdrawalReason,
    v.HandoffRefusalReason,
    v.CustodyEndReason,
    v.ComplaintDecision,
    rv.UrgentCareAnswer,
    rv.ScreeningAnswer,
    v.LegalBasis,
    v.MeasureEndReason,
    v.ClosureReason,
    v.ReopenReason,
    v.ErasureReason,
    v.Purpose,
    v.ObservationKind,
    rv.BestInterestOutcome,
    rv.NoticeRecipient,
    EconomicSector,
    TraffickingScope,
    AgeBand,
    ReferralStatus,
    HandoffStatus,
    Relation,
    Role,
    PersonalField,
    DataCategory,
    AgencyKind,
    Participation,
    Rule,
    Severity,
    ArcoKind,
    ArcoRequester,
    ArcoDecision,
    ArcoStatus,
    ArcoExtensionReason,
    ArcoRefusalGround,
)

# The public types of the stored events (``referral_accepted``): ``label.EventType.<type>``.
EVENT_TYPES: tuple[str, ...] = tuple(e.public_type for e in STORED_NAMES if e.public_type)


def label(value: StrEnum, lang: str = SPANISH) -> str:
    """The label of a code in the reader's language."""
    return label_code(type(value), str(value), lang)


def label_code(vocabulary: type[StrEnum], code: str, lang: str = SPANISH) -> str:
    """The label of ``code`` in ``vocabulary``; an unknown code is shown as it is."""
    # Events read back from the store carry codes as plain text, and an event written by a
    # newer version may carry a code this one does not know yet: show it rather than fail.
    msgid = f"label.{vocabulary.__name__}.{code}"
    texts = translation(lang)
    return texts(msgid) if msgid in texts else str(code)


def label_list(vocabulary: type[StrEnum], codes: Iterable[str], lang: str = SPANISH) -> str:
    """The labels of several codes, in their order, separated by commas."""
    return ", ".join(label_code(vocabulary, code, lang) for code in codes)


def rule_label(code: str, lang: str = SPANISH) -> str:
    """A review rule's name (``label.Rule.<code>``): "Canalización sin respuesta"."""
    return label_code(Rule, code, lang)


def rule_explained(code: str, lang: str = SPANISH) -> str:
    """When a review rule raises a finding, in one sentence (``web.rule.<code>.explained``)."""
    return _text(f"web.rule.{code}.explained", lang)


def rule_source(code: str, lang: str = SPANISH) -> str:
    """Where a review rule comes from: a law and its article, or a practice
    (``web.rule.<code>.source``)."""
    return _text(f"web.rule.{code}.source", lang)


def severity_label(code: str, lang: str = SPANISH) -> str:
    """A finding's severity (``label.Severity.<code>``): "Alta"."""
    return label_code(Severity, code, lang)


def event_type_label(event_type: str, lang: str = SPANISH) -> str:
    """What an event's public type (``referral_accepted``) says: "Canalización aceptada"; a
    type this version does not know is shown as it is."""
    return _text(f"label.EventType.{event_type}", lang) or event_type


def _text(msgid: str, lang: str) -> str:
    texts = translation(lang)
    return texts(msgid) if msgid in texts else ""


def country_name(code: str, lang: str = SPANISH) -> str:
    """A country's name in the reader's language (``HN`` -> ``Honduras``), from CLDR (Babel);
    a code CLDR does not know is shown as it is."""
    return str(_territories(language(lang)).get(code, code))


@cache
def _territories(lang: str) -> Mapping[str, str]:
    return dict(Locale.parse(LOCALES[lang]).territories)


def agency_acronym(code: str | None) -> str:
    """How an agency is named in a line of text: its code in capitals (``DIF``, ``FGE``), words
    apart (``DIF BENITO JUAREZ``) so that a municipal agency's name wraps on a phone."""
    return (code or "").upper().replace("_", " ")


def agency_name(code: str, catalogue: AgencyCatalogue, lang: str = SPANISH) -> str:
    """The agency's name in the catalogue: a proper name, the same in every language."""
    agency = catalogue.agencies.get(code)
    return agency.name if agency is not None else agency_acronym(code)


def local_time(when: datetime, catalogue: AgencyCatalogue | None = None) -> str:
    """``dd/mm/yyyy HH:MM`` in the deployment's local time (UTC-05:00 unless configured)."""
    offset = catalogue.utc_offset if catalogue is not None else DEFAULT_UTC_OFFSET
    return when.astimezone(offset).strftime("%d/%m/%Y %H:%M")
