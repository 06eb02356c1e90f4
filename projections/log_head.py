"""Whether the hub's log holds records after a position, for a projection that batches.

A batch is written when the log has nothing after its last record (so a quiet log's last event
never waits), or when full. Reading the log's head for every record would cost a query each;
the head last read is kept, and read again only once a record reaches it.
"""

from __future__ import annotations

from collections.abc import Callable

HeadReader = Callable[[], int | None]


class FollowsLogHead:
    """Mixed into a projection; its runner sets ``log_head``, the log's last position."""

    log_head: HeadReader | None = None
    _known_head = 0

    def _more_after(self, position: int) -> bool:
        if position < self._known_head:
            return True
        head = self.log_head() if self.log_head is not None else None
        self._known_head = head or 0
        return position < self._known_head
