"""The rule ``arco_overdue``: an ARCO request answered, or carried out, after its legal term.

LGPDPPSO art. 45: the answer is due within 20 business days of receipt (the day of receipt never
counts); the term may be extended once by up to 10 business days, when the circumstances justify
it and the holder is told within the first term, so an extension recorded after the first term
has passed extends nothing. A granted request is carried out within 15 business days after the
answer. Business days are counted as for ``observation_unanswered`` (``business_deadline``:
Monday to Friday, local time, skipping ``ReviewLimits.holidays``).

The finding is against the deployment's administrator agency (``ReviewLimits.administrator``,
``segob`` in Quintana Roo: its unit of transparency answers for Ruta), names the case the
request is about, and has the request as its subject. Like every rule it reads no clock: its
``since`` is the deadline, and the late act (or none yet) says when it was cured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.arco import ArcoDecision, ArcoRequest
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch
from domain.review_rules_followup import business_deadline


@dataclass(frozen=True)
class ArcoDeadlines:
    """When a request's answer is due (with the extension if it counts) and, once granted,
    when carrying it out is due."""

    answer_due: datetime
    carry_out_due: datetime | None


def arco_deadlines(request: ArcoRequest, limits: ReviewLimits) -> ArcoDeadlines:
    def after(start: datetime, days: int) -> datetime:
        return business_deadline(start, days, limits.local_offset, limits.holidays)

    first = after(request.received_at, limits.arco_answer_business_days)
    answer_due = first
    if request.extended_at is not None and request.extended_at <= first:
        answer_due = after(
            request.received_at,
            limits.arco_answer_business_days + limits.arco_extension_business_days,
        )
    carry_out_due = None
    if request.decision == ArcoDecision.GRANTED and request.answered_at is not None:
        carry_out_due = after(request.answered_at, limits.arco_carry_out_business_days)
    return ArcoDeadlines(answer_due, carry_out_due)


def arco_findings(request: ArcoRequest, limits: ReviewLimits) -> list[Finding]:
    """The request's ``arco_overdue`` findings, open or resolved: at most one for the answer
    and one for carrying it out."""
    due = arco_deadlines(request, limits)
    watches = [(due.answer_due, request.answered_at)]
    if due.carry_out_due is not None:
        watches.append((due.carry_out_due, request.carried_out_at))
    found = []
    for since, done_at in watches:
        watch = Watch(
            Rule.ARCO_OVERDUE, limits.administrator, Severity.HIGH, since, subject_id=request.id
        )
        finding = watch.finding(request.case_id) if done_at is None else None
        if done_at is not None:
            finding = watch.cured(request.case_id, done_at)
        if finding is not None:
            found.append(finding)
    return found
