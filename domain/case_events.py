"""The classes of a case's events, for code that dispatches on them.

``@event("AgeAssessed")`` defines its class when the aggregate class is made, where a type checker
cannot see it; these names can be. Each is the class its command triggers, declared by the part of
the case that records it (``CaseConsent.ConsentRecorded``, not the copy the library makes in
``Case``), so that a handler registered for it sees every such event.
"""

from __future__ import annotations

from domain.case import Case
from domain.case_children import CaseChildren
from domain.case_consent import CaseConsent
from domain.case_custody import CaseCustody
from domain.case_measures import CaseMeasures
from domain.case_prosecutor import CaseProsecutor
from domain.case_protection import CaseProtection
from domain.case_referrals import CaseReferrals
from domain.case_review import CaseReview
from domain.case_state import CaseBase

EventClass = type[CaseBase.Event]


def _declared(part: type, name: str) -> EventClass:
    found: EventClass = vars(part)[name]
    return found


CaseOpened: EventClass = Case.CaseOpened
AgeAssessed = _declared(Case, "AgeAssessed")
RiskAssessed = _declared(Case, "RiskAssessed")
PersonalDataAmended = _declared(Case, "PersonalDataAmended")
PersonalDataErased = _declared(Case, "PersonalDataErased")
CaseClosed = _declared(Case, "CaseClosed")
CaseReopened = _declared(Case, "CaseReopened")
ConsentRecorded = _declared(CaseConsent, "ConsentRecorded")
ConsentWithdrawn = _declared(CaseConsent, "ConsentWithdrawn")
ComplaintDecisionRecorded = _declared(CaseConsent, "ComplaintDecisionRecorded")
ConsentOverridden = _declared(CaseConsent, "ConsentOverridden")
InternationalProtectionScreened = _declared(CaseProtection, "InternationalProtectionScreened")
ReferralIssued = _declared(CaseReferrals, "ReferralIssued")
ReferralAccepted = _declared(CaseReferrals, "ReferralAccepted")
ReferralDeclined = _declared(CaseReferrals, "ReferralDeclined")
ReferralWithdrawn = _declared(CaseReferrals, "ReferralWithdrawn")
ReferralCompleted = _declared(CaseReferrals, "ReferralCompleted")
CustodyHandoffInitiated = _declared(CaseCustody, "CustodyHandoffInitiated")
CustodyHandoffAcknowledged = _declared(CaseCustody, "CustodyHandoffAcknowledged")
CustodyHandoffRefused = _declared(CaseCustody, "CustodyHandoffRefused")
CustodyAssumed = _declared(CaseCustody, "CustodyAssumed")
CustodyReleased = _declared(CaseCustody, "CustodyReleased")
WhereaboutsUnknownReported = _declared(CaseCustody, "WhereaboutsUnknownReported")
PersonLocated = _declared(CaseCustody, "PersonLocated")
ProtectionMeasureStarted = _declared(CaseMeasures, "ProtectionMeasureStarted")
ProtectionMeasureEnded = _declared(CaseMeasures, "ProtectionMeasureEnded")
UrgentMedicalCareOffered = _declared(CaseMeasures, "UrgentMedicalCareOffered")
ObservationIssued = _declared(CaseReview, "ObservationIssued")
ObservationAnswered = _declared(CaseReview, "ObservationAnswered")
ProsecutorNotified = _declared(CaseProsecutor, "ProsecutorNotified")
RestitutionPlanDrawnUp = _declared(CaseChildren, "RestitutionPlanDrawnUp")
RestitutionPlanUpdated = _declared(CaseChildren, "RestitutionPlanUpdated")
RestitutionPlanConcluded = _declared(CaseChildren, "RestitutionPlanConcluded")
BestInterestDetermined = _declared(CaseChildren, "BestInterestDetermined")
UrgentMeasureNotified = _declared(CaseChildren, "UrgentMeasureNotified")
ChildHeard = _declared(CaseChildren, "ChildHeard")
ReturnRequestedByPerson = _declared(CaseChildren, "ReturnRequestedByPerson")
