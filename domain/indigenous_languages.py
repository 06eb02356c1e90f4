"""The indigenous languages of Mexico, as data (``data/indigenous_languages_mx.json``).

A detection records the person's languages as language tags (``yua``, ``tzo``, ``mam-GT``); the
statistics count the cases whose languages include an indigenous one under its group, the
*agrupación lingüística* of INALI's catalogue (Maya, Tsotsil, Mam…), whose name is the same in
every language, as a municipality's is. Languages of Guatemala spoken in Mexico (Mam,
Q'anjob'al, K'iche'…) are in the catalogue, and so in these groups.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES_FILE = Path(__file__).parent / "data" / "indigenous_languages_mx.json"


@cache
def indigenous_groups() -> dict[str, str]:
    """Each ISO 639 code of an indigenous language of Mexico, and its group's name."""
    groups: dict[str, list[str]] = json.loads(LANGUAGES_FILE.read_text("utf-8"))["groups"]
    return {code: group for group, codes in groups.items() for code in codes}


def group_names() -> list[str]:
    """Every group, in alphabetical order (Spanish)."""
    return sorted(set(indigenous_groups().values()), key=_spanish_order)


def indigenous_language_groups(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The groups of the indigenous languages among ``languages``, each once, in their order."""
    found = indigenous_groups()
    primary = (tag.split("-")[0].lower() for tag in languages)
    return tuple(dict.fromkeys(found[code] for code in primary if code in found))


def _spanish_order(name: str) -> str:
    return name.lower().translate(str.maketrans("áéíóúü", "aeiouu"))
