"""The notice to the prosecutor (vista al Ministerio Público): a public servant's duty, not the
person's decision.

Trafficking is prosecuted ex officio (Ley General de Trata, art. 7 fr. III), and whoever learns of a
probable crime while exercising public functions must report it to the Ministerio Público at
once ("inmediatamente": CNPP art. 222, second paragraph). The notice is its own fact: it is not
the person's decision to file a complaint (``ComplaintDecisionRecorded``), which never conditions
services, and it is not a referral for investigation, which asks for a service under the person's
consent. An accepted referral for investigation does not count as the notice either: it records
that the prosecutor serves the person, not that the agencies that learned of the crime reported
it, nor when, nor under which reference; the prosecutor that accepted it may record the notice
itself. Each prosecutor (``fge`` or ``fgr``) is notified once per case.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import event

from domain.agencies import Agency, AgencyKind
from domain.case_roles import Write, require_writer
from domain.case_state import NOT_SET, CaseBase
from domain.errors import NotAProsecutor, ProsecutorAlreadyNotified
from domain.personal_data import SealedValue
from domain.prosecutor_notice import ProsecutorNotice


class CaseProsecutor(CaseBase):
    """Notices to the prosecutor."""

    def notify_prosecutor(self, prosecutor: Agency, reference: SealedValue | None) -> None:
        require_writer(self, Write.NOTIFY_PROSECUTOR, field="prosecutor")
        if prosecutor.kind != AgencyKind.PROSECUTION:
            raise NotAProsecutor(field="prosecutor", agency=prosecutor.code)
        if any(n.prosecutor == prosecutor.code for n in self.prosecutor_notices):
            raise ProsecutorAlreadyNotified(field="prosecutor", agency=prosecutor.code)
        self._prosecutor_notified(prosecutor=prosecutor.code, reference=reference)

    @event("ProsecutorNotified")
    def _prosecutor_notified(
        self,
        prosecutor: str,
        reference: SealedValue | None,
        agency: str = "",
        timestamp: datetime = NOT_SET,
    ) -> None:
        self.prosecutor_notices.append(ProsecutorNotice(prosecutor, agency, timestamp, reference))
