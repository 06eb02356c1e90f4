"""Whose eyes a read is for: the access decision of one account on one case, now or as of then.

Every read of a case on the read side starts from the caller's access to the case as it stands
(``domain.access``); a view of the past is bounded by it (``domain.past_access``). A caller that
may not know a case exists learns only that it was not found: ``CaseNotFound``, as for a case
that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.access import CaseAccess, Level
from domain.actor import Actor
from domain.case import Case
from domain.errors import CaseNotFound
from domain.hub import Hub
from domain.past_access import PastAccess


def access_then(hub: Hub, present: CaseAccess, as_of: datetime | None) -> CaseAccess:
    """``present`` itself, or its caller on the case as it stood at ``as_of`` bounded by now;
    ``CaseNotFound`` if the caller may not know the case now, or it did not exist yet then."""
    case_id = case_of(present).id
    if present.level == Level.NONE:
        raise CaseNotFound(case_id=str(case_id))
    if as_of is None:
        return present
    return PastAccess.of(present, hub.case_as_of(case_id, as_of))


def case_of(access: CaseAccess) -> Case:
    """The case an access decision is about (a ``Case``, as the hub loads it)."""
    case = access.case
    assert isinstance(case, Case)
    return case


def may_know(hub: Hub, actor: Actor, case_id: UUID) -> bool:
    """Whether the caller may know that the case exists (a refusal may then say why)."""
    try:
        case = hub.get_case(case_id)
    except CaseNotFound:
        return False
    agency = hub.catalogue.agencies.get(actor.agency)
    return agency is not None and CaseAccess(actor, agency, case).level > Level.NONE
