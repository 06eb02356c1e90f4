"""A case named in a path: by its id (a UUID) or by its folio (``QR-2026-000019``).

People say folios, systems keep ids; every route under ``/cases/{case_id}`` takes either, read
here alone. An unknown folio is refused as an unknown id is (``CaseNotFound``), so it waits for
the same floor (``api.case_not_found``): a folio tells no more than an id whether a case exists.
A value that is neither is bad input (422), and the problem says what each looks like.
"""

from __future__ import annotations

import re
from uuid import UUID

from fastapi.exceptions import RequestValidationError

from domain.hub import Hub
from texts.translations import ENGLISH, translation

# A folio: the deployment's prefix (capital letters), the year, a number of six digits or more.
FOLIO = re.compile(r"[A-Z]{2,10}-[0-9]{4}-[0-9]{6,9}")
DESCRIPTION = (
    "the case's id (a UUID) or its folio (`QR-2026-000019`); an unknown folio is the same 404 "
    "as an unknown id"
)
EXAMPLES = ["QR-2026-000019", "1d5bd4a2-7b63-4d6e-9a43-5b4cf0d3b0a9"]
MAX_LENGTH = 64
# What the OpenAPI document says a case reference is: a folio or a UUID (with or without dashes).
_HEX = "[0-9a-fA-F]"
PATTERN = f"^({FOLIO.pattern}|{_HEX}{{8}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{12}})$"


def case_id_of(value: str, hub: Hub) -> UUID:
    """The id of the case ``value`` names: the id itself, or the case that holds the folio."""
    if FOLIO.fullmatch(value):
        return hub.find_folio(value)
    try:
        return UUID(value)
    except ValueError:
        raise _malformed(hub.catalogue.folio_prefix) from None


def _malformed(prefix: str) -> RequestValidationError:
    # Pydantic's shape, so that the API's one handler of bad input says it; the English words
    # are the message (as pydantic's are), the Spanish ones ``validation.case_reference``.
    example = f"{prefix}-2026-000019"
    english = translation(ENGLISH)("validation.case_reference", example=example)
    return RequestValidationError(
        [
            {
                "type": "case_reference",
                "loc": ("path", "case_id"),
                "msg": english,
                "ctx": {"example": example},
            }
        ]
    )
