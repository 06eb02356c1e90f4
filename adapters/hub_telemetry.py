"""The hub's telemetry: a span and metrics per command, a span per store write, views' lag.

``domain/`` imports no OpenTelemetry, so the composition root wraps a built hub's commands and
its ``save`` here (``instrument``), on the instance. Each command runs in a ``hub.<command>``
span, and its events record that span's ``traceparent`` (the hub is built with
``trace=current_traceparent``); each save runs in a ``store.write`` span under it.

What a span or a metric names is a code: the command, the acting agency, the outcome (``ok`` or
the error's class), the log position. Never an argument of the command: those hold personal
data, free text and places.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, Protocol

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

from adapters.telemetry import AGENCY, Telemetry
from domain import actor
from domain.hub import Hub

# Every use case that records events; a unit test checks that, with READS, it names every
# public method of the hub, so that a new use case is not left untraced by mistake.
COMMANDS = (
    "open_case",
    "open_group",
    "assess_age",
    "assess_risk",
    "record_consent",
    "withdraw_consent",
    "record_complaint_decision",
    "screen_for_protection",
    "issue_referral",
    "accept_referral",
    "decline_referral",
    "withdraw_referral",
    "complete_referral",
    "initiate_handoff",
    "acknowledge_handoff",
    "refuse_handoff",
    "assume_custody",
    "release_custody",
    "report_whereabouts_unknown",
    "report_located",
    "start_measure",
    "end_measure",
    "offer_urgent_medical_care",
    "draw_up_restitution_plan",
    "update_restitution_plan",
    "conclude_restitution_plan",
    "determine_best_interest",
    "notify_urgent_measure",
    "record_child_heard",
    "record_return_request",
    "amend_personal_data",
    "erase_personal_data",
    "receive_arco_request",
    "extend_arco_request",
    "answer_arco_request",
    "carry_out_arco_request",
    "arco_access_export",
    "issue_observation",
    "answer_observation",
    "notify_prosecutor",
    "close_case",
    "reopen_case",
    "open_account",
    "issue_token",
    "reissue_token",
    "suspend_account",
    "grant_role",
    "revoke_role",
    "revoke_token",
    "record_disclosure",
    # People: their accounts, enrolment and sessions. Spans carry names and outcomes, never the
    # arguments: no password, code or enrolment token reaches a trace.
    "open_person_account",
    "issue_enrolment",
    "choose_password",
    "confirm_second_factor",
    "sign_in",
    "start_session",
    "end_session",
)
READS = (
    "access_log",
    "account",
    "accounts",
    "acting_as",
    "arco_request",
    "arco_requests",
    "retention_due",
    "authenticate",
    "authenticated",
    "case_as_of",
    "command_outcome",
    "custody",
    "enrolment",
    "find_folio",
    "get_case",
    "personal_data",
    "session_actor",
    "timeline",
    "unseal",
)


class TrackedView(Protocol):
    def max_tracking_id(self, application_name: str) -> int | None: ...


def instrument(hub: Hub, telemetry: Telemetry) -> Hub:
    """Wrap ``hub``'s commands and ``save`` in spans and metrics; the same hub, returned."""
    if "save" in vars(hub):
        raise RuntimeError("this hub is instrumented already")
    tracer = telemetry.tracer("ruta.hub")
    for name in COMMANDS:
        setattr(hub, name, _traced_command(name, getattr(hub, name), tracer, telemetry))
    # setattr: mypy refuses an assignment to a method, which is what this is, on purpose.
    setattr(hub, "save", _traced_save(hub.save, tracer))  # noqa: B010
    return hub


def watch_views(telemetry: Telemetry, hub: Hub, views: dict[str, TrackedView]) -> None:
    """Report how far behind the log's head each view is, as ``ruta.projection.lag``."""
    for name, view in views.items():
        telemetry.register_lag(name, functools.partial(_lag, hub, view))


def _lag(hub: Hub, view: TrackedView) -> int:
    done = int(view.max_tracking_id(Hub.name) or 0)  # read first: the head only grows
    return int(hub.recorder.max_notification_id() or 0) - done


def _traced_command(
    name: str, command: Callable[..., Any], tracer: trace.Tracer, telemetry: Telemetry
) -> Callable[..., Any]:
    @functools.wraps(command)
    def traced(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        outcome = "ok"
        with _span(tracer, f"hub.{name}", {"ruta.command": name}) as span:
            if agency := _acting_agency():
                span.set_attribute(AGENCY, agency)
            try:
                result = command(*args, **kwargs)
            except Exception as e:
                outcome = type(e).__name__
                _failed(span, e)
                raise
            finally:
                span.set_attribute("ruta.outcome", outcome)
                elapsed = (time.perf_counter() - started) * 1000
                telemetry.record_command(name, outcome, elapsed)
            if (position := _position(result)) is not None:
                span.set_attribute("ruta.position", position)
            return result

    return traced


def _traced_save(save: Callable[..., Any], tracer: trace.Tracer) -> Callable[..., Any]:
    @functools.wraps(save)
    def traced(*args: Any, **kwargs: Any) -> Any:
        with _span(tracer, "store.write", {}, kind=trace.SpanKind.CLIENT) as span:
            try:
                recordings = save(*args, **kwargs)
            except Exception as e:
                _failed(span, e)
                raise
            span.set_attribute("ruta.events", len(recordings))
            if recordings:
                span.set_attribute("ruta.position", int(recordings[-1].notification.id))
            return recordings

    return traced


def _span(
    tracer: trace.Tracer,
    name: str,
    attributes: dict[str, str],
    kind: trace.SpanKind = trace.SpanKind.INTERNAL,
) -> Any:
    # No exception recorded as a span event, nor its message as the status: a domain error's
    # message may quote what the caller sent.
    return tracer.start_as_current_span(
        name,
        kind=kind,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    )


def _failed(span: trace.Span, error: Exception) -> None:
    span.set_attribute("error.type", type(error).__name__)
    span.set_status(Status(StatusCode.ERROR))


def _acting_agency() -> str | None:
    try:
        return actor.current().actor.agency
    except actor.NoActor:
        return None


def _position(result: object) -> int | None:
    """The log position a command answered with: an int, or a result's ``position``.

    Only that attribute is read: a result may hold secrets (an issued token).
    """
    if isinstance(result, list):
        return _position(result[-1]) if result else None
    position = result if isinstance(result, int) else getattr(result, "position", None)
    return position if isinstance(position, int) and not isinstance(position, bool) else None
