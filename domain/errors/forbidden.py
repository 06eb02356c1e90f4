"""Forbidden: the caller is known, but its agency or role may not do this."""

from __future__ import annotations

from domain.errors.base import Forbidden


class NotInvolved(Forbidden):
    message = "Agency {agency} is not involved in this case."


class NotTheAddressee(Forbidden):
    message = "Only {addressee}, the addressee of the referral, may answer it."


class NotTheSender(Forbidden):
    message = "Only {sender}, which issued the referral, may withdraw it."


class NotTheCustodian(Forbidden):
    message = "Only the current custodian may initiate a custody handoff."


class NotTheReceiver(Forbidden):
    message = "Only {receiver}, the receiving agency, may acknowledge or refuse this handoff."


class OversightOnly(Forbidden):
    message = "Agency {agency} reviews cases and issues observations; it never changes a case."


class StatisticsOnly(Forbidden):
    message = "Agency {agency} receives anonymized statistics only."


class NotTheProvider(Forbidden):
    message = (
        "Only {provider}, which provides the measure, or the agency that recorded it, ends it."
    )


class NotTheCommission(Forbidden):
    message = "Only the human-rights commission issues observations."


class NotTheAgencyConcerned(Forbidden):
    message = "Only {agency}, the agency concerned, may answer this observation."


class NotTheLegalRepresentative(Forbidden):
    message = (
        "A child's consent is given by the child-protection authority as legal representative."
    )


class PurposeNotAllowed(Forbidden):
    message = "The purpose {purpose} is not one the caller's part in the case allows."


class NotShown(Forbidden):
    message = "Your agency's part in the case does not show its {what}."


class RoleRequired(Forbidden):
    message = "This action needs the {role} role."


class NotTheLead(Forbidden):
    """The write belongs to whoever leads the case (``domain/case_roles.py``)."""

    message = (
        "Only the agency that leads the case (the custodian; when nobody holds custody, the last "
        "agency that held it, or else the detecting agency) or, in a child's case, PPNNA as the "
        "child's legal representative may do this."
    )


class NotAttendingThePerson(Forbidden):
    """The write belongs to the agencies attending the person (``domain/case_roles.py``)."""

    message = (
        "Agency {agency} neither leads the case, nor represents the child, nor serves the person "
        "under an accepted referral; it may not do this."
    )


class OwnMeasuresOnly(Forbidden):
    message = (
        "A measure provided by {agency} is recorded by {agency} itself, by the agency that leads "
        "the case or by a child's legal representative."
    )
