"""Need to know: what one account may do with one case, and which of its fields it may see.

Deny by default. An agency sees a case only when it is involved, and within it only what its
relation needs (DESIGN.md, "Need to know"); every disclosure of sealed data also rests on the
person's consent or a legal basis the events name. The commission and auditors see every case's
status and history but no personal data. This module decides; ``api/`` applies the decision to
every route and every field, and the subscriptions apply the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from domain.actor import Actor, Role
from domain.agencies import Agency, AgencyKind, Participation
from domain.case_state import CaseState, Relation
from domain.consent import ANY_PURPOSE
from domain.custody import Handoff
from domain.measures import Measure, Observation
from domain.personal_data import PersonalField
from domain.prosecutor_notice import ProsecutorNotice
from domain.referral import Referral, ReferralStatus
from domain.vocabulary import Purpose, Service

IDENTITY = frozenset({PersonalField.FULL_NAME, PersonalField.ALIASES, PersonalField.DATE_OF_BIRTH})
CONTACT = frozenset({PersonalField.CONTACT, PersonalField.ADDRESS})
EVERYTHING = frozenset(PersonalField)


class Level(IntEnum):
    """How much of a case's status and history a caller sees."""

    NONE = 0  # not even that the case exists
    MINIMAL = 1  # only what concerns the caller's own referral (need not know it is trafficking)
    RECEIPT = 2  # the detecting agency: referred, accepted, in care
    METADATA = 3  # status, deadlines and the route, without sealed contents
    FULL = 4  # everything but what is sealed


class Profile(StrEnum):
    """The rows of DESIGN.md's need-to-know table."""

    PROSECUTOR = "prosecutor"
    CHILD_PROTECTION = "child_protection"
    SHELTER = "shelter"
    SERVICE = "service"
    SECURITY = "security"
    OTHER = "other"


_PROFILES = {
    AgencyKind.PROSECUTION: Profile.PROSECUTOR,
    AgencyKind.CHILD_PROTECTION: Profile.CHILD_PROTECTION,
    AgencyKind.FAMILY_WELFARE: Profile.SHELTER,
    AgencyKind.CIVIL_SOCIETY: Profile.SHELTER,  # shelter operators, while involved
    AgencyKind.SECURITY: Profile.SECURITY,
    AgencyKind.SEARCH: Profile.SECURITY,  # on a search task: what the search needs, while it lasts
    AgencyKind.EDUCATION: Profile.OTHER,
    AgencyKind.SOCIAL_DEVELOPMENT: Profile.OTHER,
    AgencyKind.ECONOMIC_DEVELOPMENT: Profile.OTHER,
}
_SERVING = frozenset(
    {
        Relation.SERVING,
        Relation.CUSTODIAN,
        Relation.PROVIDER,
        Relation.RECEIVING_CUSTODY,
        Relation.REFERRAL_PENDING,
    }
)
_WRITERS = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
# The purposes each part in a case may name to read sealed data (the X-Ruta-Purpose header).
_PURPOSES: dict[Profile, frozenset[Purpose]] = {
    Profile.PROSECUTOR: frozenset(
        {Purpose.INVESTIGATION, Purpose.PROTECTION, Purpose.CASE_MANAGEMENT}
    ),
    Profile.CHILD_PROTECTION: frozenset(Purpose),
    Profile.SHELTER: frozenset(
        {Purpose.SHELTER, Purpose.CARE, Purpose.PROTECTION, Purpose.CASE_MANAGEMENT}
    ),
    Profile.SERVICE: frozenset(
        {
            Purpose.CARE,
            Purpose.SHELTER,
            Purpose.PROTECTION,
            Purpose.FAMILY_TRACING,
            Purpose.LEGAL_REPRESENTATION,
            Purpose.CASE_MANAGEMENT,
        }
    ),
    Profile.SECURITY: frozenset({Purpose.SEARCH, Purpose.ESCORT}),
    Profile.OTHER: frozenset(),
}
_TASKS = frozenset({Service.ESCORT, Service.SEARCH})
# Services whose work is about the person's papers: migration, asylum, consular assistance.
_DOCUMENT_KINDS = frozenset(
    {
        AgencyKind.INTERNATIONAL,
        AgencyKind.MIGRATION,
        AgencyKind.ASYLUM,
        AgencyKind.FOREIGN_AFFAIRS,
    }
)


def may_write_cases(actor: Actor) -> bool:
    """Caseworkers and supervisors act for their agency; the domain checks the relation."""
    return bool(actor.roles & _WRITERS)


def may_observe(actor: Actor, agency: Agency) -> bool:
    return actor.has(Role.COMMISSION) and agency.participation == Participation.OVERSIGHT


def sees_all_cases(actor: Actor, agency: Agency) -> bool:
    """Auditors and the commission see every case (never its personal data)."""
    return actor.has(Role.AUDITOR) or may_observe(actor, agency)


@dataclass(frozen=True)
class CaseAccess:
    """The decision for one account, of one agency, on one case as it stands."""

    actor: Actor
    agency: Agency
    case: CaseState

    @property
    def relations(self) -> frozenset[Relation]:
        return self.case.relations(self.agency.code)

    @property
    def level(self) -> Level:
        if sees_all_cases(self.actor, self.agency):
            return Level.FULL
        if not self._acts_for_agency or not self.relations:
            return Level.NONE
        if self.profile == Profile.OTHER:
            return Level.MINIMAL
        if self._is_legal_representative:
            return Level.FULL
        if self.relations & _SERVING or self._leads_after_custody:
            return Level.METADATA
        if Relation.DETECTED in self.relations:
            return Level.RECEIPT
        return Level.MINIMAL  # declined, or held custody once and handed it on

    @property
    def profile(self) -> Profile:
        return _PROFILES.get(self.agency.kind, Profile.SERVICE)

    # Sealed data: the caller must also name a purpose, and each disclosure is recorded.

    def allows_purpose(self, purpose: Purpose) -> bool:
        """Whether this caller's part in the case fits the purpose it names."""
        if purpose in _PURPOSES[self.profile]:
            return True
        return Relation.DETECTED in self.relations and purpose == Purpose.CASE_MANAGEMENT

    @property
    def sees_sealed_data(self) -> bool:
        return self._sees_sealed_data

    def personal_fields(self) -> frozenset[PersonalField]:
        """The current personal-data fields this caller may unseal."""
        if not self._sees_sealed_data:
            return frozenset()
        if self._is_legal_representative:
            return EVERYTHING
        if self._on_task():
            return frozenset({*IDENTITY, PersonalField.PHOTOS})
        if not self._covered:
            return frozenset()
        if self.profile == Profile.PROSECUTOR:
            return EVERYTHING
        if self.profile == Profile.SHELTER:
            return frozenset({*IDENTITY, *CONTACT, PersonalField.DOCUMENTS})
        if self.profile == Profile.SERVICE:
            documents = self.agency.kind in _DOCUMENT_KINDS
            return IDENTITY | CONTACT | ({PersonalField.DOCUMENTS} if documents else set())
        return frozenset()

    def reported_fields(self) -> frozenset[PersonalField]:
        """The detecting agency keeps seeing its own report: what it recorded, as recorded."""
        if self._sees_sealed_data and Relation.DETECTED in self.relations:
            return frozenset({*IDENTITY, PersonalField.NARRATIVE})
        return frozenset()

    def sees_location(self, measure: Measure) -> bool:
        """Shelter and care locations: never to the detecting agency."""
        if not self._sees_sealed_data:
            return False
        if self._is_legal_representative or self._on_task():
            return True
        if self.profile == Profile.SHELTER and self.relations & _SERVING:
            return True
        return self.profile == Profile.PROSECUTOR and measure.provider == self.agency.code

    def sees_place(self, handoff: Handoff) -> bool:
        if not self._sees_sealed_data:
            return False
        return self._is_legal_representative or self.agency.code in (
            handoff.from_agency,
            handoff.to_agency,
        )

    def sees_whereabouts(self) -> bool:
        """Where a missing person was last seen: for the search, the custodian and protection."""
        if not self._sees_sealed_data:
            return False
        return (
            self._is_legal_representative
            or self._on_task()
            or self.profile == Profile.PROSECUTOR
            or Relation.CUSTODIAN in self.relations
        )

    def sees_note(self, referral: Referral) -> bool:
        if not self._sees_sealed_data:
            return False
        return self._is_legal_representative or self.agency.code in (
            referral.from_agency,
            referral.to_agency,
        )

    def sees_notice_reference(self, notice: ProsecutorNotice) -> bool:
        """A vista's reference: the agency that gave it, the prosecutor notified, PPNNA."""
        if not self._sees_sealed_data:
            return False
        return self._is_legal_representative or self.agency.code in (notice.by, notice.prosecutor)

    def sees_risk_note(self) -> bool:
        if not self._sees_sealed_data:
            return False
        return (
            self._is_legal_representative
            or self.profile == Profile.PROSECUTOR
            or Relation.CUSTODIAN in self.relations
        )

    def sees_observation_text(self, observation: Observation) -> bool:
        """The commission reads its own observations; the agency concerned reads its own."""
        if may_observe(self.actor, self.agency):
            return True
        return self._acts_for_agency and observation.concerning == self.agency.code

    def sees_referral(self, referral: Referral) -> bool:
        """Below metadata, a caller sees only the referrals it sent or received."""
        if self.level >= Level.METADATA:
            return True
        return self.agency.code in (referral.from_agency, referral.to_agency)

    # What the decision rests on

    @property
    def _acts_for_agency(self) -> bool:
        return bool(self.actor.roles & _WRITERS) and (
            self.agency.participation == Participation.CASE_PARTY
        )

    @property
    def _sees_sealed_data(self) -> bool:
        # The commission and auditors never see personal data, whatever else they hold: it takes
        # an agency involved in the case, acting through a caseworker or supervisor.
        return self._acts_for_agency and bool(self.relations)

    @property
    def _is_legal_representative(self) -> bool:
        """PPNNA in a child's case (LGDNNA): it represents the child, and sees everything."""
        return self.case.represents_child(self.agency.code)

    @property
    def _leads_after_custody(self) -> bool:
        """The last custodian leads a case nobody holds now (it may close it): it sees the
        route it coordinates."""
        return Relation.HELD_CUSTODY in self.relations and self.case.lead() == self.agency.code

    @property
    def _covered(self) -> bool:
        return self.case.consent.covers(self.agency, ANY_PURPOSE, is_child=self.case.is_child)

    def _on_task(self) -> bool:
        """Security on an accepted escort or search task, only while the task lasts."""
        return self.profile == Profile.SECURITY and any(
            r.to_agency == self.agency.code
            and r.service in _TASKS
            and r.status == ReferralStatus.ACCEPTED
            for r in self.case.referrals
        )
