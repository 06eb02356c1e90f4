"""The dimensions that the statistics count cases by: each one's name, a case's categories in
it, and the categories every table lists, zeros included (``domain/statistics_tables.py``).

The dimensions are those of the national reports of trafficking statistics and of the HTCDS
data standard behind CTDC: form of exploitation, age (as a group, and in the bands 0-11, 12-17
and 18 or more), sex, nationality, indigenous language, the economic sector of the
exploitation, internal or international trafficking; and those of the route: municipality and
detecting agency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from domain.agencies import AgencyCatalogue, Participation
from domain.countries import ISO_3166_1_ALPHA_2, UNKNOWN_NATIONALITY
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.indigenous_languages import group_names
from domain.statistics import CaseFacts
from domain.vocabulary import AgeGroup, ExploitationForm, Sex

UNSPECIFIED = "unspecified"  # a case with no form of exploitation recorded
NO_INDIGENOUS_LANGUAGE = "none"  # a case whose languages include no indigenous one
FORMS = "exploitation_form"
AGE_GROUP = "age_group"
AGE_BAND = "age_band"
INDIGENOUS_LANGUAGE = "indigenous_language"
DETECTING_AGENCY = "detecting_agency"
# A case counts under each of its categories in these: their cells need not add up to the total.
SEVERAL_PER_CASE = frozenset({FORMS, INDIGENOUS_LANGUAGE})
CHILDHOOD_BAND_END = 12  # 0-11 and 12-17: the bands of the national reports
ADULTHOOD = 18


class AgeBand(StrEnum):
    """The age bands of the national reports, within the age groups as last assessed."""

    UNDER_12 = "0_11"
    FROM_12_TO_17 = "12_17"
    UNDER_18_UNESTIMATED = "under_18_unestimated"  # a child whose age is not estimated
    ADULT = "18_plus"
    UNKNOWN = "unknown"  # the age group is unknown


def age_band(age_group: str, estimated_age: int | None) -> AgeBand:
    """The band of an age within its group (as last assessed): an adult is 18 or more, a child
    is in the band of the estimated age, if any below 18, and a case of unknown age group stays
    unknown. Each band is within one group: the statistics rely on it (statistics_linked.py)."""
    if age_group == AgeGroup.ADULT:
        return AgeBand.ADULT
    if age_group != AgeGroup.CHILD:
        return AgeBand.UNKNOWN
    if estimated_age is None or estimated_age >= ADULTHOOD:
        return AgeBand.UNDER_18_UNESTIMATED
    return AgeBand.UNDER_12 if estimated_age < CHILDHOOD_BAND_END else AgeBand.FROM_12_TO_17


def case_parties(catalogue: AgencyCatalogue) -> list[str]:
    return [a.code for a in catalogue if a.participation == Participation.CASE_PARTY]


def _forms(facts: CaseFacts) -> tuple[str, ...]:
    return facts.exploitation_forms or (UNSPECIFIED,)


def _languages(facts: CaseFacts) -> tuple[str, ...]:
    return facts.indigenous_languages or (NO_INDIGENOUS_LANGUAGE,)


def _codes(vocabulary: type[StrEnum]) -> Callable[[AgencyCatalogue], list[str]]:
    return lambda _: [*map(str, vocabulary)]


Dimension = tuple[str, Callable[[CaseFacts], Iterable[str]], Callable[[AgencyCatalogue], list[str]]]

# Each dimension: its name, a case's categories in it, and the categories always listed. New
# dimensions go after the first six, whose order the API has always answered in.
DIMENSIONS: tuple[Dimension, ...] = (
    (FORMS, _forms, lambda _: [*map(str, ExploitationForm), UNSPECIFIED]),
    (AGE_GROUP, lambda f: (f.age_group,), _codes(AgeGroup)),
    ("sex", lambda f: (f.sex,), _codes(Sex)),
    (
        "nationality",
        lambda f: (f.nationality,),
        lambda _: [*sorted(ISO_3166_1_ALPHA_2), UNKNOWN_NATIONALITY],
    ),
    ("municipality", lambda f: (f.municipality,), lambda c: sorted(c.municipalities)),
    (DETECTING_AGENCY, lambda f: (f.detecting_agency,), case_parties),
    (AGE_BAND, lambda f: (age_band(f.age_group, f.estimated_age),), _codes(AgeBand)),
    (INDIGENOUS_LANGUAGE, _languages, lambda _: [*group_names(), NO_INDIGENOUS_LANGUAGE]),
    ("economic_sector", lambda f: (f.economic_sector,), _codes(EconomicSector)),
    ("trafficking_scope", lambda f: (f.trafficking_scope,), _codes(TraffickingScope)),
)
