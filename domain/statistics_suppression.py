"""Which cells of a table of counts to withhold, so that no count below k can be worked out.

A cell below the threshold k is withheld (primary suppression, as CTDC publishes with k = 11).
The table's total is published, so the withheld cells' sum is known (total minus the published
cells): more cells are withheld (secondary suppression, the smallest first, ties in the
table's order) until a reader cannot work out any small cell from the published figures.

"Cannot work out" is checked against a reader who knows this algorithm, not only the total,
and who is even told which withheld cells are the small ones: each of those is below k, and each
secondary one at least k and no larger than any published cell (the smallest go first). Within
those bounds and the known sum, every withheld cell must keep two possible values at least; the
withheld cells must also be two at least and add up to k at least, as the usual rule asks. The
usual rule alone is not enough: with k = 11, cells 15, 15 and 10 would withhold the 10 and one
15; the other 15 is published, so the secondary cell is at most 15, the small one at most 10,
and their sum of 25 leaves one answer. The unit tests try every table of a few small cells
against a reader who enumerates every table that would have been published the same way.

Every category of the table is listed, zeros included (zero is below k and withheld like any
small count), so that a withheld cell does not even say that a case of its kind exists. A
category listed only because some case has it (``present``: a code that is no longer in the
catalogue) is known to be at least 1 over all time, and is bounded so (the exhaustive test
covers the always-listed categories only).

When no choice of cells protects the small ones (every category at exactly k - 1, say), the
caller withholds the total as well.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

DEFAULT_THRESHOLD = 11  # CTDC's k


def withheld(
    counts: Sequence[tuple[str, int]], k: int, *, present: Collection[str] = ()
) -> frozenset[str] | None:
    """The categories to withhold, in a table whose published total is the cells' sum.

    ``None`` when the total itself must be withheld: it is below k, or no choice of cells
    protects the small ones while it is known.
    """
    check_threshold(k)
    if sum(n for _, n in counts) < k:
        return None
    value = dict(counts)
    hidden = {category for category, n in counts if n < k}
    candidates = sorted((n, i, category) for i, (category, n) in enumerate(counts) if n >= k)
    while hidden and not protected(value, hidden, k, present):
        if not candidates:
            return None
        hidden.add(candidates.pop(0)[2])
    return frozenset(hidden)


def protected(
    value: Mapping[str, int], hidden: Collection[str], k: int, present: Collection[str] = ()
) -> bool:
    """Whether a reader who knows the algorithm and the total can pin down no withheld cell."""
    if len(hidden) < 2:
        return False
    hidden_sum = sum(value[c] for c in hidden)
    if hidden_sum < k:
        return False
    published = [n for c, n in value.items() if c not in hidden]
    ceiling = min(published, default=hidden_sum)
    bounds = [_bounds(value[c], k, ceiling, c in present) for c in hidden]
    lowest = sum(low for low, _ in bounds)
    highest = sum(high for _, high in bounds)
    for low, high in bounds:
        least = max(low, hidden_sum - (highest - high))
        most = min(high, hidden_sum - (lowest - low))
        if most - least < 1:
            return False
    return True


def check_threshold(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError(f"the statistics threshold k must be an integer of at least 2, not {k!r}")


def _bounds(n: int, k: int, ceiling: int, present: bool) -> tuple[int, int]:
    """What a reader can tell of a withheld cell: below k, or a secondary one."""
    if n < k:
        return (1 if present else 0, k - 1)
    return (k, ceiling)
