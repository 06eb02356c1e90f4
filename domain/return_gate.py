"""When a return (an ``assisted_return`` referral) may be arranged: the return gate.

- An adult only after a recovery and reflection period from detection, unless the person asks to
  return, recorded as their own decision (``ReturnRequestedByPerson``). The period is the design's
  "at least 30 days" (DESIGN.md, Children); no Mexican article fixing it was confirmed. The same
  minimum is that of the Council of Europe Convention on Action against Trafficking in Human
  Beings, art. 13 (OHCHR's Recommended Principles, guideline 6, were cited for it too: not
  confirmed against their text). The Ley General de Trata, art. 3 fr. VI, makes a foreign
  victim's repatriation always voluntary and bars it while the person is in danger.
- A child only after PPNNA's determination of the child's best interest says return (LGDNNA arts.
  2, 96 and 97: a child's return rests only on the child's best interest) and a risk assessment
  by PPNNA itself, the competent authority (LGDNNA art. 123 frs. II-IV: the diagnosis of the
  child's situation).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.consent import PPNNA
from domain.errors import (
    BestInterestDoesNotSayReturn,
    ChildRiskAssessmentRequired,
    ReflectionPeriodRunning,
)
from domain.route_vocabulary import BestInterestOutcome

REFLECTION_PERIOD = timedelta(days=30)


def require_return_allowed(
    *,
    is_child: bool,
    detected_at: datetime,
    now: datetime,
    return_requested: bool,
    best_interest: str | None,
    risk_assessed_by: str | None,
) -> None:
    """Refuse a return referral the route does not allow yet (checked after the risk rule)."""
    if is_child:
        if best_interest != BestInterestOutcome.RETURN_TO_COUNTRY_OF_ORIGIN:
            raise BestInterestDoesNotSayReturn(field="service")
        if risk_assessed_by != PPNNA:
            raise ChildRiskAssessmentRequired(field="service")
        return
    until = detected_at + REFLECTION_PERIOD
    if now < until and not return_requested:
        raise ReflectionPeriodRunning(field="service", until=until.date().isoformat())
