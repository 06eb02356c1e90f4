"""The views of a process: kept up to date here (``start_views``) or read (``open_views``)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from adapters.bootstrap.stores import store_env
from adapters.bootstrap.view_runners import start_audit, start_caseload, start_custody, start_review
from adapters.settings import Settings
from adapters.view_settings import named, open_view
from adapters.views import Views
from domain.agencies import AgencyCatalogue
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits
from projections.audit_log import AuditLogProjection
from projections.caseload import CaseloadProjection
from projections.custody_chain import CustodyChainProjection
from projections.review import ReviewProjection


def start_views(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue,
    limits: ReviewLimits = DEFAULT_LIMITS,
    suffix: str = "",
) -> Views:
    """The views, kept up to date by runners in this process until ``close``.

    The caseload's handoffs fall due after the review's ``handoff_ack``, so that both views
    agree on when a handoff is late. A rebuild to compare with live views (``suffix``) must be
    given the same catalogue and limits.
    """
    handoff_limit = limits.handoff_ack
    with ExitStack() as stack:
        caseload = stack.enter_context(
            start_caseload(
                store_env, data_dir, catalogue=catalogue, handoff_limit=handoff_limit, suffix=suffix
            )
        )
        custody = stack.enter_context(
            start_custody(store_env, data_dir, suffix=suffix, catalogue=catalogue)
        )
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
            view = open_view(named(projection.name, suffix), store_env, data_dir)
            stack.callback(view.close)
            opened.append(view)
        caseload, custody, review, audit = opened
        return Views(caseload, custody, review, audit, (), stack.pop_all())
    raise AssertionError("unreachable")  # pragma: no cover


def open_kept_view(settings: Settings, name: str) -> Any:
    """The view of the projection ``name`` that another process keeps, opened to be read."""
    return open_view(name, store_env(settings), settings.data_dir)
