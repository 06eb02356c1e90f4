"""Erasing a case's personal data: ``/administracion/supresion``, for administrators.

An ARCO cancellation or the end of the retention period destroys the case's data key: the
personal data is gone for good, the history of what was done stays, and every proof over it
still verifies (``PersonalDataErased``). The administrator names the case by its folio, twice,
and the reason; the page never shows the case's content, only whether its data was erased.
"""

from __future__ import annotations

import re
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.errors import CaseNotFound
from domain.vocabulary import ErasureReason
from texts.labels import label_code
from web.admin.access import admin_only, hub_of, run_form
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/administracion/supresion"
FOLIO = re.compile(r"^[A-Z]{2,4}-\d{4}-\d{6}$")


@router.get(PATH, response_model=None)
async def erasure_form(
    request: Request,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=20)] = None,
    folio: Annotated[str | None, Query(max_length=20)] = None,
    motivo: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    admin_only(who)
    done = hecho if hecho and FOLIO.fullmatch(hecho) else None
    # From the retention schedule: the folio and reason filled in, the folio still to confirm.
    values = {"clave": str(uuid4()), "folio": "", "confirmacion": "", "motivo": ""}
    if folio and FOLIO.fullmatch(folio):
        values["folio"] = folio
    if motivo in {str(r) for r in ErasureReason}:
        values["motivo"] = str(motivo)
    return _page(request, values, {}, done=done)


@router.post(PATH, response_model=None, dependencies=[CsrfDep])
async def erase(
    request: Request,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    folio: Annotated[str, Form(max_length=40)] = "",
    confirmacion: Annotated[str, Form(max_length=40)] = "",
    motivo: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    folio, again = folio.strip().upper(), confirmacion.strip().upper()
    values = {"clave": clave or str(uuid4()), "folio": folio, "confirmacion": again}
    values["motivo"] = motivo
    errors: dict[str, str] = {}
    if not FOLIO.fullmatch(folio):
        errors["folio"] = "web.admin.erasure.error.folio"
    elif again != folio:
        errors["confirmacion"] = "web.admin.erasure.error.again"
    if motivo not in {str(r) for r in ErasureReason}:
        errors["motivo"] = "web.admin.erasure.error.reason"
    if not errors:
        try:
            case_id = await run_in_threadpool(hub.find_folio, folio)
        except CaseNotFound:
            errors["folio"] = "web.admin.erasure.error.unknown"
    if errors:
        return _page(request, values, errors, status=400)
    await run_form(
        request,
        who,
        values["clave"],
        f"{folio}\n{motivo}",
        lambda: hub.erase_personal_data(case_id, motivo),
    )
    return redirect(f"{PATH}?hecho={folio}")


def _page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    done: str | None = None,
    status: int = 200,
) -> Response:
    lang = page_language(request)
    reasons = [(str(r), label_code(ErasureReason, str(r), lang)) for r in ErasureReason]
    return render(
        request,
        "admin/erasure.html",
        status=status,
        values=values,
        errors=errors,
        reasons=reasons,
        done=done,
    )
