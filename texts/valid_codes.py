"""What a refused code could have been: the valid codes of the field, for the problem to list.

An unknown agency, municipality or code, a service the named agency does not offer, an agency
that takes no part in cases: each refusal names the field, and the caller should not have to
guess what it takes. For the deployment's agencies and municipalities the catalogue says; for
the domain's vocabularies the vocabulary does. Pydantic's own refusals of an enum or a literal
already carry what they expected (``expected``), read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.agencies import AgencyCatalogue, Participation
from domain.errors import (
    NotACaseParty,
    RutaError,
    ServiceNotOffered,
    UnknownAgency,
    UnknownCode,
    UnknownMunicipality,
    UnknownPersonalDataField,
)
from domain.personal_data import PersonalField
from texts.labels import LABELLED_VOCABULARIES, label_code
from texts.translations import translation

_VOCABULARIES: dict[str, type[StrEnum]] = {v.__name__: v for v in LABELLED_VOCABULARIES}


@dataclass(frozen=True)
class ValidCodes:
    """The codes a field takes, and the vocabulary that labels them (None: agencies and
    municipalities, which people name by their code or their name)."""

    codes: tuple[str, ...]
    vocabulary: type[StrEnum] | None = None

    def said(self, lang: str) -> str:
        """``Códigos válidos: shelter (albergue), medical (atención médica).``"""
        shown = [
            code
            if self.vocabulary is None
            else f"{code} ({label_code(self.vocabulary, code, lang)})"
            for code in self.codes
        ]
        return translation(lang)("problem.valid_codes", codes=", ".join(shown))


def valid_codes(error: RutaError, catalogue: AgencyCatalogue | None) -> ValidCodes | None:
    """The codes that the field ``error`` refuses would take; None for other refusals (and for
    the catalogue's codes when there is no catalogue to say them)."""
    if catalogue is None:
        return _of_vocabulary(error)
    parties = [a for a in catalogue if a.participation == Participation.CASE_PARTY]
    if isinstance(error, UnknownAgency):
        return ValidCodes(tuple(a.code for a in catalogue))
    if isinstance(error, NotACaseParty):
        return ValidCodes(tuple(a.code for a in parties))
    if isinstance(error, ServiceNotOffered):
        service = str(error.params.get("service", ""))
        offering = [a.code for a in parties if service in {str(s) for s in a.services}]
        return ValidCodes(tuple(offering))
    if isinstance(error, UnknownMunicipality):
        return ValidCodes(tuple(sorted(catalogue.municipalities)))
    return _of_vocabulary(error)


def _of_vocabulary(error: RutaError) -> ValidCodes | None:
    if isinstance(error, UnknownPersonalDataField):
        return _of(PersonalField)
    if isinstance(error, UnknownCode):
        vocabulary = _VOCABULARIES.get(str(error.params.get("vocabulary", "")))
        return None if vocabulary is None else _of(vocabulary)
    return None


def expected_codes(expected: object) -> list[str]:
    """The codes of pydantic's ``expected`` (``"'low', 'medium' or 'high'"``)."""
    return re.findall(r"'([^']*)'", str(expected))


def _of(vocabulary: type[StrEnum]) -> ValidCodes:
    return ValidCodes(tuple(member.value for member in vocabulary), vocabulary)
