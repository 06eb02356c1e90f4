"""The stored names of the route's case events added in issue 14 (the notice to the
prosecutor, urgent care after sexual violence, the children's steps, the international-protection
screening): each is stored as ``ruta.case:<name>`` with its public type; no earlier release
stored them, so they have no alias. Explicit, as every stored name (``domain/stored_names.py``).
"""

from __future__ import annotations

from domain import case_events

ROUTE_EVENTS: tuple[tuple[type, str, str], ...] = (
    (
        case_events.UrgentMedicalCareOffered,
        "UrgentMedicalCareOffered",
        "urgent_medical_care_offered",
    ),
    (case_events.ProsecutorNotified, "ProsecutorNotified", "prosecutor_notified"),
    (case_events.RestitutionPlanDrawnUp, "RestitutionPlanDrawnUp", "restitution_plan_drawn_up"),
    (case_events.RestitutionPlanUpdated, "RestitutionPlanUpdated", "restitution_plan_updated"),
    (
        case_events.RestitutionPlanConcluded,
        "RestitutionPlanConcluded",
        "restitution_plan_concluded",
    ),
    (case_events.BestInterestDetermined, "BestInterestDetermined", "best_interest_determined"),
    (case_events.UrgentMeasureNotified, "UrgentMeasureNotified", "urgent_measure_notified"),
    (case_events.ChildHeard, "ChildHeard", "child_heard"),
    (case_events.ReturnRequestedByPerson, "ReturnRequestedByPerson", "return_requested_by_person"),
    (
        case_events.InternationalProtectionScreened,
        "InternationalProtectionScreened",
        "international_protection_screened",
    ),
)
