"""The published statistics as people read them: categories by label, withheld figures as
"menos de k" (never as zero), median times in words; one table for the API's CSV and the
page's downloads, and the labels the page's tables and charts use."""

from __future__ import annotations

from enum import StrEnum

from babel import Locale

from domain.agencies import AgencyCatalogue
from domain.countries import UNKNOWN_NATIONALITY
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.statistics_dimensions import (
    AGE_BAND,
    DETECTING_AGENCY,
    FORMS,
    INDIGENOUS_LANGUAGE,
    NO_INDIGENOUS_LANGUAGE,
    UNSPECIFIED,
    AgeBand,
)
from domain.statistics_tables import Median, Statistics
from domain.vocabulary import AgeGroup, ExploitationForm, Sex
from texts.durations import in_words
from texts.export_tables import Cell, Table
from texts.labels import agency_name, label_code
from texts.translations import LOCALES, SPANISH, translation

COLUMNS = ("table", "category", "cases", "observations", "median")


def dimension_label(dimension: str, lang: str = SPANISH) -> str:
    return translation(lang)(f"web.statistics.dimension.{dimension}")


def measure_label(measure: str, lang: str = SPANISH) -> str:
    return translation(lang)(f"web.statistics.measure.{measure}")


def withheld_text(k: int, lang: str = SPANISH) -> str:
    return translation(lang)("web.statistics.less_than", k=k)


def category_label(
    dimension: str, code: str, catalogue: AgencyCatalogue, lang: str = SPANISH
) -> str:
    """A category's label: a code's, an agency's name, a country's name, a municipality."""
    t = translation(lang)
    if dimension == FORMS:
        if code == UNSPECIFIED:
            return t("web.statistics.unspecified")
        return label_code(ExploitationForm, code, lang)
    coded: dict[str, type[StrEnum]] = {
        "age_group": AgeGroup,
        "sex": Sex,
        AGE_BAND: AgeBand,
        "economic_sector": EconomicSector,
        "trafficking_scope": TraffickingScope,
    }
    if dimension in coded:
        return label_code(coded[dimension], code, lang)
    if dimension == INDIGENOUS_LANGUAGE and code == NO_INDIGENOUS_LANGUAGE:
        return t("web.statistics.no_indigenous_language")
    if dimension == "nationality":
        if code == UNKNOWN_NATIONALITY:
            return t("web.statistics.unknown_nationality")
        return str(Locale.parse(LOCALES[lang]).territories.get(code, code))
    if dimension == DETECTING_AGENCY:
        return agency_name(code, catalogue, lang)
    return code  # municipalities and indigenous languages' groups are names already


def median_words(found: Median, k: int, lang: str = SPANISH) -> str:
    if found.median is None:
        return translation(lang)("web.statistics.median_withheld", k=k)
    return in_words(found.median, lang)


def statistics_table(
    published: Statistics, catalogue: AgencyCatalogue, lang: str = SPANISH
) -> Table:
    """Every count and every median as rows: (table, category, cases, observations, median)."""
    t = translation(lang)
    less = withheld_text(published.k, lang)
    rows: list[list[Cell]] = []
    for table in published.counts:
        name = dimension_label(table.dimension, lang)
        for cell in table.cells:
            label = category_label(table.dimension, cell.category, catalogue, lang)
            rows.append([name, label, less if cell.count is None else cell.count, None, None])
        total = less if table.total is None else table.total
        rows.append([name, t("web.statistics.total"), total, None, None])
    left_out = less if published.left_out is None else published.left_out
    rows.append([t("web.statistics.left_out_row"), t("web.statistics.total"), left_out, None, None])
    for medians in published.medians:
        name = measure_label(medians.measure, lang)
        for found in (medians.overall, *medians.by_agency):
            who = (
                t("web.statistics.every_agency")
                if found.agency is None
                else agency_name(found.agency, catalogue, lang)
            )
            seen: Cell = less if found.observations is None else found.observations
            rows.append([name, who, None, seen, median_words(found, published.k, lang)])
    return [t(f"web.statistics.column.{c}") for c in COLUMNS], rows
