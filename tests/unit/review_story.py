"""Helpers for the review-rule tests: findings of a case, picked by rule, and small stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.hub import Hub
from domain.review_rules import DEFAULT_LIMITS, Finding, ReviewLimits, review_findings
from tests.builders import INM, PPNNA, SEDETUR, child_report, open_adult
from tests.fakes import ManualClock

TICK = timedelta(microseconds=1)


def findings(
    hub: Hub, case_id: UUID, limits: ReviewLimits = DEFAULT_LIMITS, *, until: datetime | None = None
) -> list[Finding]:
    """The case's findings from its timeline, or from its events recorded by ``until``."""
    events = hub.timeline(case_id)
    if until is not None:
        events = [e for e in events if e.timestamp <= until]  # type: ignore[attr-defined]
    return review_findings(case_id, events, limits)


def of(rule: str, found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.rule == rule]


def the(rule: str, found: list[Finding]) -> Finding:
    """The one finding of ``rule``; fails if there is none or more than one."""
    (finding,) = of(rule, found)
    return finding


def consenting_adult(hub: Hub, *agencies: str, **detection: Any) -> UUID:
    """Scenario 1's woman, held by tourism inspectors, consenting to shelter with ``agencies``."""
    case_id = open_adult(hub, **detection)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, list(agencies), ["shelter"])
    return case_id


@dataclass(frozen=True)
class HeldMinor:
    """Scenario 7: a girl detected by migration (INM) at ``t0``, held in its station."""

    case_id: UUID
    t0: datetime
    detention_id: UUID
    notice_id: UUID


def held_minor(hub: Hub, clock: ManualClock, notice_after: timedelta) -> HeldMinor:
    t0 = clock.now
    report = child_report(
        t0,
        detected_at=t0,
        estimated_age=14,
        sex="female",
        nationality="SV",
        languages=["es"],
        needs_interpreter=False,
        personal_data={"full_name": "Niña Ficticia Ejemplo Alas"},
    )
    with hub.acting_as(INM):
        case_id = hub.open_case(report).case_id
        clock.advance(minutes=30)
        detention = hub.start_measure(case_id, "migration_detention", "inm")
    clock.now = t0 + notice_after
    with hub.acting_as(INM):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    clock.advance(minutes=40)
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
    return HeldMinor(case_id, t0, detention.id, notice.id)
