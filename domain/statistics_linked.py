"""The age group and age band tables count the same cases twice, and are linked.

An adult (as last assessed) is in the band of 18 or more; a child is in 0-11, 12-17 or, without
an estimated age, unknown; a case whose age group is unknown may be in any band. So, with ``a``
adults, ``u`` cases of unknown age group and ``b`` cases in the band of 18 or more:

    a <= b <= a + u

and nothing else links the tables (given the two totals, the rest always has a solution). A
reader of both tables can use this to narrow down a withheld cell that each table alone
protects: cells 30, 11 and 4 (child, adult, unknown) withhold the 11 and the 4; a band of 18 or
more of 11, published, would pin down the adults at 11 and so the 4.

``linked_ages_protected`` checks, against the reader of ``domain/statistics_suppression.py``
(who knows each withheld cell's bounds and each table's withheld sum) that also knows this
link, that every withheld cell of either table can still take two values at least.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from domain.statistics_suppression import reader_bounds, withheld

ADULT, UNKNOWN_GROUP, ADULT_BAND = "adult", "unknown", "18_plus"

Box = tuple[int, int]


def linked_ages_protected(
    group: Mapping[str, int],
    group_hidden: Collection[str],
    band: Mapping[str, int],
    band_hidden: Collection[str],
    k: int,
) -> bool:
    """Whether no withheld cell of the two tables is pinned down by them together."""
    if set(group) != {"child", ADULT, UNKNOWN_GROUP} or ADULT_BAND not in band:
        return False  # a code this check does not know: do not rely on it
    g_boxes, b_boxes = _boxes(group, group_hidden, k), _boxes(band, band_hidden, k)
    g_sum = sum(group[c] for c in group_hidden)
    b_sum = sum(band[c] for c in band_hidden)
    low, high = _interval(ADULT_BAND, b_boxes, band_hidden, b_sum)  # from the band table alone
    seen: dict[str, set[int]] = {c: set() for c in [*group_hidden, *band_hidden]}
    for a in range(g_boxes[ADULT][0], min(g_boxes[ADULT][1], high) + 1):
        rest = set(group_hidden) - {ADULT}  # the child and unknown cells withheld, if any
        rest_sum = g_sum - a if ADULT in group_hidden else g_sum
        if not _feasible(g_boxes, rest, rest_sum):
            continue
        u_low, u_high = _interval(UNKNOWN_GROUP, g_boxes, rest, rest_sum)
        u_low = max(u_low, low - a)  # the band of 18+ is at most a + u
        if u_low > u_high:
            continue
        _note(seen, ADULT, a, a)
        _note(seen, UNKNOWN_GROUP, u_low, u_high)
        if "child" in rest:
            both = UNKNOWN_GROUP in rest
            _note(
                seen, "child", rest_sum - (u_high if both else 0), rest_sum - (u_low if both else 0)
            )
        b_low, b_high = max(low, a), min(high, a + u_high)
        _note(seen, ADULT_BAND, b_low, b_high)
        others = set(band_hidden) - {ADULT_BAND}
        for b in (b_low, b_high):  # the other cells' ranges move with b, one by one
            others_sum = b_sum - b if ADULT_BAND in band_hidden else b_sum
            for cell in others:
                _note(seen, cell, *_interval(cell, b_boxes, others, others_sum))
    return all(len(values) >= 2 for values in seen.values())


def _boxes(value: Mapping[str, int], hidden: Collection[str], k: int) -> dict[str, Box]:
    """Each cell's values to the reader: a published one's own, a withheld one's bounds."""
    published = [n for c, n in value.items() if c not in hidden]
    ceiling = min(published, default=sum(value[c] for c in hidden))
    return {c: reader_bounds(n, k, ceiling) if c in hidden else (n, n) for c, n in value.items()}


def _feasible(boxes: Mapping[str, Box], hidden: Collection[str], hidden_sum: int) -> bool:
    return sum(boxes[c][0] for c in hidden) <= hidden_sum <= sum(boxes[c][1] for c in hidden)


def _interval(cell: str, boxes: Mapping[str, Box], hidden: Collection[str], total: int) -> Box:
    """The values of ``cell`` when the withheld cells, each in its box, add up to ``total``;
    a published cell's own value. Exact: boxes with a sum leave no gaps."""
    if cell not in hidden:
        return boxes[cell]
    others = [boxes[c] for c in hidden if c != cell]
    low = max(boxes[cell][0], total - sum(high for _, high in others))
    high = min(boxes[cell][1], total - sum(low for low, _ in others))
    return low, high


def _note(seen: dict[str, set[int]], cell: str, low: int, high: int) -> None:
    if cell in seen and low <= high:
        seen[cell].update({low, high})


def withheld_band(
    group: Mapping[str, int],
    group_hidden: Collection[str],
    band: Sequence[tuple[str, int]],
    k: int,
) -> frozenset[str] | None:
    """The band table's cells to withhold, given the group table's: its own suppression, then
    more of its cells, the smallest first, until the two tables together pin down nothing;
    ``None`` when nothing does (the caller then withholds the number of cases)."""
    hidden = withheld(band, k)
    if hidden is None:
        return None
    value = dict(band)
    candidates = sorted((n, i, c) for i, (c, n) in enumerate(band) if c not in hidden)
    while not linked_ages_protected(group, group_hidden, value, hidden, k):
        if not candidates:
            return None
        hidden = hidden | {candidates.pop(0)[2]}
    return hidden
