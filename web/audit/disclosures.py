"""``/auditoria/divulgaciones``: who read whose personal data, when and why, by agency, purpose,
case folio and period, paged; downloadable as CSV and XLSX. Folios, never a person's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from domain.errors import CaseNotFound
from domain.vocabulary import Purpose
from queries.disclosure_log import (
    MAX_EXPORT,
    Disclosed,
    DisclosureFilter,
    field_label,
    headers,
    matching,
    page,
    row,
)
from texts.translations import translation
from web.audit.access import AuditorDep, parts_of
from web.downloads import Format, download
from web.pages import page_language, render

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/auditoria/divulgaciones"
PAGE = 50
Text = Annotated[str | None, Query(max_length=100)]


@dataclass(frozen=True)
class Asked:
    """The filters as the form sent them, and what they mean (or the errors, by field)."""

    values: dict[str, str]
    wanted: DisclosureFilter
    errors: dict[str, str]


def _asked(
    request: Request,
    agencia: str | None,
    proposito: str | None,
    folio: str | None,
    desde: str | None,
    hasta: str | None,
) -> Asked:
    hub = parts_of(request).hub
    zone: ZoneInfo = request.app.state.pages.zone
    values = {
        k: (v or "").strip()
        for k, v in (
            ("agencia", agencia),
            ("proposito", proposito),
            ("folio", folio),
            ("desde", desde),
            ("hasta", hasta),
        )
    }
    errors: dict[str, str] = {}
    agency = values["agencia"] or None
    if agency is not None and agency not in hub.catalogue.agencies:
        errors["agencia"], agency = "web.audit.disclosures.error.agency", None
    purpose = values["proposito"] or None
    if purpose is not None and purpose not in set(Purpose):
        errors["proposito"], purpose = "web.audit.disclosures.error.purpose", None
    case_id = None
    if values["folio"]:
        try:
            case_id = hub.find_folio(values["folio"].upper())
        except CaseNotFound:
            errors["folio"] = "web.audit.disclosures.error.folio"
    since = _day(values["desde"], zone, errors, "desde")
    until = _day(values["hasta"], zone, errors, "hasta")
    if since is not None and until is not None and until < since:
        errors["hasta"], until = "web.audit.disclosures.error.order", None
    wanted = DisclosureFilter(
        agency=agency,
        purpose=purpose,
        case_id=case_id,
        since=since,
        until=None if until is None else until + timedelta(days=1),
    )
    return Asked(values, wanted, errors)


def _day(text: str, zone: ZoneInfo, errors: dict[str, str], name: str) -> datetime | None:
    """The start of the local day written ``YYYY-MM-DD``; an error for that field otherwise."""
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=zone)
    except ValueError:
        errors[name] = "web.audit.disclosures.error.date"
        return None


@router.get(PATH, response_class=HTMLResponse)
def disclosures(
    request: Request,
    who: AuditorDep,
    agencia: Text = None,
    proposito: Text = None,
    folio: Text = None,
    desde: Text = None,
    hasta: Text = None,
    despues: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
) -> HTMLResponse:
    asked = _asked(request, agencia, proposito, folio, desde, hasta)
    hub = parts_of(request).hub
    lang = page_language(request)
    found: list[Disclosed] = []
    more: int | None = None
    if not asked.errors:
        found, more = page(hub, asked.wanted, after=despues, size=PAGE)
    query = {k: v for k, v in asked.values.items() if v}
    return render(
        request,
        "audit/disclosures.html",
        status=400 if asked.errors else 200,
        asked=asked,
        entries=[
            {
                "position": d.entry.position,
                "at": d.entry.at,
                "agency": d.entry.agency,
                "account": d.entry.account,
                "folio": d.folio,
                "purpose": d.entry.purpose,
                "fields": sorted({field_label(n, lang) for n in d.entry.labels}),
            }
            for d in found
        ],
        agencies=sorted(hub.catalogue.agencies),
        purposes=[str(p) for p in Purpose],
        next_page=f"{PATH}?{urlencode({**query, 'despues': more})}" if more else None,
        query=("?" + urlencode(query)) if query else "",
    )


@router.get(PATH + ".{fmt}")
def disclosures_download(
    request: Request,
    who: AuditorDep,
    fmt: Format,
    agencia: Text = None,
    proposito: Text = None,
    folio: Text = None,
    desde: Text = None,
    hasta: Text = None,
) -> Response:
    """The disclosures the filters select, as CSV or XLSX."""
    table = _table(request, agencia, proposito, folio, desde, hasta)
    if table is None:
        return Response(status_code=400)
    heads, rows = table
    title = translation(page_language(request))("web.audit.disclosures.sheet")
    return download("divulgaciones", title, heads, rows, fmt)


def _table(
    request: Request,
    agencia: str | None,
    proposito: str | None,
    folio: str | None,
    desde: str | None,
    hasta: str | None,
) -> tuple[list[str], list[list[str | int | datetime | None]]] | None:
    asked = _asked(request, agencia, proposito, folio, desde, hasta)
    if asked.errors:
        return None
    hub = parts_of(request).hub
    lang = page_language(request)
    zone: ZoneInfo = request.app.state.pages.zone
    rows = []
    for disclosed in matching(hub, asked.wanted):
        rows.append(row(disclosed, hub, zone, lang))
        if len(rows) == MAX_EXPORT:
            break
    return headers(lang), rows
