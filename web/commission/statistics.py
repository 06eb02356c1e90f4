"""The statistics page: ``/comision/estadisticas``, the tables of ``GET /review/statistics``
(the same function), each with its bar chart; withheld figures read "menos de k", never 0."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from domain.agencies import AgencyCatalogue
from domain.statistics import recorded_facts
from domain.statistics_tables import Statistics, statistics
from texts.labels import agency_name
from texts.statistics_table import (
    category_label,
    dimension_label,
    measure_label,
    median_words,
    statistics_table,
    withheld_text,
)
from texts.translations import translation
from web.commission.charts import Bar, bar_chart
from web.commission.periods import period
from web.commission.scope import hub_of, reading_scope
from web.downloads import Format, download
from web.pages import page_language, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

MOST_BARS = 30  # a longer table charts its published cells, and its withheld ones as one bar
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
Text = Annotated[str | None, Query(max_length=100)]


@dataclass(frozen=True)
class Shown:
    """One table of the page: its heading, its rows (label, figure as read) and its chart."""

    heading: str
    rows: list[tuple[str, str]]
    chart: Markup
    figure_header: str


@router.get("/comision/estadisticas", response_model=None)
async def statistics_page(
    request: Request,
    who: PersonDep,
    desde: Text = None,
    hasta: Text = None,
    descargar: Format | None = None,
) -> Response:
    reading_scope(request, who)
    hub = hub_of(request)
    lang = page_language(request)
    k = int(request.app.state.statistics_threshold)
    asked = period(desde, hasta, request.app.state.pages.zone)
    span = None
    if not asked.errors and (asked.start or asked.end):
        span = (asked.start or EARLIEST, asked.end or LATEST)
    published = await run_in_threadpool(
        lambda: statistics(recorded_facts(hub), catalogue=hub.catalogue, k=k, period=span)
    )
    if descargar is not None and not asked.errors:
        headers, cells = statistics_table(published, hub.catalogue, lang)
        title = translation(lang)("web.statistics.title")
        return download("estadisticas", title, headers, cells, descargar)
    kept = {k: v for k, v in {"desde": desde or "", "hasta": hasta or ""}.items() if v}
    query = "&".join(f"{key}={value}" for key, value in kept.items())
    return render(
        request,
        "commission/statistics.html",
        published=published,
        k=k,
        less=withheld_text(k, lang),
        counts=_counts(published, hub.catalogue, lang),
        medians=_medians(published, hub.catalogue, lang),
        errors=asked.errors,
        filters={"desde": desde or "", "hasta": hasta or ""},
        csv_link="/comision/estadisticas?" + "&".join(filter(None, [query, "descargar=csv"])),
        xlsx_link="/comision/estadisticas?" + "&".join(filter(None, [query, "descargar=xlsx"])),
    )


def _counts(published: Statistics, catalogue: AgencyCatalogue, lang: str) -> list[Shown]:
    t = translation(lang)
    k = published.k
    less = withheld_text(k, lang)
    shown = []
    for table in published.counts:
        heading = dimension_label(table.dimension, lang)
        cells = [
            (category_label(table.dimension, c.category, catalogue, lang), c.count)
            for c in table.cells
        ]
        if len(cells) > MOST_BARS:  # the published ones, and the withheld ones as one
            hidden = sum(1 for _, n in cells if n is None)
            cells = [(label, n) for label, n in cells if n is not None]
            others = t("web.statistics.other_categories", n=hidden)
            each = t("web.statistics.less_than_each", k=k)
        else:
            hidden, others, each = 0, "", ""
        rows = [(label, less if n is None else str(n)) for label, n in cells]
        bars = [Bar(label, n, less if n is None else str(n)) for label, n in cells]
        if hidden:
            rows.append((others, each))
            bars.append(Bar(others, None, each))
        rows.append((t("web.statistics.total"), less if table.total is None else str(table.total)))
        if table.total is None:
            bars = [Bar(t("web.statistics.total"), None, less)]
        description = t("web.statistics.chart_desc", table=heading)
        chart = bar_chart(heading, description, bars, k - 1)
        shown.append(Shown(heading, rows, chart, t("web.statistics.column.cases")))
    return shown


def _medians(published: Statistics, catalogue: AgencyCatalogue, lang: str) -> list[Shown]:
    t = translation(lang)
    k = published.k
    shown = []
    for table in published.medians:
        heading = measure_label(table.measure, lang)
        rows = []
        bars = []
        for found in (table.overall, *table.by_agency):
            who = (
                t("web.statistics.every_agency")
                if found.agency is None
                else agency_name(found.agency, catalogue, lang)
            )
            words = median_words(found, k, lang)
            rows.append((who, words))
            hours = None if found.median is None else found.median.total_seconds() / 3600
            if found.agency is None or hours is not None:
                bars.append(Bar(who, hours, words))
        description = t("web.statistics.median_desc", table=heading)
        chart = bar_chart(heading, description, bars, 0)
        shown.append(Shown(heading, rows, chart, t("web.statistics.column.median")))
    return shown
