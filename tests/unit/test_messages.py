"""Error texts: every error the domain raises has a Spanish and an English title and detail."""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import ClassVar

import pytest

from domain import errors
from domain.errors import (
    CaseHasOpenItems,
    Conflict,
    ConsentNotCovering,
    Forbidden,
    InvalidValue,
    NotFound,
    NothingToWithdraw,
    ReferralAlreadyAnswered,
    RuleViolation,
    RutaError,
    ServiceNotOffered,
    TimeOutOfOrder,
    UnknownAgency,
    UnknownCode,
)
from texts.messages import problem_text, problem_texts

BASES: set[type[RutaError]] = {RutaError, NotFound, Forbidden, Conflict, RuleViolation}
BASE_CLASSES = sorted(BASES, key=lambda c: c.__name__)


def _subclasses(cls: type[RutaError]) -> Iterator[type[RutaError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# Only the domain's own errors (those ``domain.errors`` exports, whichever of its modules declares
# them): a test may define more, and those must not count here.
CONCRETE = sorted(
    {c for c in _subclasses(RutaError) if getattr(errors, c.__name__, None) is c} - BASES,
    key=lambda c: c.__name__,
)


def names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_walk_finds_the_error_tree() -> None:
    assert len(CONCRETE) > 40
    assert ReferralAlreadyAnswered in CONCRETE


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("cls", BASE_CLASSES, ids=[c.__name__ for c in BASE_CLASSES])
def test_the_bases_have_a_title_and_a_detail(cls: type[RutaError], lang: str) -> None:
    title, detail = problem_texts(lang)[cls.code()]
    assert title.strip()
    assert detail.strip()
    assert not names(detail)  # a base speaks for errors whose params it cannot know


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("cls", CONCRETE, ids=[c.__name__ for c in CONCRETE])
def test_every_error_has_a_title_and_a_detail_over_its_own_params(
    cls: type[RutaError], lang: str
) -> None:
    title, detail = problem_texts(lang)[cls.code()]
    assert title.strip()
    assert detail.strip()
    assert names(detail) == names(cls.message)
    formatted = detail.format(**{name: f"<{name}>" for name in names(cls.message)})
    assert "{" not in formatted


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_texts_name_only_errors_that_exist(lang: str) -> None:
    known = {c.code() for c in [*CONCRETE, *BASES]}
    assert set(problem_texts(lang)) == known


def test_spanish_and_english_titles_differ() -> None:
    same = [
        c.__name__
        for c in CONCRETE
        if problem_texts("es")[c.code()] == problem_texts("en")[c.code()]
    ]
    assert not same


def test_a_refusal_reads_in_spanish_with_labels_and_acronyms() -> None:
    error = ServiceNotOffered(field="to_agency", agency="sedetur", service="shelter")
    assert problem_text(error) == (
        "Servicio no ofrecido",
        "La institución SEDETUR no ofrece albergue.",
    )
    assert problem_text(error, "en") == (
        "Service not offered",
        "Agency SEDETUR does not offer shelter.",
    )


def test_a_status_is_shown_as_its_label() -> None:
    error = ReferralAlreadyAnswered(referral_id="r-1", status="accepted")
    title, detail = problem_text(error)
    assert title == "Canalización ya respondida"
    assert detail == "La canalización r-1 ya fue respondida (aceptada)."


def test_open_items_and_placeholders_are_words_not_codes() -> None:
    _, detail = problem_text(CaseHasOpenItems(count=2, items="referrals"))
    assert (
        detail == "Quedan canalizaciones abiertas (2); resuélvalas antes de cerrar el expediente."
    )
    _, detail = problem_text(NothingToWithdraw(agency="*"))
    assert detail == "No hay consentimiento que retirar para ninguna institución."
    _, detail = problem_text(ConsentNotCovering(agency="oim", purpose="*"), "en")
    assert detail.startswith("The person's consent does not cover OIM for any purpose;")


def test_the_domains_reasons_are_translated_even_with_numbers() -> None:
    _, detail = problem_text(InvalidValue(reason="at most 20000 characters"))
    assert detail == "El valor no es válido: como máximo 20000 caracteres."
    _, detail = problem_text(InvalidValue(reason="an age from 0 to 120"))
    assert detail == "El valor no es válido: una edad de 0 a 120 años."
    _, detail = problem_text(InvalidValue(reason="a reason nobody wrote down yet"))
    assert detail == "El valor no es válido: a reason nobody wrote down yet."


def test_a_time_in_a_detail_is_local() -> None:
    _, detail = problem_text(TimeOutOfOrder(earlier="2026-11-20T14:00:00+00:00"))
    assert detail == "Esto no pudo ocurrir antes del 20/11/2026 09:00."


def test_what_the_caller_typed_is_shown_as_typed() -> None:
    _, detail = problem_text(UnknownAgency(agency="difx"))
    assert detail == "“difx” no es una institución del catálogo."
    _, detail = problem_text(UnknownCode(value="shelterr", vocabulary="Service"))
    assert detail.startswith(
        "“shelterr” no es un código válido de servicio. Códigos válidos: "
        "investigation (investigación), shelter (albergue), "
    )


class BrandNewRule(RuleViolation):
    """An error added to the domain before anybody wrote its texts."""

    message: ClassVar[str] = "Something new about {thing} is not allowed."


def test_an_error_without_texts_speaks_through_its_base() -> None:
    error = BrandNewRule(thing="x")
    assert problem_text(error) == problem_texts("es")["rule_violation"]
    assert problem_text(error, "en") == (
        problem_texts("en")["rule_violation"][0],
        "Something new about x is not allowed.",
    )


def test_an_error_raised_without_the_params_of_its_template_still_has_a_text() -> None:
    error = ServiceNotOffered.__new__(ServiceNotOffered)
    error.field, error.params = None, {}
    title, detail = problem_text(error)
    assert title == "Servicio no ofrecido"
    assert detail == problem_texts("es")["rule_violation"][1]
