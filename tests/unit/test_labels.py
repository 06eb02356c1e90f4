"""Labels: every code people can meet has a Spanish and an English text; languages are picked."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

import pytest

import domain.vocabulary
from domain.actor import Role
from domain.agencies import AgencyKind, Participation, load_catalogue
from domain.case_state import Relation
from domain.custody import HandoffStatus
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.personal_data import DataCategory, PersonalField
from domain.referral import ReferralStatus
from domain.statistics_dimensions import AgeBand
from domain.vocabulary import AgeGroup, ExploitationForm, Indicator, MeasureKind, Service, Sex
from texts.labels import (
    LABELLED_VOCABULARIES,
    agency_acronym,
    agency_name,
    label,
    label_code,
    label_list,
    local_time,
)
from texts.messages import pick_language
from texts.translations import translation

VOCABULARY_MODULE_ENUMS = [
    cls
    for _, cls in inspect.getmembers(domain.vocabulary, inspect.isclass)
    if issubclass(cls, StrEnum) and cls.__module__ == domain.vocabulary.__name__
]
OTHER_ENUMS: list[type[StrEnum]] = [
    AgeGroup,
    Sex,
    ReferralStatus,
    HandoffStatus,
    Relation,
    Role,
    PersonalField,
    DataCategory,
    AgencyKind,
    Participation,
    EconomicSector,
    TraffickingScope,
    AgeBand,
]
ALL_ENUMS = list(dict.fromkeys([*VOCABULARY_MODULE_ENUMS, *OTHER_ENUMS]))
MEMBERS = [member for enum in ALL_ENUMS for member in enum]


def test_every_vocabulary_of_the_domain_is_labelled() -> None:
    assert len(VOCABULARY_MODULE_ENUMS) >= 20  # the walk found the vocabulary, not nothing
    assert set(ALL_ENUMS) <= set(LABELLED_VOCABULARIES)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.value}")
def test_every_code_has_a_spanish_and_an_english_label(member: StrEnum) -> None:
    spanish, english = label(member), label(member, "en")
    assert spanish.strip()
    assert english.strip()
    assert "_" not in spanish
    assert "_" not in english
    assert spanish != member.value  # a Spanish reader never sees the English code


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_catalogues_label_only_codes_that_exist(lang: str) -> None:
    labelled = {name.partition(".")[0] for name in translation(lang).section("label")}
    # Event types are the stored names' public types, not an enum (test_rule_labels.py).
    assert labelled == {vocabulary.__name__ for vocabulary in LABELLED_VOCABULARIES} | {"EventType"}
    for vocabulary in LABELLED_VOCABULARIES:
        labels = translation(lang).section(f"label.{vocabulary.__name__}")
        assert set(labels) == {m.value for m in vocabulary}, vocabulary.__name__


def test_forms_of_exploitation_use_the_terms_of_article_10() -> None:
    assert label(ExploitationForm.SERVITUDE) == "condición de siervo"
    assert label(ExploitationForm.FORCED_BEGGING) == "mendicidad forzosa"
    assert label(ExploitationForm.CRIMINAL_ACTIVITIES) == (
        "utilización de personas menores de 18 años en actividades delictivas"
    )
    assert label(ExploitationForm.ORGAN_TRAFFICKING) == "tráfico de órganos, tejidos y células"
    assert label(MeasureKind.URGENT_PROTECTION_MEASURE) == "medida urgente de protección"
    assert label(ExploitationForm.SEXUAL, "en") == "sexual exploitation"


def test_a_code_read_back_as_plain_text_gets_its_label() -> None:
    assert label_code(Service, "shelter") == "albergue"
    assert label_code(MeasureKind, "shelter") == "alojamiento en albergue"
    assert label_code(Service, "shelter", "en") == "shelter"


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert label_code(Service, "space_travel") == "space_travel"
    assert label_code(Service, "space_travel", "en") == "space_travel"


def test_a_list_of_codes_reads_as_a_list_of_labels() -> None:
    codes = ["document_retention", "restricted_movement"]
    assert label_list(Indicator, codes) == "retención de documentos, restricción de movimiento"
    assert label_list(Indicator, []) == ""


def test_spanish_is_the_default_and_a_regional_english_tag_means_english() -> None:
    assert label(Service.MEDICAL) == "atención médica"
    assert label(Service.MEDICAL, "fr") == "atención médica"
    assert label(Service.MEDICAL, "en-US") == "medical care"


def test_an_agency_is_named_by_its_spanish_proper_name_in_both_languages() -> None:
    catalogue = load_catalogue()
    name = "Fiscalía General del Estado de Quintana Roo"
    assert agency_name("fge", catalogue) == name
    assert agency_name("fge", catalogue, "en") == name
    assert agency_name("nowhere", catalogue) == "NOWHERE"
    assert agency_acronym("dif") == "DIF"
    assert agency_acronym("dif_benito_juarez") == "DIF BENITO JUAREZ"
    assert agency_acronym(None) == ""


def test_times_are_shown_in_the_local_time_of_the_deployment() -> None:
    when = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)
    assert local_time(when) == "20/11/2026 09:05"
    assert local_time(when, load_catalogue()) == "20/11/2026 09:05"
    elsewhere = replace(load_catalogue(), utc_offset=timezone(timedelta(hours=-6)))
    assert local_time(when, elsewhere) == "20/11/2026 08:05"
    # Just after midnight UTC it is still the day before in Quintana Roo.
    assert local_time(datetime(2027, 1, 1, 2, 0, tzinfo=UTC)) == "31/12/2026 21:00"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "es"),
        ("", "es"),
        ("es-MX", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr", "es"),
        ("fr-FR,de;q=0.5", "es"),
        ("*", "es"),
        ("en", "en"),
        ("EN-us", "en"),
        ("en-US,en;q=0.9", "en"),
        ("fr,en;q=0.5", "en"),
        ("es;q=0.4, en;q=0.8", "en"),
        ("en;q=0", "es"),
        ("en;q=nonsense", "es"),
        ("es,en", "es"),
        ("en,es", "en"),
    ],
)
def test_the_language_is_picked_from_accept_language(header: str | None, expected: str) -> None:
    assert pick_language(header) == expected
