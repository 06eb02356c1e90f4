"""The result of verifying an export offline: what was checked, what failed, in JSON or words.

A report names places (positions, line numbers, tree sizes), case ids and folios, never the
contents of a record: an auditor may publish it, and a state holds sealed personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from texts.translations import translation

# Each check's detail is ``report.check.<check>`` in the catalogues: the checks' codes are
# the stable codes of the JSON report. The report's other words are ``report.<key>``.

# Where a failure is, in the order a reader looks for it.
PLACES = ("position", "line", "size", "kept")


@dataclass(frozen=True)
class Failure:
    """One failed check, where it failed, and the facts its detail states (no record content)."""

    check: str
    position: int | None = None
    line: int | None = None
    size: int | None = None
    kept: int | None = None
    facts: Mapping[str, object] = field(default_factory=dict)
    folio: str | None = None  # the folio of the case the failing record belongs to, if known

    def places(self) -> dict[str, int]:
        found = {name: getattr(self, name) for name in PLACES}
        return {name: value for name, value in found.items() if value is not None}

    def detail(self, lang: str = "es") -> str:
        details = translation(lang).section("report.check")
        facts = {**self.places(), **self.facts}
        return details[self.check].format(**facts)

    def to_json(self, lang: str = "es") -> dict[str, Any]:
        named = {} if self.folio is None else {"folio": self.folio}
        return {**self.places(), **named, "check": self.check, "detail": self.detail(lang)}

    def to_text(self, lang: str = "es") -> str:
        text = translation(lang).section("report")
        where = [text[_place_key(n)].format(n=v) for n, v in self.places().items()]
        if self.folio is not None:
            where.append(text["folio"].format(folio=self.folio))
        return f"{', '.join(where)} [{self.check}]: {self.detail(lang)}"


def _place_key(name: str) -> str:
    return "line_no" if name == "line" else name


@dataclass(frozen=True)
class Report:
    """What an offline verification found; ``ok`` when no check failed."""

    records: int
    lines: int
    origin: str | None
    checkpoints: int
    size_verified: int
    unvouched: int
    erased_cases: tuple[UUID, ...]
    failures: tuple[Failure, ...]
    failures_omitted: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self, lang: str = "es") -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "records": self.records,
                "lines": self.lines,
                "origin": self.origin,
                "checkpoints": self.checkpoints,
                "size_verified": self.size_verified,
                "unvouched": self.unvouched,
                "erased_cases": [str(case) for case in self.erased_cases],
                "failures": [failure.to_json(lang) for failure in self.failures],
                "failures_omitted": self.failures_omitted,
            },
            ensure_ascii=False,
        )

    def to_text(self, lang: str = "es") -> str:
        text = translation(lang).section("report")
        out = [text["ok" if self.ok else "failed"]]
        if self.origin is not None:
            out.append(text["origin"].format(origin=self.origin))
        out.append(text["counts"].format(records=self.records, lines=self.lines))
        out.append(
            text["checkpoints"].format(checkpoints=self.checkpoints, size=self.size_verified)
        )
        if self.unvouched:
            out.append(text["unvouched"].format(count=self.unvouched))
        if self.erased_cases:
            out.append(text["erased"].format(count=len(self.erased_cases)))
            out.extend(f"  {case}" for case in self.erased_cases)
        if self.failures:
            out.append(text["failures"])
            out.extend(f"  {failure.to_text(lang)}" for failure in self.failures)
        if self.failures_omitted:
            out.append(text["more"].format(count=self.failures_omitted))
        return "\n".join(out) + "\n"
