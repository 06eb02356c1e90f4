"""Personal data: amending what the case knows of the person, and erasing it for good."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from domain.actor import Role
from domain.hub_reads import HubReads
from domain.personal_data import check_field_names, check_personal_data
from domain.vocabulary import ErasureReason, parse_code


class PersonalDataUseCases(HubReads):
    """Amending and erasing the person's sealed personal data."""

    def amend_personal_data(
        self, case_id: UUID, personal_data: Mapping[str, object], remove: Sequence[str] = ()
    ) -> int:
        self._party()
        checked = check_personal_data(personal_data)
        removed = [str(f) for f in check_field_names(remove, field="remove")]
        case = self.get_case(case_id)
        case.require_amendable()
        sealed = self._seal_personal_data(case_id, checked)
        case.amend_personal_data(sealed, removed)
        return self._save(case)

    def erase_personal_data(self, case_id: UUID, reason: str) -> int:
        """ARCO cancellation or end of retention: the key is destroyed, the history stays.

        The event is recorded first and the key destroyed after; if destroying fails, calling
        again on the erased case finishes the job.
        """
        self._require_role(Role.ADMIN)
        why = parse_code(ErasureReason, reason, field="reason")
        case = self.get_case(case_id)
        if case.personal_data_erased and self.sealer.has_key(case_id):
            self.sealer.destroy_key(case_id)
            return self._current_position()
        case.erase_personal_data(why)
        position = self._save(case)
        self.sealer.destroy_key(case_id)
        return position
