"""Review rules, severities and event types: each has its Spanish and English words, which the
commission's pages and GET /vocabulary show instead of the codes."""

from __future__ import annotations

import pytest

from domain.review_rules import Rule, Severity
from domain.stored_names import STORED_NAMES
from texts.labels import (
    EVENT_TYPES,
    event_type_label,
    rule_explained,
    rule_label,
    rule_source,
    severity_label,
)
from texts.translations import translation


@pytest.mark.parametrize("rule", list(Rule), ids=str)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_rule_has_a_name_a_sentence_and_a_source(rule: Rule, lang: str) -> None:
    name, sentence, source = (
        rule_label(rule, lang),
        rule_explained(rule, lang),
        rule_source(rule, lang),
    )
    assert name
    assert name != rule.value
    assert "_" not in name
    assert sentence.endswith(".")
    assert len(sentence.split()) >= 8
    assert source
    assert "_" not in source


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_the_spanish_and_english_words_of_a_rule_differ(rule: Rule) -> None:
    assert rule_explained(rule, "es") != rule_explained(rule, "en")
    assert rule_label(rule, "es") != rule_label(rule, "en")


def test_the_child_not_notified_rule_says_what_the_commission_looks_for() -> None:
    code = Rule.CHILD_NOT_NOTIFIED_TO_PPNNA
    assert rule_label(code) == "Niña, niño o adolescente no notificado a la PPNNA"
    assert rule_explained(code) == (
        "Un caso de una persona menor de edad (o de edad desconocida) no tiene canalización "
        "a la PPNNA una hora después de la detección. Si la PPNNA misma lo detectó, su "
        "detección es el aviso."
    )
    assert rule_source(code).startswith("LGDNNA art. 12")
    assert rule_source(Rule.SERVICES_CONDITIONED).startswith("Ley General de Trata, art. 3")


def test_severities_are_said_as_the_commission_says_them() -> None:
    assert [severity_label(s) for s in Severity] == ["Baja", "Media", "Alta", "Crítica"]
    assert [severity_label(s, "en") for s in Severity] == ["Low", "Medium", "High", "Critical"]


def test_every_public_event_type_is_labelled_in_both_languages() -> None:
    public = [entry.public_type for entry in STORED_NAMES if entry.public_type]
    assert list(EVENT_TYPES) == public
    assert len(public) > 30
    for lang in ("es", "en"):
        labels = translation(lang).section("label.EventType")
        assert set(labels) == set(EVENT_TYPES), lang
    for event_type in EVENT_TYPES:
        spanish, english = event_type_label(event_type), event_type_label(event_type, "en")
        assert spanish != english, event_type
        assert spanish != event_type, event_type
        assert "_" not in spanish
        assert "_" not in english


def test_an_event_type_this_version_does_not_know_is_shown_as_it_is() -> None:
    assert event_type_label("referral_accepted") == "Canalización aceptada"
    assert event_type_label("something_new_later") == "something_new_later"
    assert rule_explained("a_rule_of_a_newer_version") == ""
