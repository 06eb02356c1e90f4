"""GET /vocabulary: the agencies, the municipalities and every code with its words."""

from __future__ import annotations

from typing import Any

import pytest

from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.review_rules import Rule
from domain.statistics_dimensions import AgeBand
from domain.vocabulary import DeclineReason, Purpose, Service
from tests.e2e.conftest import Api
from texts.labels import EVENT_TYPES, LABELLED_VOCABULARIES


@pytest.fixture
def vocabulary(api: Api) -> dict[str, Any]:
    answer = api.get("/vocabulary", "cdheqroo", role="commission")
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def test_the_agencies_of_the_catalogue_are_listed_with_kind_and_services(
    api: Api, vocabulary: dict[str, Any]
) -> None:
    agencies = {a["code"]: a for a in vocabulary["agencies"]}
    assert set(agencies) == {agency.code for agency in api.hub.catalogue}
    dif = agencies["dif"]
    assert dif["name"] == api.hub.catalogue.get("dif").name
    assert dif["kind"]["code"] == "family_welfare"
    assert dif["kind"]["es"] != "family_welfare"
    assert {s["code"] for s in dif["services"]} == {
        str(s) for s in api.hub.catalogue.get("dif").services
    }
    assert dif["may_hold_custody"] is True
    shelter = next(s for s in dif["services"] if s["code"] == "shelter")
    assert (shelter["es"], shelter["en"]) == ("albergue", "shelter")
    assert "Benito Juárez" in vocabulary["municipalities"]
    assert vocabulary["folio_prefix"] == "QR"


def test_every_vocabulary_lists_every_code_with_spanish_and_english_words(
    vocabulary: dict[str, Any],
) -> None:
    shown = vocabulary["vocabularies"]
    assert set(shown) == {v.__name__ for v in LABELLED_VOCABULARIES}
    for name in ("Service", "Purpose", "DeclineReason", "Severity", "Role", "Rule"):
        assert name in shown
    assert [c["code"] for c in shown["Service"]] == [s.value for s in Service]
    assert [c["code"] for c in shown["Purpose"]] == [p.value for p in Purpose]
    assert [c["code"] for c in shown["DeclineReason"]] == [r.value for r in DeclineReason]
    high = next(c for c in shown["Severity"] if c["code"] == "high")
    assert (high["es"], high["en"]) == ("Alta", "High")
    for codes in shown.values():
        for code in codes:
            assert code["en"], code
            assert code["es"] != code["code"], code


def test_each_rule_says_when_it_fires_and_its_legal_source(vocabulary: dict[str, Any]) -> None:
    rules = {r["code"]: r for r in vocabulary["rules"]}
    assert set(rules) == {r.value for r in Rule}
    child = rules["child_not_notified_to_ppnna"]
    assert child["es"] == "Niña, niño o adolescente no notificado a la PPNNA"
    assert "una hora después de la detección" in child["explained"]["es"]
    assert "one hour after the detection" in child["explained"]["en"]
    assert child["source"]["es"].startswith("LGDNNA art. 12")


def test_event_types_are_the_public_types_with_their_words(vocabulary: dict[str, Any]) -> None:
    types = {t["code"]: t for t in vocabulary["event_types"]}
    assert list(types) == list(EVENT_TYPES)
    assert types["referral_accepted"]["es"] == "Canalización aceptada"
    assert types["referral_accepted"]["en"] == "Referral accepted"


@pytest.mark.parametrize(("agency", "role"), [("dif", "caseworker"), ("segob", "auditor")])
def test_any_account_reads_the_vocabulary(api: Api, agency: str, role: str) -> None:
    assert api.get("/vocabulary", agency, role=role).status_code == 200


def test_the_vocabulary_is_refused_without_a_token(api: Api) -> None:
    answer = api.client.get("/vocabulary")
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_vocabulary_is_in_the_openapi_document(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    operation = document["paths"]["/vocabulary"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/VocabularyOut"}
    assert "401" in operation["responses"]


def test_the_economic_sectors_scopes_and_age_bands_are_listed_with_their_words(
    vocabulary: dict[str, Any],
) -> None:
    """Issue 14, point 15: the codes a detection and the statistics use, in Spanish and
    English (SCIAN for the sectors, LGDNNA art. 5 for the bands)."""
    shown = vocabulary["vocabularies"]
    assert [c["code"] for c in shown["EconomicSector"]] == [s.value for s in EconomicSector]
    assert [c["code"] for c in shown["TraffickingScope"]] == [s.value for s in TraffickingScope]
    assert [c["code"] for c in shown["AgeBand"]] == [b.value for b in AgeBand]
    hotels = next(c for c in shown["EconomicSector"] if c["code"] == "hospitality")
    assert (hotels["es"], hotels["en"]) == (
        "hotelería y restaurantes",
        "hospitality (lodging, restaurants)",
    )
    scope = next(c for c in shown["TraffickingScope"] if c["code"] == "internal")
    assert (scope["es"], scope["en"]) == ("interna (dentro de México)", "internal (within Mexico)")
