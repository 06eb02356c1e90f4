"""The chain of custody drawn as a time line: where each band, handoff, gap and tick goes.

The page's template draws an inline SVG from these numbers (viewBox units, ``WIDTH`` wide): one
band per custody interval, coloured per agency; handoffs as markers from initiated to
acknowledged or refused; gaps hatched in red with their length; a time axis in local time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from texts.labels import agency_acronym
from texts.translations import LOCALES
from web.case_review.review import CaseReview

WIDTH = 560  # narrow, so that its words stay legible when a phone shrinks it
HEIGHT = 200
LEFT, RIGHT = 8, 8
# Dark enough for white text on them; agencies beyond the list take them in turn.
PALETTE = ("#1d4f91", "#0b6e4f", "#7a3b8f", "#8a4b08", "#00607a", "#5c5c1f", "#9b2242")
STEPS = tuple(
    timedelta(hours=h) for h in (1, 2, 3, 6, 12, 24, 48, 72, 24 * 7, 24 * 14, 24 * 30, 24 * 90)
)
MOST_TICKS = 5  # day labels; labels with an hour are wider: four at most
NARROWEST_LABEL = 48  # a band narrower than this shows its acronym in the table only


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    fill: str
    acronym: str
    outside: bool  # too narrow for its acronym: written above the band
    agency: str
    started_at: datetime
    ended_at: datetime | None
    began_with: str
    ended_with: str | None


@dataclass(frozen=True)
class Handoff:
    x1: float
    x2: float | None  # where it was acknowledged or refused; None while pending
    status: str  # a HandoffStatus code
    from_agency: str
    to_agency: str
    initiated_at: datetime
    resolved_at: datetime | None
    refusal_reason: str | None


@dataclass(frozen=True)
class Gap:
    x: float
    width: float
    text_x: float
    kind: str
    agency: str | None
    started_at: datetime
    ended_at: datetime | None
    minutes: int


@dataclass(frozen=True)
class Tick:
    x: float
    text: str
    anchor: str  # start, middle, end: the first and last labels stay inside the drawing


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    bands: list[Band]
    handoffs: list[Handoff]
    gaps: list[Gap]
    ticks: list[Tick]
    start: datetime
    end: datetime


def drawing(review: CaseReview, zone: ZoneInfo, lang: str) -> Drawing:
    """Where everything of ``review``'s chain of custody goes, from the case's opening to now."""
    outline = review.reading.outline
    details = review.reading.details
    chain = review.chain
    starts = [i.started_at for i in chain.intervals] + [g.started_at for g in chain.gaps]
    if outline is not None:
        starts.append(outline.opened_at)
    start = min(starts) if starts else review.now
    end = max(review.now, start + timedelta(hours=1))
    scale = (WIDTH - LEFT - RIGHT) / (end - start).total_seconds()

    def x(moment: datetime) -> float:
        return round(LEFT + (min(max(moment, start), end) - start).total_seconds() * scale, 1)

    colours: dict[str, str] = {}
    bands = []
    free_from = 0.0  # where the row of acronyms above the bands is free again
    for interval in chain.intervals:
        fill = colours.setdefault(interval.agency, PALETTE[len(colours) % len(PALETTE)])
        left, right = x(interval.started_at), x(interval.ended_at or end)
        acronym = agency_acronym(interval.agency)
        outside = right - left < NARROWEST_LABEL
        if outside and left < free_from:
            acronym = ""  # no room above either: the table names it
        elif outside:
            free_from = left + 13 * len(acronym) + 8
        bands.append(
            Band(
                min(left, WIDTH - RIGHT - 2.0),
                max(right - left, 2.0),
                fill,
                acronym,
                outside,
                interval.agency,
                interval.started_at,
                interval.ended_at,
                interval.began_with,
                interval.ended_with,
            )
        )
    handoffs = [
        Handoff(
            x(h.initiated_at),
            x(h.resolved_at) if h.resolved_at is not None else None,
            h.status,
            h.from_agency,
            h.to_agency,
            h.initiated_at,
            h.resolved_at,
            h.refusal_reason,
        )
        for h in (details.custody.handoffs if details is not None else ())
    ]
    gaps = []
    for gap in chain.gaps:
        left, right = x(gap.started_at), x(gap.ended_at or end)
        minutes = int(((gap.ended_at or end) - gap.started_at).total_seconds() // 60)
        gaps.append(
            Gap(
                left,
                max(right - left, 3.0),
                min(left, WIDTH - RIGHT - 120),
                gap.kind,
                gap.agency,
                gap.started_at,
                gap.ended_at,
                minutes,
            )
        )
    ticks = _ticks(start, end, x, zone, lang)
    return Drawing(WIDTH, HEIGHT, bands, handoffs, gaps, ticks, start, end)


def _ticks(
    start: datetime, end: datetime, x: Callable[[datetime], float], zone: ZoneInfo, lang: str
) -> list[Tick]:
    span = end - start
    step = next(
        (s for s in STEPS if span / s <= (MOST_TICKS if s >= timedelta(days=1) else 4)), STEPS[-1]
    )
    daily = step >= timedelta(days=1)
    local = start.astimezone(zone)
    if daily:
        first = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    else:
        hours = int(step.total_seconds() // 3600)
        first = local.replace(minute=0, second=0, microsecond=0)
        first += timedelta(hours=hours - first.hour % hours)
    pattern = "d MMM" if daily else "d MMM HH:mm"
    ticks = []
    moment = first
    while moment <= end:
        position = x(moment)
        anchor = "start" if position < 50 else "end" if position > WIDTH - 50 else "middle"
        text = format_datetime(moment, pattern, tzinfo=zone, locale=LOCALES[lang])
        ticks.append(Tick(position, text, anchor))
        moment += step
    return ticks


def duration(minutes: int) -> list[tuple[str, int]]:
    """A length as days, hours and minutes (``[("d", 1), ("h", 3)]``), the largest two."""
    days, rest = divmod(max(minutes, 0), 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(unit, n) for unit, n in (("d", days), ("h", hours), ("min", mins)) if n]
    return parts[:2] or [("min", 0)]
