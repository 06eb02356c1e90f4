"""One person's account: ``/administracion/cuentas/<id>``, with its actions as forms of their own:
grant or revoke a role, suspend, and reset the second factor (a new enrolment link; the old
password and second factor are out of use from then on, as ``hub.issue_enrolment`` does).

After a change the page comes back with its confirmation in words (``?hecho=``: a code of this
page, never personal data). A suspended person's open sessions end at their next request.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.errors import AccountNotFound, RutaError
from domain.hub import Hub
from domain.use_cases.people import IssuedEnrolment
from queries.accounts import AccountRow, account_row
from web.admin.access import ROLES, admin_only, hub_of, run_form
from web.admin.people import PATH, link_page
from web.pages import redirect, render
from web.sessions import CsrfDep, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

DONE = {
    "concedido": "web.admin.done.granted",
    "retirado": "web.admin.done.revoked",
    "suspendida": "web.admin.done.suspended",
    "repetido": "web.admin.done.repeated",
}


def _person(hub: Hub, account_id: UUID) -> AccountRow:
    try:
        row = account_row(hub, account_id)
    except AccountNotFound:
        raise HTTPException(404) from None
    if not row.is_person:
        raise HTTPException(404)
    return row


@router.get(PATH + "/{account_id}", response_model=None)
async def person_account(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    admin_only(who)
    row = await run_in_threadpool(_person, hub_of(request), account_id)
    return _page(request, row, DONE.get(hecho or ""), {})


@router.post(PATH + "/{account_id}/roles", response_model=None, dependencies=[CsrfDep])
async def change_role(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    rol: Annotated[str, Form(max_length=50)] = "",
    accion: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    row = await run_in_threadpool(_person, hub, account_id)
    if rol not in ROLES or accion not in {"conceder", "retirar"}:
        return _page(request, row, None, {"roles": "web.admin.error.role_change"}, status=400)

    def command() -> int:
        if accion == "conceder":
            return hub.grant_role(account_id, rol)
        return hub.revoke_role(account_id, rol)

    try:
        done = await run_form(request, who, clave, f"{rol}\n{accion}", command)
    except RutaError:
        return _page(request, row, None, {"roles": "web.admin.error.role_change"}, status=400)
    outcome = "repetido" if done is None else ("concedido" if accion == "conceder" else "retirado")
    return redirect(f"{PATH}/{account_id}?hecho={outcome}")


@router.post(PATH + "/{account_id}/suspender", response_model=None, dependencies=[CsrfDep])
async def suspend(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    row = await run_in_threadpool(_person, hub, account_id)
    if row.account_id == who.account_id:
        return _page(request, row, None, {"suspender": "web.admin.error.self"}, status=400)
    try:
        done = await run_form(request, who, clave, "", lambda: hub.suspend_account(account_id))
    except RutaError:
        return _page(request, row, None, {"suspender": "web.admin.error.suspended"}, status=400)
    return redirect(f"{PATH}/{account_id}?hecho={'repetido' if done is None else 'suspendida'}")


@router.post(PATH + "/{account_id}/segundo-factor", response_model=None, dependencies=[CsrfDep])
async def reset_second_factor(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    row = await run_in_threadpool(_person, hub, account_id)

    def command() -> IssuedEnrolment:
        return hub.issue_enrolment(account_id)

    try:
        issued = await run_form(request, who, clave, "", command)
    except RutaError:
        return _page(request, row, None, {"restablecer": "web.admin.error.suspended"}, status=400)
    return link_page(request, issued, "web.admin.reset")


def _page(
    request: Request,
    row: AccountRow,
    done: str | None,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return render(
        request,
        "admin/person.html",
        status=status,
        row=row,
        roles=ROLES,
        done=done,
        errors=errors,
        keys={name: str(uuid4()) for name in ("suspender", "restablecer", *ROLES)},
    )
