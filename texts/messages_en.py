"""English titles and details of the domain's errors, by error code.

Each detail is a template over the same named params as the error's ``message``; the params
arrive already shown for a reader (labels, agency acronyms, local times).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The bases, for an error without texts of its own.
    "ruta_error": ("Request not carried out", "The request cannot be carried out."),
    "not_authenticated": (
        "Authentication required",
        "A valid bearer token is needed (Authorization: Bearer).",
    ),
    "account_not_found": ("Account not found", "Account {account_id} was not found."),
    "role_not_held": ("Role not held", "The account does not hold the role {role}."),
    "account_suspended": ("Account suspended", "The account is suspended."),
    "idempotency_key_reused": (
        "Idempotency key reused",
        "This Idempotency-Key was used for a different request.",
    ),
    "custody_only_by_acknowledgement": (
        "Custody passes only on acknowledgement",
        "Custody passes to {agency} only when it acknowledges a handoff; the agency that found "
        "the person may take custody itself.",
    ),
    "purpose_not_allowed": (
        "Purpose not allowed",
        "The purpose {purpose} is not one the caller's part in the case allows.",
    ),
    "not_shown": (
        "Not shown to your agency",
        "Your agency's part in the case does not show its {what}.",
    ),
    "not_found": ("Not found", "What was asked for does not exist, or you may not see it."),
    "forbidden": ("Not allowed", "Your agency may not do this."),
    "conflict": ("Conflict", "The request clashes with another write or with an existing record."),
    "rule_violation": (
        "Rule not met",
        "The request would make the record say something that cannot be true.",
    ),
    # Not found
    "case_not_found": ("Case not found", "Case {case_id} was not found."),
    "referral_not_found": (
        "Referral not found",
        "Referral {referral_id} is not part of this case.",
    ),
    "handoff_not_found": (
        "Custody handoff not found",
        "Custody handoff {handoff_id} is not part of this case.",
    ),
    "measure_not_found": (
        "Protection measure not found",
        "Protection measure {measure_id} is not part of this case.",
    ),
    "observation_not_found": (
        "Observation not found",
        "Observation {observation_id} is not part of this case.",
    ),
    "personal_data_unavailable": (
        "Personal data erased",
        "The personal data of case {case_id} was erased and can no longer be read.",
    ),
    "data_key_missing": (
        "The case's data key is missing",
        "The data key of case {case_id} is not in the key store, and the case was not erased: "
        "its sealed data cannot be shown. This is a fault of the server; ask the administrators "
        "to restore the key store.",
    ),
    # Forbidden
    "not_involved": ("Agency not involved", "Agency {agency} is not involved in this case."),
    "not_the_addressee": (
        "Only the addressee answers",
        "Only {addressee}, the addressee of the referral, may answer it.",
    ),
    "not_the_sender": (
        "Only the sender withdraws",
        "Only {sender}, which issued the referral, may withdraw it.",
    ),
    "not_the_custodian": (
        "Only the custodian hands over",
        "Only the current custodian may initiate a custody handoff.",
    ),
    "not_the_provider": (
        "Only the provider ends a measure",
        "Only {provider}, which provides the measure, or the agency that recorded it, ends it.",
    ),
    "not_the_receiver": (
        "Only the receiving agency answers",
        "Only {receiver}, the receiving agency, may acknowledge or refuse this handoff.",
    ),
    "oversight_only": (
        "Oversight agency",
        "Agency {agency} reviews cases and issues observations; it never changes a case.",
    ),
    "statistics_only": (
        "Statistics-only agency",
        "Agency {agency} receives anonymized statistics only.",
    ),
    "not_the_commission": (
        "Only the human-rights commission observes",
        "Only the human-rights commission issues observations.",
    ),
    "not_the_agency_concerned": (
        "Only the agency concerned answers",
        "Only {agency}, the agency concerned, may answer this observation.",
    ),
    "not_the_legal_representative": (
        "Consent by legal representation",
        "A child's consent is given by the child-protection authority (PPNNA) as legal "
        "representative.",
    ),
    "role_required": ("Role required", "This action needs the {role} role."),
    "not_the_lead": (
        "Only the agency leading the case",
        "Only the agency that leads the case (the custodian; when nobody holds custody, the last "
        "agency that held it, or else the detecting agency) or, in a child's case, PPNNA as the "
        "child's legal representative may do this.",
    ),
    "not_attending_the_person": (
        "Agency not attending the person",
        "Agency {agency} neither leads the case, nor represents the child, nor serves the person "
        "under an accepted referral; it may not do this.",
    ),
    "own_measures_only": (
        "Another agency's measure",
        "A measure provided by {agency} is recorded by {agency} itself, by the agency that leads "
        "the case or by a child's legal representative.",
    ),
    # Conflict
    "concurrent_update": (
        "Case changed meanwhile",
        "The case was changed by someone else meanwhile; load it again and retry.",
    ),
    "case_exists": ("Case exists already", "A case with id {case_id} exists already."),
    # Rules: the detection and the codes
    "unknown_code": ("Unknown code", '"{value}" is not a known {vocabulary} code.'),
    "time_in_future": (
        "Time in the future",
        "An act may be recorded after the fact, never in the future.",
    ),
    "detection_in_future": (
        "Detection in the future",
        "A detection may be recorded after the fact, never in the future.",
    ),
    "time_not_aware": ("Time without offset", "Times must carry their UTC offset."),
    "time_out_of_order": ("Time out of order", "This cannot have happened before {earlier}."),
    "unknown_municipality": (
        "Unknown municipality",
        '"{municipality}" is not a municipality of this deployment.',
    ),
    "inconsistent_age": (
        "Inconsistent age",
        "An estimated age of {estimated_age} contradicts the age group: {age_group}.",
    ),
    "no_indicators": ("Indicators missing", "A detection names at least one indicator."),
    "unknown_personal_data_field": (
        "Unknown personal-data field",
        '"{name}" is not a personal-data field.',
    ),
    "invalid_value": ("Invalid value", "The value is not valid: {reason}."),
    # Rules: agencies and services
    "unknown_agency": ("Unknown agency", '"{agency}" is not an agency of the catalogue.'),
    "service_not_offered": ("Service not offered", "Agency {agency} does not offer {service}."),
    "cannot_hold_custody": (
        "Agency cannot hold custody",
        "Agency {agency} may not hold custody of a person.",
    ),
    "not_for_children": (
        "Agency does not attend children",
        "Agency {agency} does not attend children's cases.",
    ),
    "not_a_case_party": (
        "Agency takes no part in cases",
        "Agency {agency} does not take part in cases.",
    ),
    "self_addressed": (
        "Addressed to itself",
        "An agency does not refer to or hand over to itself.",
    ),
    # Rules: consent
    "consent_not_covering": (
        "Consent does not cover this",
        "The person's consent does not cover {agency} for {purpose}; state the legal basis "
        "that replaces it.",
    ),
    "consent_needs_scope": (
        "Consent without scope",
        "A consent names at least one agency and one purpose.",
    ),
    "legal_basis_not_applicable": (
        "Legal basis does not apply",
        'The legal basis "{legal_basis}" does not apply here: {reason}.',
    ),
    "nothing_to_withdraw": ("Nothing to withdraw", "There is no consent to withdraw for {agency}."),
    # Rules: referrals
    "referral_already_answered": (
        "Referral answered already",
        "Referral {referral_id} was answered already ({status}).",
    ),
    "referral_not_open": (
        "Referral cannot change",
        "Referral {referral_id} is {status}; it cannot change now.",
    ),
    "duplicate_referral": (
        "Duplicate referral",
        "A referral to {agency} for {service} is open already ({referral_id}).",
    ),
    "decline_needs_reason": ("Reason missing", "A declined referral says why."),
    "risk_assessment_required": (
        "Risk assessment required",
        "An assisted return is arranged only after a risk assessment.",
    ),
    # Rules: custody
    "handoff_already_open": (
        "Custody handoff under way",
        "Custody handoff {handoff_id} is still open; one handoff at a time.",
    ),
    "handoff_not_open": (
        "Custody handoff settled",
        "Custody handoff {handoff_id} is {status}; it cannot change now.",
    ),
    "nobody_in_custody": ("Nobody holds custody", "Nobody holds custody of the person now."),
    "already_in_custody": ("Custody held already", "Agency {agency} holds custody already."),
    "child_needs_custodian": (
        "A child always has a custodian",
        "A child is handed over to another agency, never released to nobody.",
    ),
    "whereabouts_unknown": (
        "Whereabouts unknown",
        "The person's whereabouts are unknown; record that the person was located first.",
    ),
    "whereabouts_known": (
        "Whereabouts known",
        "The person's whereabouts are not reported unknown.",
    ),
    # Rules: measures, observations, the case
    "measure_not_active": (
        "Protection measure ended",
        "Protection measure {measure_id} has ended already.",
    ),
    "observation_already_answered": (
        "Observation answered already",
        "Observation {observation_id} was answered already.",
    ),
    "case_closed": (
        "Case closed",
        "The case is closed; it accepts only reopening, observations and answers.",
    ),
    "case_not_closed": ("Case open", "The case is open; only a closed case is reopened."),
    "case_has_open_items": (
        "Case has open items",
        "The case still has open {items} ({count}); settle them before closing.",
    ),
    "data_already_erased": (
        "Personal data erased already",
        "The personal data of this case was erased already.",
    ),
}

# What the API answers when the store does not (503): no domain error, the store's silence.
STORE_UNAVAILABLE: tuple[str, str] = (
    "Event store unavailable",
    "The event store does not answer for now. Repeat the request in a few seconds; with the "
    "same Idempotency-Key nothing is recorded twice.",
)

# Values that the domain puts in params as placeholders.
VALUES: dict[str, str] = {
    "*": "any agency",
    "any_purpose": "any purpose",
    "referrals": "referrals",
    "handoffs": "custody handoffs",
    "measures": "protection measures",
    "complaint": "complaint",
}

VOCABULARIES: dict[str, str] = {
    "ExploitationForm": "form of exploitation",
    "Indicator": "indicator",
    "Service": "service",
    "MeasureKind": "protection measure",
    "AgeGroup": "age group",
    "Sex": "sex",
    "AgeAssessmentMethod": "age assessment method",
    "RiskLevel": "risk level",
    "Urgency": "urgency",
    "DeclineReason": "decline reason",
    "WithdrawalReason": "withdrawal reason",
    "HandoffRefusalReason": "handoff refusal reason",
    "CustodyEndReason": "custody end reason",
    "ComplaintDecision": "complaint decision",
    "LegalBasis": "legal basis",
    "MeasureEndReason": "measure end reason",
    "ClosureReason": "closure reason",
    "ReopenReason": "reopening reason",
    "ErasureReason": "erasure reason",
    "ObservationKind": "observation kind",
    "ISO 3166-1 alpha-2": "country (ISO 3166-1 alpha-2)",
}
