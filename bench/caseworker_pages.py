"""A caseworker's pages with 5,000 cases: the inbox, the caseload and a case page, and a
detection saved through its form, each against the API's JSON for the same data.

The store is ``bench.loaded_site``'s. A DIF caseworker (DIF takes part in nearly every case:
shelter referrals, handoffs, measures) reads the pages; the baseline is a DIF system's API
reads in the same run (``GET /cases`` for the inbox and the caseload; the case, its timeline
and its custody for the case page). A police caseworker (SSC) then saves detections end to
end, as a browser does: the empty form, the POST, the 303 to the saved page and that page;
the baseline is ``POST /cases`` with the same detection by a SSC system.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx2 as httpx

from bench.loaded_site import LoadedSite, loaded
from bench.pages import CASES, QUICK_CASES, Timing, measure
from domain.actor import Role

READER, DETECTOR = "dif", "ssc"
DETECTIONS = 50
QUICK_DETECTIONS = 10
WARMUP_DETECTIONS = 3
ZONE = ZoneInfo("America/Cancun")  # the pages' default time zone (RUTA_TIME_ZONE)
HIDDEN = re.compile(r'name="(csrf|clave)" value="([^"]+)"')


def run(quick: bool = False) -> list[Timing]:
    with loaded(QUICK_CASES if quick else CASES) as site:
        folio = _followed_case(site.folios)
        with (
            site.person(READER, Role.CASEWORKER, login="bench-dif") as browser,
            site.system(READER, Role.CASEWORKER, label="bench dif api") as api,
        ):
            timings = [
                measure(browser, api, name, pages, baseline, baselines)
                for name, pages, baseline, baselines in _pairs(folio)
            ]
        timings.append(_detections(site, QUICK_DETECTIONS if quick else DETECTIONS))
    return timings


def report(timings: list[Timing], count: int) -> str:
    lines = [
        f"A caseworker's pages with {count} cases (SQLite), ms per request (a detection: per "
        "detection), each timed alone:",
        f"{'page':<28} {'p50':>8} {'p99':>8}   {'baseline (API, JSON)':<28} {'p50':>8} "
        f"{'p99':>8}   {'ratio':>6}",
        *(t.row() for t in timings),
        "ratio = page p50 / baseline p50. A detection on the page is three requests (the form, "
        "the POST,\nthe saved page after its 303); through the API it is one POST.",
    ]
    return "\n".join(lines)


def _followed_case(folios: list[str]) -> str:
    """A case that went its whole path (so DIF holds it), near the middle of the month."""
    middle = len(folios) // 2
    return folios[next(i for i in range(middle, len(folios)) if i % 5 != 0)]


def _pairs(folio: str) -> list[tuple[str, list[str], str, list[str]]]:
    """Each page, and the API reads that fetch what it shows."""
    case = f"/cases/{folio}"
    return [
        ("inbox /bandeja", ["/bandeja"], "GET /cases", ["/cases"]),
        ("caseload /casos", ["/casos"], "GET /cases", ["/cases"]),
        (
            "case page /casos/<folio>",
            [f"/casos/{folio}"],
            "GET case, timeline, custody",
            [case, f"{case}/timeline", f"{case}/custody"],
        ),
    ]


def _detections(site: LoadedSite, count: int) -> Timing:
    print(f"  timing {count} detections saved on the page and through the API...", flush=True)
    with (
        site.person(DETECTOR, Role.CASEWORKER, login="bench-ssc") as browser,
        site.system(DETECTOR, Role.CASEWORKER, label="bench ssc api") as api,
    ):
        page_ms = _each(count, lambda: _on_the_page(browser, site.hub.clock()))
        baseline_ms = _each(count, lambda: _through_the_api(api, site.hub.clock()))
    return Timing("detection saved on the page", "POST /cases", page_ms, baseline_ms)


def _each(count: int, detect: Callable[[], None]) -> list[float]:
    for _ in range(WARMUP_DETECTIONS):
        detect()
    found = []
    for _ in range(count):
        start = time.perf_counter()
        detect()
        found.append((time.perf_counter() - start) * 1000)
    return found


def _on_the_page(browser: httpx.Client, now: datetime) -> None:
    form = _expect(browser.get("/casos/nuevo"), 200, "GET /casos/nuevo")
    hidden = dict(HIDDEN.findall(form.text))
    when = (now.astimezone(ZONE) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    sent = {**hidden, **_detection(), "detected_at": when}
    saved = _expect(browser.post("/casos/nuevo", data=sent), 303, "POST /casos/nuevo")
    _expect(browser.get(saved.headers["location"]), 200, "GET /casos/<folio>/registrado")


def _through_the_api(api: httpx.Client, now: datetime) -> None:
    body: dict[str, Any] = {
        **_detection(),
        "detected_at": (now - timedelta(hours=1)).isoformat(),
        "estimated_age": 15,
        "personal_data": {"full_name": "Niña Ficticia Prueba", "narrative": "Relato ficticio."},
    }
    del body["full_name"], body["narrative"]
    answer = api.post("/cases", json=body, headers={"Idempotency-Key": str(uuid4())})
    _expect(answer, 201, "POST /cases")


def _detection() -> dict[str, Any]:
    """A fictitious girl found by police in Cancún, as the form sends her."""
    return {
        "municipality": "Benito Juárez",
        "indicators": ["document_retention", "minor_working"],
        "exploitation_forms": ["sexual"],
        "age_group": "child",
        "estimated_age": "15",
        "sex": "female",
        "nationality": "HN",
        "languages": ["es"],
        "full_name": "Niña Ficticia Prueba",
        "narrative": "Relato ficticio.",
    }


def _expect(answer: httpx.Response, status: int, what: str) -> httpx.Response:
    if answer.status_code != status:
        raise RuntimeError(f"{what} answered {answer.status_code}")
    return answer
