"""The notice to the prosecutor (vista al Ministerio Público, CNPP art. 222)."""

from __future__ import annotations

from uuid import UUID

from domain.hub_reads import HubReads


class ProsecutorUseCases(HubReads):
    """Recording that an agency gave notice of the case to a prosecutor's office."""

    def notify_prosecutor(
        self, case_id: UUID, prosecutor: str, reference: str | None = None
    ) -> int:
        """The notice to ``prosecutor`` (``fge`` or ``fgr``), given now by the acting agency;
        ``reference`` (the oficio, the carpeta de investigación) is sealed on arrival."""
        self._party()
        notified = self.catalogue.case_party(prosecutor, field="prosecutor")
        case = self.get_case(case_id)
        case.notify_prosecutor(
            notified, self._seal_text(case_id, "prosecutor_notice.reference", reference)
        )
        return self._save(case)
