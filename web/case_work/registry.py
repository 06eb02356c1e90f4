"""Every action of the case page, in the order the page offers them."""

from __future__ import annotations

from web.case_work import closing, consent, measures
from web.case_work.action_routes import action_router
from web.case_work.actions import Action

ACTIONS: tuple[Action, ...] = (*measures.ACTIONS, *consent.ACTIONS, *closing.ACTIONS)
BY_NAME = {a.name: a for a in ACTIONS}

router = action_router(ACTIONS)
