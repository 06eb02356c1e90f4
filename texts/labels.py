"""What people read for a code, an agency or a time: Spanish (es-MX) by default, English on request.

Codes are the contract with agency systems and never change; their labels are presentation and
may be reworded at any time. The tables live in ``labels_es`` and ``labels_en``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from domain.agencies import AgencyCatalogue
from texts import labels_en, labels_es

SPANISH = "es"
ENGLISH = "en"
LANGUAGES = (SPANISH, ENGLISH)

# Quintana Roo keeps UTC-05:00 all year (no daylight saving since 2015).
DEFAULT_UTC_OFFSET = timezone(timedelta(hours=-5))

_TABLES: dict[str, dict[type[StrEnum], dict[str, str]]] = {
    SPANISH: labels_es.LABELS,
    ENGLISH: labels_en.LABELS,
}

LABELLED_VOCABULARIES: tuple[type[StrEnum], ...] = tuple(labels_es.LABELS)


def language(lang: str | None) -> str:
    """``"en"`` for English (``"en"``, ``"en-US"``…), ``"es"`` for anything else."""
    primary = (lang or "").split("-")[0].strip().lower()
    return ENGLISH if primary == ENGLISH else SPANISH


def label(value: StrEnum, lang: str = SPANISH) -> str:
    """The label of a code in the reader's language."""
    return label_code(type(value), str(value), lang)


def label_code(vocabulary: type[StrEnum], code: str, lang: str = SPANISH) -> str:
    """The label of ``code`` in ``vocabulary``; an unknown code is shown as it is."""
    # Events read back from the store carry codes as plain text, and an event written by a
    # newer version may carry a code this one does not know yet: show it rather than fail.
    return _TABLES[language(lang)].get(vocabulary, {}).get(str(code), str(code))


def label_list(vocabulary: type[StrEnum], codes: Iterable[str], lang: str = SPANISH) -> str:
    """The labels of several codes, in their order, separated by commas."""
    return ", ".join(label_code(vocabulary, code, lang) for code in codes)


def agency_acronym(code: str | None) -> str:
    """How an agency is named in a line of text: its code in capitals (``DIF``, ``FGE``)."""
    return (code or "").upper()


def agency_name(code: str, catalogue: AgencyCatalogue, lang: str = SPANISH) -> str:
    """The agency's name in the catalogue: a proper name, the same in every language."""
    agency = catalogue.agencies.get(code)
    return agency.name if agency is not None else agency_acronym(code)


def local_time(when: datetime, catalogue: AgencyCatalogue | None = None) -> str:
    """``dd/mm/yyyy HH:MM`` in the deployment's local time (UTC-05:00 unless configured)."""
    offset = catalogue.utc_offset if catalogue is not None else DEFAULT_UTC_OFFSET
    return when.astimezone(offset).strftime("%d/%m/%Y %H:%M")
