"""People's accounts: ``/administracion/cuentas`` lists them and opens a new one.

A new account gets its one-time enrolment link, shown in the answer to the form and never
again (only its hash is recorded): a reload or a second submit of the same form says the account
was created already and records nothing.
"""

from __future__ import annotations

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.errors.sign_in import LoginNameInvalid, LoginTaken
from domain.use_cases.people import IssuedEnrolment
from queries.accounts import account_rows
from web.admin.access import ROLES, admin_only, holder, hub_of, run_form
from web.pages import render
from web.sessions import CsrfDep, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/administracion/cuentas"


def enrolment_address(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/inscripcion/{token}"


@router.get(PATH, response_model=None)
async def accounts(request: Request, who: PersonDep) -> Response:
    admin_only(who)
    return await _page(request, {"clave": str(uuid4()), "agencia": "", "usuario": ""}, [], {})


@router.post(PATH, response_model=None, dependencies=[CsrfDep])
async def open_account(
    request: Request,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    agencia: Annotated[str, Form(max_length=100)] = "",
    usuario: Annotated[str, Form(max_length=200)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    chosen, errors = holder(hub, agencia, roles)
    values = {"clave": clave or str(uuid4()), "agencia": agencia, "usuario": usuario}
    if not usuario.strip():
        errors["usuario"] = "web.admin.error.login_missing"
    if errors:
        return await _page(request, values, chosen, errors, status=400)
    body = f"{agencia}\n{','.join(chosen)}\n{usuario.strip()}"

    def command() -> IssuedEnrolment:
        return hub.open_person_account(agencia, chosen, usuario.strip())

    try:
        issued = await run_form(request, who, values["clave"], body, command)
    except LoginNameInvalid:
        errors["usuario"] = "web.admin.error.login_invalid"
    except LoginTaken:
        errors["usuario"] = "web.admin.error.login_taken"
    if errors:
        return await _page(request, values, chosen, errors, status=400)
    return link_page(request, issued, "web.admin.created")


def link_page(request: Request, issued: IssuedEnrolment | None, heading: str) -> Response:
    """The answer holding a new enrolment link, shown this once; None: sent twice, no link."""
    if issued is None:
        return render(request, "admin/link.html", heading=heading, issued=None, address="")
    address = enrolment_address(request, issued.token)
    return render(request, "admin/link.html", heading=heading, issued=issued, address=address)


async def _page(
    request: Request,
    values: dict[str, str],
    chosen: list[str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    hub = hub_of(request)
    rows = await run_in_threadpool(account_rows, hub, people=True)
    return render(
        request,
        "admin/accounts.html",
        status=status,
        rows=rows,
        agencies=[a.code for a in hub.catalogue],
        roles=ROLES,
        chosen=chosen,
        values=values,
        errors=errors,
    )
