"""The benchmarks' workload as HTTP requests: the detections and paths of ``workload``.

Each request carries what the matching hub call of ``workload.PATHS`` passes, so that the HTTP
figure and the hub-direct figure run the same commands with the same data.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from bench.http_load import Request
from bench.workload import DETECTIONS, PATHS
from domain.hub_base import DetectionReport

CASE = "/cases/{case_id}"

ADULT_REQUESTS = (
    Request(
        "record consent",
        "sedetur",
        f"{CASE}/consents",
        {
            "agencies": ["dif", "sesa", "iqm"],
            "purposes": ["shelter", "medical", "legal"],
            "informed_in": "es",
        },
    ),
    Request(
        "assess risk",
        "sedetur",
        f"{CASE}/risk-assessments",
        {"level": "medium", "note": "Refiere amenazas del encargado."},
    ),
    Request(
        "issue referral",
        "sedetur",
        f"{CASE}/referrals",
        {"to_agency": "dif", "service": "shelter", "note": "Cupo para hoy"},
        keep=("shelter", "referral_id"),
    ),
    Request("accept referral", "dif", f"{CASE}/referrals/{{shelter}}/accept"),
    Request(
        "initiate handoff",
        "sedetur",
        f"{CASE}/handoffs",
        {"to_agency": "dif", "place": "Oficina de SEDETUR, Cancún"},
        keep=("handoff", "handoff_id"),
    ),
    Request("acknowledge handoff", "dif", f"{CASE}/handoffs/{{handoff}}/acknowledge"),
    Request(
        "start measure",
        "dif",
        f"{CASE}/measures",
        {"kind": "shelter", "provider": "dif", "location": "CAT Cancún"},
    ),
    Request(
        "issue referral",
        "dif",
        f"{CASE}/referrals",
        {"to_agency": "sesa", "service": "medical"},
        keep=("medical", "referral_id"),
    ),
)

CHILD_REQUESTS = (
    Request(
        "issue referral",
        "ssc",
        f"{CASE}/referrals",
        {
            "to_agency": "ppnna",
            "service": "child_protection",
            "urgency": "urgent",
            "note": "No acompañado",
        },
        keep=("ppnna", "referral_id"),
    ),
    Request("accept referral", "ppnna", f"{CASE}/referrals/{{ppnna}}/accept"),
    Request(
        "record consent",
        "ppnna",
        f"{CASE}/consents",
        {
            "agencies": ["dif"],
            "purposes": ["shelter"],
            "informed_in": "mam",
            "interpreter": True,
            "legal_basis": "child_protection",
        },
    ),
    Request(
        "assess risk",
        "ssc",
        f"{CASE}/risk-assessments",
        {"level": "high", "note": "Lo esperaba un adulto en la central."},
    ),
    Request(
        "initiate handoff",
        "ssc",
        f"{CASE}/handoffs",
        {"to_agency": "dif", "place": "Central de autobuses de Chetumal"},
        keep=("handoff", "handoff_id"),
    ),
    Request("acknowledge handoff", "dif", f"{CASE}/handoffs/{{handoff}}/acknowledge"),
    Request(
        "start measure",
        "dif",
        f"{CASE}/measures",
        {"kind": "shelter", "provider": "dif", "location": "CAT Chetumal"},
    ),
    Request(
        "issue referral",
        "dif",
        f"{CASE}/referrals",
        {"to_agency": "sesa", "service": "medical"},
        keep=("medical", "referral_id"),
    ),
)

REQUESTS = (ADULT_REQUESTS, CHILD_REQUESTS)  # in the order of DETECTIONS and PATHS

# Every agency that sends a request, each with an account of its own.
AGENCIES = tuple(
    sorted({d.by.agency for d in DETECTIONS} | {r.agency for path in REQUESTS for r in path})
)


def case_requests(count: int, now: datetime) -> list[tuple[Request, ...]]:
    """``count`` cases as the hub-direct load has them: a detection, then its path."""
    _require_same_paths()
    cases: list[tuple[Request, ...]] = []
    for i in range(count):
        detector = DETECTIONS[i % len(DETECTIONS)]
        opening = Request(
            "record detection",
            detector.by.agency,
            "/cases",
            _detection_body(detector.report(now)),
            keep=("case_id", "case_id"),
        )
        cases.append((opening, *REQUESTS[i % len(REQUESTS)]))
    return cases


def _detection_body(report: DetectionReport) -> dict[str, object]:
    body = asdict(report)
    body["detected_at"] = report.detected_at.isoformat()
    return {name: value for name, value in body.items() if value is not None}


def _require_same_paths() -> None:
    for requests, steps in zip(REQUESTS, PATHS, strict=True):
        if [(r.name, r.agency) for r in requests] != [(s.name, s.by.agency) for s in steps]:
            raise RuntimeError("the HTTP paths no longer follow workload.PATHS: update both")
