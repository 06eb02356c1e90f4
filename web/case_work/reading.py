"""A case as a person acting for an agency involved in it sees it: the read side as their actor.

Need-to-know is the API's: ``queries.case_view.read_case``, ``queries.timeline.read_timeline``
and ``queries.custody.read_custody`` with the person's access; an agency not involved gets
``CaseNotFound`` (the 404 page, the same as an unknown folio). Sealed values are read only under
a purpose the agency's part in the case allows, and that reading is recorded as a disclosure.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fastapi import Request

from adapters.bootstrap.parts import Parts
from domain.access import CaseAccess, Level, may_write_cases
from domain.vocabulary import Purpose
from queries import case_view, custody, timeline
from queries.case_reading import CaseReading
from web.case_review.review import CaseReview, access_to, case_id_of
from web.case_review.timeline import lines
from web.sessions import PageForbidden, Person


@dataclass(frozen=True)
class CaseWork:
    """The case as the page shows it, and what the person's agency may do in it."""

    access: CaseAccess
    review: CaseReview
    purposes: list[str]  # the purposes the agency's part allows (codes)

    @property
    def reading(self) -> CaseReading:
        return self.review.reading


def parts_of(request: Request) -> Parts:
    found: Parts = request.app.state.parts
    return found


def case_worker(who: Person) -> Person:
    """Caseworkers and supervisors act for their agency; anybody else gets the 403 page."""
    if not may_write_cases(who.actor):
        raise PageForbidden()
    return who


def open_access(parts: Parts, who: Person, folio: str) -> CaseAccess:
    """The person's access to the case of ``folio``; ``CaseNotFound`` if unknown or not theirs."""
    access = access_to(parts.hub, who.actor, case_id_of(parts.hub, folio))
    if access.level == Level.NONE:
        case_view.read_case(parts.hub, access, None)  # raises CaseNotFound, as the API does
    return access


def allowed_purposes(access: CaseAccess) -> list[str]:
    return [str(p) for p in Purpose if access.allows_purpose(p)]


def read_work(
    parts: Parts, access: CaseAccess, lang: str, purpose: Purpose | None = None
) -> CaseWork:
    """The case as ``access``'s caller sees it now; with ``purpose``, its sealed values too."""
    hub = parts.hub
    reading = case_view.read_case(hub, access, str(purpose) if purpose else None)
    entries = timeline.read_timeline(hub, access)
    events = hub.timeline(reading.case_id)
    chain = hub.custody(reading.case_id, at=hub.clock())
    if access.level >= Level.METADATA:
        chain = custody.read_custody(hub, access, None, parts.custody).chain
    review = CaseReview(
        reading=reading,
        lines=lines(hub, entries, events, lang, hub.catalogue),
        chain=chain,
        findings=[],
        late_observations=frozenset(),
        now=hub.clock(),
    )
    return CaseWork(access, review, allowed_purposes(access))


def owed_item(work: CaseWork, kind: str, item_id: UUID, agency: str) -> object:
    """The referral, handoff or observation ``item_id`` addressed to ``agency``; the 403 page
    if the agency is not the one that answers it (not the addressee, not the receiving agency,
    not the agency concerned)."""
    reading = work.reading
    found: object | None = None
    if kind == "referral":
        found = next(
            (r for r in reading.referrals if r.referral_id == item_id and r.to_agency == agency),
            None,
        )
    elif kind == "handoff" and reading.details is not None:
        found = next(
            (
                h
                for h in reading.details.custody.handoffs
                if h.handoff_id == item_id and h.to_agency == agency
            ),
            None,
        )
    elif kind == "observation" and reading.details is not None:
        found = next(
            (
                o
                for o in reading.details.observations
                if o.observation_id == item_id and o.concerning == agency
            ),
            None,
        )
    if found is None:
        raise PageForbidden()
    return found
