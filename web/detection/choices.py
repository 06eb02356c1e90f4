"""The options a detection form offers, each with its words in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from domain.countries import ISO_3166_1_ALPHA_2, UNKNOWN_NATIONALITY
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.vocabulary import AgeGroup, ExploitationForm, Indicator, Sex
from texts.labels import country_name, label_code
from texts.translations import LOCALES, translation

# The languages met most often in the field (Spanish, Maya, Central America's and the
# Caribbean's); any other is typed as its tag.
COMMON_LANGUAGES = ("es", "yua", "en", "ht", "fr", "pt", "zh", "ru")


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    help: str = ""


@dataclass(frozen=True)
class Choices:
    """Everything the detection forms list: vocabularies, municipalities, countries."""

    indicators: list[Choice]
    forms: list[Choice]
    age_groups: list[Choice]
    sexes: list[Choice]
    countries: list[Choice]
    languages: list[Choice]
    municipalities: list[str]
    sectors: list[Choice]  # but unknown: the blank option
    scopes: list[Choice]


def choices(municipalities: frozenset[str], lang: str) -> Choices:
    t = translation(lang)
    locale = Locale.parse(LOCALES[lang])

    def coded(vocabulary: type[Indicator] | type[ExploitationForm]) -> list[Choice]:
        return [Choice(c.value, label_code(vocabulary, c.value, lang)) for c in vocabulary]

    indicators = [
        Choice(
            c.value, label_code(Indicator, c.value, lang), t(f"web.detection.indicator_help.{c}")
        )
        for c in Indicator
    ]
    countries = sorted(
        (Choice(c, country_name(c, lang)) for c in ISO_3166_1_ALPHA_2),
        key=lambda c: c.name,
    )
    unknown = Choice(UNKNOWN_NATIONALITY, t("web.detection.nationality_unknown"))
    return Choices(
        indicators=indicators,
        forms=coded(ExploitationForm),
        age_groups=[Choice(c.value, label_code(AgeGroup, c.value, lang)) for c in AgeGroup],
        sexes=[Choice(c.value, label_code(Sex, c.value, lang)) for c in Sex],
        countries=[unknown, *countries],
        languages=[Choice(c, str(locale.languages.get(c, c))) for c in COMMON_LANGUAGES],
        municipalities=sorted(municipalities),
        sectors=[
            Choice(c.value, label_code(EconomicSector, c.value, lang))
            for c in EconomicSector
            if c != EconomicSector.UNKNOWN
        ],
        scopes=[
            Choice(c.value, label_code(TraffickingScope, c.value, lang)) for c in TraffickingScope
        ],
    )
