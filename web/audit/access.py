"""Who sees which auditors' page, as the API's ``/audit`` routes decide it, and what they read.

Auditors see every page; the commission, which oversees the record, reads the checkpoints and
the proofs (``reader``); the raw log, the access log and a checkpoint on demand are auditors'
alone (``auditor``). Everybody else gets the 403 page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from adapters.bootstrap.parts import Parts
from adapters.checkpoints import Checkpointer
from domain.access import may_observe
from domain.actor import Role
from projections.audit_log import AuditLogView
from web.sessions import PageForbidden, Person, PersonDep


def parts_of(request: Request) -> Parts:
    found: Parts = request.app.state.parts
    return found


def auditor(who: PersonDep) -> Person:
    if not who.has(Role.AUDITOR):
        raise PageForbidden()
    return who


def reader(request: Request, who: PersonDep) -> Person:
    """Auditors, and the commission (``may_observe``), as the API's ``reader``."""
    agency = parts_of(request).hub.catalogue.get(who.agency)
    if not (who.has(Role.AUDITOR) or may_observe(who.actor, agency)):
        raise PageForbidden()
    return who


AuditorDep = Annotated[Person, Depends(auditor)]
ReaderDep = Annotated[Person, Depends(reader)]


def audit_log(request: Request) -> AuditLogView:
    view = parts_of(request).audit
    if view is None:
        raise HTTPException(status_code=503)  # this process neither keeps nor reads it
    return view


def checkpointer(request: Request) -> Checkpointer:
    signer = parts_of(request).checkpointer
    if signer is None:
        raise HTTPException(status_code=503)  # no signer key in this process
    return signer


AuditLogDep = Annotated[AuditLogView, Depends(audit_log)]
CheckpointerDep = Annotated[Checkpointer, Depends(checkpointer)]


def grouped(number: int) -> str:
    """``1234`` as ``1 234`` (a no-break space between thousands, as the pages write counts)."""
    return f"{number:,}".replace(",", "\u00a0")
