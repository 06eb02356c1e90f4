"""Every refusal of a code names the field and lists the codes it takes, in the reader's words."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actor import Role
from domain.errors import UnknownCode
from domain.review_rules import Rule
from domain.vocabulary import Indicator, Purpose, Service
from tests.e2e.conftest import OPERATOR, Api, detection
from texts.messages import problem_text


def opened(api: Api) -> str:
    answer = api.post("/cases", "fge", detection())
    assert answer.status_code == 201
    case_id: str = answer.json()["case_id"]
    return case_id


def refused(answer: Any, field: str) -> dict[str, Any]:
    assert answer.status_code == 422, answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = answer.json()
    assert problem["field"] == field
    [error] = [e for e in problem["errors"] if e["field"] == field]
    assert error["valid"], error
    return {**problem, "error": error}


def test_an_unknown_agency_in_a_body_lists_the_catalogues_codes(api: Api) -> None:
    case_id = opened(api)
    body = {"to_agency": "difx", "service": "shelter", "urgency": "urgent"}
    problem = refused(api.post(f"/cases/{case_id}/referrals", "fge", body), "to_agency")
    assert problem["code"] == "unknown_agency"
    assert problem["error"]["valid"] == [agency.code for agency in api.hub.catalogue]
    assert "Códigos válidos: " in problem["detail"]
    assert "dif, ppnna" in problem["detail"]


def test_an_agency_that_does_not_offer_the_service_lists_those_that_do(api: Api) -> None:
    case_id = opened(api)
    body = {"to_agency": "sesa", "service": "shelter", "urgency": "urgent"}
    problem = refused(api.post(f"/cases/{case_id}/referrals", "fge", body), "to_agency")
    assert problem["code"] == "service_not_offered"
    offering = [a.code for a in api.hub.catalogue if Service.SHELTER in a.services]
    assert problem["error"]["valid"] == offering
    assert "dif" in offering
    assert "sesa" not in offering


def test_an_unknown_indicator_lists_the_indicators_with_their_spanish_words(api: Api) -> None:
    body = detection(indicators=["document_retention", "bad_vibes"])
    problem = refused(api.post("/cases", "fge", body), "indicators[1]")
    assert problem["error"]["valid"] == [i.value for i in Indicator]
    assert "“bad_vibes”" in problem["detail"]
    assert "document_retention (" in problem["detail"]


def test_an_unknown_purpose_header_lists_the_purposes_in_english_when_asked(api: Api) -> None:
    case_id = opened(api)
    answer = api.get(f"/cases/{case_id}", "fge", X_Ruta_Purpose="curiosity", accept_language="en")
    problem = refused(answer, "X-Ruta-Purpose")
    assert problem["error"]["valid"] == [p.value for p in Purpose]
    assert "Valid codes: care (" in problem["detail"]


def test_an_unknown_municipality_lists_the_deployments(api: Api) -> None:
    problem = refused(api.post("/cases", "fge", detection(municipality="Gotham")), "municipality")
    assert problem["error"]["valid"] == sorted(api.hub.catalogue.municipalities)
    assert "Benito Juárez" in problem["detail"]


def test_an_unknown_service_in_a_body_lists_the_services(api: Api) -> None:
    case_id = opened(api)
    body = {"to_agency": "dif", "service": "massage", "urgency": "urgent"}
    problem = refused(api.post(f"/cases/{case_id}/referrals", "fge", body), "service")
    assert problem["error"]["valid"] == [s.value for s in Service]
    assert "valores posibles" in problem["error"]["detail"]


@pytest.mark.parametrize(
    ("query", "field", "valid"),
    [
        ("rule=late_lunch", "rule", [r.value for r in Rule]),
        ("severity=urgentish", "severity", ["low", "medium", "high", "critical"]),
    ],
)
def test_an_unknown_rule_or_severity_in_a_query_lists_the_valid_ones(
    api: Api, query: str, field: str, valid: list[str]
) -> None:
    answer = api.get(f"/review/findings?{query}", "cdheqroo", role="commission")
    assert refused(answer, field)["error"]["valid"] == valid


def test_an_unknown_agency_in_a_query_lists_the_catalogues_codes(api: Api) -> None:
    answer = api.get("/review/findings?agency=nobody", "cdheqroo", role="commission")
    problem = refused(answer, "agency")
    assert problem["code"] == "unknown_agency"
    assert "cdheqroo" in problem["error"]["valid"]


def test_an_unknown_role_is_refused_with_the_roles_by_the_hub(api: Api) -> None:
    with api.hub.acting_as(OPERATOR), pytest.raises(UnknownCode) as refusal:
        api.hub.open_account("dif", ["janitor"], label="x")
    _, detail = problem_text(refusal.value, "es", api.hub.catalogue)
    for role in Role:
        assert f"{role.value} (" in detail
