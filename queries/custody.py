"""Reading a case's chain of custody, for a caller that sees the case's route.

Now, the chain comes from the custody view when this process has one and it has seen the case,
else from the events; as of a past moment, from the events as they stood then, for a caller that
saw the route then and still may now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.access import CaseAccess, Level
from domain.custody_chain import CustodyChain
from domain.errors import NotShown
from domain.hub import Hub
from projections.custody_chain import CustodyChainView
from queries.need_to_know import access_then, case_of


@dataclass(frozen=True)
class CustodyReading:
    """The chain of custody, now or as it stood at ``as_of``."""

    chain: CustodyChain
    folio: str
    as_of: datetime | None = None


def answered_by_view(
    access: CaseAccess, as_of: datetime | None, view: CustodyChainView | None
) -> bool:
    """Whether the answer would come from the view (so that waiting for it is worth it): now,
    for a caller that sees the route; not a refusal, nor a view of the past."""
    return as_of is None and view is not None and access.level >= Level.METADATA


def read_custody(
    hub: Hub,
    present: CaseAccess,
    as_of: datetime | None = None,
    view: CustodyChainView | None = None,
) -> CustodyReading:
    """The chain as ``present``'s caller may see it; ``CaseNotFound`` if it may not know the
    case, ``NotShown`` below the metadata level."""
    case = case_of(present)
    case_id, folio = case.id, case.folio
    access = access_then(hub, present, as_of)
    if access.level < Level.METADATA:
        raise NotShown(what="chain of custody")
    if as_of is None and view is not None and (chain := view.chain(case_id)) is not None:
        return CustodyReading(chain, folio)
    # No view in this process (or it has not seen the case yet): the events themselves.
    return CustodyReading(hub.custody(case_id, at=as_of), folio, as_of)
