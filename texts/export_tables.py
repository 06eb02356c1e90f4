"""The commission's lists as tables (headers and rows) in the reader's language: one builder per
list, shared by the API's CSV answers and the pages' CSV and XLSX downloads.

Codes are written as their labels, agencies by name, times in the deployment's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.agencies import AgencyCatalogue
from domain.review_rules import Finding
from domain.vocabulary import ObservationKind
from texts.durations import in_words
from texts.labels import agency_name, label_code
from texts.rules import rule_text, severity_text
from texts.translations import SPANISH, translation

ZONE = ZoneInfo("America/Cancun")
Cell = str | int | float | datetime | None
Table = tuple[list[str], list[list[Cell]]]

FINDING_COLUMNS = (
    "folio",
    "rule",
    "explained",
    "source",
    "agency",
    "severity",
    "since",
    "state",
    "resolved_at",
    "late_by",
)


class FindingLine(Protocol):
    """A finding with its case's folio (``queries.findings.FindingLine``)."""

    @property
    def folio(self) -> str: ...
    @property
    def finding(self) -> Finding: ...


class ObservationLine(Protocol):
    """An observation as listed (``queries.observations.ObservationLine``)."""

    @property
    def folio(self) -> str: ...
    @property
    def concerning(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def issued_at(self) -> datetime: ...
    @property
    def deadline(self) -> datetime: ...
    @property
    def answered_at(self) -> datetime | None: ...
    def late(self, now: datetime) -> bool: ...


OBSERVATION_COLUMNS = ("folio", "agency", "kind", "issued_at", "deadline", "answered_at", "late")


def headers(prefix: str, columns: Sequence[str], lang: str) -> list[str]:
    t = translation(lang)
    return [t(f"web.{prefix}.column.{c}") for c in columns]


def late_by(since: datetime, resolved_at: datetime | None, now: datetime, lang: str) -> str:
    """How late, in words: to its resolution, or to now while it is open."""
    return in_words((resolved_at or now) - since, lang)


def findings_table(
    lines: Iterable[FindingLine],
    now: datetime,
    catalogue: AgencyCatalogue,
    lang: str = SPANISH,
    zone: tzinfo = ZONE,
) -> Table:
    t = translation(lang)
    rows: list[list[Cell]] = []
    for line in lines:
        f = line.finding
        rule = rule_text(f.rule, lang)
        resolved = f.resolved_at is not None and f.resolved_at <= now
        rows.append(
            [
                line.folio,
                rule.name,
                rule.explained,
                rule.source,
                agency_name(f.agency, catalogue, lang),
                severity_text(f.severity, lang),
                f.since.astimezone(zone),
                t("web.findings.state.resolved" if resolved else "web.findings.state.open"),
                f.resolved_at.astimezone(zone) if resolved and f.resolved_at else None,
                late_by(f.since, f.resolved_at if resolved else None, now, lang),
            ]
        )
    return headers("findings", FINDING_COLUMNS, lang), rows


def observations_table(
    lines: Iterable[ObservationLine],
    now: datetime,
    catalogue: AgencyCatalogue,
    lang: str = SPANISH,
    zone: tzinfo = ZONE,
) -> Table:
    t = translation(lang)
    rows: list[list[Cell]] = [
        [
            line.folio,
            agency_name(line.concerning, catalogue, lang),
            label_code(ObservationKind, line.kind, lang),
            line.issued_at.astimezone(zone),
            line.deadline.astimezone(zone),
            line.answered_at.astimezone(zone) if line.answered_at else None,
            t("web.yes") if line.late(now) else t("web.no"),
        ]
        for line in lines
    ]
    return headers("observations", OBSERVATION_COLUMNS, lang), rows
