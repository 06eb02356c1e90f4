"""Detection: a report of a possible victim opens a case, or a group of linked cases."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from domain.case import Case
from domain.detection import check_detection
from domain.errors import CaseExists, ConcurrentUpdate
from domain.folio import Folio, format_folio
from domain.hub_base import DetectionReport, Opened
from domain.hub_reads import HubReads
from domain.personal_data import check_personal_data

MAX_FOLIO_ATTEMPTS = 64


class DetectionUseCases(HubReads):
    """Opening cases from detections, each with the next folio of the year."""

    def open_case(self, report: DetectionReport, case_id: UUID | None = None) -> Opened:
        """Record a detection; it opens a case with the next folio of the year."""
        return self._open_cases([report], [case_id] if case_id else None)[0]

    def open_group(
        self, reports: Sequence[DetectionReport], case_ids: Sequence[UUID] | None = None
    ) -> list[Opened]:
        """A group detection: one case per person, linked by one operation reference."""
        return self._open_cases(reports, case_ids)

    def _open_cases(
        self, reports: Sequence[DetectionReport], case_ids: Sequence[UUID] | None
    ) -> list[Opened]:
        """Check, seal and save new cases with their folios, in one transaction."""
        agency = self._party().code
        operation = reports[0].operation if reports else None
        if len(reports) > 1 and operation is None:
            operation = f"OP-{uuid4().hex[:12]}"
        now = self.clock()
        detections = [
            check_detection(
                self.catalogue,
                agency=agency,
                now=now,
                detected_at=r.detected_at,
                municipality=r.municipality,
                indicators=r.indicators,
                exploitation_forms=r.exploitation_forms,
                age_group=r.age_group,
                estimated_age=r.estimated_age,
                sex=r.sex,
                nationality=r.nationality,
                languages=r.languages,
                needs_interpreter=r.needs_interpreter,
                in_custody=r.in_custody,
                operation=r.operation or operation,
                economic_sector=r.economic_sector,
                trafficking_scope=r.trafficking_scope,
            )
            for r in reports
        ]
        checked = [check_personal_data(r.personal_data) for r in reports]
        ids = list(case_ids or [self.sealer.new_case_id() for _ in reports])
        for case_id in case_ids or ():  # ids we generated are new: no need to look
            if self._exists(case_id):
                raise CaseExists(case_id=str(case_id))
        sealed = [
            self._seal_personal_data(i, data, new_case=True)
            for i, data in zip(ids, checked, strict=True)
        ]
        year = now.astimezone(self.catalogue.utc_offset).year
        prefix = self.catalogue.folio_prefix
        for _ in range(MAX_FOLIO_ATTEMPTS):
            numbers = [self._folios.reserve(prefix, year) for _ in reports]
            folios = [format_folio(prefix, year, n) for n in numbers]
            cases = [
                Case.open(i, f, d, s)
                for i, f, d, s in zip(ids, folios, detections, sealed, strict=True)
            ]
            indexes = [Folio(folio=f, case_id=i) for f, i in zip(folios, ids, strict=True)]
            outcome = {"case_id": str(ids[0]), "folio": folios[0]} if len(ids) == 1 else {}
            record = self._command_record(outcome)
            try:
                recordings = self.save(*cases, *indexes, record)
            except IntegrityError:
                if any(self._exists(i) for i in ids):
                    raise CaseExists(case_id=str(ids[0])) from None
                if record is not None and self._exists(record.id):
                    raise ConcurrentUpdate() from None  # the same command, saved by a retry
                for number, folio in zip(numbers, folios, strict=True):
                    if self._folio_exists(folio):
                        self._folios.taken(prefix, year, number)
                continue
            position = int(recordings[-1].notification.id)  # the whole transaction's
            return [Opened(case_id=c.id, folio=c.folio, position=position) for c in cases]
        raise ConcurrentUpdate()
