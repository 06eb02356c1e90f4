"""The findings board: ``/comision/hallazgos``, filtered by a GET form, paged by the view's
cursor, downloadable as CSV or XLSX with the same filter."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.review_rules import FINDING_RULES, Finding, Severity
from projections.review_query import STATES
from queries.findings import (
    FindingFilter,
    count_findings,
    every_finding,
    finding_lines,
)
from texts.export_tables import findings_table, late_by
from texts.rules import rule_text, severity_text
from texts.translations import translation
from web.commission.periods import period
from web.commission.scope import folios_of, hub_of, reading_scope, review_of
from web.downloads import Format, download
from web.pages import page_language, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PAGE_SIZE = 50
Text = Annotated[str | None, Query(max_length=100)]


@router.get("/comision/hallazgos", response_model=None)
async def findings_board(
    request: Request,
    who: PersonDep,
    estado: Text = "open",
    regla: Text = None,
    agencia: Text = None,
    gravedad: Text = None,
    desde: Text = None,
    hasta: Text = None,
    despues: Annotated[str | None, Query(max_length=200)] = None,
    descargar: Format | None = None,
) -> Response:
    scope = reading_scope(request, who)
    hub = hub_of(request)
    view = review_of(request)
    zone = request.app.state.pages.zone
    lang = page_language(request)
    asked = period(desde, hasta, zone)
    errors = dict(asked.errors)
    if estado not in STATES:
        errors["estado"] = "web.findings.error.state"
    if regla and regla not in FINDING_RULES:
        errors["regla"] = "web.findings.error.rule"
    if gravedad and gravedad not in {s.value for s in Severity}:
        errors["gravedad"] = "web.findings.error.severity"
    if agencia and (agencia not in hub.catalogue or (scope.only and agencia != scope.only)):
        errors["agencia"] = "web.findings.error.agency"
    wanted = FindingFilter(
        state="open" if "estado" in errors else estado,  # type: ignore[arg-type]
        agency=scope.only or (agencia if "agencia" not in errors else None) or None,
        rule=regla if regla and "regla" not in errors else None,
        severity=gravedad if gravedad and "gravedad" not in errors else None,
        since_from=asked.start,
        since_to=asked.end,
    )
    now = hub.clock()
    if descargar is not None and not errors:
        folios = folios_of(request)
        lines = await run_in_threadpool(lambda: list(every_finding(view, folios, now, wanted)))
        headers, cells = findings_table(lines, now, hub.catalogue, lang, zone)
        title = translation(lang)("web.findings.title")
        return download("hallazgos", title, headers, cells, descargar)

    def read() -> tuple[list[dict[str, object]], str | None, int]:
        try:
            page = finding_lines(view, folios_of(request), now, wanted, despues, PAGE_SIZE)
        except ValueError:
            errors["despues"] = "web.findings.error.cursor"
            page = finding_lines(view, folios_of(request), now, wanted, None, PAGE_SIZE)
        rows = [_row(line.folio, line.finding, now, lang) for line in page.lines]
        return rows, page.next_cursor, count_findings(view, now, wanted)

    rows, next_cursor, total = await run_in_threadpool(read)
    filters = {
        "estado": wanted.state,
        "regla": wanted.rule or "",
        "agencia": (agencia or "") if scope.commission else "",
        "gravedad": wanted.severity or "",
        "desde": desde or "",
        "hasta": hasta or "",
    }
    kept = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "commission/findings.html",
        rows=rows,
        total=total,
        filters=filters,
        errors=errors,
        scope=scope,
        rules=[(code, rule_text(code, lang).name) for code in FINDING_RULES],
        severities=[(s.value, severity_text(s.value, lang)) for s in Severity],
        agencies=[a.code for a in hub.catalogue] if scope.commission else [scope.only],
        states=STATES,
        next_link=_link(kept, despues=next_cursor) if next_cursor else None,
        first_link=_link(kept) if despues else None,
        csv_link=_link(kept, descargar="csv"),
        xlsx_link=_link(kept, descargar="xlsx"),
    )


def _row(folio: str, finding: Finding, now: datetime, lang: str) -> dict[str, object]:
    resolved = finding.resolved_at is not None and finding.resolved_at <= now
    return {
        "folio": folio,
        "finding": finding,
        "rule": rule_text(finding.rule, lang),
        "severity": severity_text(finding.severity, lang),
        "resolved": resolved,
        "late_by": late_by(finding.since, finding.resolved_at if resolved else None, now, lang),
    }


def _link(kept: dict[str, str], **more: str) -> str:
    return "/comision/hallazgos?" + urlencode({**kept, **more})
