"""A review rule as people read it: its name, what it means in one sentence, and its source
(the catalogues' ``label.Rule.<code>``, ``web.rule.<code>.explained`` and ``.source``)."""

from __future__ import annotations

from dataclasses import dataclass

from texts.labels import rule_explained, rule_label, rule_source, severity_label
from texts.translations import SPANISH


@dataclass(frozen=True)
class RuleText:
    name: str
    explained: str
    source: str


def rule_text(code: str, lang: str = SPANISH) -> RuleText:
    return RuleText(rule_label(code, lang), rule_explained(code, lang), rule_source(code, lang))


def severity_text(code: str, lang: str = SPANISH) -> str:
    return severity_label(code, lang)
