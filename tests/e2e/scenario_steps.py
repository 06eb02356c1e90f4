"""The steps of DESIGN.md's scenarios as agencies take them over HTTP, each checking its status.

A ``Route`` drives one scenario: every step is a request by the account of the agency that would
take it, and every sealed value sent (personal data, notes, places, locations, free texts) is
remembered, so that a test can check that no timeline ever shows one of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.e2e.conftest import Api
from tests.fakes import ManualClock

# Quintana Roo keeps UTC-5 all year: agencies' systems send their local time with its offset.
QROO = timezone(timedelta(hours=-5))
COMMISSION = ("cdheqroo", "commission")
AUDITOR = ("segob", "auditor")


def local(when: datetime) -> str:
    """An RFC 3339 time in Quintana Roo, as a detecting agency's device would send it."""
    return when.astimezone(QROO).isoformat()


def at(text: str) -> datetime:
    """A time as the API answers it."""
    return datetime.fromisoformat(text)


def expect(response: Any, status: int) -> Any:
    """The response's JSON body, once its status is the one expected."""
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url.path}: "
        f"{response.status_code} {response.text}"
    )
    return response.json()


@dataclass
class Route:
    """One scenario's path through the hub, as the agencies take it."""

    api: Api
    clock: ManualClock
    sealed: list[str] = field(default_factory=list)

    def later(self, **delta: float) -> datetime:
        """Let time pass between two steps."""
        return self.clock.advance(**delta)

    # Writes

    def post(
        self, path: str, agency: str, body: Any = None, status: int = 200, role: str = "caseworker"
    ) -> dict[str, Any]:
        result: dict[str, Any] = expect(self.api.post(path, agency, body, role=role), status)
        return result

    def detect(self, agency: str, body: dict[str, Any]) -> str:
        """Record a detection; the case's id."""
        for value in (body.get("personal_data") or {}).values():
            self._remember(value)
        opened = self.post("/cases", agency, body, status=201)
        assert opened["folio"].startswith("QR-2026-")
        return str(opened["case_id"])

    def consent(
        self, case: str, by: str, agencies: list[str], purposes: list[str], language: str = "es"
    ) -> None:
        body = {"agencies": agencies, "purposes": purposes, "informed_in": language}
        self.post(f"/cases/{case}/consents", by, body)

    def child_protection_basis(self, case: str) -> None:
        """PPNNA, the child's legal representative, states the basis that replaces consent."""
        self.post(f"/cases/{case}/consents", "ppnna", {"legal_basis": "child_protection"})

    def complaint(self, case: str, by: str, decision: str, with_agency: str | None = None) -> None:
        body = {"decision": decision, "with_agency": with_agency}
        self.post(f"/cases/{case}/complaint-decisions", by, body)

    def refer(
        self,
        case: str,
        by: str,
        to: str,
        service: str,
        urgency: str = "normal",
        note: str | None = None,
    ) -> str:
        """Issue a referral; its id."""
        body: dict[str, Any] = {"to_agency": to, "service": service, "urgency": urgency}
        if note is not None:
            body["note"] = self._remember(note)
        created = self.post(f"/cases/{case}/referrals", by, body, status=201)
        return str(created["referral_id"])

    def accept(self, case: str, referral: str, by: str) -> None:
        self.post(f"/cases/{case}/referrals/{referral}/accept", by)

    def decline(self, case: str, referral: str, by: str, reason: str, detail: str) -> None:
        body = {"reason": reason, "detail": self._remember(detail)}
        self.post(f"/cases/{case}/referrals/{referral}/decline", by, body)

    def withdraw(self, case: str, referral: str, by: str, reason: str) -> None:
        self.post(f"/cases/{case}/referrals/{referral}/withdraw", by, {"reason": reason})

    def complete(self, case: str, referral: str, by: str) -> None:
        self.post(f"/cases/{case}/referrals/{referral}/complete", by)

    def hand_over(self, case: str, by: str, to: str, place: str) -> str:
        """The custodian initiates a handoff; its id."""
        body = {"to_agency": to, "place": self._remember(place)}
        return str(self.post(f"/cases/{case}/handoffs", by, body, status=201)["handoff_id"])

    def acknowledge(self, case: str, handoff: str, by: str) -> None:
        self.post(f"/cases/{case}/handoffs/{handoff}/acknowledge", by)

    def start_measure(
        self, case: str, by: str, kind: str, provider: str, location: str | None = None
    ) -> str:
        """Record a protection measure started now; its id."""
        body: dict[str, Any] = {"kind": kind, "provider": provider}
        if location is not None:
            body["location"] = self._remember(location)
        return str(self.post(f"/cases/{case}/measures", by, body, status=201)["measure_id"])

    def end_measure(self, case: str, measure: str, by: str, reason: str) -> None:
        self.post(f"/cases/{case}/measures/{measure}/end", by, {"reason": reason})

    def remember(self, text: str) -> str:
        """A sealed free text sent some other way (a risk note, an observation)."""
        self._remember(text)
        return text

    # Reads

    def read(
        self, case: str, agency: str, role: str = "caseworker", purpose: str | None = None
    ) -> dict[str, Any]:
        """The case as the agency's account sees it, under ``purpose`` if one is named."""
        return self._get(f"/cases/{case}", agency, role, purpose)

    def read_text(
        self, case: str, agency: str, role: str = "caseworker", purpose: str | None = None
    ) -> str:
        """The raw JSON of the case, to look for values that must not be in it."""
        headers = {"X_Ruta_Purpose": purpose} if purpose else {}
        response = self.api.get(f"/cases/{case}", agency, role=role, **headers)
        expect(response, 200)
        return _text(response)

    def not_found(self, case: str, agency: str, purpose: str | None = None) -> None:
        """The agency may not even know that the case exists."""
        headers = {"X_Ruta_Purpose": purpose} if purpose else {}
        problem = expect(self.api.get(f"/cases/{case}", agency, **headers), 404)
        assert problem["code"] == "case_not_found"

    def timeline(self, case: str, agency: str, role: str = "caseworker") -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self._get(f"/cases/{case}/timeline", agency, role)["items"]
        return items

    def access_log(self, case: str) -> list[dict[str, Any]]:
        """What an auditor finds in the access log about this case."""
        agency, role = AUDITOR
        response = self.api.get(f"/audit/access?case_id={case}&limit=500", agency, role=role)
        log = expect(response, 200)
        self.assert_nothing_sealed_in(_text(response), "the access log")
        items: list[dict[str, Any]] = log["items"]
        return items

    def account_of(self, case: str, agency: str) -> str:
        """The id of the agency's account, as the case's history records it."""
        accounts = {e["account"] for e in self.timeline(case, agency) if e["agency"] == agency}
        assert len(accounts) == 1, accounts
        return str(accounts.pop())

    # What must never show

    def assert_timelines_seal(self, case: str, *readers: tuple[str, str]) -> None:
        """No sealed value sent in the scenario appears in the case's timeline, for anyone."""
        assert self.sealed, "the scenario sent no sealed value: nothing would be checked"
        for agency, role in (COMMISSION, AUDITOR, *readers):
            response = self.api.get(f"/cases/{case}/timeline", agency, role=role)
            if response.status_code == 404:
                continue  # it may not know the case: nothing shown, nothing leaked
            expect(response, 200)
            self.assert_nothing_sealed_in(_text(response), f"{agency}'s timeline")

    def assert_nothing_sealed_in(self, text: str, where: str) -> None:
        leaked = [value for value in self.sealed if value in text]
        assert not leaked, f"{where} shows sealed values: {leaked}"

    def _get(self, path: str, agency: str, role: str, purpose: str | None = None) -> dict[str, Any]:
        headers = {"X_Ruta_Purpose": purpose} if purpose else {}
        result: dict[str, Any] = expect(self.api.get(path, agency, role=role, **headers), 200)
        return result

    def _remember(self, value: Any) -> Any:
        for text in value if isinstance(value, list) else [value]:
            self.sealed.append(str(text))
        return value


def _text(response: Any) -> str:
    """The body as sent, and decoded, so that an escaped value is found too."""
    return str(response.text) + json.dumps(response.json(), ensure_ascii=False)


def of_type(timeline: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [entry for entry in timeline if entry["type"] == kind]


def only(items: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    """The one item whose fields have these values."""
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} items match {match} in {items}"
    return found[0]


def custody_chain(timeline: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Custody intervals and gaps, rebuilt from the events alone (as the commission sees them).

    An interval opens when the detecting agency holds the person from the start, or when a
    handoff is acknowledged; it closes at the next acknowledgement or at a release. A gap is any
    time after the first custodian during which nobody held the person.
    """
    handed_to: dict[str, str] = {}
    intervals: list[dict[str, Any]] = []
    gaps: list[Any] = []
    holder: dict[str, Any] | None = None
    released_at: str | None = None

    def take(agency: str, since: str) -> None:
        nonlocal holder, released_at
        if holder is not None:
            holder["to"] = since
        elif released_at is not None:
            gaps.append({"from": released_at, "to": since})
        holder = {"agency": agency, "from": since, "to": None}
        intervals.append(holder)
        released_at = None

    for entry in timeline:
        data = entry["data"]
        if entry["type"] == "case_opened" and data["detection"]["in_custody"]:
            take(entry["agency"], entry["at"])
        elif entry["type"] == "custody_handoff_initiated":
            handed_to[data["handoff_id"]] = data["to_agency"]
        elif entry["type"] == "custody_handoff_acknowledged":
            take(handed_to[data["handoff_id"]], entry["at"])
        elif entry["type"] in ("custody_assumed",):
            take(entry["agency"], entry["at"])
        elif entry["type"] == "person_located" and data.get("custody_with"):
            take(data["custody_with"], entry["at"])
        elif entry["type"] == "custody_released" and holder is not None:
            holder["to"] = released_at = entry["at"]
            holder = None
    if released_at is not None:
        gaps.append({"from": released_at, "to": None})
    return intervals, gaps
