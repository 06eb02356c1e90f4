"""GET /vocabulary: the deployment's agencies and municipalities, and every code people read,
each with its Spanish and English words.

Codes are the contract; the words are presentation and may be reworded. A client shows the
words and sends the codes.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from api.schemas.responses import Out
from domain.agencies import Agency, AgencyCatalogue, AgencyKind, Participation
from domain.review_rules import Rule
from domain.vocabulary import Service
from texts.labels import (
    ENGLISH,
    EVENT_TYPES,
    LABELLED_VOCABULARIES,
    SPANISH,
    event_type_label,
    label_code,
    rule_explained,
    rule_source,
)


class Words(Out):
    """A text in each language."""

    es: str = Field(examples=["Canalización sin respuesta"])
    en: str = Field(examples=["Referral unanswered"])


class CodeOut(Words):
    """A code and what it means."""

    code: str = Field(examples=["referral_unanswered"])


class RuleOut(CodeOut):
    """A review rule: its name, when it raises a finding, and where it comes from."""

    explained: Words
    source: Words


class AgencyOut(Out):
    code: str = Field(examples=["dif"])
    name: str = Field(description="the agency's proper name, the same in every language")
    kind: CodeOut
    participation: CodeOut
    services: list[CodeOut]
    may_hold_custody: bool
    sees_children_cases: bool
    capacity: int | None = Field(
        default=None, examples=[12], description="places, for a shelter that says how many"
    )


class VocabularyOut(Out):
    deployment: str = Field(examples=["Quintana Roo"])
    folio_prefix: str = Field(examples=["QR"], description="folios read `QR-2026-000019`")
    agencies: list[AgencyOut]
    municipalities: list[str]
    vocabularies: dict[str, list[CodeOut]] = Field(
        description="every vocabulary by its name (`Service`, `Purpose`, `DeclineReason`, "
        "`Severity`…): the names of the OpenAPI document's enums"
    )
    rules: list[RuleOut]
    event_types: list[CodeOut] = Field(
        description="the public types of events (`referral_accepted`), as the timeline, the "
        "feed and Kafka name them"
    )

    @classmethod
    def of(cls, catalogue: AgencyCatalogue) -> VocabularyOut:
        return cls(
            deployment=catalogue.deployment,
            folio_prefix=catalogue.folio_prefix,
            agencies=[_agency(agency) for agency in catalogue],
            municipalities=sorted(catalogue.municipalities),
            vocabularies={v.__name__: _codes(v) for v in LABELLED_VOCABULARIES},
            rules=[_rule(rule) for rule in Rule],
            event_types=[
                CodeOut(code=t, es=event_type_label(t, SPANISH), en=event_type_label(t, ENGLISH))
                for t in EVENT_TYPES
            ],
        )


def _code(vocabulary: type[StrEnum], code: str) -> CodeOut:
    return CodeOut(
        code=code,
        es=label_code(vocabulary, code, SPANISH),
        en=label_code(vocabulary, code, ENGLISH),
    )


def _codes(vocabulary: type[StrEnum]) -> list[CodeOut]:
    return [_code(vocabulary, member.value) for member in vocabulary]


def _rule(rule: Rule) -> RuleOut:
    return RuleOut(
        **_code(Rule, rule.value).model_dump(),
        explained=Words(es=rule_explained(rule, SPANISH), en=rule_explained(rule, ENGLISH)),
        source=Words(es=rule_source(rule, SPANISH), en=rule_source(rule, ENGLISH)),
    )


def _agency(agency: Agency) -> AgencyOut:
    return AgencyOut(
        code=agency.code,
        name=agency.name,
        kind=_code(AgencyKind, agency.kind.value),
        participation=_code(Participation, agency.participation.value),
        services=[_code(Service, s.value) for s in Service if s in agency.services],
        may_hold_custody=agency.may_hold_custody,
        sees_children_cases=agency.sees_children_cases,
        capacity=agency.capacity,
    )
