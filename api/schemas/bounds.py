"""The bounds of every integer the API takes (positions, cursors, sizes, counts), stated once.

A value outside them is refused by validation, with a 422 problem naming the parameter, before it
reaches a store: SQLite and PostgreSQL keep integers in 64 bits, and a larger one (or one that
becomes larger by the ``+ 1`` of "after this cursor") was a 500. The upper bound is I-JSON's
largest exact integer (RFC 7493), which every client's JSON reads exactly; a log growing by ten
thousand records a second takes 28,000 years to reach it.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

MAX_INTEGER = 2**53 - 1

# A position in the hub's log or a cursor (the last position handled; 0 before the first), or
# a tree size (0: the empty tree).
Position = Annotated[int, Ge(0), Le(MAX_INTEGER)]
# A record's position (the first is 1), or a number of records or leaves of at least one.
Count = Annotated[int, Ge(1), Le(MAX_INTEGER)]
