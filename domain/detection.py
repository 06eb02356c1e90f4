"""A detection: what the detecting agency saw when it identified a possible victim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.agencies import AgencyCatalogue
from domain.countries import parse_nationality
from domain.errors import (
    CannotHoldCustody,
    DetectionInFuture,
    InconsistentAge,
    InvalidValue,
    NoIndicators,
    TimeInFuture,
    TimeNotAware,
    TimeOutOfOrder,
    UnknownMunicipality,
)
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.vocabulary import AgeGroup, ExploitationForm, Indicator, Sex, parse_code, parse_codes

ADULTHOOD = 18
# Clocks of agencies' devices drift; a detection a few minutes "ahead" is not in the future.
CLOCK_SKEW = timedelta(minutes=5)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Detection:
    """The facts of a detection, checked; personal data travels apart, sealed."""

    agency: str
    detected_at: datetime
    municipality: str
    indicators: tuple[Indicator, ...]
    exploitation_forms: tuple[ExploitationForm, ...]
    age_group: AgeGroup
    estimated_age: int | None
    sex: Sex
    nationality: str
    languages: tuple[str, ...]
    needs_interpreter: bool
    in_custody: bool
    operation: str | None = None
    # Added in 0.3.0; a detection stored before reads them as unknown (``Case.CaseOpened`` v2).
    economic_sector: EconomicSector = EconomicSector.UNKNOWN
    trafficking_scope: TraffickingScope = TraffickingScope.UNKNOWN

    @property
    def presumed_child(self) -> bool:
        """Presumption of minority: a child unless known to be an adult (LGDNNA art. 5)."""
        return self.age_group != AgeGroup.ADULT


def check_time(value: datetime, *, field: str, now: datetime, not_before: datetime | None) -> None:
    """A time of an act: with its offset, not in the future, not before ``not_before``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimeNotAware(field=field)
    if value > now + CLOCK_SKEW:
        raise (
            DetectionInFuture(field=field) if field == "detected_at" else TimeInFuture(field=field)
        )
    if not_before is not None and value < not_before:
        raise TimeOutOfOrder(field=field, earlier=not_before.isoformat())


def check_detection(
    catalogue: AgencyCatalogue,
    *,
    agency: str,
    now: datetime,
    detected_at: datetime,
    municipality: str,
    indicators: list[str],
    exploitation_forms: list[str],
    age_group: str,
    estimated_age: int | None,
    sex: str,
    nationality: str,
    languages: list[str],
    needs_interpreter: bool,
    in_custody: bool,
    operation: str | None = None,
    economic_sector: str = EconomicSector.UNKNOWN,
    trafficking_scope: str = TraffickingScope.UNKNOWN,
) -> Detection:
    """The detection, or the first named error about what cannot be true in it."""
    detecting = catalogue.case_party(agency, field="agency")
    check_time(detected_at, field="detected_at", now=now, not_before=None)
    if municipality not in catalogue.municipalities:
        raise UnknownMunicipality(field="municipality", municipality=municipality)
    checked_indicators = parse_codes(Indicator, indicators, field="indicators")
    if not checked_indicators:
        raise NoIndicators(field="indicators")
    forms = parse_codes(ExploitationForm, exploitation_forms, field="exploitation_forms")
    group = parse_code(AgeGroup, age_group, field="age_group")
    if estimated_age is not None:
        if isinstance(estimated_age, bool) or not 0 <= estimated_age <= 120:
            raise InvalidValue(field="estimated_age", reason="an age from 0 to 120")
        if group == AgeGroup.ADULT and estimated_age < ADULTHOOD:
            raise InconsistentAge(
                field="estimated_age", estimated_age=estimated_age, age_group=group
            )
        if group == AgeGroup.CHILD and estimated_age >= ADULTHOOD:
            raise InconsistentAge(
                field="estimated_age", estimated_age=estimated_age, age_group=group
            )
    if in_custody and not detecting.may_hold_custody:
        raise CannotHoldCustody(field="in_custody", agency=agency)
    checked_languages = []
    for i, language in enumerate(languages):
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise InvalidValue(field=f"languages[{i}]", reason="a language tag such as es or yua")
        checked_languages.append(language)
    if operation is not None and not re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", operation):
        raise InvalidValue(field="operation", reason="up to 64 letters, digits or . _ : -")
    return Detection(
        agency=agency,
        detected_at=detected_at,
        municipality=municipality,
        indicators=checked_indicators,
        exploitation_forms=forms,
        age_group=group,
        estimated_age=estimated_age,
        sex=parse_code(Sex, sex, field="sex"),
        nationality=parse_nationality(nationality),
        languages=tuple(dict.fromkeys(checked_languages)),
        needs_interpreter=bool(needs_interpreter),
        in_custody=bool(in_custody),
        operation=operation,
        economic_sector=parse_code(EconomicSector, economic_sector, field="economic_sector"),
        trafficking_scope=parse_code(
            TraffickingScope, trafficking_scope, field="trafficking_scope"
        ),
    )
