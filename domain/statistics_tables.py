"""Anonymized statistics for the commission and its members: counts and median times.

Counts of cases by form of exploitation, age group, sex, nationality, municipality and detecting
agency, each table with its total; median times from detection to the first referral (per
detecting agency), from a referral to its answer (per addressee) and from a handoff to its
acknowledgement (per receiving agency). A period selects the cases detected in it (half-open),
and their referrals and handoffs with them, whenever these happened.

Nothing published lets a reader work out a count below k (``domain/statistics_suppression.py``):

- Every table lists every category of its vocabulary or of the catalogue, zeros included.
- A count table whose cells cannot be protected while the number of cases is known withholds
  the number of cases from every table, since every table but one adds up to it.
- Forms of exploitation: a case counts under each of its forms, so the cells do not add up to
  the total and no form's count follows by subtraction; the same rule is applied all the same.
- A median is published only over k observations or more, with the number of observations
  suppressed like a count. From detection to first referral, the observations are cases: their
  number is published only when the cases not yet referred are k or more too, and per detecting
  agency the median is published only where that agency's count of cases is, without the
  number of observations, which is part of that count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from domain.agencies import AgencyCatalogue, Participation
from domain.countries import ISO_3166_1_ALPHA_2, UNKNOWN_NATIONALITY
from domain.statistics import CaseFacts
from domain.statistics_suppression import DEFAULT_THRESHOLD, check_threshold, withheld
from domain.vocabulary import AgeGroup, ExploitationForm, Sex

UNSPECIFIED = "unspecified"  # a case with no form of exploitation recorded
FORMS = "exploitation_form"
DETECTING_AGENCY = "detecting_agency"
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

    def table(self, dimension: str) -> CountTable:
        return next(t for t in self.counts if t.dimension == dimension)

    def median_table(self, measure: str) -> MedianTable:
        return next(t for t in self.medians if t.measure == measure)


def _case_parties(catalogue: AgencyCatalogue) -> list[str]:
    return [a.code for a in catalogue if a.participation == Participation.CASE_PARTY]


def _forms(facts: CaseFacts) -> tuple[str, ...]:
    return facts.exploitation_forms or (UNSPECIFIED,)


# Each dimension: its name, a case's categories in it, and the categories always listed.
DIMENSIONS: tuple[
    tuple[str, Callable[[CaseFacts], Iterable[str]], Callable[[AgencyCatalogue], list[str]]],
    ...,
] = (
    (FORMS, _forms, lambda _: [*map(str, ExploitationForm), UNSPECIFIED]),
    ("age_group", lambda f: (f.age_group,), lambda _: [*map(str, AgeGroup)]),
    ("sex", lambda f: (f.sex,), lambda _: [*map(str, Sex)]),
    (
        "nationality",
        lambda f: (f.nationality,),
        lambda _: [*sorted(ISO_3166_1_ALPHA_2), UNKNOWN_NATIONALITY],
    ),
    ("municipality", lambda f: (f.municipality,), lambda c: sorted(c.municipalities)),
    (DETECTING_AGENCY, lambda f: (f.detecting_agency,), _case_parties),
)


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
    every = list(facts)
    chosen = [f for f in every if period is None or period[0] <= f.detected_at < period[1]]
    total = len(chosen)
    counts = [
        _count_table(dimension, read, listed(catalogue), every, chosen, k)
        for dimension, read, listed in DIMENSIONS
    ]
    if total < k or any(t.total is None for t in counts):
        # Every table but the forms' adds up to the number of cases: withhold it everywhere.
        counts = [CountTable(t.dimension, None, ()) for t in counts]
    cases = None if counts[0].total is None else total
    agencies = next(t for t in counts if t.dimension == DETECTING_AGENCY)
    parties = _case_parties(catalogue)
    referrals = [(r.addressee, r.answered_after) for f in chosen for r in f.referrals]
    handoffs = [(h.receiving_agency, h.acknowledged_after) for f in chosen for h in f.handoffs]
    medians = (
        _first_referral(chosen, agencies, k, count_shown=cases is not None),
        _median_table(ANSWER, referrals, parties, k),
        _median_table(ACKNOWLEDGEMENT, handoffs, parties, k),
    )
    return Statistics(k, period, cases, tuple(counts), medians)


def _count_table(
    dimension: str,
    read: Callable[[CaseFacts], Iterable[str]],
    listed: list[str],
    every: Sequence[CaseFacts],
    chosen: Sequence[CaseFacts],
    k: int,
) -> CountTable:
    # A code outside the vocabulary or catalogue (an agency since removed) is listed when some
    # case has it, so a reader knows it is there: it is bounded below by 1.
    extra = sorted({c for f in every for c in read(f)} - set(listed))
    tally = Counter(c for f in chosen for c in read(f))
    cells = [(c, tally[c]) for c in [*listed, *extra]]
    hidden = withheld(cells, k, present=extra)
    if hidden is None and dimension == FORMS and len(chosen) >= k:
        hidden = frozenset(c for c, _ in cells)  # its total is the number of cases, published
    if hidden is None:
        return CountTable(dimension, None, ())
    cells_out = tuple(Cell(c, None if c in hidden else n) for c, n in cells)
    return CountTable(dimension, len(chosen), cells_out)


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
