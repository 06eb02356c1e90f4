"""GET /review/statistics: anonymized statistics for the commission and its members.

Computed on request from every case's events (``domain/statistics.py`` says what that costs and
what comes next). The threshold k is CTDC's 11 unless the deployment sets
``app.state.statistics_threshold``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.csv_answers import CSV_RESPONSE, csv_answer, reader_language, wants_csv
from api.dependencies import ActorDep, AgencyDep, HubDep
from api.schemas.requests import Time
from api.schemas.statistics import (
    CellOut,
    CountTableOut,
    MedianOut,
    MedianTableOut,
    PeriodOut,
    StatisticsOut,
)
from domain.actor import Role
from domain.agencies import Participation
from domain.errors import InvalidValue, RoleRequired
from domain.statistics import may_read_statistics, recorded_facts
from domain.statistics_tables import Median, Statistics, statistics
from texts.statistics_table import statistics_table

router = APIRouter(prefix="/review", tags=["review"])

EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def threshold(request: Request) -> int:
    return int(request.app.state.statistics_threshold)


ThresholdDep = Annotated[int, Depends(threshold)]
FromDep = Annotated[
    Time | None, Query(alias="from", description="cases detected from this RFC 3339 time")
]
ToDep = Annotated[
    Time | None, Query(alias="to", description="cases detected before this RFC 3339 time")
]


@router.get("/statistics", response_model=StatisticsOut, responses=CSV_RESPONSE)
def review_statistics(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    agency: AgencyDep,
    k: ThresholdDep,
    start: FromDep = None,
    end: ToDep = None,
) -> StatisticsOut | Response:
    """Counts of cases and median times of the route, no figure below k, never a case.

    With ``Accept: text/csv``: one row per figure, a withheld one written "menos de k" (in the
    language of ``Accept-Language``), never 0; median times in words.
    """
    if not may_read_statistics(who, agency):
        oversight = agency.participation == Participation.OVERSIGHT
        raise RoleRequired(role=str(Role.COMMISSION if oversight else Role.SUPERVISOR))
    if start is not None and end is not None and end <= start:
        raise InvalidValue(field="to", reason="a time after from")
    period = None if start is None and end is None else (start or EARLIEST, end or LATEST)
    published = statistics(recorded_facts(hub), catalogue=hub.catalogue, k=k, period=period)
    if wants_csv(request):
        lang = reader_language(request)
        return csv_answer("statistics", *statistics_table(published, hub.catalogue, lang))
    return _out(published, PeriodOut.model_validate({"from": start, "to": end}))


def _out(published: Statistics, period: PeriodOut) -> StatisticsOut:
    return StatisticsOut(
        k=published.k,
        period=period,
        cases=published.cases,
        counts=[
            CountTableOut(
                dimension=table.dimension,
                total=table.total,
                cells=[CellOut(category=c.category, count=c.count) for c in table.cells],
            )
            for table in published.counts
        ],
        medians=[
            MedianTableOut(
                measure=table.measure,
                overall=_median(table.overall),
                by_agency=[_median(m) for m in table.by_agency],
            )
            for table in published.medians
        ],
        left_out=published.left_out,
    )


def _median(found: Median) -> MedianOut:
    seconds = None if found.median is None else round(found.median.total_seconds())
    return MedianOut(agency=found.agency, observations=found.observations, median_seconds=seconds)
