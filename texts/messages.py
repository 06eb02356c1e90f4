"""What people read when a request is refused: a title and a detail per error, es-MX or English.

The domain names each error with a stable code and safe params (ids, codes, counts, never
personal data); here the params are shown for a reader (labels, agency acronyms, local times)
and set in the reader's language. The texts live in the catalogues, as
``problem.<code>.title`` and ``problem.<code>.detail``.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from functools import cache

from domain.actor import Role
from domain.agencies import AgencyCatalogue
from domain.custody import HandoffStatus
from domain.errors import RutaError
from domain.referral import ReferralStatus
from domain.vocabulary import AgeGroup, LegalBasis, Service
from texts.labels import ENGLISH, SPANISH, agency_acronym, label_code, language, local_time
from texts.translations import translation
from texts.valid_codes import valid_codes

_AGENCY_PARAMS = frozenset({"agency", "addressee", "sender", "receiver"})
# Errors about a code the caller typed: show it as typed, so that the typo can be seen.
_AS_TYPED = frozenset({"unknown_agency", "unknown_code", "unknown_municipality"})
_CODED_PARAMS: dict[str, type[StrEnum]] = {
    "service": Service,
    "role": Role,
    "age_group": AgeGroup,
    "legal_basis": LegalBasis,
}


def problem_text(
    error: RutaError, lang: str = SPANISH, catalogue: AgencyCatalogue | None = None
) -> tuple[str, str]:
    """The title and the detail of ``error`` in the reader's language."""
    lang = language(lang)
    texts = problem_texts(lang)
    code = type(error).code()
    if code in texts:
        title, template = texts[code]
        try:
            detail = template.format(**_shown_params(error, lang, catalogue))
            # A refused code: say which the field takes.
            valid = valid_codes(error, catalogue)
            return title, detail if valid is None else f"{detail} {valid.said(lang)}"
        except (KeyError, IndexError, ValueError):
            # Raised with other params than its template expects: say less, never fail.
            return title, _nearest_base(type(error), texts)[1]
    # An error added to the domain before its texts: the nearest base speaks for it, and in
    # English the domain's own message is already right.
    title, detail = _nearest_base(type(error), texts)
    return title, str(error) if lang == ENGLISH else detail


@cache
def problem_texts(lang: str = SPANISH) -> dict[str, tuple[str, str]]:
    """The title and the detail template of every error code, in ``lang``."""
    section = translation(lang).section("problem")
    codes = {key.rpartition(".")[0] for key in section if key.endswith(".title")}
    return {code: (section[f"{code}.title"], section[f"{code}.detail"]) for code in codes}


def pick_language(header: str | None) -> str:
    """``"en"`` when an ``Accept-Language`` value prefers English to Spanish, else ``"es"``."""
    best, best_q = SPANISH, 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if primary not in (SPANISH, ENGLISH):
            continue
        q = _quality(params)
        # Ties go to the earlier entry, as a client lists its preferences in order.
        if q > best_q:
            best, best_q = primary, q
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _nearest_base(cls: type[RutaError], texts: dict[str, tuple[str, str]]) -> tuple[str, str]:
    for ancestor in cls.__mro__[1:]:
        if issubclass(ancestor, RutaError) and ancestor.code() in texts:
            return texts[ancestor.code()]
    return texts[RutaError.code()]


def _shown_params(
    error: RutaError, lang: str, catalogue: AgencyCatalogue | None
) -> dict[str, object]:
    code = type(error).code()
    values = translation(lang).section("problem.value")
    vocabularies = translation(lang).section("problem.vocabulary")
    shown: dict[str, object] = {}
    for name, value in error.params.items():
        text = str(value)
        if code in _AS_TYPED and name != "vocabulary":
            shown[name] = value
        elif name == "vocabulary":
            shown[name] = vocabularies.get(text, text)
        elif name in _AGENCY_PARAMS:
            shown[name] = values["*"] if text == "*" else agency_acronym(text)
        elif name == "purpose":
            shown[name] = values["any_purpose"] if text == "*" else label_code(Service, text, lang)
        elif name == "status":
            status = HandoffStatus if code.startswith("handoff") else ReferralStatus
            shown[name] = label_code(status, text, lang)
        elif name in _CODED_PARAMS:
            shown[name] = values.get(text) or label_code(_CODED_PARAMS[name], text, lang)
        elif name == "items":
            shown[name] = values.get(text, text)
        elif name == "reason":
            shown[name] = _reason(text, lang)
        elif name == "earlier":
            shown[name] = _time(text, catalogue)
        else:
            shown[name] = value
    return shown


def _reason_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    # Odd parts are the names of the placeholders, even parts literal text.
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        + r"\Z"
    )


@cache
def _reasons() -> list[tuple[re.Pattern[str], str]]:
    # The domain words its reasons in English: the English text is the key of the Spanish one.
    reasons = translation(SPANISH).section("problem.reason")
    return [(_reason_pattern(english), spanish) for english, spanish in reasons.items()]


def _reason(text: str, lang: str) -> str:
    """A reason the domain gives in English, in Spanish when it is known (else as it is)."""
    if lang == ENGLISH:
        return text
    for pattern, spanish in _reasons():
        if match := pattern.match(text):
            return spanish.format(**match.groupdict())
    return text


def _time(text: str, catalogue: AgencyCatalogue | None) -> str:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    return text if when.tzinfo is None else local_time(when, catalogue)
