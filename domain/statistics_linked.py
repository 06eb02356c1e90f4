"""The age bands refine the age groups: their table is withheld cell by cell with the groups'.

Both tables count the same cases. The bands split the children (as last assessed) by their
estimated age, 0-11, 12-17 or not estimated, and keep the adults (18 or more) and the cases of
unknown age group as the age groups count them. So a reader of both tables knows that the
adults' and the unknown's cells are the same in both, and that the three children's bands add
up to the children's cell, and nothing else: the bands are a table of their own whose total is
the children's count.

Suppressed apart, the two tables would give away what each withholds (a published band of 18+
equal to a withheld count of adults). Instead the adults' and the unknown's cells are withheld
in the bands where they are in the groups, and the children's bands are withheld whole when the
children's count is, or else as a table of their own with that count as its total: the rules of
``domain/statistics_suppression.py``, whose reader then learns nothing from one table that the
other does not already tell.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from domain.statistics_suppression import withheld

CHILD = "child"
SHARED = {"18_plus": "adult", "unknown": "unknown"}  # a band's cell: the age group's it equals
CHILD_BANDS = ("0_11", "12_17", "under_18_unestimated")


def withheld_bands(
    bands: Sequence[tuple[str, int]], group_hidden: Collection[str], k: int
) -> frozenset[str] | None:
    """The band table's cells to withhold, given the age group table's withheld cells;
    ``None`` when the children's bands cannot be protected while their total is known (the
    caller then withholds the number of cases, as for any such table)."""
    value: Mapping[str, int] = dict(bands)
    hidden = {band for band, group in SHARED.items() if group in group_hidden}
    if CHILD in group_hidden:
        return frozenset(hidden | set(CHILD_BANDS))
    children = withheld([(band, value[band]) for band in CHILD_BANDS], k)
    if children is None:
        return None
    return frozenset(hidden | children)
