"""GET /review/statistics: anonymized counts for the commission and the statistics-only agencies,
no count below k, never a case."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI

from api.routers import statistics
from tests.e2e.conftest import Api, detection

NOVEMBER_19 = "2026-11-19T10:00:00-05:00"


@pytest.fixture
def stats(api: Api) -> Api:
    """The API with the statistics route, whether or not ``create_app`` includes it yet."""
    app = api.client.app
    assert isinstance(app, FastAPI)
    if not any(getattr(route, "path", None) == "/review/statistics" for route in app.routes):
        app.include_router(statistics.router)
    return api


def open_cases(api: Api) -> list[dict[str, Any]]:
    """Thirteen women found in Cancún bars, twelve men on a Playa del Carmen worksite; each
    person agrees to be counted."""
    bars = detection(economic_sector="entertainment_nightlife", trafficking_scope="international")
    site = detection(
        economic_sector="construction",
        trafficking_scope="international",
        languages=["es", "mam"],
        detected_at=NOVEMBER_19,
        municipality="Solidaridad",
        indicators=["no_pay", "excessive_hours"],
        exploitation_forms=["labour"],
        sex="male",
        nationality="GT",
        estimated_age=31,
        in_custody=False,
        personal_data={"full_name": "Trabajador Ficticio Prueba"},
    )
    opened = [api.post("/cases", "sedetur", bars) for _ in range(13)]
    opened += [api.post("/cases", "styps", site) for _ in range(12)]
    assert all(answer.status_code == 201 for answer in opened)
    for answer, agency in zip(opened, ["sedetur"] * 13 + ["styps"] * 12, strict=True):
        counted(api, answer.json()["case_id"], agency)
    return [answer.json() for answer in opened]


def counted(api: Api, case_id: str, agency: str, said: bool = True) -> None:
    """The person's answer to being counted in the statistics, recorded with a consent."""
    body = {"counted_in_statistics": said}
    assert api.post(f"/cases/{case_id}/consents", agency, body).status_code == 200


def table(answer: dict[str, Any], dimension: str) -> dict[str, int | None]:
    (found,) = [t for t in answer["counts"] if t["dimension"] == dimension]
    return {cell["category"]: cell["count"] for cell in found["cells"]}


def shown(answer: dict[str, Any], dimension: str) -> dict[str, int]:
    return {c: n for c, n in table(answer, dimension).items() if n is not None}


def test_the_commission_reads_counts_with_every_small_one_withheld(stats: Api) -> None:
    open_cases(stats)
    response = stats.get("/review/statistics", "cdheqroo", "commission")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["k"], answer["cases"]) == (11, 25)
    assert {t["total"] for t in answer["counts"]} == {25}
    # The men's 12 is the smallest count of at least k: withheld with the zeros, which alone
    # would add up to nothing and so give themselves away.
    assert shown(answer, "sex") == {"female": 13}
    assert table(answer, "sex")["male"] is None
    assert shown(answer, "nationality") == {"HN": 13}
    assert shown(answer, "municipality") == {"Benito Juárez": 13}
    assert shown(answer, "detecting_agency") == {"sedetur": 13}
    assert shown(answer, "exploitation_form") == {"sexual": 13}
    assert shown(answer, "age_group") == {}
    assert [m["measure"] for m in answer["medians"]] == [
        "detection_to_first_referral",
        "referral_to_answer",
        "handoff_to_acknowledgement",
    ]
    assert all(m["overall"]["median_seconds"] is None for m in answer["medians"])


def test_a_caseworker_is_refused(stats: Api) -> None:
    response = stats.get("/review/statistics", "dif")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "role_required"
    assert stats.get("/review/statistics", "cdheqroo").status_code == 403


@pytest.mark.parametrize(
    ("agency", "role"),
    [
        ("mun_benito_juarez", "caseworker"),
        ("unodc", "caseworker"),
        ("segob", "admin"),
        ("fge", "auditor"),
        ("dif", "supervisor"),
    ],
)
def test_statistics_only_agencies_auditors_and_supervisors_read_them(
    stats: Api, agency: str, role: str
) -> None:
    open_cases(stats)
    response = stats.get("/review/statistics", agency, role)
    assert response.status_code == 200, response.text
    assert response.json()["cases"] == 25


def test_the_answer_names_no_case_no_folio_and_no_person(stats: Api) -> None:
    opened = open_cases(stats)
    text = stats.get("/review/statistics", "unodc").text
    for case in opened:
        assert case["case_id"] not in text
        assert case["folio"] not in text
    for secret in ("Marisol", "Trabajador", "2002-03-14", "Relato"):
        assert secret not in text


def test_a_period_selects_the_cases_detected_in_it(stats: Api) -> None:
    open_cases(stats)
    query = urlencode({"from": "2026-11-20T00:00:00-05:00", "to": "2026-11-21T00:00:00-05:00"})
    answer = stats.get(f"/review/statistics?{query}", "cdheqroo", "commission").json()
    assert answer["cases"] == 13
    assert answer["period"] == {
        "from": "2026-11-20T00:00:00-05:00",
        "to": "2026-11-21T00:00:00-05:00",
    }
    before = urlencode({"to": "2026-11-20T00:00:00-05:00"})
    answer = stats.get(f"/review/statistics?{before}", "cdheqroo", "commission").json()
    assert answer["cases"] == 12
    assert answer["period"]["from"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-11-21T00:00:00-05:00", "to": "2026-11-20T00:00:00-05:00"},
        {"from": "2026-11-20"},
        {"to": "1763614800"},
    ],
)
def test_a_period_that_is_not_one_is_refused(stats: Api, query: dict[str, str]) -> None:
    response = stats.get(f"/review/statistics?{urlencode(query)}", "cdheqroo", "commission")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_threshold_is_the_deployment_s(stats: Api) -> None:
    open_cases(stats)
    stats.client.app.state.statistics_threshold = 3  # type: ignore[attr-defined]
    answer = stats.get("/review/statistics", "cdheqroo", "commission").json()
    assert answer["k"] == 3
    assert table(answer, "sex")["female"] == 13


def test_the_tables_of_the_national_reports_are_answered_after_the_first_ones(stats: Api) -> None:
    """Issue 14, point 15: age bands (LGDNNA art. 5), indigenous language (INALI's catalogue),
    economic sector (SCIAN), internal or international trafficking; added after the tables
    the API always answered, none renamed."""
    open_cases(stats)
    answer = stats.get("/review/statistics", "cdheqroo", "commission").json()
    assert [t["dimension"] for t in answer["counts"]] == [
        "exploitation_form",
        "age_group",
        "sex",
        "nationality",
        "municipality",
        "detecting_agency",
        "age_band",
        "indigenous_language",
        "economic_sector",
        "trafficking_scope",
    ]
    assert shown(answer, "age_band") == {}  # the adults' 25, as the age groups withhold it
    assert shown(answer, "economic_sector") == {"entertainment_nightlife": 13}
    # All 25 international: published, it would say that no case is internal.
    assert shown(answer, "trafficking_scope") == {}
    assert table(answer, "trafficking_scope") == dict.fromkeys(
        ["internal", "international", "unknown"]
    )
    assert table(answer, "indigenous_language")["Mam"] is None  # 12: the smallest, withheld
    assert shown(answer, "indigenous_language") == {"none": 13}


def test_cases_whose_person_did_not_agree_to_be_counted_are_left_out_and_counted_apart(
    stats: Api,
) -> None:
    """The person's consent (PPNNA's for a child) decides whether the case is counted; how many
    were left out is published, when k or more (CTDC's k = 11)."""
    open_cases(stats)
    for i in range(11):
        case_id = stats.post("/cases", "sedetur", detection()).json()["case_id"]
        if i % 2:
            counted(stats, case_id, "sedetur", said=False)  # the others were never asked
    answer = stats.get("/review/statistics", "cdheqroo", "commission").json()
    assert (answer["cases"], answer["left_out"]) == (25, 11)
    assert shown(answer, "sex") == {"female": 13}


def test_a_detection_with_a_sector_or_scope_outside_the_vocabulary_is_refused(
    stats: Api,
) -> None:
    for field, value in (("economic_sector", "hoteles"), ("trafficking_scope", 3)):
        response = stats.post("/cases", "sedetur", detection(**{field: value}))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text
    response = stats.post(
        f"/cases/{open_cases(stats)[0]['case_id']}/consents",
        "sedetur",
        {"counted_in_statistics": "sí"},
    )
    assert response.status_code == 422
    assert "counted_in_statistics" in response.text


def test_the_csv_names_the_new_tables_and_the_cases_left_out_in_english_too(stats: Api) -> None:
    open_cases(stats)
    for _ in range(11):
        stats.post("/cases", "sedetur", detection())  # never asked: left out
    answer = stats.get(
        "/review/statistics", "cdheqroo", "commission", Accept="text/csv", Accept_Language="en"
    )
    assert answer.status_code == 200
    table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    tables = {row[0] for row in table[1:]}
    assert {"Age in bands", "Indigenous language", "Economic sector of the exploitation"} <= tables
    left_out = [r for r in table if r[0] == "Cases left out (no consent to be counted)"]
    assert [r[2] for r in left_out] == ["11"]
    nightlife = "entertainment and nightlife (bars, night clubs)"
    assert [r[2] for r in table if r[1] == nightlife] == ["13"]
