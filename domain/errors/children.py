"""Refusals of the children's route and of the return gate (LGDNNA; Ley General de Trata)."""

from __future__ import annotations

from domain.errors.base import Forbidden, RuleViolation


class NotTheChildProtectionAuthority(Forbidden):
    message = "Only the child-protection authority (PPNNA) records this in a child's case."


class ChildrenOnly(RuleViolation):
    message = "This is recorded only in the case of a child (or of a person presumed a child)."


class AdultsOnly(RuleViolation):
    message = "A child's return is decided by the best-interest determination, not by request."


class RestitutionPlanInForce(RuleViolation):
    message = "A restitution-of-rights plan is in force already; update or conclude it."


class NoRestitutionPlan(RuleViolation):
    message = "There is no restitution-of-rights plan in force; draw one up first."


class NotAnUrgentMeasure(RuleViolation):
    message = "Measure {measure_id} is not an urgent protection measure."


class ReflectionPeriodRunning(RuleViolation):
    message = (
        "The recovery and reflection period runs until {until}; a return is arranged before "
        "then only when the person asks for it."
    )


class BestInterestDoesNotSayReturn(RuleViolation):
    message = "A child returns only when the best-interest determination says return."


class ChildRiskAssessmentRequired(RuleViolation):
    message = "A child's return needs a risk assessment by the child-protection authority (PPNNA)."
