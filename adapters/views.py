"""The views together, kept up to date in this process or read as another process keeps them.

The caseload, custody and review views, and the audit log (the Merkle tree of the stored
records, whose checkpoints ``adapters.checkpoints`` signs).

``ruta serve`` keeps them in the API process by default; ``ruta project run`` keeps them in a
process of its own, and the API then only opens them to read. The composition root builds them
(``adapters.bootstrap.views``).
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, Self

from adapters.view_runner import ViewRunner
from domain.hub import Hub
from projections.audit_log import AuditLogView
from projections.caseload import CaseloadView
from projections.custody_chain import CustodyChainView
from projections.review import ReviewView


@dataclass
class Views:
    """The caseload, custody and review views and the audit log, kept here or elsewhere."""

    caseload: CaseloadView
    custody: CustodyChainView
    review: ReviewView
    audit: AuditLogView
    _runners: tuple[ViewRunner[Any], ...] = ()
    _resources: ExitStack = field(default_factory=ExitStack)

    def wait(self, position: int | None, timeout: float = 5.0) -> None:
        """Return once every view has processed the log up to ``position``; ``TimeoutError``
        after ``timeout`` seconds, or the error that stopped a runner of this process."""
        deadline = time.monotonic() + timeout
        if self._runners:
            for runner in self._runners:
                runner.wait(position, timeout=max(deadline - time.monotonic(), 0.0))
            return
        for view in self._views():
            view.wait(Hub.name, position, timeout=max(deadline - time.monotonic(), 0.0))

    def position(self) -> int:
        """The last position that every view has processed (0 before any)."""
        return min(int(view.max_tracking_id(Hub.name) or 0) for view in self._views())

    def _views(self) -> tuple[Any, ...]:
        return (self.caseload, self.custody, self.review, self.audit)

    def by_name(self) -> dict[str, Any]:
        """The views by the name the telemetry gives them."""
        return {
            "caseload": self.caseload,
            "custody": self.custody,
            "review": self.review,
            "audit": self.audit,
        }

    def kept(self) -> dict[str, ViewRunner[Any]]:
        """The runners of this process, by view name (none if another process keeps them)."""
        return dict(zip(self.by_name(), self._runners, strict=False))

    def check(self) -> None:
        """Re-raise the error that stopped a runner of this process, if one did."""
        for runner in self._runners:
            runner.run_forever(timeout=0)

    def close(self) -> None:
        """Stop the runners (re-raising an error of theirs) and release the views."""
        self._resources.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
