"""Codes that requests carry as text, which the hub checks against a vocabulary or the catalogue.

The hub refuses an unknown code with a problem naming the field and the code as typed
(``unknown_agency``, ``unknown_code``, ``unknown_municipality``); the OpenAPI document shows the
field as an enum of its vocabulary with what each code means (``api.openapi_codes``), led there
by the mark below. Agencies and municipalities are the deployment's, known only at run time.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from api.former_codes import current_code

VOCABULARY = "x-ruta-vocabulary"  # replaced in the document by a reference to the enum


def coded(vocabulary: str) -> dict[str, str]:
    """The mark of a text field whose values are the codes of ``vocabulary``."""
    return {VOCABULARY: vocabulary}


# A former code of a renamed agency is read as its code now, while the catalogue accepts it.
AgencyCode = Annotated[
    str,
    Field(min_length=2, max_length=32, examples=["dif"], json_schema_extra=coded("AgencyCode")),
    AfterValidator(current_code),
]
MunicipalityName = Annotated[
    str, Field(min_length=1, max_length=80, json_schema_extra=coded("Municipality"))
]
IndicatorCode = Annotated[
    str, Field(min_length=1, max_length=64, json_schema_extra=coded("Indicator"))
]
ExploitationCode = Annotated[
    str, Field(min_length=1, max_length=64, json_schema_extra=coded("ExploitationForm"))
]
PersonalFieldCode = Annotated[
    str, Field(min_length=1, max_length=64, json_schema_extra=coded("PersonalField"))
]
PurposeCode = Annotated[str, Field(max_length=40, json_schema_extra=coded("Purpose"))]
