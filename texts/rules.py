"""A review rule as people read it: its name, what it means in one sentence, and its source.

The rule's name is the catalogue's ``label.Rule.<code>`` when the catalogue has it, else the
commission pages' own ``web.rule.<code>.name``; likewise its explanation and source.
"""

from __future__ import annotations

from dataclasses import dataclass

from texts.translations import SPANISH, translation


@dataclass(frozen=True)
class RuleText:
    name: str
    explained: str
    source: str


def rule_text(code: str, lang: str = SPANISH) -> RuleText:
    t = translation(lang)

    def first(*msgids: str) -> str:
        return next((t(m) for m in msgids if m in t), code)

    return RuleText(
        name=first(f"label.Rule.{code}", f"web.rule.{code}.name"),
        explained=first(f"label.Rule.{code}.explained", f"web.rule.{code}.explained"),
        source=first(f"label.Rule.{code}.source", f"web.rule.{code}.source"),
    )


def severity_text(code: str, lang: str = SPANISH) -> str:
    t = translation(lang)
    key = f"label.Severity.{code}"
    return t(key) if key in t else t(f"web.severity.{code}")
