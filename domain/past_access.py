"""Need to know for a view of the past: never more than the caller may see now.

A case read as it stood at a past moment (``?as_of=``), an event shown as it was when it
happened (the feed, a joining agency's history): in each the caller's part in the case then
decides what it saw then. But consent withdrawn, custody handed on or a child's legal
representation ended narrow what an agency may see from then on, and a view of the past must not
widen it back. So every decision holds only where it holds on the case as it stood then *and* on
the case as it stands now: the lower level of the two, personal data, locations and notes only
where the caller is entitled both then and now.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.access import CaseAccess, Level
from domain.case_state import CaseState
from domain.custody import Handoff
from domain.measures import Measure, Observation
from domain.personal_data import PersonalField
from domain.referral import Referral
from domain.vocabulary import Purpose


@dataclass(frozen=True)
class PastAccess(CaseAccess):
    """The decision for a caller on a case as it stood then (``case``), bounded by now."""

    now: CaseState

    @classmethod
    def of(cls, present: CaseAccess, past: CaseState) -> PastAccess:
        """``present``'s caller on ``past``, a state of the same case."""
        return cls(present.actor, present.agency, past, _present_case(present))

    @property
    def present(self) -> CaseAccess:
        return CaseAccess(self.actor, self.agency, self.now)

    @property
    def level(self) -> Level:
        return min(super().level, self.present.level)

    def allows_purpose(self, purpose: Purpose) -> bool:
        return super().allows_purpose(purpose) and self.present.allows_purpose(purpose)

    @property
    def sees_sealed_data(self) -> bool:
        return super().sees_sealed_data and self.present.sees_sealed_data

    def personal_fields(self) -> frozenset[PersonalField]:
        return super().personal_fields() & self.present.personal_fields()

    def reported_fields(self) -> frozenset[PersonalField]:
        return super().reported_fields() & self.present.reported_fields()

    def sees_location(self, measure: Measure) -> bool:
        return super().sees_location(measure) and self.present.sees_location(measure)

    def sees_place(self, handoff: Handoff) -> bool:
        return super().sees_place(handoff) and self.present.sees_place(handoff)

    def sees_whereabouts(self) -> bool:
        return super().sees_whereabouts() and self.present.sees_whereabouts()

    def sees_note(self, referral: Referral) -> bool:
        return super().sees_note(referral) and self.present.sees_note(referral)

    def sees_risk_note(self) -> bool:
        return super().sees_risk_note() and self.present.sees_risk_note()

    def sees_observation_text(self, observation: Observation) -> bool:
        return super().sees_observation_text(observation) and self.present.sees_observation_text(
            observation
        )

    def sees_referral(self, referral: Referral) -> bool:
        return super().sees_referral(referral) and self.present.sees_referral(referral)


def _present_case(access: CaseAccess) -> CaseState:
    # A past view of a past view is still bounded by the present, not by the earlier past.
    return access.now if isinstance(access, PastAccess) else access.case
