"""Systems' accounts and their API tokens: ``/administracion/tokens``.

Open a system's account (its first token), issue another token, revoke one. A token is shown in
the answer to its form only, never again (only its hash is recorded); a revoked token is refused
by the API from the next request on. Each token shows when it was issued and its last use, to
the hour (``domain.accounts.USE_RECORDED_EVERY``), or that it was never used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.accounts import IssuedToken
from domain.errors import AccountNotFound, RutaError
from domain.hub import Hub
from queries.accounts import AccountRow, account_row, account_rows
from web.admin.access import ROLES, admin_only, holder, hub_of, run_form
from web.pages import redirect, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/administracion/tokens"
MAX_LABEL = 80
T = TypeVar("T")
DONE = {"revocado": "web.admin.done.token_revoked", "repetido": "web.admin.done.repeated"}


@router.get(PATH, response_model=None)
async def systems(
    request: Request,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    admin_only(who)
    values = {"clave": str(uuid4()), "agencia": "", "etiqueta": ""}
    return await _page(request, values, [], {}, done=DONE.get(hecho or ""))


@router.post(PATH, response_model=None, dependencies=[CsrfDep])
async def open_system(
    request: Request,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    agencia: Annotated[str, Form(max_length=100)] = "",
    etiqueta: Annotated[str, Form(max_length=400)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    chosen, errors = holder(hub, agencia, roles)
    values = {"clave": clave or str(uuid4()), "agencia": agencia, "etiqueta": etiqueta}
    if not etiqueta.strip():
        errors["etiqueta"] = "web.admin.error.label_missing"
    elif len(etiqueta.strip()) > MAX_LABEL:
        errors["etiqueta"] = "web.admin.error.label_long"
    if errors:
        return await _page(request, values, chosen, errors, status=400)
    body = f"{agencia}\n{','.join(chosen)}\n{etiqueta.strip()}"

    def command() -> IssuedToken:
        return hub.open_account(agencia, chosen, etiqueta.strip())

    issued = await run_form(request, who, values["clave"], body, command)
    return await _token_page(request, hub, issued)


@router.post(PATH + "/{account_id}/emitir", response_model=None, dependencies=[CsrfDep])
async def issue(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    hub = hub_of(request)
    issued = await _on_system(
        request, who, account_id, clave, "", lambda: hub.issue_token(account_id)
    )
    if isinstance(issued, Response):
        return issued
    return await _token_page(request, hub, issued)


@router.post(PATH + "/{account_id}/revocar", response_model=None, dependencies=[CsrfDep])
async def revoke(
    request: Request,
    account_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    hub = hub_of(request)
    done = await _on_system(
        request, who, account_id, clave, token, lambda: hub.revoke_token(account_id, token)
    )
    if isinstance(done, Response):
        return done
    return redirect(f"{PATH}?hecho={'repetido' if done is None else 'revocado'}")


async def _on_system(
    request: Request,
    who: Person,
    account_id: UUID,
    key: str,
    body: str,
    command: Callable[[], T],
) -> T | Response | None:
    """A form's command on one system's account: its result, None if sent before, or the page
    with the refusal (a suspended account, a token no longer active)."""
    admin_only(who)
    await run_in_threadpool(_system, hub_of(request), account_id)
    try:
        return await run_form(request, who, key, body, command)
    except RutaError:
        return await _page(request, _blank(), [], {"cuentas": "web.admin.error.changed"}, 400)


def _system(hub: Hub, account_id: UUID) -> AccountRow:
    try:
        row = account_row(hub, account_id)
    except AccountNotFound:
        raise HTTPException(404) from None
    if row.is_person:
        raise HTTPException(404)
    return row


def _blank() -> dict[str, str]:
    return {"clave": str(uuid4()), "agencia": "", "etiqueta": ""}


async def _token_page(request: Request, hub: Hub, issued: IssuedToken | None) -> Response:
    """The answer holding a new token, shown this once; None: sent twice, no token."""
    row = None if issued is None else await run_in_threadpool(_system, hub, issued.account_id)
    return render(request, "admin/token.html", issued=issued, row=row)


async def _page(
    request: Request,
    values: dict[str, str],
    chosen: list[str],
    errors: dict[str, str],
    status: int = 200,
    done: str | None = None,
) -> Response:
    hub = hub_of(request)
    rows = await run_in_threadpool(account_rows, hub, people=False)
    return render(
        request,
        "admin/tokens.html",
        status=status,
        rows=rows,
        agencies=[a.code for a in hub.catalogue],
        roles=ROLES,
        chosen=chosen,
        values=values,
        errors=errors,
        done=done,
        key=lambda: str(uuid4()),
    )
