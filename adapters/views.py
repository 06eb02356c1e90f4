"""The views together: kept up to date here (``start_views``) or read (``open_views``).

The caseload, custody and review views, and the audit log (the Merkle tree of the stored
records, whose checkpoints ``adapters.checkpoints`` signs).

``ruta serve`` keeps them in the API process by default; ``ruta project run`` keeps them in a
process of its own, and the API then only opens them to read.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from adapters.projection_runtime import (
    ViewRunner,
    checked_suffix,
    open_view,
    start_audit,
    start_caseload,
    start_custody,
    start_review,
)
from domain.agencies import AgencyCatalogue
from domain.hub import Hub
from domain.review_rules import ReviewLimits
from projections.audit_log import AuditLogProjection, AuditLogView
from projections.caseload import CaseloadProjection, CaseloadView
from projections.caseload_rows import HANDOFF_LIMIT
from projections.custody_chain import CustodyChainProjection, CustodyChainView
from projections.review import ReviewProjection, ReviewView


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


def start_views(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue | None = None,
    limits: ReviewLimits | None = None,
    suffix: str = "",
) -> Views:
    """The views, kept up to date by runners in this process until ``close``.

    The caseload's handoffs fall due after the review's ``handoff_ack``, so that both views
    agree on when a handoff is late. A rebuild to compare with live views (``suffix``) must be
    given the same catalogue and limits.
    """
    handoff_limit = HANDOFF_LIMIT if limits is None else limits.handoff_ack
    with ExitStack() as stack:
        caseload = stack.enter_context(
            start_caseload(
                store_env, data_dir, catalogue=catalogue, handoff_limit=handoff_limit, suffix=suffix
            )
        )
        custody = stack.enter_context(start_custody(store_env, data_dir, suffix=suffix))
        review = stack.enter_context(
            start_review(store_env, data_dir, catalogue=catalogue, limits=limits, suffix=suffix)
        )
        audit = stack.enter_context(start_audit(store_env, data_dir, suffix=suffix))
        runners = (caseload, custody, review, audit)
        return Views(caseload.view, custody.view, review.view, audit.view, runners, stack.pop_all())
    raise AssertionError("unreachable")  # pragma: no cover


def open_views(store_env: dict[str, str], data_dir: Path | None, *, suffix: str = "") -> Views:
    """The views that another process keeps (``ruta project run``), opened to be read."""
    with ExitStack() as stack:
        opened = []
        projections = (
            CaseloadProjection,
            CustodyChainProjection,
            ReviewProjection,
            AuditLogProjection,
        )
        for projection in projections:
            view = open_view(projection.name + checked_suffix(suffix), store_env, data_dir)
            stack.callback(view.close)
            opened.append(view)
        caseload, custody, review, audit = opened
        return Views(caseload, custody, review, audit, (), stack.pop_all())
    raise AssertionError("unreachable")  # pragma: no cover
