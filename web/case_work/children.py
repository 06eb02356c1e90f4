"""The children's route from the case page: PPNNA's restitution plan, best interest and notices
of urgent measures, the child heard; and an adult's own request to return.

PPNNA, the child's legal representative, is offered its own steps (LGDNNA arts. 97, 122 and
123); hearing the child is offered to whoever attends the child (arts. 71-72). An adult's
request to return is offered to whoever attends the person: it lets a return be arranged within
the recovery and reflection period (``domain/return_gate.py``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import Body
from api.schemas.route_requests import DetermineBestInterest, NotifyUrgentMeasure, RecordChildHeard
from domain.case_roles import Write
from domain.consent import PPNNA
from domain.errors import TimeInFuture, TimeOutOfOrder
from domain.hub import Hub
from domain.route_vocabulary import BestInterestOutcome, NoticeRecipient
from domain.vocabulary import MeasureKind
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices, now_here


def _represents(situation: Situation) -> bool:
    case = situation.case
    return not case.is_closed and situation.agency == PPNNA and case.represents_child(PPNNA)


def _urgent_measures(situation: Situation) -> list[Choice]:
    if not _represents(situation):
        return []
    return [
        Choice(
            str(m.id),
            situation.t(
                "web.action.notify_urgent_measure.item",
                kind=situation.label(MeasureKind, str(m.kind)),
                date=m.started_at.astimezone(situation.zone).strftime("%d/%m/%Y"),
            ),
        )
        for m in situation.case.measures
        if m.kind == MeasureKind.URGENT_PROTECTION_MEASURE
    ]


def _plan(step: str) -> Any:
    def command(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
        run = {
            "draw_up": hub.draw_up_restitution_plan,
            "update": hub.update_restitution_plan,
            "conclude": hub.conclude_restitution_plan,
        }[step]
        return run(case_id)

    return command


def _best_interest(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.determine_best_interest(case_id, body.outcome)


def _notify(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    assert item is not None  # the route's {item}
    return hub.notify_urgent_measure(case_id, item, body.recipient, body.notified_at)


def _heard(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.record_child_heard(case_id, body.heard_at, body.interpreter)


def _return_request(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.record_return_request(case_id)


def _outcome_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    outcome = situation.case.best_interest
    return {"outcome": situation.label(BestInterestOutcome, outcome) if outcome else ""}


def _plan_action(name: str, path: str, step: str, in_force: bool) -> Action:
    return Action(
        name=name,
        path=path,
        body=Body,
        fields=(),
        command=_plan(step),
        available=lambda s: _represents(s) and s.case.restitution_plan_in_force == in_force,
    )


ACTIONS = (
    _plan_action("draw_up_restitution_plan", "plan-restitucion", "draw_up", in_force=False),
    _plan_action("update_restitution_plan", "plan-restitucion/actualizar", "update", True),
    _plan_action("conclude_restitution_plan", "plan-restitucion/concluir", "conclude", True),
    Action(
        name="determine_best_interest",
        path="interes-superior",
        body=DetermineBestInterest,
        fields=(Field("outcome", Kind.RADIO, enum_choices(BestInterestOutcome), required=True),),
        command=_best_interest,
        available=_represents,
        said=_outcome_said,
    ),
    Action(
        name="notify_urgent_measure",
        path="medidas/{item}/aviso",
        body=NotifyUrgentMeasure,
        fields=(
            Field("recipient", Kind.RADIO, enum_choices(NoticeRecipient), required=True),
            Field("notified_at", Kind.WHEN, default=now_here),
        ),
        command=_notify,
        available=lambda s: bool(_urgent_measures(s)),
        items=_urgent_measures,
        refusals={TimeInFuture: "notified_at", TimeOutOfOrder: "notified_at"},
    ),
    Action(
        name="record_child_heard",
        path="escucha",
        body=RecordChildHeard,
        fields=(
            Field("heard_at", Kind.WHEN, default=now_here),
            Field("interpreter", Kind.CHECK),
        ),
        command=_heard,
        available=lambda s: Write.HEAR_CHILD in s.writes and s.case.is_child,
        refusals={TimeInFuture: "heard_at", TimeOutOfOrder: "heard_at"},
    ),
    Action(
        name="record_return_request",
        path="retorno-solicitado",
        body=Body,
        fields=(),
        command=_return_request,
        available=lambda s: (
            Write.RETURN_REQUEST in s.writes and not s.case.is_child and not s.case.return_requested
        ),
    ),
)
