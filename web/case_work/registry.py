"""Every action of the case page, in the order the page offers them."""

from __future__ import annotations

from web.case_work import (
    assessments,
    children,
    closing,
    consent,
    custody,
    measures,
    prosecutor,
    protection,
    referrals,
    urgent_care,
    whereabouts,
)
from web.case_work.action_routes import action_router
from web.case_work.actions import Action

ACTIONS: tuple[Action, ...] = (
    *referrals.ACTIONS,
    *consent.ACTIONS,
    *custody.ACTIONS,
    *measures.ACTIONS,
    *urgent_care.ACTIONS,
    *assessments.ACTIONS,
    *protection.ACTIONS,
    *children.ACTIONS,
    *whereabouts.ACTIONS,
    *prosecutor.ACTIONS,
    *closing.ACTIONS,
)
BY_NAME = {a.name: a for a in ACTIONS}

router = action_router(ACTIONS)
