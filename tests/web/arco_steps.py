"""An ARCO request walked through the administrators' pages (``/administracion/arco``): received
by folio, answered, carried out, each by its form, as SEGOB's unit of transparency does it."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.web.walk import Walk, fill

PATH = "/administracion/arco"


def receive_arco(walk: Walk, folio: str, kind: str, identity: str = "si") -> str:
    """Record a request about ``folio`` through the intake form; the confirmation shown."""
    walk.goto(PATH)
    received = (walk.site.clock() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")  # Cancún
    values = {"folio": folio, "tipo": kind, "solicitante": "holder", "identidad": identity}
    fill(walk.current, {**values, "recibida": received})
    walk.current.locator(f'main form[action="{PATH}"] button[type=submit]').click()
    return _done(walk)


def take_step(walk: Walk, action: str, values: dict[str, str] | None = None) -> str:
    """Send the request page's form ``action`` (``responder``, ``hacer-efectiva``...)."""
    form = walk.current.locator(f'main form[action$="/{action}"]')
    for name, value in (values or {}).items():
        form.locator(f'input[name="{name}"][value="{value}"]').check()
    form.locator("button[type=submit]").click()
    return _done(walk)


def _done(walk: Walk) -> str:
    walk.current.wait_for_url(re.compile(r"hecho="))
    walk.check_page()
    return walk.current.inner_text("#hecho")
