"""What routes depend on, as ``Annotated`` aliases: the hub, the caller, the views, the language.

Every route is authenticated: ``ActorDep`` turns the bearer token into the account's actor or
refuses with 401. Nothing here is created at import time, nor on first use: the composition root
builds the parts (``adapters.bootstrap.parts.Parts``) and ``create_app`` puts them in ``app.state``
once, before the first request.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, HTTPException, Path, Query, Request

from adapters.bootstrap.parts import Parts
from adapters.telemetry import annotate_caller
from api import case_reference
from api.commands import CommandRunner
from api.schemas.bounds import Position
from api.schemas.codes import PurposeCode
from api.schemas.requests import Time
from domain.access import CaseAccess
from domain.actor import Actor
from domain.agencies import Agency
from domain.case import Case
from domain.errors import NotAuthenticated
from domain.hub import Hub
from texts.messages import pick_language


def parts(request: Request) -> Parts:
    """The parts the app was created with."""
    found: Parts = request.app.state.parts
    return found


def hub(request: Request) -> Hub:
    return parts(request).hub


HubDep = Annotated[Hub, Depends(hub)]


def actor(
    hub: HubDep,
    authorization: Annotated[
        str | None, Header(description="`Bearer <token>` of an account of the agency")
    ] = None,
) -> Actor:
    who = hub.authenticate(_token(authorization))
    annotate_caller(who.agency)  # on the request's span, when there is one
    return who


def bearer_token(request: Request) -> str:
    """The request's bearer token, for a route that checks its account again later (a stream);
    ``NotAuthenticated`` without one."""
    return _token(request.headers.get("authorization"))


def _token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated()
    return token.strip()


ActorDep = Annotated[Actor, Depends(actor)]


def agency(hub: HubDep, who: ActorDep) -> Agency:
    return hub.catalogue.get(who.agency)


AgencyDep = Annotated[Agency, Depends(agency)]


def language(accept_language: Annotated[str | None, Header()] = None) -> str:
    return pick_language(accept_language)


LangDep = Annotated[str, Depends(language)]

PurposeDep = Annotated[
    PurposeCode | None,
    Header(
        alias="X-Ruta-Purpose",
        description="why personal data is read (care, protection, investigation…); "
        "without it, sealed fields are left out",
    ),
]


def commands(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="a retry with the same key and body returns the first answer",
        ),
    ] = None,
) -> CommandRunner:
    route = f"{request.method} {request.url.path}"
    return CommandRunner(hub, who, idempotency_key, route)


CommandsDep = Annotated[CommandRunner, Depends(commands)]


def case_id(
    who: ActorDep,  # first: a caller without a token learns nothing of folios
    case_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=case_reference.MAX_LENGTH,
            description=case_reference.DESCRIPTION,
            examples=case_reference.EXAMPLES,
            # Documented, not checked by pydantic: ``case_id_of`` says what a bad value lacks.
            json_schema_extra={"pattern": case_reference.PATTERN},
        ),
    ],
    hub: HubDep,
) -> UUID:
    """The case the path names, by id or by folio (``api.case_reference``)."""
    return case_reference.case_id_of(case_id, hub)


CaseIdDep = Annotated[UUID, Depends(case_id)]


def case_access(case_id: CaseIdDep, hub: HubDep, who: ActorDep, where: AgencyDep) -> CaseAccess:
    case: Case = hub.get_case(case_id)
    return CaseAccess(who, where, case)


CaseAccessDep = Annotated[CaseAccess, Depends(case_access)]


async def no_body(request: Request) -> None:
    """A route that takes no body refuses one, rather than ignore what the caller meant."""
    body = await request.body()  # BodyLimit answers 413 for one too large
    if body.strip() not in (b"", b"{}", b"null"):
        raise HTTPException(status_code=400)


NoBody = Depends(no_body)

AsOfDep = Annotated[
    Time | None,
    Query(description="an RFC 3339 time: the answer as the events stood then"),
]

MinPositionDep = Annotated[
    Position | None,
    Query(description="wait (a few seconds at most) until the view reaches this position"),
]
