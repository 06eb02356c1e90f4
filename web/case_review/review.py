"""Everything the case review page shows, read through the read side as the person's actor.

The commission and auditors see every case at the full level, never its personal data. The
texts of the commission's observations and of their answers are sealed free text too: they are
read only when the person names a purpose, and that reading is recorded as a disclosure, as the
API does with ``X-Ruta-Purpose``; without one nothing sealed is unsealed and nothing recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from adapters.bootstrap.parts import Parts
from domain.access import CaseAccess
from domain.actor import Actor
from domain.custody_chain import CustodyChain
from domain.errors import CaseNotFound
from domain.hub import Hub
from domain.review_rules_finding import Finding, is_open
from domain.vocabulary import Purpose
from queries import case_view, custody, timeline
from queries.case_reading import CaseReading
from web.case_review.timeline import Line, lines

LATE_ANSWER = "observation_unanswered"  # the rule that says an observation was answered late


@dataclass(frozen=True)
class FindingShown:
    finding: Finding
    open: bool


@dataclass(frozen=True)
class CaseReview:
    """A case as the page shows it, now (``as_of`` None) or as it stood then."""

    reading: CaseReading
    lines: list[Line]
    chain: CustodyChain
    findings: list[FindingShown]
    late_observations: frozenset[UUID]  # observations with a finding of a late answer
    now: datetime  # the right end of the custody drawing: now, or the moment asked for


def case_id_of(hub: Hub, reference: str) -> UUID:
    """The case a folio (``QR-2026-000019``) or an id names; ``CaseNotFound`` otherwise."""
    try:
        return UUID(reference)
    except ValueError:
        pass
    if len(reference) > 40:
        raise CaseNotFound(case_id="?")
    return hub.find_folio(reference.strip().upper())


def access_to(hub: Hub, actor: Actor, case_id: UUID) -> CaseAccess:
    """``actor``'s access to the case as it stands (``CaseNotFound`` for an unknown one)."""
    agency = hub.catalogue.agencies.get(actor.agency)
    if agency is None:
        raise CaseNotFound(case_id=str(case_id))
    return CaseAccess(actor, agency, hub.get_case(case_id))


def read_review(
    parts: Parts,
    access: CaseAccess,
    lang: str,
    as_of: datetime | None,
    purpose: Purpose | None = None,
) -> CaseReview:
    """The case as ``access``'s caller sees it; ``CaseNotFound`` if it may not know it. With
    ``purpose``, the observations' texts too (what the caller may read of them; recorded)."""
    hub = parts.hub
    reading = case_view.read_case(hub, access, purpose, as_of)
    case_id = reading.case_id
    entries = timeline.read_timeline(hub, access, as_of)
    events = hub.timeline(case_id, until=as_of)
    chain = custody.read_custody(hub, access, as_of, parts.custody).chain
    moment = as_of if as_of is not None else hub.clock()
    findings = _findings(parts, case_id, moment)
    late = frozenset(
        f.finding.subject_id
        for f in findings
        if f.finding.rule == LATE_ANSWER and f.finding.subject_id is not None
    )
    return CaseReview(
        reading=reading,
        lines=lines(hub, entries, events, lang, hub.catalogue),
        chain=chain,
        findings=findings,
        late_observations=late,
        now=moment,
    )


def _findings(parts: Parts, case_id: UUID, at: datetime) -> list[FindingShown]:
    """The case's findings begun by ``at``, open or resolved then (the review view's)."""
    if parts.review is None:
        return []
    page = parts.review.findings(at=at, state="all", case_id=case_id, limit=500)
    return [FindingShown(f, is_open(f, at)) for f in page]
