"""The pages' templates: one Jinja2 environment per app, and the filters that say codes, agencies
and times the way people read them (labels, never codes; dates the Mexican way, local time)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from domain.agencies import AgencyCatalogue
from texts.labels import LABELLED_VOCABULARIES, agency_name, label_code
from texts.translations import LOCALES

TEMPLATES = Path(__file__).parent / "templates"
VOCABULARIES: dict[str, type[StrEnum]] = {v.__name__: v for v in LABELLED_VOCABULARIES}


def environment(catalogue: AgencyCatalogue, zone: ZoneInfo) -> Environment:
    """The environment of one app: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @pass_context
    def label(context: Context, code: str | None, vocabulary: str) -> str:
        if code is None:
            return ""
        return label_code(VOCABULARIES[vocabulary], str(code), context["lang"])

    @pass_context
    def agency(context: Context, code: str | None) -> str:
        return agency_name(code, catalogue, context["lang"]) if code else ""

    @pass_context
    def when(context: Context, moment: datetime | None) -> str:
        """``5 dic 2026, 14:05`` in the deployment's zone."""
        if moment is None:
            return ""
        pattern = "d MMM y, HH:mm"
        return format_datetime(moment, pattern, tzinfo=zone, locale=_locale(context))

    @pass_context
    def day(context: Context, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return format_date(moment.astimezone(zone), "d MMM y", locale=_locale(context))

    def local_input(moment: datetime | None) -> str:
        """The value of an ``<input type="datetime-local">``: local time, to the minute."""
        return "" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")

    env.filters.update(label=label, agency=agency, when=when, day=day, local_input=local_input)
    return env


def _locale(context: Context) -> str:
    return LOCALES[str(context["lang"])]
