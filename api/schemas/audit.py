"""What the audit routes answer: proofs, with every hash in lowercase hex."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from api.schemas.responses import Out

_EXAMPLE = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"


def _hex_hash() -> Any:
    return Field(pattern="^[0-9a-f]{64}$", examples=[_EXAMPLE])


class InclusionProof(Out):
    """RFC 9162 §2.1.3: the record at ``position`` is leaf ``index`` of the tree of ``size``
    leaves whose root is ``root``; ``proof`` is the audit path, from the leaf up."""

    position: int = Field(examples=[17])
    index: int = Field(examples=[16])
    size: int = Field(examples=[120])
    leaf_hash: str = _hex_hash()
    root: str = _hex_hash()
    proof: list[str]


class ConsistencyProof(Out):
    """RFC 9162 §2.1.4: the tree of ``to`` leaves extends the tree of ``from`` leaves."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_size: int = Field(alias="from", examples=[100])
    to_size: int = Field(alias="to", examples=[120])
    from_root: str = _hex_hash()
    to_root: str = _hex_hash()
    proof: list[str]
