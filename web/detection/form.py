"""Reading a detection form: the values typed, each field's error, and the report to record.

Parsed here, not by pydantic: every field is checked at once so that each error is shown
beside its field; the hub checks everything again when it records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from domain.countries import ISO_3166_1_ALPHA_2, UNKNOWN_NATIONALITY
from domain.detection import ADULTHOOD, CLOCK_SKEW
from domain.exploitation_context import EconomicSector
from domain.exploitation_context import TraffickingScope as Scope
from domain.vocabulary import AgeGroup, ExploitationForm, Indicator, Sex

Values = dict[str, Any]
ERROR = "web.detection.error."
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
TEXT_LIMITS = {"full_name": 200, "date_of_birth": 40, "contact": 400, "narrative": 20_000}
DOCUMENT_LIMIT, DOCUMENTS = 200, 20
MAX_PEOPLE = 20


@dataclass
class Reading:
    """What the form said: values to show again, errors by field id, and the parsed facts."""

    values: Values = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    facts: Values = field(default_factory=dict)

    def error(self, name: str, key: str) -> None:
        self.errors.setdefault(name, ERROR + key)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def read_shared(form: FormData, reading: Reading, zone: ZoneInfo, now: datetime) -> None:
    """When, where, what was seen, languages and custody: once for a person or a group."""
    when, municipality = _text(form, "detected_at"), _text(form, "municipality")
    indicators, forms = _texts(form, "indicators"), _texts(form, "exploitation_forms")
    languages, other = _texts(form, "languages"), _text(form, "other_languages")
    reading.values.update(
        detected_at=when,
        municipality=municipality,
        indicators=indicators,
        exploitation_forms=forms,
        languages=languages,
        other_languages=other,
        needs_interpreter=bool(form.get("needs_interpreter")),
        in_custody=bool(form.get("in_custody")),
    )
    for name, vocabulary in (("economic_sector", EconomicSector), ("trafficking_scope", Scope)):
        code = _text(form, name) or "unknown"  # optional: not known, or not said
        reading.values[name] = code
        if code not in set(vocabulary):
            reading.error(name, name)
        reading.facts[name] = code
    try:
        detected_at = datetime.fromisoformat(when).replace(tzinfo=zone)
    except ValueError:
        reading.error("detected_at", "detected_at")
    else:
        if detected_at > now + CLOCK_SKEW:
            reading.error("detected_at", "detected_at_future")
        reading.facts["detected_at"] = detected_at
    if not municipality:
        reading.error("municipality", "municipality")
    if not indicators or not set(indicators) <= set(Indicator):
        reading.error("indicators", "indicators")
    if not set(forms) <= set(ExploitationForm):
        reading.error("exploitation_forms", "exploitation_forms")
    tags = [*languages, *(t.strip().lower() for t in other.split(",") if t.strip())]
    if not all(LANGUAGE.fullmatch(t) for t in tags) or len(tags) > 10:
        reading.error("other_languages", "languages")
    reading.facts.update(
        municipality=municipality,
        indicators=indicators,
        exploitation_forms=forms,
        languages=list(dict.fromkeys(tags)),
        needs_interpreter=reading.values["needs_interpreter"],
        in_custody=reading.values["in_custody"],
    )


def read_person(form: FormData, reading: Reading, prefix: str = "", full: bool = True) -> Values:
    """One person's fields (``prefix`` tells a group's blocks apart); the facts to record."""
    names = ["age_group", "estimated_age", "sex", "nationality", "full_name"]
    if full:
        names += ["date_of_birth", "documents", "contact", "narrative"]
    got = {n: _text(form, prefix + n) for n in names}
    reading.values.update({prefix + n: v for n, v in got.items()})
    facts: Values = {"age_group": got["age_group"], "sex": got["sex"]}
    if got["age_group"] not in set(AgeGroup):
        reading.error(prefix + "age_group", "age_group")
    if got["sex"] not in set(Sex):
        reading.error(prefix + "sex", "sex")
    nationality = got["nationality"].upper()
    if nationality != UNKNOWN_NATIONALITY and nationality not in ISO_3166_1_ALPHA_2:
        reading.error(prefix + "nationality", "nationality")
    facts["nationality"] = nationality
    facts["estimated_age"] = _age(got, reading, prefix)
    personal: dict[str, object] = {}
    for name, limit in TEXT_LIMITS.items():
        if got.get(name):
            if len(got[name]) > limit:
                reading.error(prefix + name, "too_long")
            personal[name] = got[name]
    documents = [d.strip() for d in got.get("documents", "").splitlines() if d.strip()]
    if len(documents) > DOCUMENTS or any(len(d) > DOCUMENT_LIMIT for d in documents):
        reading.error(prefix + "documents", "documents")
    if documents:
        personal["documents"] = documents
    facts["personal_data"] = personal
    return facts


def _age(got: dict[str, str], reading: Reading, prefix: str) -> int | None:
    if not got["estimated_age"]:
        return None
    if not got["estimated_age"].isdigit() or int(got["estimated_age"]) > 120:
        reading.error(prefix + "estimated_age", "estimated_age")
        return None
    age = int(got["estimated_age"])
    group = got["age_group"]
    if (group == AgeGroup.ADULT and age < ADULTHOOD) or (
        group == AgeGroup.CHILD and age >= ADULTHOOD
    ):
        reading.error(prefix + "estimated_age", "estimated_age_inconsistent")
    return age


def people_count(raw: str | None) -> int | None:
    """The number of people of a group (2 to ``MAX_PEOPLE``), or None."""
    if raw is None or not raw.strip().isdigit():
        return None
    n = int(raw.strip())
    return n if 2 <= n <= MAX_PEOPLE else None


def default_when(now: datetime, zone: ZoneInfo) -> str:
    return (now.astimezone(zone) - timedelta(seconds=now.second)).strftime("%Y-%m-%dT%H:%M")


# The hub's refusals that have words of their own; any other is named by its field.
REFUSALS = {
    "cannot_hold_custody": "in_custody",
    "detection_in_future": "detected_at_future",
    "inconsistent_age": "estimated_age_inconsistent",
    "idempotency_key_reused": "already_saved",
}
SHARED = ("detected_at", "municipality", "indicators", "exploitation_forms", "in_custody")
PERSONAL = ("age_group", "estimated_age", "sex", "nationality", "documents")


def refusal(code: str, field_name: str | None, group: bool) -> tuple[str, str]:
    """The form's field and the words for an error of the hub naming ``field_name``.

    The hub names a field of the API (``personal_data.full_name``, ``languages[2]``); a
    group's refusal does not say whose field it was, so it is shown beside the save button.
    """
    name = (field_name or "").removeprefix("personal_data.").split("[")[0]
    words = REFUSALS.get(code)
    if name == "languages":
        return "other_languages", ERROR + "languages"
    if name in SHARED:
        return name, ERROR + (words or name)
    if name in PERSONAL and not group:
        return name, ERROR + (words or name)
    return "guardar", ERROR + (words or "refused")
