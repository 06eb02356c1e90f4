"""Anonymized statistics for the commission and its members: counts and median times.

Counts of cases by the dimensions of ``domain/statistics_dimensions.py`` (form of exploitation,
age group, sex, nationality, municipality, detecting agency, age band, indigenous language,
economic sector, internal or international trafficking), each table with its total; median
times from detection to the first referral (per detecting agency), from a referral to its
answer (per addressee) and from a handoff to its acknowledgement (per receiving agency). A
period selects the cases detected in it (half-open), and their referrals and handoffs with
them, whenever these happened.

Only the cases whose person agreed, in a consent, to be counted are (for a child, PPNNA as legal
representative): the others are left out of every figure, and how many were is published as a
count of its own, withheld below k. The case records that CTDC publishes come from its
contributors' case management, where the person consents to the use of their data (IOM's
practice; the HTCDS text was not checked); the hub asks each person the same question.

Nothing published lets a reader work out a count below k (``domain/statistics_suppression.py``):

- Every table lists every category of its vocabulary or of the catalogue, zeros included.
- A count table whose cells cannot be protected while the number of cases is known withholds
  the number of cases from every table, since every table but one adds up to it.
- Forms of exploitation and indigenous languages: a case counts under each of its forms or
  languages, so the cells do not add up to the total and no cell follows by subtraction; the
  same rule is applied all the same.
- A median is published only over k observations or more, with the number of observations
  suppressed like a count. From detection to first referral, the observations are cases: their
  number is published only when the cases not yet referred are k or more too, and per detecting
  agency the median is published only where that agency's count of cases is, without the
  number of observations, which is part of that count.
- The age bands refine the age groups: the cells they share are withheld in both, and the
  children's bands are a table of their own within the children's count
  (``domain/statistics_linked.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from domain.agencies import AgencyCatalogue
from domain.statistics import CaseFacts
from domain.statistics_dimensions import (
    AGE_BAND,
    AGE_GROUP,
    DETECTING_AGENCY,
    DIMENSIONS,
    SEVERAL_PER_CASE,
    case_parties,
)
from domain.statistics_linked import withheld_bands
from domain.statistics_suppression import DEFAULT_THRESHOLD, check_threshold, withheld

# Which cells of a table to withhold, given its cells; None: its total too.
Hiding = Callable[[Sequence[tuple[str, int]]], frozenset[str] | None]
FIRST_REFERRAL = "detection_to_first_referral"
ANSWER = "referral_to_answer"
ACKNOWLEDGEMENT = "handoff_to_acknowledgement"


@dataclass(frozen=True)
class Cell:
    category: str
    count: int | None  # None: withheld


@dataclass(frozen=True)
class CountTable:
    dimension: str
    total: int | None  # None: the table is withheld whole, and ``cells`` is empty
    cells: tuple[Cell, ...]

    def count(self, category: str) -> int | None:
        return next((c.count for c in self.cells if c.category == category), None)


@dataclass(frozen=True)
class Median:
    agency: str | None  # None: every agency
    observations: int | None
    median: timedelta | None


@dataclass(frozen=True)
class MedianTable:
    measure: str
    overall: Median
    by_agency: tuple[Median, ...]

    def of(self, agency: str) -> Median:
        return next(m for m in self.by_agency if m.agency == agency)


@dataclass(frozen=True)
class Statistics:
    """The published figures: withheld ones are ``None``."""

    k: int
    period: tuple[datetime, datetime] | None
    cases: int | None
    counts: tuple[CountTable, ...]
    medians: tuple[MedianTable, ...]
    left_out: int | None  # cases of the period without consent to be counted in them

    def table(self, dimension: str) -> CountTable:
        return next(t for t in self.counts if t.dimension == dimension)

    def median_table(self, measure: str) -> MedianTable:
        return next(t for t in self.medians if t.measure == measure)


def statistics(
    facts: Iterable[CaseFacts],
    *,
    catalogue: AgencyCatalogue,
    k: int = DEFAULT_THRESHOLD,
    period: tuple[datetime, datetime] | None = None,
) -> Statistics:
    """The published statistics of the cases detected in ``period`` (all cases without one).

    The catalogue gives the municipalities and agencies that every table lists.
    """
    check_threshold(k)
    everything = list(facts)
    # Only the cases whose person agreed to be counted are: the others are not even a sign
    # that a code exists. How many were left out is told, when it is k or more.
    every = [f for f in everything if f.counted]
    in_period = [f for f in everything if period is None or period[0] <= f.detected_at < period[1]]
    chosen = [f for f in in_period if f.counted]
    left_out = len(in_period) - len(chosen)
    total = len(chosen)
    counts: list[CountTable] = []
    for dimension, read, listed in DIMENSIONS:
        hiding = _linked_to_age_group(counts, k) if dimension == AGE_BAND else None
        counts.append(_count_table(dimension, read, listed(catalogue), every, chosen, k, hiding))
    if total < k or any(t.total is None for t in counts):
        # Most tables add up to the number of cases: withhold it everywhere.
        counts = [CountTable(t.dimension, None, ()) for t in counts]
    cases = None if counts[0].total is None else total
    agencies = next(t for t in counts if t.dimension == DETECTING_AGENCY)
    parties = case_parties(catalogue)
    referrals = [(r.addressee, r.answered_after) for f in chosen for r in f.referrals]
    handoffs = [(h.receiving_agency, h.acknowledged_after) for f in chosen for h in f.handoffs]
    medians = (
        _first_referral(chosen, agencies, k, count_shown=cases is not None),
        _median_table(ANSWER, referrals, parties, k),
        _median_table(ACKNOWLEDGEMENT, handoffs, parties, k),
    )
    return Statistics(
        k, period, cases, tuple(counts), medians, left_out=left_out if left_out >= k else None
    )


def _count_table(
    dimension: str,
    read: Callable[[CaseFacts], Iterable[str]],
    listed: list[str],
    every: Sequence[CaseFacts],
    chosen: Sequence[CaseFacts],
    k: int,
    hiding: Hiding | None = None,
) -> CountTable:
    # A code outside the vocabulary or catalogue (an agency since removed) is listed when some
    # case has it, so a reader knows it is there: it is bounded below by 1.
    extra = sorted({c for f in every for c in read(f)} - set(listed))
    tally = Counter(c for f in chosen for c in read(f))
    cells = [(c, tally[c]) for c in [*listed, *extra]]
    hidden = hiding(cells) if hiding else withheld(cells, k, present=extra)
    if hidden is None and dimension in SEVERAL_PER_CASE and len(chosen) >= k:
        hidden = frozenset(c for c, _ in cells)  # its total is the number of cases, published
    if hidden is None:
        return CountTable(dimension, None, ())
    cells_out = tuple(Cell(c, None if c in hidden else n) for c, n in cells)
    return CountTable(dimension, len(chosen), cells_out)


def _linked_to_age_group(counts: Sequence[CountTable], k: int) -> Hiding:
    """The age bands' suppression, given the age groups' (``domain/statistics_linked.py``)."""
    group = next(t for t in counts if t.dimension == AGE_GROUP)
    hidden = {c.category for c in group.cells if c.count is None}
    if group.total is None:  # then every table is withheld
        return lambda cells: None
    return lambda cells: withheld_bands(cells, hidden, k)


def _first_referral(
    chosen: Sequence[CaseFacts], agencies: CountTable, k: int, *, count_shown: bool
) -> MedianTable:
    overall = [f.first_referral_after for f in chosen if f.first_referral_after is not None]
    by_agency = []
    for cell in agencies.cells:
        times = [
            f.first_referral_after
            for f in chosen
            if f.detecting_agency == cell.category and f.first_referral_after is not None
        ]
        shown = cell.count is not None and len(times) >= k
        by_agency.append(Median(cell.category, None, _median(times) if shown else None))
    summary = _overall(overall, k)
    # The cases not referred yet are the number of cases minus those referred: a count too.
    referred = [("referred", len(overall)), ("not_referred", len(chosen) - len(overall))]
    if not count_shown or withheld(referred, k) != frozenset():
        summary = Median(None, None, summary.median)
    return MedianTable(FIRST_REFERRAL, summary, tuple(by_agency))


def _median_table(
    measure: str, observed: Sequence[tuple[str, timedelta | None]], listed: list[str], k: int
) -> MedianTable:
    times: dict[str, list[timedelta]] = {agency: [] for agency in listed}
    for agency, after in observed:
        if after is not None:
            times.setdefault(agency, []).append(after)
    extra = set(times) - set(listed)
    cells = [(agency, len(found)) for agency, found in times.items()]
    hidden = withheld(cells, k, present=extra)
    if hidden is None:
        nothing = Median(None, None, None)
        return MedianTable(measure, nothing, tuple(Median(a, None, None) for a in times))
    everything = [t for found in times.values() for t in found]
    return MedianTable(
        measure,
        _overall(everything, k),
        tuple(
            Median(a, None, None) if a in hidden else Median(a, len(found), _median(found))
            for a, found in times.items()
        ),
    )


def _overall(times: Sequence[timedelta], k: int) -> Median:
    if len(times) < k:
        return Median(None, None, None)
    return Median(None, len(times), _median(times))


def _median(times: Sequence[timedelta]) -> timedelta:
    return timedelta(seconds=round(median(t.total_seconds() for t in times)))
