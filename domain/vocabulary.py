"""The stable codes of the domain: a contract with every agency system (add codes, never rename).

Vocabulary follows the HTCDS case data standard behind IOM's CTDC data where it can; the forms
of exploitation are those of article 10 of the Ley General para Prevenir, Sancionar y Erradicar
los Delitos en Materia de Trata de Personas.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from domain.errors import UnknownCode


class ExploitationForm(StrEnum):
    SLAVERY = "slavery"
    SERVITUDE = "servitude"
    SEXUAL = "sexual"
    LABOUR = "labour"
    FORCED_LABOUR = "forced_labour"
    FORCED_BEGGING = "forced_begging"
    CRIMINAL_ACTIVITIES = "criminal_activities"
    ILLEGAL_ADOPTION = "illegal_adoption"
    FORCED_MARRIAGE = "forced_marriage"
    ORGAN_TRAFFICKING = "organ_trafficking"
    BIOMEDICAL_EXPERIMENTATION = "biomedical_experimentation"


class Indicator(StrEnum):
    """Indicators of trafficking and means of control (HTCDS ``meansOfControl`` and more)."""

    DOCUMENT_RETENTION = "document_retention"
    DEBT_BONDAGE = "debt_bondage"
    RESTRICTED_MOVEMENT = "restricted_movement"
    THREATS = "threats"
    PHYSICAL_VIOLENCE = "physical_violence"
    ISOLATION = "isolation"
    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    NO_PAY = "no_pay"
    EXCESSIVE_HOURS = "excessive_hours"
    MINOR_WORKING = "minor_working"
    SCRIPTED_ANSWERS = "scripted_answers"
    SIGNS_OF_ABUSE = "signs_of_abuse"
    PSYCHOLOGICAL_ABUSE = "psychological_abuse"
    SEXUAL_VIOLENCE = "sexual_violence"
    PSYCHOACTIVE_SUBSTANCES = "psychoactive_substances"
    WITHHELD_EARNINGS = "withheld_earnings"
    WITHHELD_NECESSITIES = "withheld_necessities"
    THREAT_OF_AUTHORITIES = "threat_of_authorities"
    RESTRICTED_MEDICAL_CARE = "restricted_medical_care"
    THIRD_PARTY_CONTROL = "third_party_control"
    POOR_LIVING_CONDITIONS = "poor_living_conditions"


class Service(StrEnum):
    """What a referral asks for and an agency offers."""

    INVESTIGATION = "investigation"
    SHELTER = "shelter"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    LEGAL = "legal"
    INTERPRETATION = "interpretation"
    CHILD_PROTECTION = "child_protection"
    MIGRATION = "migration"
    ASSISTED_RETURN = "assisted_return"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    SOCIAL_SUPPORT = "social_support"
    ESCORT = "escort"
    SEARCH = "search"
    CONSULAR_ASSISTANCE = "consular_assistance"  # SRE and the consulates: consular notice


class MeasureKind(StrEnum):
    """A protection measure actually provided."""

    SHELTER = "shelter"
    MEDICAL_CARE = "medical_care"
    PSYCHOLOGICAL_CARE = "psychological_care"
    LEGAL_ASSISTANCE = "legal_assistance"
    INTERPRETATION = "interpretation"
    CONSULAR_NOTIFICATION = "consular_notification"
    HUMANITARIAN_VISA = "humanitarian_visa"
    PROTECTION_ORDER = "protection_order"
    URGENT_PROTECTION_MEASURE = "urgent_protection_measure"
    ASSISTED_RETURN = "assisted_return"
    REINTEGRATION_SUPPORT = "reintegration_support"
    # Recorded when it happens; for a child it is a finding (Ley de Migración, art. 99).
    MIGRATION_DETENTION = "migration_detention"


# Which services an agency must offer to provide each measure.
MEASURE_SERVICES: dict[MeasureKind, frozenset[Service]] = {
    MeasureKind.SHELTER: frozenset({Service.SHELTER}),
    MeasureKind.MEDICAL_CARE: frozenset({Service.MEDICAL}),
    MeasureKind.PSYCHOLOGICAL_CARE: frozenset({Service.PSYCHOLOGICAL}),
    MeasureKind.LEGAL_ASSISTANCE: frozenset({Service.LEGAL}),
    MeasureKind.INTERPRETATION: frozenset({Service.INTERPRETATION}),
    MeasureKind.CONSULAR_NOTIFICATION: frozenset(
        {Service.MIGRATION, Service.LEGAL, Service.CHILD_PROTECTION, Service.CONSULAR_ASSISTANCE}
    ),
    MeasureKind.HUMANITARIAN_VISA: frozenset({Service.MIGRATION}),
    MeasureKind.PROTECTION_ORDER: frozenset({Service.INVESTIGATION, Service.LEGAL}),
    MeasureKind.URGENT_PROTECTION_MEASURE: frozenset({Service.CHILD_PROTECTION}),
    # An INM procedure (Ley de Migración arts. 115, 118 and 119) that IOM supports: both offer
    # the service, INM deciding the return and IOM organizing and accompanying it.
    MeasureKind.ASSISTED_RETURN: frozenset({Service.ASSISTED_RETURN}),
    MeasureKind.REINTEGRATION_SUPPORT: frozenset(
        {Service.SOCIAL_SUPPORT, Service.EMPLOYMENT, Service.EDUCATION}
    ),
    MeasureKind.MIGRATION_DETENTION: frozenset({Service.MIGRATION}),
}


class AgeGroup(StrEnum):
    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    UNKNOWN = "unknown"


class AgeAssessmentMethod(StrEnum):
    DOCUMENT = "document"
    INTERVIEW = "interview"
    MEDICAL = "medical"
    PPNNA_DETERMINATION = "ppnna_determination"
    JUDICIAL = "judicial"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class DeclineReason(StrEnum):
    NO_CAPACITY = "no_capacity"
    NOT_COMPETENT = "not_competent"
    SERVICE_UNAVAILABLE = "service_unavailable"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    PERSON_DECLINED = "person_declined"
    # Recorded if given, and always a finding: assistance never depends on prosecution
    # (Ley General de Trata, art. 3 fr. XI).
    NO_COMPLAINT_FILED = "no_complaint_filed"
    DUPLICATE = "duplicate"
    OTHER = "other"


class WithdrawalReason(StrEnum):
    NO_LONGER_NEEDED = "no_longer_needed"
    PERSON_DECLINED = "person_declined"
    ISSUED_IN_ERROR = "issued_in_error"
    REROUTED = "rerouted"
    OTHER = "other"


class HandoffRefusalReason(StrEnum):
    NO_CAPACITY = "no_capacity"
    NOT_COMPETENT = "not_competent"
    INCOMPLETE_DOCUMENTATION = "incomplete_documentation"
    PERSON_NOT_PRESENT = "person_not_present"
    OTHER = "other"


class CustodyEndReason(StrEnum):
    """Why an adult leaves every agency's care (a child is always handed over instead)."""

    VOLUNTARY_DEPARTURE = "voluntary_departure"  # the person's own decision: never a finding
    REINTEGRATED = "reintegrated"
    RETURNED_TO_COUNTRY = "returned_to_country"
    OTHER = "other"


class ComplaintDecision(StrEnum):
    """The person's decision about a criminal complaint: never a condition for services."""

    FILED = "filed"
    DECLINED = "declined"
    DEFERRED = "deferred"


class LegalBasis(StrEnum):
    """What replaces consent, stated each time it is used."""

    CHILD_PROTECTION = "child_protection"
    IMMINENT_RISK = "imminent_risk"
    JUDICIAL_ORDER = "judicial_order"
    CRIMINAL_INVESTIGATION = "criminal_investigation"
    LEGAL_OBLIGATION = "legal_obligation"


class MeasureEndReason(StrEnum):
    COMPLETED = "completed"
    PERSON_LEFT = "person_left"
    TRANSFERRED = "transferred"
    NO_LONGER_NEEDED = "no_longer_needed"
    OTHER = "other"


class ClosureReason(StrEnum):
    REINTEGRATED = "reintegrated"
    RETURNED_TO_COUNTRY = "returned_to_country"
    TRANSFERRED_JURISDICTION = "transferred_jurisdiction"
    PERSON_DECLINED_SERVICES = "person_declined_services"
    NOT_TRAFFICKING = "not_trafficking"
    DECEASED = "deceased"
    DUPLICATE = "duplicate"
    OTHER = "other"


class ReopenReason(StrEnum):
    NEW_INFORMATION = "new_information"
    PERSON_RETURNED = "person_returned"
    CLOSED_IN_ERROR = "closed_in_error"
    OTHER = "other"


class ErasureReason(StrEnum):
    ARCO_CANCELLATION = "arco_cancellation"
    RETENTION_EXPIRED = "retention_expired"


class ObservationKind(StrEnum):
    FINDING = "finding"
    RECOMMENDATION = "recommendation"


class Purpose(StrEnum):
    """Why a caller asks to see sealed personal data (the ``X-Ruta-Purpose`` header)."""

    CARE = "care"
    PROTECTION = "protection"
    INVESTIGATION = "investigation"
    LEGAL_REPRESENTATION = "legal_representation"
    SHELTER = "shelter"
    ESCORT = "escort"
    SEARCH = "search"
    FAMILY_TRACING = "family_tracing"
    CASE_MANAGEMENT = "case_management"
    # The unit of transparency reads a case to answer the person's own access request
    # (LGPDPPSO art. 38): the reading is recorded like any other.
    ARCO_ACCESS = "arco_access"


TCode = TypeVar("TCode", bound=StrEnum)


def parse_code(vocabulary: type[TCode], value: str, *, field: str) -> TCode:
    """The code of ``vocabulary`` named by ``value``, or ``UnknownCode`` naming the field."""
    try:
        return vocabulary(value)
    except ValueError:
        raise UnknownCode(field=field, value=value, vocabulary=vocabulary.__name__) from None


def parse_codes(vocabulary: type[TCode], values: object, *, field: str) -> tuple[TCode, ...]:
    """Codes in the order given, without repeats."""
    if isinstance(values, str) or not isinstance(values, list | tuple | set | frozenset):
        raise UnknownCode(field=field, value=values, vocabulary=vocabulary.__name__)
    codes = [parse_code(vocabulary, str(v), field=f"{field}[{i}]") for i, v in enumerate(values)]
    return tuple(dict.fromkeys(codes))
