"""A case's international-protection screening, and the acts that must wait for it.

Before a foreign national is returned or their consulate is contacted, the person is offered a
referral to COMAR (Comisión Mexicana de Ayuda a Refugiados) and answers: a trafficking victim
may also be a refugee, and returning one breaks non-refoulement (Ley sobre Refugiados,
Protección Complementaria y Asilo Político, LRPCAP, arts. 6 and 21; Reglamento de la LRPCAP,
art. 22: once the claim is filed, no return and no notice to the consulate without the person's
express consent). The same screening asks whether the person wants their consulate told.

Both acts are refused, not recorded with a finding, because Ruta records them before they take
place: a return referral asks for the return, and the consular-notification measure is the
notice itself, which reveals to the country of origin that the person is here and cannot be
undone (the asylum seeker's confidentiality, LRPCAP arts. 5 and 21, Reglamento art. 22). A return
carried out outside the route is still recorded as it happened (the ``assisted_return``
measure is not gated here).

The latest screening governs: a person who accepted and later withdraws the claim is screened
again, and the new answer opens the return.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import event

from domain import actor
from domain.case_consent import CaseConsent
from domain.case_roles import Write, is_legal_representative, require_writer
from domain.detection import check_time
from domain.errors import (
    AsylumSeekerNotReturnable,
    ConsularNoticeNotConsented,
    ConsularNoticeToAsylumSeeker,
    NotAForeignNational,
    NotTheLegalRepresentative,
    ProtectionScreeningRequired,
)
from domain.protection_screening import ProtectionScreening
from domain.route_vocabulary import ScreeningAnswer

MEXICO = "MX"


class CaseProtection(CaseConsent):
    """The international-protection screening and the gates it opens."""

    @property
    def is_foreign_national(self) -> bool:
        """Anyone not known to be Mexican: an unknown nationality is screened too."""
        return self.detection.nationality != MEXICO

    @property
    def seeks_asylum(self) -> bool:
        return (
            self.protection is not None
            and self.protection.comar_referral == ScreeningAnswer.ACCEPTED
        )

    def screen_for_protection(
        self,
        comar_referral: ScreeningAnswer,
        consular_notice: ScreeningAnswer | None,
        entered_at: datetime | None,
        informed_in: str | None,
        interpreter: bool,
    ) -> None:
        """Record that a referral to COMAR was offered and the answers; for a child, PPNNA's as
        legal representative (LGDNNA), as with consent."""
        by = require_writer(self, Write.SCREEN_FOR_PROTECTION)
        if not self.is_foreign_national:
            raise NotAForeignNational(field="comar_referral")
        if self.is_child and not is_legal_representative(self, by):
            raise NotTheLegalRepresentative(field="comar_referral")
        if entered_at is not None:
            check_time(
                entered_at,
                field="entered_at",
                now=actor.current().now(),
                not_before=None,
            )
        self._protection_screened(
            comar_referral=comar_referral,
            consular_notice=consular_notice,
            entered_at=entered_at,
            informed_in=informed_in,
            interpreter=interpreter,
        )

    @event("InternationalProtectionScreened")
    def _protection_screened(
        self,
        comar_referral: ScreeningAnswer,
        consular_notice: ScreeningAnswer | None,
        entered_at: datetime | None,
        informed_in: str | None,
        interpreter: bool,
    ) -> None:
        self.protection = ProtectionScreening(comar_referral, consular_notice, entered_at)

    def _require_returnable(self) -> None:
        """A foreign national's return waits for the screening, and never while a claim stands
        (LRPCAP art. 6; Reglamento art. 22)."""
        if not self.is_foreign_national:
            return
        if self.protection is None:
            raise ProtectionScreeningRequired(field="service")
        if self.seeks_asylum:
            raise AsylumSeekerNotReturnable(field="service")

    def _require_consular_notice_allowed(self) -> None:
        """The consulate is told only after the screening, with the person's consent, and never
        while they seek asylum (LRPCAP art. 21, Reglamento de la LRPCAP art. 22; the Vienna
        Convention on Consular Relations, art. 36(1)(b), leaves the notice to the person's
        request)."""
        if not self.is_foreign_national:
            return
        if self.protection is None:
            raise ProtectionScreeningRequired(field="kind")
        if self.seeks_asylum:
            raise ConsularNoticeToAsylumSeeker(field="kind")
        if self.protection.consular_notice != ScreeningAnswer.ACCEPTED:
            raise ConsularNoticeNotConsented(field="kind")
