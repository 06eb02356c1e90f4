"""The disclosures log as auditors read it: filtered, paged, each entry with its case's folio and
its fields and purpose in words; as a table for the pages and the API's CSV and XLSX.

The access log (``Hub.access_log``) lists every disclosure in log order; the filters are applied
here, reading it in pages, so a page of results reads no more of the log than it needs. A case's
folio is read once per case; never its personal data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from uuid import UUID

from domain.disclosure import DisclosureEntry
from domain.hub import Hub
from domain.personal_data import PersonalField
from domain.vocabulary import Purpose
from queries.folios import folio_of as case_folio
from texts.labels import agency_name, label_code
from texts.translations import translation

READ = 500  # entries of the access log read at a time
MAX_EXPORT = 100_000  # rows of a CSV or XLSX download

# A disclosed field's name, before ``:<id>``, and its key under ``web.audit.field.``.
FIELDS = {
    "referral.note": "referral_note",
    "handoff.place": "handoff_place",
    "measure.location": "measure_location",
    "whereabouts.place": "whereabouts_place",
    "observation.text": "observation_text",
    "observation.answer": "observation_answer",
    "prosecutor_notice.reference": "prosecutor_notice_reference",
}
COLUMNS = ("position", "when", "agency", "account", "folio", "purpose", "fields")


@dataclass(frozen=True)
class DisclosureFilter:
    """Which disclosures to list; ``None`` lets any through. ``since``/``until``: [since, until)."""

    agency: str | None = None
    purpose: str | None = None
    case_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None

    def admits(self, entry: DisclosureEntry) -> bool:
        return (
            (self.agency is None or entry.agency == self.agency)
            and (self.purpose is None or entry.purpose == self.purpose)
            and (self.case_id is None or entry.case_id == self.case_id)
            and (self.since is None or entry.at >= self.since)
            and (self.until is None or entry.at < self.until)
        )


@dataclass(frozen=True)
class Disclosed:
    """A disclosure with the folio of its case."""

    entry: DisclosureEntry
    folio: str


def matching(hub: Hub, wanted: DisclosureFilter, after: int = 0) -> Iterator[Disclosed]:
    """The disclosures ``wanted`` admits after log position ``after``, in log order."""
    folios: dict[UUID, str] = {}
    while True:
        entries = hub.access_log(after=after, limit=READ, case_id=wanted.case_id)
        for entry in entries:
            if wanted.admits(entry):
                yield Disclosed(entry, folio_of(hub, entry, folios))
        if len(entries) < READ:
            return
        after = entries[-1].position


def page(
    hub: Hub, wanted: DisclosureFilter, after: int = 0, size: int = 50
) -> tuple[list[Disclosed], int | None]:
    """Up to ``size`` disclosures, and the position to read on from when there are more."""
    found: list[Disclosed] = []
    for disclosed in matching(hub, wanted, after):
        if len(found) == size:
            return found, found[-1].entry.position
        found.append(disclosed)
    return found, None


def folio_of(hub: Hub, entry: DisclosureEntry, known: dict[UUID, str]) -> str:
    """The folio of the entry's case, read once per case (its first event states it)."""
    if entry.case_id not in known:
        known[entry.case_id] = case_folio(hub, entry.case_id) or ""
    return known[entry.case_id]


def field_label(name: str, lang: str) -> str:
    """A disclosed field in words: ``personal_data.full_name`` -> ``Nombre completo``."""
    t = translation(lang)
    base = name.split(":", 1)[0]
    for prefix in ("personal_data.", "reported."):
        if base.startswith(prefix):
            code = base.removeprefix(prefix)
            if code in set(PersonalField):
                return label_code(PersonalField, code, lang)
    return t(f"web.audit.field.{FIELDS.get(base, 'other')}")


def headers(lang: str) -> list[str]:
    t = translation(lang)
    return [t(f"web.audit.disclosures.column.{column}") for column in COLUMNS]


def row(
    disclosed: Disclosed, hub: Hub, zone: tzinfo, lang: str
) -> list[str | int | datetime | None]:
    """One line of the CSV or XLSX: the columns of ``headers``, in words, local time."""
    entry = disclosed.entry
    fields = sorted({field_label(name, lang) for name in entry.labels})
    return [
        entry.position,
        entry.at.astimezone(zone).replace(tzinfo=None),
        agency_name(entry.agency, hub.catalogue, lang),
        entry.account,
        disclosed.folio,
        purpose_label(entry.purpose, lang),
        "; ".join(fields),
    ]


def purpose_label(code: str, lang: str) -> str:
    return label_code(Purpose, code, lang) if code in set(Purpose) else code
