"""GET /feed: the caller's redacted events after a cursor, as long-poll pages and as SSE.

A client that resumes with the last cursor it handled misses nothing and sees nothing twice;
an agency sees only the cases it is involved in, and never a sealed value.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest

from tests.e2e.conftest import OPERATOR, Api, detection
from tests.served import serving

FICTITIOUS = ["Marisol", "2002-03-14", "Relato ficticio", "Albergue Ficticio", "Calle Falsa"]


def route(api: Api) -> str:
    """A case detected by SEDETUR, referred to DIF with a note, its custody handed to DIF."""
    case = api.post("/cases", "sedetur", detection()).json()["case_id"]
    consent = {"agencies": ["dif"], "purposes": ["shelter"], "informed_in": "es"}
    assert api.post(f"/cases/{case}/consents", "sedetur", consent).status_code == 200
    body = {"to_agency": "dif", "service": "shelter", "note": "Albergue Ficticio"}
    referral = api.post(f"/cases/{case}/referrals", "sedetur", body).json()["referral_id"]
    assert api.post(f"/cases/{case}/referrals/{referral}/accept", "dif").status_code == 200
    body = {"to_agency": "dif", "place": "Calle Falsa 123"}
    assert api.post(f"/cases/{case}/handoffs", "sedetur", body).status_code == 201
    return str(case)


def page(api: Api, agency: str, after: str = "0", role: str = "caseworker", **query: Any) -> Any:
    params = {"after": after, "wait": 0, **query}
    answer = api.client.get("/feed", params=params, headers=api.headers(agency, role))
    assert answer.status_code == 200, answer.text
    return answer.json()


def everything(api: Api, agency: str, role: str = "caseworker", limit: int = 2) -> list[Any]:
    """The whole feed, page after page, each resumed from the cursor the last one gave."""
    items: list[Any] = []
    cursor = "0"
    while found := page(api, agency, cursor, role, limit=limit):
        items += found["items"]
        if not found["items"]:
            return items
        cursor = found["next"]
    return items


def test_pages_resumed_from_their_cursor_miss_nothing_and_repeat_nothing(api: Api) -> None:
    case = route(api)
    one_by_one = everything(api, "sedetur", limit=1)
    at_once = page(api, "sedetur", limit=100)["items"]
    assert one_by_one == at_once
    assert [item["type"] for item in at_once] == [
        "mx.ruta.case_opened.v2",
        "mx.ruta.consent_recorded.v2",
        "mx.ruta.referral_issued.v2",
        "mx.ruta.referral_accepted.v1",
        "mx.ruta.custody_handoff_initiated.v1",
    ]
    positions = [item["position"] for item in at_once]
    assert positions == sorted(set(positions))
    assert {item["subject"] for item in at_once} == {case}


def test_each_item_is_a_cloud_event_with_a_stable_id(api: Api) -> None:
    route(api)
    first, again = page(api, "dif")["items"], page(api, "dif")["items"]
    assert first == again
    item = first[0]
    assert item["specversion"] == "1.0"
    assert item["source"] == "ruta.mx/quintana-roo"
    assert item["datacontenttype"] == "application/json"
    assert item["data"]["position"] == item["position"]
    assert len({i["id"] for i in first}) == len(first)


def test_an_agency_joining_a_case_gets_its_history_with_the_event_that_involves_it(
    api: Api,
) -> None:
    route(api)
    items = page(api, "dif")["items"]
    assert items[0]["type"] == "mx.ruta.referral_issued.v2"
    history = [entry["type"] for entry in items[0]["data"]["history"]]
    assert history == ["case_opened", "consent_recorded"]


def test_an_agency_not_involved_sees_nothing(api: Api) -> None:
    route(api)
    assert page(api, "sesa")["items"] == []


def test_the_commission_sees_every_case_and_no_sealed_value(api: Api) -> None:
    route(api)
    route(api)
    seen = page(api, "cdheqroo", role="commission")["items"]
    assert len({item["subject"] for item in seen}) == 2
    for agency, role in (
        ("cdheqroo", "commission"),
        ("sedetur", "caseworker"),
        ("dif", "caseworker"),
    ):
        text = json.dumps(page(api, agency, role=role), ensure_ascii=False)
        for value in FICTITIOUS:
            assert value not in text, (agency, value)
        assert "sealed" not in text


def test_a_long_poll_answers_when_an_event_arrives(api: Api) -> None:
    route(api)
    cursor = page(api, "sedetur")["next"]
    answers: list[Any] = []

    def poll() -> None:
        params = {"after": cursor, "wait": 60}  # far longer than the join below
        answers.append(api.client.get("/feed", params=params, headers=api.headers("sedetur")))

    waiting = threading.Thread(target=poll, daemon=True)
    waiting.start()
    time.sleep(0.3)
    api.post("/cases", "sedetur", detection())
    waiting.join(timeout=30)
    assert answers, "the long poll did not answer when the event arrived"
    assert answers[0].status_code == 200
    assert [item["type"] for item in answers[0].json()["items"]] == ["mx.ruta.case_opened.v2"]


def test_a_long_poll_with_nothing_new_answers_an_empty_page_at_the_same_cursor(
    api: Api,
) -> None:
    route(api)
    cursor = page(api, "sedetur")["next"]
    assert page(api, "sedetur", cursor, wait=0.3) == {"items": [], "next": cursor}


class TestRefusals:
    def test_a_caller_without_a_token_is_refused(self, api: Api) -> None:
        answer = api.client.get("/feed")
        assert answer.status_code == 401
        assert answer.headers["content-type"].startswith("application/problem+json")

    def test_a_suspended_account_is_refused(self, api: Api) -> None:
        with api.hub.acting_as(OPERATOR):
            issued = api.hub.open_account("dif", ["caseworker"], label="dif feed")
            api.hub.suspend_account(issued.account_id)
        headers = {"Authorization": f"Bearer {issued.token}"}
        assert api.client.get("/feed", headers=headers).status_code == 401

    @pytest.mark.parametrize("after", ["-1", "tres", "1.5"])
    def test_a_cursor_that_is_not_one_is_a_problem_naming_it(self, api: Api, after: str) -> None:
        answer = api.client.get("/feed", params={"after": after}, headers=api.headers("dif"))
        assert answer.status_code == 422
        assert answer.json()["field"] == "after"

    def test_a_last_event_id_that_is_not_a_cursor_is_a_problem_naming_it(self, api: Api) -> None:
        headers = api.headers("dif", Accept="text/event-stream", **{"Last-Event-ID": "x"})
        answer = api.client.get("/feed", headers=headers)
        assert answer.status_code == 422
        assert answer.json()["field"] == "Last-Event-ID"


@contextmanager
def served(api: Api) -> Iterator[str]:
    """The app on a free loopback port: SSE needs a real connection."""
    with serving(api.client.app) as port:
        yield f"http://127.0.0.1:{port}"


def sse_events(base: str, headers: dict[str, str], count: int) -> list[tuple[str, Any]]:
    """The first ``count`` SSE events: (id, data)."""
    found: list[tuple[str, Any]] = []
    with httpx2.stream("GET", f"{base}/feed", headers=headers, timeout=10) as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        event: dict[str, str] = {}
        for line in answer.iter_lines():
            if line.startswith(("id: ", "data: ")):
                name, _, value = line.partition(": ")
                event[name] = value
            elif not line and "data" in event:
                found.append((event["id"], json.loads(event["data"])))
                event = {}
                if len(found) == count:
                    return found
    return found


def test_server_sent_events_resume_after_the_last_event_id(api: Api) -> None:
    route(api)
    with served(api) as base:
        headers = api.headers("sedetur", Accept="text/event-stream")
        first = sse_events(base, headers, 2)
        resumed = sse_events(base, headers | {"Last-Event-ID": first[-1][0]}, 3)
    items = page(api, "sedetur")["items"]
    assert [data for _, data in first + resumed] == items
    assert [int(event_id) for event_id, _ in first + resumed] == [i["position"] for i in items]
