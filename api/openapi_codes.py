"""The codes of the OpenAPI document: each vocabulary an enum whose codes say what they mean.

The domain's vocabularies carry their Spanish and English labels (``texts.labels``); the agencies
and municipalities are the deployment's catalogue, so the document is built from the running
app's. Fields that requests send as text and the hub checks (``api.schemas.codes``) are pointed
at their vocabulary here. What responses carry stays text: a newer server, or a catalogue that
changed, may send a code this document does not list, and a client must take it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from api.schemas.codes import VOCABULARY
from domain.agencies import AgencyCatalogue
from texts.labels import ENGLISH, LABELLED_VOCABULARIES, SPANISH, label_code

_VOCABULARIES: dict[str, type[StrEnum]] = {v.__name__: v for v in LABELLED_VOCABULARIES}
# What a schema annotation keeps beside the reference that replaces a marked text field.
_ANNOTATIONS = ("title", "description", "default", "examples")


def add_codes(document: dict[str, Any], catalogue: AgencyCatalogue) -> None:
    """Describe every vocabulary among the components, and point the marked fields at theirs."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    catalogued = {
        "AgencyCode": _enum(
            f"An agency of the deployment's catalogue ({catalogue.deployment}).",
            [(agency.code, agency.name) for agency in catalogue],
        ),
        "Municipality": _enum(
            f"A municipality of the deployment ({catalogue.deployment}).",
            [(name, name) for name in sorted(catalogue.municipalities)],
        ),
    }

    def component(name: str) -> dict[str, str]:
        if name not in schemas:
            if name not in catalogued and name not in _VOCABULARIES:
                raise ValueError(f"{name!r} is neither a labelled vocabulary nor catalogued")
            schemas[name] = catalogued.get(name, {})  # a vocabulary's is described below
        return {"$ref": f"#/components/schemas/{name}"}

    document["paths"] = _pointed(document["paths"], component)
    schemas.update(_pointed(dict(schemas), component))
    for name, schema in schemas.items():
        if name in _VOCABULARIES:
            schema.update(_vocabulary(_VOCABULARIES[name]))


def _pointed(node: Any, component: Any) -> Any:
    """``node`` with each text field marked with a vocabulary replaced by a reference to it."""
    if isinstance(node, list):
        return [_pointed(item, component) for item in node]
    if not isinstance(node, dict):
        return node
    if VOCABULARY not in node:
        return {key: _pointed(value, component) for key, value in node.items()}
    reference = component(node[VOCABULARY])
    kept = {key: node[key] for key in _ANNOTATIONS if key in node and key != "examples"}
    if "anyOf" in node:  # optional: the reference, or null
        branches = [b if b.get("type") == "null" else reference for b in node["anyOf"]]
        return {**kept, "anyOf": branches}
    return {**kept, **reference}


def _vocabulary(vocabulary: type[StrEnum]) -> dict[str, Any]:
    summary = (vocabulary.__doc__ or "").strip().splitlines()[0] if vocabulary.__doc__ else ""
    codes = [str(code) for code in vocabulary]
    return _enum(summary or f"A code of {vocabulary.__name__}.", _labelled(vocabulary, codes))


def _labelled(vocabulary: type[StrEnum], codes: Iterable[str]) -> list[tuple[str, str]]:
    shown = []
    for code in codes:
        spanish, english = (label_code(vocabulary, code, lang) for lang in (SPANISH, ENGLISH))
        shown.append((code, spanish if spanish == english else f"{spanish} ({english})"))
    return shown


def _enum(summary: str, codes: list[tuple[str, str]]) -> dict[str, Any]:
    """A string enum; the meanings in the description, and in ``x-enum-descriptions`` (the
    extension client generators such as openapi-generator turn into comments)."""
    listed = "\n".join(f"- `{code}`: {meaning}" for code, meaning in codes)
    return {
        "type": "string",
        "enum": [code for code, _ in codes],
        "description": f"{summary}\n\n{listed}",
        "x-enum-descriptions": [meaning for _, meaning in codes],
    }
