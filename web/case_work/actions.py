"""The case page's actions, declared once each: fields, the API's request body, the hub call.

An action says when the page offers it (from the domain's write rules for the agency's part in
the case), what its form asks, and how the answers become the same request body the HTTP API
validates. ``web.case_work.action_routes`` serves each as one thing per page; the domain checks
everything again and has the last word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from domain.agencies import AgencyCatalogue
from domain.case import Case
from domain.case_roles import Write
from domain.errors import RutaError
from domain.hub import Hub
from domain.hub_base import Created
from queries.case_reading import CaseReading
from texts.labels import agency_acronym, label_code
from texts.translations import translation
from web.case_work.reading import CaseWork


class Kind(StrEnum):
    """How a field is asked."""

    RADIO = "radio"  # one of a few choices
    CHECKBOXES = "checkboxes"  # any of a few choices
    SELECT = "select"  # one of many choices
    TEXT = "text"
    TEXTAREA = "textarea"
    WHEN = "when"  # a local date and time, in the deployment's zone
    DATE = "date"  # a local day (its start), in the deployment's zone
    CHECK = "check"  # yes or no


@dataclass(frozen=True)
class Choice:
    """One choice of a field (an agency, a code) in words; ``group`` heads a group of them."""

    code: str
    label: str
    group: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Situation:
    """The case as the person's agency sees it, and what its part lets it write now."""

    work: CaseWork
    case: Case
    agency: str
    writes: frozenset[Write]
    catalogue: AgencyCatalogue
    lang: str
    zone: ZoneInfo
    now: datetime
    hub: Hub | None = None  # for a confirmation that reads what was recorded (its events)

    @property
    def reading(self) -> CaseReading:
        return self.work.reading

    def t(self, msgid: str, **params: object) -> str:
        return translation(self.lang)(msgid, **params)

    def label(self, vocabulary: type[StrEnum], code: str) -> str:
        return label_code(vocabulary, code, self.lang)

    def agency_name(self, code: str) -> str:
        """An agency as a choice names it: its acronym and its name in the catalogue."""
        found = self.catalogue.agencies.get(code)
        return f"{agency_acronym(code)} · {found.name}" if found else agency_acronym(code)


Choices = Callable[[Situation], list[Choice]]


@dataclass(frozen=True)
class Field:
    """One question of a form; its label is ``web.action.<action>.<name>`` in the catalogues,
    with ``.hint`` for a line of help where ``hint`` is set."""

    name: str  # the request body's field, and the form's
    kind: Kind
    choices: Choices | None = None
    required: bool = False
    hint: bool = False
    sealed: bool = False  # sealed on arrival: the form says so
    limit: int = 8000  # characters of a text
    default: Callable[[Situation], str | list[str]] | None = None


Command = Callable[[Hub, UUID, "UUID | None", Any], "int | Created"]


def _no_params(situation: Situation, item: UUID | None) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class Action:
    """One thing an agency does in a case; its texts are ``web.action.<name>.*``.

    ``path`` is under ``/casos/<folio>/``; with ``{item}`` in it the action is about one
    referral, handoff or measure, and ``items`` lists those the agency may act on.
    ``prepare`` turns the form's answers into the body (where they differ); ``refusals`` names
    the field at which a refusal of the domain is shown; ``said`` gives the confirmation's
    params (``web.action.<name>.done``), read from the case after the action."""

    name: str
    path: str
    body: type[BaseModel]
    fields: tuple[Field, ...]
    command: Command
    available: Callable[[Situation], bool]
    items: Choices | None = None
    prepare: Callable[[dict[str, Any], Situation], dict[str, Any]] | None = None
    refusals: Mapping[type[RutaError], str] = field(default_factory=dict)
    said: Callable[[Situation, UUID | None], dict[str, str]] = _no_params

    @property
    def on_item(self) -> bool:
        return "{item}" in self.path

    def link(self, folio: str, item: UUID | str | None = None) -> str:
        return f"/casos/{folio}/" + self.path.replace("{item}", str(item))


def enum_choices(vocabulary: type[StrEnum], *, leave_out: tuple[str, ...] = ()) -> Choices:
    """Every code of ``vocabulary`` (but ``leave_out``) by its label."""

    def choices(situation: Situation) -> list[Choice]:
        return [
            Choice(str(code), situation.label(vocabulary, str(code)))
            for code in vocabulary
            if str(code) not in leave_out
        ]

    return choices


def may(write: Write) -> Callable[[Situation], bool]:
    """Offered when the agency's part in the case allows ``write`` now."""
    return lambda situation: write in situation.writes


def now_here(situation: Situation) -> str:
    """Now, as a ``datetime-local`` field shows it in the deployment's zone."""
    return situation.now.astimezone(situation.zone).strftime("%Y-%m-%dT%H:%M")
